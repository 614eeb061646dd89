"""Artists named in a message without a command: what /style would take from it, if anything.

"gogh", "고흐", "gogh 50%", "gogh and monet", "in the style of monet", "고흐 느낌으로 그려줘" ask
for a painting; in the caption of a photo, so do names said to be its style ("our cat like
monet", "우리 고양이 고흐처럼"), and one artist offered as a question ("how about monet?", "모네
가능?": bot/follow_ups.py). A name met in passing paints nothing: "me and vincent in paris",
"정선 가는 길" (정선 is a county too) get the artist buttons, and "do you like monet?" without a
photo is chat. The words themselves (request words, Korean endings, style cues) are
bot/arguments.py's; which names are styles is the command layer's (``is_style``, ``all_known``).
"""
from __future__ import annotations

from typing import Callable

from .arguments import (asks_on_its_own, is_number, is_request_word, name_stems, names_the_style, percent,
                        strength_in_words, without_hashtags)
from .follow_ups import name_followed_up

WORDS_READ = 12     # a message this long may ask for artists ("the cat in the style of klimt")


class ArtistMentions:
    def __init__(self, is_style: Callable[[str], bool], all_known: Callable[[list[str]], bool]):
        self.is_style = is_style          # one name (an alias included) of a style
        self.all_known = all_known        # every word part of a known style's name (one, or a mix's)

    def style_asked(self, text: str, bot_username: str | None, photo_sent: bool) -> str | None:
        """The names /style should paint, or None (see the module's docstring); one artist with a
        strength in words ("gogh strongly", "모네 살짝") with that strength as a number ("gogh 100%",
        arguments.strength_in_words), as the words without it would ask for the artist."""
        as_written = self.names_asked(text, bot_username, photo_sent)
        rest, strength = strength_in_words(text, self.is_style)
        if strength is None or any(self.is_style(w) for w in set(text.split()) - set(rest.split())):
            return as_written         # (a style's own name is no word of strength)
        named = self.names_asked(rest, bot_username, photo_sent)
        # a request, as it would be without a photo ("monet a little please", "모네 느낌 살짝"),
        # not a sentence about the artist: "I like monet a little" likes monet (painted as written)
        if named is None or self.names_asked(rest, bot_username, photo_sent=False) is None:
            return as_written
        if is_number(named.split()[-1]):
            return named              # a number typed says it: "gogh 0.6 strongly" is 0.6
        # one artist only: after a mix's names a number is its last one's weight, not the strength
        return f"{named} {percent(strength)}" if self.is_style(named) else as_written

    def names_asked(self, text: str, bot_username: str | None, photo_sent: bool) -> str | None:
        """style_asked without the words of strength read."""
        # the user's tags are no names: "gogh #cat" under a photo paints gogh (it got the buttons);
        # a caption of tags alone ("#monet") reads the tags that name styles
        text = without_hashtags(text, self.is_style)
        words_typed = [w for w in text.split() if not (bot_username and w.lower() == "@" + bot_username.lower())]
        if len(words_typed) > WORDS_READ:
            return None
        words = words_typed
        read = self.as_names(words)
        words = [stem for stem, _ in read]
        asked = [w for w in words if not is_request_word(w) or self.is_style(w)]
        names = asked[:-1] if len(asked) > 1 and is_number(asked[-1]) else asked
        if names and self.all_known(names):
            return " ".join(asked) if photo_sent or self.asks_without_photo(words, read) else None
        if not photo_sent:
            return None
        styled = " ".join(self.styled_names(words, read))
        if styled:
            return styled
        # with the photo, one artist offered as a question asks for it: "can you do monet?" did
        # already (its words are request words), "how about monet?", "모네 가능?" now too
        offered = name_followed_up(" ".join(words_typed))
        return offered if offered and self.is_style(offered) else None

    def styled_names(self, words: list[str], read: list[tuple[str, bool]]) -> list[str]:
        """The names among ``words`` said to be the style: "like monet", "고흐처럼", "monet style"."""
        return [" ".join(words[i:j]) for i, j in self.name_spans(words)
                if read[j - 1][1] or names_the_style(words[:i], words[j] if j < len(words) else None)]

    def asks_without_photo(self, words: list[str], read: list[tuple[str, bool]]) -> bool:
        """Text without a photo paints the last one: only a bare name (a strength, "please"), a
        name with a request verb ("paint it like monet") or a style cue ("like monet", "고흐처럼");
        "do you like monet?" and "can you do it like this monet" are chat, not requests."""
        extra = [w for w in words if is_request_word(w) and not self.is_style(w)]
        said = asks_on_its_own(extra)
        if said in ("bare", "verb"):
            return True
        return said is None and bool(self.styled_names(words, read))

    def as_names(self, words: list[str]) -> list[tuple[str, bool]]:
        """Each word as an artist's name reads it: "고흐처럼" -> ("고흐", True), where 고흐 (or,
        with the words before it, "빈센트 반 고흐") is a known name; True where its ending said
        "in the style of" (arguments.name_stems). Other words stay as they are."""
        read = []
        for k, word in enumerate(words):
            stem = None
            if not is_number(word) and not self.is_style(word):
                stem = next(((s, cue) for s, cue in name_stems(word)
                             if any(self.is_style(" ".join([*words[j:k], s])) for j in range(max(0, k - 2), k + 1))),
                            None)
            read.append(stem or (word, False))
        return read

    def name_spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Where known styles' names are among ``words`` (start, end), each the longest that is
        one ("van gogh")."""
        found, i = [], 0
        while i < len(words):
            j = next((j for j in range(len(words), i, -1)
                      if not is_number(words[j - 1]) and self.is_style(" ".join(words[i:j]))), i)
            if j > i:
                found.append((i, j))
            i = max(j, i + 1)
        return found
