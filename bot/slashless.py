"""A command typed without its slash in a message addressed to the bot: "@Paintbot hq monet", a
DM's "size small", "기본화가 모네" replying to the bot, "strength 0.6" in the web chat. Read as
"/hq monet", "/size small", "/기본화가 모네" are, where the first word is one of the commands'
names (English or Korean, CommandLayer.COMMAND_NAMES, KOREAN_ALIASES) and its words read as that
command's arguments (``as_arguments``); they were answered "Which artist…?" and nothing
was done, also for what Discord's message_read makes of a pasted choice label ("size small").

Words that do not read so are talk, answered as before (the hint, an artist named in them):
"@Paintbot size matters?", "style is nice" got no command's usage or error. Never in a group's
talk not addressed to the bot (CommandNames._parse reads this only where the bot is addressed).
Never /forgetme's typed yes: "forgetme yes" without its slash asks, as "forgetme" does.

A mixin of ``bot.commands.CommandLayer``, whose parse (``_korean_command``), style readings
(``_style_and_strength``, ``read_styles``, ``parse_mix``, ``find_style``), sizes and
``confirms_forget`` it uses.
"""
from __future__ import annotations

import dataclasses
import re

from .arguments import (is_clear_word, is_number, read_language, read_number, read_size, read_switch,
                        without_hashtags)
from .chat import Request
from .command_names import parse_command
from .errors import BotError
from .mix_requests import without_halves
from .preference_commands import FORGET_NO, FORGET_YES, forget_answer
from .request_kinds import asks_help

# "hq: monet", "size, small": the word's colon or comma is no part of it
WORD_MARK = re.compile(r"^(\S+?)[:：,，]+(?=\s|$)")
# "status?", "size small!": the sentence's end is no part of the last argument
SENTENCE_END = re.compile(r"[\s.!?~。！？…]+$")


class SlashlessCommands:
    """CommandLayer's reading of a command typed without its slash (see the module's docstring)."""

    def slashless(self, req: Request) -> tuple[str, str] | None:
        """("hq", "monet") for "hq monet" (an @mention of the bot left out, wherever it is), as
        the layer's parse reads "/hq monet" (a Korean name as its command: ("setstyle", "모네")
        for "기본 화가 모네"; ("hq", "고흐랑 모네") for "hq 고흐랑 모네 섞어줘": as_arguments); None
        where the text begins with no command's name, or its words do not read as that command's
        arguments. Whether the bot is addressed is the caller's."""
        raw = self._slashless_raw(req)
        if raw is None:
            return None
        # a Korean name as its command, unless the chat has a style so named (its shortcut)
        parsed = self._korean_command(raw, req) or raw
        name, args = parsed
        args = self.as_arguments(name, args, req) if name in self.COMMAND_NAMES else None
        if args is None:
            return None
        if name == "forgetme" and self.confirms_forget(req, args):
            # the typed yes deletes at once; without its slash ("forgetme yes", "잊어줘 네" said
            # in a chat) it is no confirmation: /forgetme's question and its buttons, as alone
            return name, ""
        return name, args

    def _slashless_raw(self, req: Request) -> tuple[str, str] | None:
        """parse_command of the text with a slash before it (the bot's @mention out, a colon after
        the first word and the sentence's end left out): ("크기", "작게") for "@paintbot 크기: 작게!";
        None for a text with its slash, or none."""
        text = (req.text or "").strip()
        if not text or text.startswith(("/", "／")):
            return None
        if req.bot_username:        # (Telegram's text keeps the mention: "@paintbot hq monet")
            text = re.sub(rf"(?<!\S)@{re.escape(req.bot_username)}(?!\w)[:,]?", " ", text, flags=re.I).strip()
        text = SENTENCE_END.sub("", WORD_MARK.sub(r"\1", text))
        if not text:
            return None
        return parse_command("/" + text, req.bot_username, only_bot=req.only_bot)

    def as_arguments(self, name: str, args: str, req: Request) -> str | None:
        """``args`` as command ``name`` is to read them, or None where they are not what it takes,
        read as it reads them: an artist (or a mix) that /style, /hq, /setstyle would paint or
        set, a size /size knows, a strength, on or off, a language, /forgetme's yes or no, a word
        of help; nothing at all for any command. Not a refusal's words: "size matters" reads as
        no size, "style is nice" as no artist."""
        args = args.strip()
        if not args or asks_help(args):
            return args
        tagless = without_hashtags(args, self._style_named(req))
        try:
            if name in ("style", "hq"):
                return self._style_arguments(args, req)
            if name == "mix":
                return args if self.parse_mix(without_halves(tagless), req, "en") else None
            if name == "setstyle":
                return self._setstyle_arguments(tagless, req)
        except BotError:            # (an unknown name, a strength past 100%: no reading of them)
            return None
        if name == "strength":
            takes = read_number(tagless) is not None
        elif name == "keepcolors":
            takes = read_switch(tagless) is not None
        elif name == "size":
            takes = read_size(tagless, self.size_names()) is not None
        elif name == "lang":
            takes = read_language(tagless) is not None
        elif name == "forgetme":
            answer = forget_answer(args)[1]
            takes = answer in FORGET_YES or answer in FORGET_NO
        else:
            # any other command only with nothing after its word ("status", "취소", "stronger"): it
            # takes no words, or a name no talk can be told from (/addstyle NAME would add a style
            # called "is cool" of "@Paintbot addstyle is cool")
            takes = False
        return args if takes else None

    def _style_arguments(self, args: str, req: Request) -> str | None:
        """/style's or /hq's words where they ask for an artist read as a message's text
        (_asked_in_words): as typed where the command reads them ("monet 0.5", "like monet
        please"); else the artist(s) they ask for, as that text alone is painted ("고흐랑 모네
        섞어줘", "not gogh, monet", "mix gogh and monet": they were "I don't know the style
        “섞어줘”"). A strength alone ("hq 0.5") is the command's too."""
        words = self._style_and_strength(args, req, "en")[0]
        if not words:
            return args
        asked = self._asked_in_words(args, req)
        if asked is None:
            return None             # "hq is like monet": a remark
        return args if self._reads_as_styles(words, req) else asked

    def _setstyle_arguments(self, args: str, req: Request) -> str | None:
        """/setstyle's words where they name one style (a strength after it), or clear it ("off"):
        as typed where they are its name, else the one style they ask for read as a message's text
        ("like monet please", "고흐 말고 모네": monet, which /setstyle refused), its strength after it."""
        words = args.split()
        strength = words.pop() if len(words) > 1 and is_number(words[-1]) else None
        named = " ".join(words)
        if is_clear_word(named) or self.find_style(named, req) is not None:
            return args
        asked = self._asked_in_words(named, req)
        if asked is None or len(self.read_styles(asked, req, "en")) != 1:
            return None
        return asked if strength is None else f"{asked} {strength}"

    def _reads_as_styles(self, words: str, req: Request) -> bool:
        """Whether the command's own reading of ``words`` (read_styles) names its style(s)."""
        try:
            return bool(self.read_styles(words, req, "en"))
        except BotError:
            return False

    def _asked_in_words(self, words: str, req: Request) -> str | None:
        """The style(s) ``words`` ask for, read as a message's text (artist_in_text), not as a
        photo's caption, whose "looks like monet" is its style: "@Paintbot hq is like monet",
        "style i like monet" are remarks, and paint nothing."""
        as_text = dataclasses.replace(req, text=words, images=[], reply_to_images=[], reply_ref=None)
        return self.artist_in_text(as_text)
