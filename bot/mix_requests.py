"""A mix asked for in plain words, without a command: "반고흐랑 모네 섞어줘", "mix gogh and monet".

The mix word says the names joined to it are the style ("우리 고양이 고흐 모네 섞어서 그려줘"),
not every name in the message: "monet mixed colours with gogh" names two artists but mixes
neither. A mix said not to be wanted ("I don't want to mix gogh and monet", "고흐랑 모네 섞어서
그리지 마") asks for nothing. Which words are names is the command layer's (ArtistMentions).
"""
from __future__ import annotations

import re

from .arguments import plain_word
from .artist_mentions import WORDS_READ, ArtistMentions

# a word asking for a mix (Korean: 섞어, 섞어서, 섞어줘, 섞어 주세요, ...; 믹스, 믹스해줘)
MIX_WORD = re.compile(r"(?<!\S)(?:섞어(?:서|\s*줘요?|\s*주세요|\s*줄래요?)?|섞기|믹스(?:해\s*줘요?|해\s*주세요|해서)?|"
                      r"mix(?:ed)?|blend)(?=[\s.!?~,]|$)", re.I)
# a word saying the mix is not wanted: "don't mix", "not a mix", "섞어서 그리지 마", "모네 말고"
NOT_WANTED = {"no", "not", "don't", "dont", "never", "without", "doesn't", "didn't", "won't", "shouldn't",
              "마", "마요", "마세요", "말고", "말아", "말아요", "말아줘", "싫어", "싫어요", "안", "않아", "않아요", "않고"}
# words that join the names a mix word mixes: "gogh and monet", "gogh, monet & klimt"
JOINING = {"", "and", "with", "&", "+", "그리고", "및"}
# a Korean name's ending that joins it to the next: "고흐랑 모네", "고흐와 모네", "고흐하고 모네"
JOINING_ENDINGS = ("이랑", "랑", "와", "과", "하고")
MARK = "\x00mix"      # where a mix word stood, as one word


def wants_a_mix(text: str) -> bool:
    """A mix word, and nothing saying the mix is not wanted."""
    return bool(MIX_WORD.search(text)) and not any(plain_word(w) in NOT_WANTED for w in text.split())


def without_mix_words(text: str) -> str:
    """``text`` as ArtistMentions reads it: "mix gogh and monet" -> "gogh and monet"."""
    return MIX_WORD.sub(" ", text)


def names_mixed(text: str, mentions: ArtistMentions) -> list[str]:
    """The names joined to a mix word (before or after it, only joining words between them), in
    the first group of names that touches one: "우리 고양이 고흐 모네 섞어서" -> ["고흐", "모네"]."""
    tokens = MIX_WORD.sub(f" {MARK} ", text).split()[:WORDS_READ]
    words = [stem for stem, _ in mentions.as_names(joined(tokens, mentions))]
    groups: list[list[tuple[int, int]]] = []
    for i, j in mentions.name_spans(words):
        between = words[groups[-1][-1][1]:i] if groups else None
        if between is not None and all(w == MARK or plain_word(w) in JOINING for w in between):
            groups[-1].append((i, j))
        else:
            groups.append([(i, j)])
    for group in groups:
        start, end = group[0][0], group[-1][1]
        inside = words[start:end]
        if MARK in inside or (start > 0 and words[start - 1] == MARK) or (end < len(words) and words[end] == MARK):
            return [" ".join(words[i:j]) for i, j in group]
    return []


def joined(tokens: list[str], mentions: ArtistMentions) -> list[str]:
    """"고흐랑" as "고흐 and" where 고흐 is a known name: the ending joins it to the next."""
    out = []
    for token in tokens:
        stem = next((token[:-len(e)] for e in JOINING_ENDINGS
                     if token.endswith(e) and len(token) > len(e) and not mentions.is_style(token)
                     and mentions.is_style(token[:-len(e)])), None)
        out += [token] if stem is None else [stem, "and"]
    return out
