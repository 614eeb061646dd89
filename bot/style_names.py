"""Reading artists' names out of a command's words: "van gogh monet" as two artists, "고흐와
모네" without its particle, "gogh 0.7 monet" as a mix and its shares, "/style gogh 0.5 please"
as an artist and a strength, a note on the lines under a command left out. A mixin of
``bot.commands.CommandLayer``, whose style lookup (find_style, resolve_style, unknown_style,
_style_named, _all_known) and catalog it uses.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from engine.options import MAX_MIX_STYLES
from styles import normalise

from .arguments import (is_number, mix_shares, mix_words, parse_number, percent, read_weight, without_hashtags,
                        without_particle)
from .artist_mentions import ArtistMentions
from .chat import Request
from .errors import BotError
from .misspelt import one_name
from .name_lists import names_listed

if TYPE_CHECKING:       # (bot.commands imports this module)
    from .commands import Style


# A style's name is at most MAX_NAME_CHARS long (a community style's 32 characters; the catalog's
# longest name is 28) and so at most MAX_NAME_WORDS words; a mix names at most MAX_NAMES, as many
# as the engine takes (engine/options.py: numpy only, no torch)
MAX_NAME_CHARS, MAX_NAME_WORDS, MAX_NAMES = 40, 20, MAX_MIX_STYLES


def name_end(tokens: list[str], start: int) -> int:
    """The end of the longest run of ``tokens`` from ``start`` that could be one name."""
    end, length = start, -1
    while end < len(tokens) and end - start < MAX_NAME_WORDS:
        # measured as names are matched (normalise): Hangul typed letter by letter (NFD) is longer
        length += 1 + len(normalise(tokens[end]))
        if length > MAX_NAME_CHARS:
            break
        end += 1
    return max(end, start + 1)      # one word at least, however long (a name too long is unknown)


class StyleNames:
    """The artists, mixes and strengths a command's words name."""

    def split_names(self, tokens: list[str], req: Request, lang: str) -> list[Style]:
        """"van gogh monet" -> [gogh, monet]: the longest known name first. Only runs of words as
        long as a name may be are tried: every run of a 400-word caption ("gogh gogh ...") held
        the event loop, and every chat, for 20 s."""
        styles, begins, i = [], [], 0
        if len(tokens) > MAX_NAMES * MAX_NAME_WORDS:     # more words than a mix of the longest names
            raise self.unknown_style(" ".join(tokens), req, lang)
        while i < len(tokens):
            for j in range(name_end(tokens, i), i, -1):
                style = self.find_style(" ".join(tokens[i:j]), req, lang)
                if style is not None:
                    styles.append(style)
                    begins.append(i)
                    i = j
                    if len(styles) > MAX_NAMES:       # no mix has more: the rest is not read
                        raise BotError("mix_too_many", limit=MAX_NAMES)
                    break
            else:
                stemmed = self._without_particle(tokens, i, req, lang)
                if stemmed is not None:       # "고흐와 모네": the name without its particle
                    tokens = stemmed
                    continue
                raise self.unknown_style(self._unknown_part(tokens, i, styles, begins), req, lang)
        return styles

    def _without_particle(self, tokens: list[str], i: int, req: Request, lang: str) -> list[str] | None:
        """``tokens`` with the particle joining a name to the next one dropped ("반 고흐와" -> "반
        고흐"), where that makes a name known from ``i`` on; else None."""
        for k in range(i, name_end(tokens, i)):
            stem = without_particle(tokens[k])
            if stem and self.find_style(" ".join([*tokens[i:k], stem]), req, lang) is not None:
                return [*tokens[:k], stem, *tokens[k + 1:]]
        return None

    def _unknown_part(self, tokens: list[str], i: int, styles: list[Style], begins: list[int]) -> str:
        """What to call unknown of a mix's words, where none is known from ``tokens[i]`` on: one
        artist's name mistyped, the longest such run of words ("van gohg", with the names of that
        artist read just before it: "빈센트 반 고호", where "빈센트" alone is known; misspelt.one_name),
        else the first word ("gohg" of "gohg monet"), or all of them where only they together are
        near a name. "van" of "van gohg" (near "vangogh") was called unknown, and its button
        offered "/style gogh gohg"."""
        trailing = len(styles)           # the names read just before it, if artists: one may begin the run
        while trailing and styles[trailing - 1].ref.kind == "artist":
            trailing -= 1
        for k in range(trailing, len(styles) + 1):
            start = begins[k] if k < len(styles) else i
            for end in range(name_end(tokens, start), max(start + 1, i), -1):   # two words at least, tokens[i] among them
                slug = one_name(tokens[start:end], self.catalog)
                if slug and all(s.ref.value == slug for s in styles[k:]):
                    return " ".join(tokens[start:end])
        rest = tokens[i:]
        if self.catalog.suggest(rest[0]) or not self.catalog.suggest(" ".join(rest)):
            return rest[0]
        return " ".join(rest)

    def parse_mix(self, args: str, req: Request, lang: str) -> list[tuple[Style, float]]:
        """"gogh 0.7 monet", "gogh 70% monet 30%", "gogh 7 monet 3", "gogh, monet", "고흐와 모네":
        2 to 4 styles, each with its share of the painting (the shares add up to 1; how weights
        are read: arguments.mix_shares)."""
        styles: list[Style] = []
        weights: list[float | None] = []
        words: list[str] = []
        for word in mix_words(args) + [None]:
            if word is not None and not is_number(word):
                words.append(word)
                continue
            if words:
                named = self.split_names(words, req, lang)
                styles += named
                weights += [None] * len(named)
                words = []
                if len(styles) > MAX_NAMES:            # no mix has more: the rest is not read
                    raise BotError("mix_too_many", limit=MAX_NAMES)
            if word is not None:
                if not styles or weights[-1] is not None:     # a weight first, or two in a row
                    raise BotError("bad_mix")
                weights[-1] = read_weight(word)
        if not 2 <= len(styles) <= MAX_NAMES:
            raise BotError("bad_mix")
        shares = mix_shares(weights)
        if shares is None:
            raise self._nothing_left(styles, weights, lang) or BotError("bad_mix")
        # a style named twice ("gogh 0.7 monet gogh", "van gogh and gogh") is one part of the
        # mix, with the shares of both: "gogh 50% + gogh 50%" was painted and so captioned
        merged: dict[tuple[str, str], tuple[Style, float]] = {}
        for style, share in zip(styles, shares):
            key = (style.ref.kind, style.name)
            merged[key] = (style, merged[key][1] + share if key in merged else share)
        if len(merged) < 2:                  # "gogh gogh": no mix at all
            style = styles[0]
            raise BotError("mix_repeated", name=style.label, choices=[(style.label, style.name)])
        return list(merged.values())

    @staticmethod
    def _nothing_left(styles: list, weights: list[float | None], lang: str) -> BotError | None:
        """The refusal of a mix whose weights take the whole ("/mix gogh 1 monet", "gogh 100%
        monet", "gogh 60 monet 40 klimt"), leaving nothing for the artists without one: said so,
        naming them (it was the generic "Write a mix like this"). Not painted as the weighted
        artists alone: a user who named monet wants monet in it. None for another bad mix."""
        given = [w for w in weights if w is not None]
        if not given or len(given) == len(weights) or any(w < 0 for w in given):
            return None
        whole = 1.0 if sum(given) <= 1 else 100.0 if all(w.is_integer() for w in given) else 0.0
        if not whole or whole - sum(given) > 1e-9:
            return None
        weighted = [s.label for s, w in zip(styles, weights) if w is not None]
        rest = [s.label for s, w in zip(styles, weights) if w is None]
        # several weighted: "paint them alone with /style" was no way out (/style paints one)
        key = "mix_nothing_left" if len(weighted) == 1 else "mix_nothing_left_many"
        return BotError(key, weight=percent(sum(given) / whole), weighted=names_listed(lang, weighted),
                        rest=names_listed(lang, rest))

    def _style_words(self, args: str, req: Request, lang: str) -> tuple[str, float | None]:
        """/style's (or /hq's) words as cmd_style reads them: (the style's name, "" where none is
        named, and the strength given, or None); no tags, no note on the lines under them. Also
        what _redoes_last reads: it read a note's word as an artist, and ordered such a bare /hq
        as one chat's request."""
        tokens = self._without_note(without_hashtags(args, self._style_named(req)), req, lang).split()
        alpha = None
        # /style gogh 0.5: strength for this one; /style 0.5 alone (Discord's strength, no artist): the
        # default artist, the last painting or the buttons at it
        if tokens and is_number(tokens[-1]):
            alpha = parse_number(tokens.pop())
        elif (inside := self._strength_inside(tokens, req, lang)) is not None:    # /style gogh 0.5 please
            alpha = parse_number(tokens.pop(inside))
        return " ".join(tokens), alpha

    def read_styles(self, name: str, req: Request, lang: str) -> list[tuple[Style, float]]:
        """The style(s) /style's ``name`` reads as, or BotError: one style; several named together
        ("gogh monet", "gogh and monet", "/gogh monet") are their mix, as /mix paints it; an
        artist's phrase ("김홍도 느낌으로") is that artist. No reply, no buttons: what a
        suggestion would paint is read with it too (_styles_named)."""
        try:
            return [(self.resolve_style(name, req, lang), 1.0)]
        except BotError as exc:
            if exc.key != "unknown_style":
                raise
            try:
                return self.parse_mix(name, req, lang)
            except BotError as mix_exc:
                if mix_exc.key == "mix_too_many" or \
                        mix_exc.key == "bad_mix" and not any(is_number(w) for w in mix_words(name)):
                    raise       # known names, but five of them: the mix's rules, not "unknown"
                if mix_exc.key == "mix_repeated":
                    raise       # "gogh gogh": one artist, named twice
                if mix_exc.key == "unknown_style" and len(mix_words(name)) > 1:
                    exc = mix_exc       # "gohg monet", "gohg,monet": gohg is unknown, and monet stays in the buttons
            # "김홍도 느낌으로", "김홍도풍으로": as a caption names it (it got "unknown style 느낌으로")
            said = ArtistMentions(is_style=lambda n: self.find_style(n, req) is not None,
                                  all_known=lambda words: self._all_known(words, req)).style_asked(name, None, True)
            # (without a strength inside: "gogh 0.5" is a mix's words; cmd_style takes a strength at
            # the end, or inside after the name, "gogh 0.5 please", off before: _strength_inside)
            if said and said != name and not any(is_number(w) for w in said.split()):
                return self.read_styles(said, req, lang)
            if said and said != name:        # "gogh 0.5 monet please": the mix and its weights, as /mix reads them
                try:
                    return self.parse_mix(said, req, lang)
                except BotError:
                    pass
            raise exc

    def reads_as_styles(self, name: str, req: Request, lang: str) -> bool:
        """Whether /style ``name`` would paint (read_styles reads it), or would only name another
        word it does not know ("gogh monett" of "gohg monett": that reply offers the next fix);
        not where a mix's rules refuse it (nothing left for an artist, one named twice)."""
        try:
            return bool(self.read_styles(name, req, lang))
        except BotError as exc:
            # an unknown "name" that is all of several words: no word unknown, the mix refused
            return exc.key == "unknown_style" and (exc.params.get("name") != name or len(name.split()) == 1)

    def _without_note(self, args: str, req: Request, lang: str) -> str:
        """/style's words without a note on the lines under them ("/style gogh" then "우리 고양이",
        a caption's usual shape: it was "I don't know the style 우리"): all the lines where they
        read together ("gogh" then "0.5", "van" then "gogh"), else the first line where it reads."""
        lines = [line.strip() for line in args.splitlines() if line.strip()]
        if len(lines) < 2:
            return args

        def reads(text: str) -> bool:
            words = text.split()
            try:
                if words and is_number(words[-1]):      # a strength (a year, "2024", is none: a note)
                    parse_number(words.pop())
                if words:
                    self.read_styles(" ".join(words), req, lang)
                return True
            except BotError:
                return False

        joined = " ".join(lines)
        return lines[0] if not reads(joined) and reads(lines[0]) else joined

    def _strength_inside(self, tokens: list[str], req: Request, lang: str) -> int | None:
        """Where, among /style's words, a strength stands inside a phrase after the artist's name
        ("gogh 0.5 please", "고흐 50% 느낌으로", "gogh monet 0.3 please"): the one number there
        is, where the words before it name the same style(s) as the words without it (not a mix's
        weight: "gogh 0.5 monet"; not a name with a number of its own). It was read as a mix's
        weight and "unknown style please", while "gogh please 0.5" painted. None where there is
        no such number."""
        numbers = [i for i, word in enumerate(tokens) if is_number(word)]
        if len(numbers) != 1 or numbers[0] in (0, len(tokens) - 1):
            return None
        i = numbers[0]
        try:
            before = [style.name for style, _ in self.read_styles(" ".join(tokens[:i]), req, lang)]
            without = [style.name for style, _ in self.read_styles(" ".join(tokens[:i] + tokens[i + 1:]), req, lang)]
        except BotError:
            return None
        # after every name it stands as at the end: "gogh monet 0.3 please" is the 50/50 mix at
        # 0.3, as "gogh monet please 0.3" is (it read as monet's weight: gogh 70% + monet 30%)
        return i if before == without else None
