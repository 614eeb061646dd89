"""A mix asked for in plain words, without a command: "반고흐랑 모네 섞어줘", "mix gogh and monet".

The mix word says the names joined to it are the style ("우리 고양이 고흐 모네 섞어서 그려줘"),
not every name in the message: "monet mixed colours with gogh" names two artists but mixes
neither. A mix said not to be wanted ("I don't want to mix gogh and monet", "고흐랑 모네 섞어서
그리지 마") asks for no mix; the one artist named beside it is still asked for ("don't mix gogh
and monet, just munch", "고흐랑 모네 섞지 말고 뭉크로"), as beside an artist refused ("모네 말고
고흐로"), and a mix word not refused itself still mixes ("모네 말고 고흐랑 클림트 섞어줘"). Which
words are names is the command layer's (ArtistMentions).
"""
from __future__ import annotations

import re

from .arguments import POLITE_WORDS, REQUEST_VERBS, STYLE_CUES_AFTER, WISH_VERBS, name_stems, plain_word
from .artist_mentions import WORDS_READ, ArtistMentions

# a word asking for a mix (Korean: 섞어, 섞어서, 섞어줘, 섞어 주세요, ...; 믹스, 믹스해줘; 반반, half
# and half) ("섞지": its refusal, "섞지 말고", "섞지 마")
MIX_WORD = re.compile(r"(?<!\S)(?:섞어(?:서|\s*줘요?|\s*주세요|\s*줄래요?|\s*봐요?)?|섞기|섞지(?:는|도)?|믹스(?:해\s*줘요?|해\s*주세요|해서|하지)?|반반(?:씩|으로|씩으로)?|"
                      r"mix(?:ed|ing)?|blend(?:ed|ing)?|combine)(?=[\s.!?~,]|$)", re.I)
# a word saying the mix is not wanted: "don't mix", "not a mix", "섞어서 그리지 마", "모네 말고"
NOT_WANTED = {"no", "not", "don't", "dont", "never", "without", "doesn't", "didn't", "won't", "shouldn't",
              "마", "마요", "마세요", "말고", "말아", "말아요", "말아줘", "싫어", "싫어요", "안", "않아", "않아요", "않고",
              "않게", "않은", "않는", "않도록"}
# "않게" (so as not to) refuses only the verb right before it: "섞지 않게" refuses the mix, "섞어서
# 너무 밝지 않게" (mix them, not too bright) asks for it
NEGATES_THE_WORD_BEFORE = {"않아", "않아요", "않고", "않게", "않은", "않는", "않도록"}
# a refusal written onto the mix word: "섞지마" is "섞지 마", "섞지말고" "섞지 말고"
GLUED_REFUSAL = re.compile(r"(섞지|믹스하지)(?=마|말)")
# words that join the names a mix word mixes: "gogh and monet", "gogh, monet & klimt"
JOINING = {"", "and", "with", "&", "+", "그리고", "및"}
# a Korean name's ending that joins it to the next: "고흐랑 모네", "고흐와 모네", "고흐하고 모네"
JOINING_ENDINGS = ("이랑", "랑", "와", "과", "하고")
# a name's topic particle: "고흐는 모네랑 섞어줘" mixes the two as "고흐랑 모네 섞어줘" does
TOPIC_ENDINGS = ("은", "는")
MARK = "\x00mix"      # where a mix word stood, as one word

# Half and half said in other words, read as the mix word 반반: "half and half", "50/50"; "half gogh
# (and) half monet" (each half before a name or two: "half the photo", "half an hour" have no
# second half); "반은 고흐 반은 모네"; "고흐 반 모네 반" (the last two 반 of the message: "빈센트 반
# 고흐 반 모네 반" halves van gogh and monet; one 반 is no half: "반 고흐")
HALF_AND_HALF = re.compile(r"(?<!\S)(?:half[\s-]+(?:and|&|n)[\s-]+half|50\s*/\s*50|50-50|fifty[\s-]fifty)(?=[\s.,!?~]|$)",
                           re.IGNORECASE)
HALF_EACH = re.compile(r"(?<!\S)half\s+(?P<a>(?:(?!half\b)\S+\s+){0,2}?(?!half\b)\S+?)\s+(?P<and>and\s+)?half(?=\s+\S)",
                       re.IGNORECASE)
KOREAN_HALF_EACH = re.compile(r"(?<!\S)반은\s+(?P<a>\S+)\s+반은(?=\s+\S)")
KOREAN_HALVES = re.compile(r"^(?P<a>.*\S)\s+반\s+(?P<b>\S+)\s+반(?P<end>(?:씩|으로|씩으로)?(?:[\s.,!?~].*)?)$", re.S)
HALVES = "반반"


def halves_as_mix_word(text: str) -> str:
    """``text`` with half and half said in other words (HALF_AND_HALF...) as the mix word 반반:
    "half gogh half monet" -> "반반 gogh 반반 monet"; anything else as it is."""
    text = HALF_AND_HALF.sub(HALVES, text)
    text = HALF_EACH.sub(lambda m: f"{HALVES} {m['a']} {m['and'] or ''}{HALVES}", text)
    text = KOREAN_HALF_EACH.sub(lambda m: f"{HALVES} {m['a']} {HALVES}", text)
    return KOREAN_HALVES.sub(lambda m: f"{m['a']} {HALVES} {m['b']} {HALVES}{m['end']}", text)


HALVES_WORD = re.compile(HALVES + r"(?:씩|으로|씩으로)?[.,!?~]*")


def without_halves(text: str) -> str:
    """``text`` without its words of half and half: "half gogh half monet", "고흐 반 모네 반",
    "gogh and monet 50/50" -> "gogh monet", "고흐 모네", "gogh and monet" (/mix's names: each
    half is its share already, as a mix's share is when none is typed)."""
    return " ".join(w for w in halves_as_mix_word(text).split() if not HALVES_WORD.fullmatch(w))


def wants_a_mix(text: str) -> bool:
    """A mix word, and nothing saying the mix is not wanted."""
    text = GLUED_REFUSAL.sub(r"\1 ", halves_as_mix_word(text))
    return bool(MIX_WORD.search(text)) and not any(plain_word(w) in NOT_WANTED for w in text.split())


# -- whether the mix word asks for a painting -----------------------------------------------------
# a mix word that asks on its own, in text sent after the photo: "고흐랑 모네 섞어줘", "믹스해 주세요"
ASKING_MIX_WORD = re.compile(r"줘|주세요|줄래|봐")
# what may come before an English "mix" that asks ("please mix gogh and monet", "ok, mix ...");
# anything else makes it no imperative ("can you mix gogh and monet?", "I mix colours")
BEFORE_AN_IMPERATIVE = {"please", "pls", "plz", "just", "now", "ok", "okay", "then", "so", "and", "hey", "hi"}
# a feeling about mixing is no request for one: "I love mixing monet and gogh", "I hate blending"
FEELING_WORDS = {"love", "loves", "loved", "like", "likes", "liked", "enjoy", "enjoys", "enjoyed", "hate", "hates",
                 "hated", "adore", "adores", "prefer", "prefers", "dislike", "dislikes", "miss"}


def mix_word_asks(text: str, caption: bool) -> bool:
    """Whether a mix word in ``text`` asks for a painting, or only talks of mixing. With a photo
    (``caption``) it asks unless it is a feeling ("I love mixing monet and gogh"); in text sent
    after the photo only as a request ("mix gogh and monet, no rush", "고흐랑 모네 섞어줘",
    "우리 강아지 고흐랑 모네 섞어서 그려줘"), not a question ("can you mix gogh and monet?", "do
    you want to mix ...?") nor a story ("I mixed gogh and monet"). A request word asks only in the
    mix word's own sentence ("how do I mix gogh and monet? I want to try" asks nothing), or in a
    sentence of polite words after it ("can you mix gogh and monet? please")."""
    sentences = SENTENCE.findall(halves_as_mix_word(text))
    for k, sentence in enumerate(sentences):
        rest = " ".join(sentences[k + 1:]).split()
        polite_after = bool(rest) and all(plain_word(w) in ASKING_POLITE_WORDS or not plain_word(w) for w in rest)
        for found in MIX_WORD.finditer(sentence):
            if said_of_mixing(sentence, found, caption) or requested_in(sentence) or polite_after:
                if caption or not is_a_story(sentence, found):
                    return True
    return False


# a sentence: up to its full stop, question or exclamation mark, or the end of a line
SENTENCE = re.compile(r"[^?!.\n]+[?!.]*")
# polite words that ask beside a mix word ("좀", a bit, asks nothing: "섞어서 좀 이상했어")
ASKING_POLITE_WORDS = POLITE_WORDS - {"좀"}
# "I mixed gogh and monet", "we blended ...": what someone did, no request
STORY_SUBJECTS = {"i", "we", "he", "she", "they", "you", "someone", "people"}


def said_of_mixing(sentence: str, found: re.Match, caption: bool) -> bool:
    """The mix word ``found`` asks by its own form or place: in a caption unless a feeling ("I
    love mixing ..."); "섞어줘", "고흐랑 모네 섞어" (last), "mix gogh and monet" (first)."""
    word = found.group(0).casefold()
    before = re.split(r"[,:;~]", sentence[:found.start()])[-1].split()
    after = re.split(r"[,.:;!?~]", sentence[found.end():])[0].split()
    if caption and not (word.endswith("ing") and {plain_word(w) for w in before[-2:]} & FEELING_WORDS):
        return True
    if ASKING_MIX_WORD.search(word) or (word == "섞어" and not after):       # "고흐랑 모네 섞어"
        return True
    return word in ("mix", "blend", "combine") and all(plain_word(w) in BEFORE_AN_IMPERATIVE for w in before)


def requested_in(sentence: str) -> bool:
    """A request word in ``sentence``: a verb ("그려줘", "paint") or a polite word ("please"); a
    wish ("I want", "I'd like") only as the user's own, no "you" in it ("do you want to ...?");
    "해" (do) only as the sentence's last word ("섞어서 해", not "섞어서 해 봤는데")."""
    words = [plain_word(w) for w in sentence.split()]
    asking = {w for w in words if w in REQUEST_VERBS | ASKING_POLITE_WORDS}
    if "you" in words:
        asking -= WISH_VERBS
    if "해" in asking and words[-1:] != ["해"]:
        asking.discard("해")
    return bool(asking)


def is_a_story(sentence: str, found: re.Match) -> bool:
    """"I mixed gogh and monet": a past mix with its subject right before it."""
    before = sentence[:found.start()].split()
    return found.group(0).casefold().endswith("ed") and plain_word(before[-1]) in STORY_SUBJECTS if before else False


def without_mix_words(text: str, mentions: ArtistMentions | None = None) -> str:
    """``text`` as ArtistMentions reads it: "mix gogh and monet" -> "gogh and monet"; with
    ``mentions``, a known name's topic particle dropped too: "고흐는 모네랑" -> "고흐 모네랑"."""
    words = MIX_WORD.sub(" ", halves_as_mix_word(text)).split()
    if mentions is not None:
        words = [known_stem(word, TOPIC_ENDINGS, mentions) or word for word in words]
    return " ".join(words)


def known_stem(word: str, endings: tuple[str, ...], mentions: ArtistMentions) -> str | None:
    """"고흐는" -> "고흐" (with "는" among ``endings``) where 고흐 is a known name and "고흐는"
    none; None where ``word`` is no known name with one of ``endings``."""
    return next((word[:-len(e)] for e in endings if word.endswith(e) and len(word) > len(e)
                 and not mentions.is_style(word) and mentions.is_style(word[:-len(e)])), None)


def names_mixed(text: str, mentions: ArtistMentions) -> list[str]:
    """The names joined to a mix word (before or after it, only joining words between them), in
    the first group of names that touches one: "우리 고양이 고흐 모네 섞어서" -> ["고흐", "모네"]."""
    tokens = MIX_WORD.sub(f" {MARK} ", halves_as_mix_word(text)).split()[:WORDS_READ]
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
        stem = known_stem(token, JOINING_ENDINGS + TOPIC_ENDINGS, mentions)
        out += [token] if stem is None else [stem, "and"]
    return out


# -- the artist asked for beside a refused mix or artist ---------------------------------------------
# a mix word's refusal is this near it, no name between: "don't want to mix", "섞어서 그리지 마세요"
REFUSAL_BEFORE, REFUSAL_AFTER = 4, 3
# a name refused on its own: "모네 말고 고흐", "모네 아니고 고흐", "모네 대신 고흐" (after it), "not
# monet, gogh" (before it)
REFUSES_THE_NAME_BEFORE = {"말고", "말구", "빼고", "아니고", "아니라", "대신", "대신에",
                           "싫어", "싫어요", "별로", "별로야", "별로예요"}      # "고흐 싫어 모네로 해줘"
REFUSES_THE_NAME_AFTER = {"not", "no", "without"}
# words around the artist chosen instead that say nothing more: "just munch", "그냥 뭉크로"
INSTEAD_WORDS = {"just", "only", "instead", "rather", "but", "then", "them", "these", "those", "both",
                 "그냥", "대신", "대신에", "그럼", "그러면", "둘", "둘이", "둘은", "둘다", "다"}
# "monet, just munch": the comma a word of its own, which no name takes in ("monet ," is monet)
CLAUSE_END = re.compile(r"[,.:;!?~]+(?=\s|$)")
CLAUSE = "\x00end"
# "뭉크만" (only munch): the particle off a known name (arguments.name_stems reads 로, 으로, ...)
ONLY_ENDING = "만"


def choice_beside_refusal(text: str, mentions: ArtistMentions) -> str | None:
    """Where a mix (or an artist) is said not to be wanted, the words that name the one artist
    asked for instead: "don't mix gogh and monet, just munch" -> "munch", "고흐랑 모네 섞지 말고
    뭉크로" -> "뭉크로", "모네 말고 고흐로" -> "고흐로" (for ArtistMentions.style_asked to judge as
    it would the words alone). None where nothing is refused, or no artist, or more than one, is
    named outside it ("gogh and monet, don't mix them": which one?)."""
    tokens, words, spans = read_clauses(text, mentions)
    refused = refusals(words, spans)
    if not refused:
        return None
    left = [(i, j) for i, j in spans if i not in refused]
    if len(left) != 1:
        return None
    start, end = left[0]
    while start > 0 and start - 1 not in refused:             # the words of its part of the message
        start -= 1
    while end < len(words) and end not in refused:
        end += 1
    said = [t for t in tokens[start:end] if t != CLAUSE and plain_word(t) not in INSTEAD_WORDS]
    return " ".join(said) or None


def refusals(words: list[str], spans: list[tuple[int, int]]) -> set[int]:
    """The indices of the words that refuse (a mix, a name) and of what they refuse: the mix
    word and the names it joins ("don't mix gogh and monet"), a name refused on its own."""
    refused: set[int] = set()
    for mark in (i for i, w in enumerate(words) if w == MARK):
        refusal = refusal_around(words, mark, spans)
        if refusal is None:
            continue
        refused.update(range(*refusal))
        for i, j in mixed_names(words, mark, spans):
            refused.update(range(i, j))
    return refused | refused_names(words, spans)


def paints_a_refused_name(names: str, text: str, mentions: ArtistMentions) -> bool:
    """Whether ``names`` (what ArtistMentions.style_asked read in ``text``) holds a name that
    ``text`` says is not wanted: "고흐처럼 말고 모네처럼" read as "고흐 모네", "gogh style, not monet
    style" as "gogh monet" (each name has its style cue; the refusal is no word of theirs)."""
    _, words, spans = read_clauses(text, mentions)
    refused = refusals(words, spans)
    refused_words = {plain_word(words[k]) for i, j in spans if i in refused for k in range(i, j)}
    return bool(refused_words & {plain_word(w) for w in names.split()})


def names_mixed_not_refused(text: str, mentions: ArtistMentions) -> list[str]:
    """The names joined to a mix word that no refusal near it refuses, two or more, less the names
    refused on their own: "모네 말고 고흐랑 클림트 섞어줘" -> ["고흐", "클림트"], "I don't like monet,
    mix gogh and klimt" -> ["gogh", "klimt"]; [] where there are none. Nothing need be refused: a
    refusal word anywhere ("no rush") makes wants_a_mix say no, and "mix gogh and monet, no rush"
    -> ["gogh", "monet"] here."""
    _, words, spans = read_clauses(text, mentions)
    refused = refused_names(words, spans)
    for mark in (i for i, w in enumerate(words) if w == MARK):
        if refusal_around(words, mark, spans) is None:
            found = sorted(span for span in mixed_names(words, mark, spans) if span[0] not in refused)
            if len(found) > 1:
                return [" ".join(words[i:j]) for i, j in found]
    return []


def refused_names(words: list[str], spans: list[tuple[int, int]]) -> set[int]:
    """The indices of the names refused on their own and of the words refusing them: "모네 말고",
    "not monet"."""
    refused: set[int] = set()
    for i, j in spans:
        # (a style cue between them: "고흐 느낌 말고", "not like gogh")
        after = j + 1 if j < len(words) and plain_word(words[j]) in STYLE_CUES_AFTER else j
        before = i - 1 if i > 0 and plain_word(words[i - 1]) == "like" else i
        if after < len(words) and plain_word(words[after]) in REFUSES_THE_NAME_BEFORE:      # "모네 말고"
            refused.update(range(i, after + 1))
        if before > 0 and plain_word(words[before - 1]) in REFUSES_THE_NAME_AFTER:          # "not monet"
            refused.update(range(before - 1, j))
    return refused


def read_clauses(text: str, mentions: ArtistMentions) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """``text`` as words, a clause's end (a comma, a full stop) one of its own and each mix word
    MARK: the words (a known name's particle split off: "고흐랑" -> "고흐", "and"), the same read
    as names ("뭉크로" -> "뭉크") and where the names are."""
    text = " ".join(halves_as_mix_word(text).split()[:WORDS_READ])     # (as long a message as ArtistMentions reads)
    spaced = CLAUSE_END.sub(f" {CLAUSE}", GLUED_REFUSAL.sub(r"\1 ", text))
    tokens = joined([only_stem(t, mentions) for t in MIX_WORD.sub(f" {MARK} ", spaced).split()], mentions)
    words = [stem for stem, _ in mentions.as_names(tokens)]
    return tokens, words, mentions.name_spans(words)


def refusal_around(words: list[str], mark: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the mix word at ``mark`` is refused, from the refusing word to the mix word or the
    other way round ("don't want to mix", "섞지 말고"); None where it is not."""
    names = {k for i, j in spans for k in range(i, j)}
    for k in range(mark - 1, max(mark - REFUSAL_BEFORE, 0) - 1, -1):
        if k in names or words[k] == CLAUSE:        # "no rush, mix gogh and monet" asks for the mix
            break
        if plain_word(words[k]) in NOT_WANTED:
            return k, mark + 1
    for k in range(mark + 1, min(mark + 1 + REFUSAL_AFTER, len(words))):
        if k in names:
            break
        word = plain_word(words[k])
        if word in NOT_WANTED and (k == mark + 1 or word not in NEGATES_THE_WORD_BEFORE):
            return mark, k + 1
    return None


def mixed_names(words: list[str], mark: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names the mix word at ``mark`` joins, after it and before it, only joining words
    between them; not across a comma, which here ends the mix ("don't mix gogh and monet, munch
    please"; "모네 말고 고흐, 믹스 안 해도 돼요": 고흐 is the artist asked for, not refused)."""
    found: list[tuple[int, int]] = []
    edge = mark + 1
    for i, j in (s for s in spans if s[0] > mark):
        if not joins(words[edge:i]):
            break
        found.append((i, j))
        edge = j
    edge = mark
    for i, j in reversed([s for s in spans if s[1] <= mark]):
        if not joins(words[j:edge]):
            break
        found.append((i, j))
        edge = i
    return found


def joins(gap: list[str]) -> bool:
    """Only joining words ("and", "&", another mix word) between two names, no comma."""
    return all(w == MARK or w in ("&", "+") or (plain_word(w) and plain_word(w) in JOINING) for w in gap)


def only_stem(token: str, mentions: ArtistMentions) -> str:
    """"뭉크만" -> "뭉크", "뭉크로만" -> "뭉크로" where 뭉크 is a known name; other words as they are."""
    stem = token[:-len(ONLY_ENDING)]
    if token.endswith(ONLY_ENDING) and stem and not mentions.is_style(token) and \
            any(mentions.is_style(s) for s in [stem] + [s for s, _ in name_stems(stem)]):
        return stem
    return token
