"""Which command a message names: the command word read out of its text (parse_command, and
the layer's parse: a space after the slash only before a word it knows), a command's Korean name
(korean_command, _korean_command; in a group only those of its own painting, GROUP_KOREAN,
where the bot is not addressed, but a /취소 of a painting under way), /style_gogh as /style gogh (underscored, command_of), a Korean command word
(typed_in_korean), a command typed without its slash where the bot is addressed ("@paintbot hq
monet": bot/slashless.py), and a mistyped command answered with buttons for what was meant
(unknown_command, _near_korean). A mixin of ``bot.commands.CommandLayer``, whose commands,
COMMAND_NAMES, catalog, style lookup (find_style, is_shortcut, _names_style, unknown_style) and
buttons (offer, sent_photo) and requests under way (pending, _in_flight) it uses.

PAINTS_PHOTO and BUTTON_COMMAND_MAX are this module's, imported by bot.commands (and importable
from there, as before they moved here).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Callable

from styles import normalise

from . import hangul
from .arguments import strip_bot_mention
from .chat import PAINTING_REF, Request
from .errors import BotError
from .misspelt import one_name
from .name_lists import names_or
from .request_kinds import KOREAN_ALIASES

# commands that paint a photo: a suggestion of one names the photo it is for ("/style gogh #<hash>")
PAINTS_PHOTO = ("style", "hq", "mix", "preview")
UNDERSCORED = ("style", "hq", "setstyle")     # commands also typed as /style_gogh

# the Korean command words run in a group where the bot is not addressed (@paintbot, a reply to
# it): those of its own painting. "/시작", "/도움말", "/설정", "/취소", "/목록" are everyday words
# other bots of a group answer to; there they were never ours (a80242c made them so: the welcome
# or the help posted into the group, the user's paintings cancelled), and run only when addressed
GROUP_KOREAN = frozenset(PAINTS_PHOTO) | {"stronger", "weaker"}
# (The English command words, /help, /start, /cancel, are answered unaddressed in a group too:
# Telegram's clients add @botname to a command picked or tapped where a group has several bots,
# and with privacy mode on a bare command reaches only the last bot that spoke there; a group
# with our bot alone sends "/help" bare, and met silence when they were held back.)
# a Korean word too vague to run ("/삭제": of what?), offered as the command it most likely means
KOREAN_COMMANDS = {"삭제": "forgetme"}
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]")
KOREAN_NEAR = 0.75          # a Korean word this near a Korean command's name (letter by letter) is it mistyped

# the replies that show how a command is written (its usage, an example): a command typed by its
# Korean name is shown as typed ("/크기 뒤에…", not "/size 뒤에…"; the Korean texts name their
# examples' artists in Korean already: "/섞기 고흐 70% 모네"). Other commands they mention stay as
# they are: Telegram makes "/size" a link to tap, and no Korean word.
SHOWS_HOW = {"style_usage", "bad_mix", "setstyle_usage", "strength_usage", "keepcolors_usage", "size_usage",
             "lang_usage", "addstyle_usage", "removestyle_usage", "renamestyle_usage", "mix_nothing_left", "mix_nothing_left_many",
             "mix_too_many", "no_style_no_photo", "size_too_large", "size_too_small"}

# what a button's command may take: Telegram's callback data is 64 bytes (a longer one is cut)
BUTTON_COMMAND_MAX = 64


def parse_command(text: str, bot_username: str | None = None,
                  known: Callable[[str], bool] | None = None, only_bot: bool = False) -> tuple[str, str] | None:
    """("style", "van gogh") for "/style@mybot van gogh"; None when not a command (for us).
    "/ style gogh" (a phone's space after the slash) is a command only where ``known`` knows the
    word: "/ hi there" is text. ``only_bot``: no other bot can be meant (the web chat), so a
    command addressed to another name is ours too; it got no answer at all there."""
    text = (text or "").strip()
    if text.startswith("／"):           # a full-width slash (a CJK keyboard's): a command all the same
        text = "/" + text[1:]
    spaced = text[1:2].isspace()
    if text.startswith("/"):
        text = "/" + text[1:].lstrip()
    if not text.startswith("/") or len(text) < 2:
        return None
    if spaced and (known is None or not known(text[1:].split(None, 1)[0].partition("@")[0].lower())):
        return None
    # the command word ends at any space: a no-break space ("/style\u00a0gogh" pasted from a web
    # page) or an IME's ideographic one (U+3000) as a plain one, a new line too ("/mix\ngogh")
    words = text[1:].split(None, 1)
    head, rest = words[0], words[1] if len(words) > 1 else ""
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower() and not only_bot:
        return None
    return name.lower(), strip_bot_mention(rest.strip(), bot_username)


def korean_command(parsed: tuple[str, str] | None) -> tuple[str, str] | None:
    """("forgetme", "네") for the parse of "/기록 삭제 네": the command a Korean name names (a name of
    two words with its space too; the longer name first: "/화가 목록" is one name); None for none."""
    if parsed is None or not HANGUL.search(parsed[0]):
        return None
    name, args = unicodedata.normalize("NFC", parsed[0]), unicodedata.normalize("NFC", parsed[1])
    first, _, rest = args.partition(" ")
    if first and name + first in KOREAN_ALIASES:
        return KOREAN_ALIASES[name + first], rest.strip()
    if name in KOREAN_ALIASES:
        return KOREAN_ALIASES[name], parsed[1]
    return None


class CommandNames:
    """CommandLayer's reading of command names (see the module's docstring)."""

    def parse(self, req: Request) -> tuple[str, str] | None:
        """parse_command for this layer: a space after the slash only before a word it knows; a
        command's Korean name is that command ("/도움말" is ("help", ""), see korean_command)."""
        return self._parse(req, store=True)

    def _parse(self, req: Request, store: bool) -> tuple[str, str] | None:
        """parse; ``store``: False where the store failed, the artists the only styles known."""
        parsed = parse_command(req.text, req.bot_username, lambda word: self._knows_command(word, req, store),
                               req.only_bot)
        if parsed is None and store and (not req.is_group or req.mentioned):
            # "@paintbot hq monet", a DM's "size small": the command typed without its slash
            # (bot/slashless.py); never a group's talk not addressed to us. (Without the store,
            # an addressed message is ours whatever it reads as: ours_without_store.)
            return self.slashless(req)
        korean = self._korean_command(parsed, req, store)
        if req.is_group and not req.mentioned and not self._ours_unaddressed(parsed, korean, req):
            return None         # "/시작", "/help", "/취소" in a group, not to us: another bot's everyday word
        return korean or parsed

    def _ours_unaddressed(self, parsed: tuple[str, str] | None, korean: tuple[str, str] | None,
                          req: Request) -> bool:
        """Whether a group's command not addressed to the bot is still ours: not an everyday word
        of other bots' (a Korean name outside GROUP_KOREAN: "/시작", "/취소"; a group's style named
        like a Korean command is its shortcut), unless it is a /취소 of a user with a painting of
        ours under way: sent just after their photo, it is meant for it."""
        everyday = korean is not None and korean == korean_command(parsed) and korean[0] not in GROUP_KOREAN
        return not everyday or (self.command_of(korean) == "cancel" and self._cancels_ours(req))

    def _cancels_ours(self, req: Request) -> bool:
        """Whether the user has a painting of ours under way, which their /cancel is meant for:
        queued or painting (in any chat: /cancel stops those everywhere), or on its way to the
        queue in this chat (its photo still downloading, an album still gathered)."""
        if self.pending.get(req.user_id):
            return True
        return any(entry.user == req.user_id and entry.chat == req.chat_id and not entry.settled.is_set()
                   for seq, entry in self._in_flight.items() if req.seq is None or seq < req.seq)

    def _korean_command(self, parsed: tuple[str, str] | None, req: Request,
                        store: bool = True) -> tuple[str, str] | None:
        """korean_command, unless the chat's scope has a style by that name ("/목록", "/화풍 연구"
        of a group's styles 목록 and "화풍 연구", added before these words became commands): its
        shortcut wins, as it did then, and paints it (("style", "화풍 연구"))."""
        korean = korean_command(parsed)
        if korean is None:
            return None
        name, args = unicodedata.normalize("NFC", parsed[0]), parsed[1]
        if self.is_shortcut(name, PAINTING_REF.sub(" ", args).strip(), req, store):
            return "style", (name + " " + args).strip()
        return korean

    def _knows_command(self, word: str, req: Request, store: bool = True) -> bool:
        underscored = self.underscored(word, "")
        return word in self.commands or unicodedata.normalize("NFC", word) in KOREAN_ALIASES or \
            self._names_style(word, req, store) or bool(underscored and underscored[0] in self.commands)

    def typed_in_korean(self, req: Request) -> bool:
        """Whether the request's command word is Korean and no style's name: a command's Korean
        name ("/도움말", "/기록 삭제") or a mistyped one ("/스타열"). /고흐 is an artist, not a hint."""
        parsed = parse_command(req.text, req.bot_username, lambda word: self._knows_command(word, req), req.only_bot)
        if parsed is None or not HANGUL.search(parsed[0]):
            return False
        korean = korean_command(parsed)
        if korean is not None:          # (not a group's style so named: "/목록" of its style 목록)
            return self._korean_command(parsed, req) == korean
        return self.find_style(parsed[0], req) is None

    def korean_name_typed(self, req: Request) -> tuple[str, str] | None:
        """("크기", "size") for "/크기" ("기본화가" for "/기본 화가"): the Korean name the request's
        command was typed by, and that command; None for a command typed otherwise, or a
        group's style so named (its shortcut paints)."""
        parsed = parse_command(req.text, req.bot_username, lambda word: self._knows_command(word, req), req.only_bot)
        if parsed is None and self.parse(req) is not None:     # "크기" alone to the bot: "/크기 뒤에…" too
            parsed = self._slashless_raw(req)
        korean = korean_command(parsed)
        if korean is None or self._korean_command(parsed, req) != korean:
            return None
        name = unicodedata.normalize("NFC", parsed[0])
        first = unicodedata.normalize("NFC", parsed[1]).partition(" ")[0]
        return (name + first if first and name + first in KOREAN_ALIASES else name), korean[0]

    def as_typed(self, req: Request, key: str, text: str) -> str:
        """``text`` (the reply ``key``) naming the request's command as it was typed, where it is
        a reply that shows how to write it (SHOWS_HOW); any other text as it is. Only the command
        word changes."""
        if key not in SHOWS_HOW:
            return text
        try:
            typed = self.korean_name_typed(req)
        except Exception:           # (the store failing, read for a group's styles: the reply as it is)
            return text
        if typed is None:
            return text
        word, command = typed
        return re.sub(rf"/{re.escape(command)}(?!\w)", f"/{word}", text)

    @classmethod
    def command_of(cls, parsed: tuple[str, str] | None) -> str | None:
        """The command word of a parsed request, /style_gogh's being "style"; None for none."""
        return (cls.underscored(*parsed) or parsed)[0] if parsed else None

    @staticmethod
    def underscored(name: str, args: str) -> tuple[str, str] | None:
        """"/style_van_gogh 50%" -> ("style", "van gogh 50%"): Telegram users tap a command only
        as one word, so they write /style_gogh; None for any other command."""
        head, _, rest = name.partition("_")
        if head not in UNDERSCORED or not rest.strip("_"):
            return None
        return head, " ".join([rest.replace("_", " ").strip(), args]).strip()

    async def unknown_command(self, name: str, args: str, req: Request, lang: str) -> BotError:
        """A mistyped command, with what was meant as a button that does it: the nearest command
        (/stlye gogh, /stylize gogh: /style gogh), else the nearest artists (/gohg: /style gogh)."""
        rest = f" {args}" if args else ""
        if (gone := self.removed_style_error(name, req)) is not None:     # /golden_age, removed or renamed
            return gone
        if (korean := self._near_korean(name)) is not None:     # "/스타열 고흐": "/스타일 고흐", as it was typed
            meant = f"/{korean}{rest}" if KOREAN_ALIASES[korean] in PAINTS_PHOTO else f"/{korean}"
            exc = BotError("unknown_command_near", command=name, suggestions=meant, choices=[(meant, meant)])
            # (the English command where the Korean one, with the photo's " #<hash>", is past what
            # a button carries: Hangul is 3 bytes a letter)
            english = meant.replace(f"/{korean}", f"/{KOREAN_ALIASES[korean]}", 1)
            room = BUTTON_COMMAND_MAX - len(" #") - 32
            return await self.offer(exc, req, lambda choice: choice if len(choice.encode()) <= room else english,
                                    photo=KOREAN_ALIASES[korean] in PAINTS_PHOTO)
        near = [KOREAN_COMMANDS[name]] if name in KOREAN_COMMANDS else \
            difflib.get_close_matches(name, self.COMMAND_NAMES, n=1, cutoff=0.75)
        if near:
            # only a painting command keeps the arguments: "/forgetm yes" must not become a
            # "/forgetme yes" button that deletes the data of whoever taps it
            command = f"/{near[0]}{rest}" if near[0] in PAINTS_PHOTO else f"/{near[0]}"
            exc = BotError("unknown_command_near", command=name, suggestions=command, choices=[(command, command)])
            return await self.offer(exc, req, lambda choice: choice, photo=near[0] in PAINTS_PHOTO)
        words = args.split()
        for k in range(len(words), 0, -1):      # "/van gohg 50%": a name mistyped, begun as the command
            slug = one_name([name, *words[:k]], self.catalog)
            if slug:
                after = "".join(f" {w}" for w in words[k:])
                label = self.catalog.get(slug).name(lang)
                exc = BotError("unknown_command_near", command=name, choices=[(label, slug)], suggestions=label)
                return await self.offer(exc, req, lambda choice: f"/style {choice}{after}")
        choices = self.unknown_style(name, req, lang).params["choices"]
        if choices:
            exc = BotError("unknown_command_near", command=name, choices=choices,
                           suggestions=names_or(lang, [label for label, _ in choices]))
            return await self.offer(exc, req, lambda choice: f"/style {choice}{rest}")
        return BotError("unknown_command_photo" if self.sent_photo(req) else "unknown_command", command=name)

    def _near_korean(self, name: str) -> str | None:
        """The Korean command name a Korean word is mistyped for, compared letter by letter
        ("스타열" and "스타일" differ in one vowel of seven letters); None for none near, or a word
        that is nearer an artist's name than any command's (/모내 means 모네)."""
        if not HANGUL.search(name) or name in KOREAN_COMMANDS:
            return None
        typed = hangul.letters(unicodedata.normalize("NFC", name))
        by_letters = {hangul.letters(word): word for word in KOREAN_ALIASES}
        near = difflib.get_close_matches(typed, list(by_letters), n=1, cutoff=KOREAN_NEAR)
        if not near:
            return None
        score = difflib.SequenceMatcher(None, typed, near[0]).ratio()
        artists = [hangul.letters(normalise(n)) for a in self.catalog.artists for n in (a.name_ko, *a.aliases)
                   if HANGUL.search(n)]
        if any(difflib.SequenceMatcher(None, typed, n).ratio() > score for n in artists):
            return None
        return by_letters[near[0]]
