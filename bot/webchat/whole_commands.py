"""The commands a reply names with their words ("Try it: /style 푸른 물결", "/style Blue Wave — Blue
Wave, 3 paintings"): the page links a command it finds in a reply's words, and from "/style 푸른
물결" it made "/style" alone a link, which sent a bare /style. The command is the one a text of the
bot's fills in as {command}; read from the reply's text where those wordings put it, as
unknown_commands.py reads a refused command, and sent to the page, which links it whole.

Only a style's commands (/style, /removestyle and their Korean words) with a style's name: a
reply also carries words nobody checked (the display name of whoever added a style, "added by
{by}"), and a name written as the bot's wording made "/forgetme yes" a link, which deleted the
user's data in one click, without the question /forgetme asks."""
from __future__ import annotations

import re
from functools import lru_cache

from ..messages import LANGS, table
from ..request_kinds import KOREAN_ALIASES

# the commands a wording fills in with a style's name after them (usage_of: "/style NAME",
# _exists_error: "/removestyle [global] NAME")
WITH_A_NAME = ("style", "removestyle")
# a style's name is letters, digits, hyphens and underscores, in words one space apart
# (addstyle_bad_name), so "Try it: /style Ink (2 of the pictures…)" ends at "Ink"
NAME = r"(?: [\w-]+)+"
# where a command begins: the line's start, or after a space, a bracket or a quote (as the page)
BEGINS = r"(?<![^\s(“\"'‘])"


def _verbs() -> str:
    words = [w for w in WITH_A_NAME] + [k for k, v in KOREAN_ALIASES.items() if v in WITH_A_NAME]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _places() -> tuple[re.Pattern, ...]:
    """Where the bot's texts put a {command} (not "/{command}", a command's bare name), in each
    language: the words right before it and right after it, as patterns whose group "command" is
    the command filled in. The words around it only, not the whole text matched: with each field
    a ".*?", a long line of the user's words took seconds of the server's loop (4,400 characters
    of "/a b — x · " 1.8 s), and a field's words could stand in for the wording's own."""
    command = rf"{BEGINS}(?P<command>/(?:{_verbs()}){NAME})"
    places = set()
    for lang in LANGS:
        for wording in table(lang).values():
            if not isinstance(wording, str):
                continue
            parts = re.split(r"(\{\w+\})", wording)
            for i, part in enumerate(parts):
                if part != "{command}" or (i and parts[i - 1].endswith("/")):
                    continue
                before = parts[i - 1] if i else ""
                after = parts[i + 1] if i + 1 < len(parts) else ""
                # a field's words right before it ("{x}{command}"): any; the wording's start: a line's
                places.add(("^" if i == 1 and not before else "") + re.escape(before) + command
                           + (f"(?={re.escape(after)})" if after else ""))
    return tuple(re.compile(p, re.M) for p in sorted(places))


def whole_commands(text: str | None) -> list[str]:
    """The style commands with a name after them ("/style 푸른 물결") that ``text`` names where a
    text of the bot's fills in {command}, each once; none where it names only bare commands
    ("/help"), which the page finds itself."""
    found: list[str] = []
    for pattern in _places() if text and "/" in text else ():
        for m in pattern.finditer(text):
            if m.group("command") not in found:
                found.append(m.group("command"))
    return found
