"""The commands a reply names with their words ("Try it: /style 푸른 물결", "/style Blue Wave — Blue
Wave, 3 paintings"): the page links a command it finds in a reply's words, and from "/style 푸른
물결" it made "/style" alone a link, which sent a bare /style. The command is the one a text of the
bot's fills in as {command}; read from the reply's text against those wordings, as
unknown_commands.py reads a refused command, and sent to the page, which links it whole."""
from __future__ import annotations

import re
from functools import lru_cache

from ..messages import LANGS, table

# a command and its words: a style's name is letters, digits, hyphens and underscores, in words
# one space apart (addstyle_bad_name), so "Try it: /style Ink (2 of the pictures…)" ends at "Ink"
COMMAND = r"/[^\W\d][\w]*(?: [\w-]+)*"


@lru_cache(maxsize=None)
def _wordings() -> tuple[re.Pattern, ...]:
    """Each text of the bot's that names a {command} (not "/{command}", a command's bare name), in
    each language, as a pattern whose group "command" is the command filled in."""
    patterns = []
    for lang in LANGS:
        for wording in table(lang).values():
            if not isinstance(wording, str) or not re.search(r"(?<!/)\{command\}", wording):
                continue
            pattern, seen = "", False
            for part in re.split(r"(\{\w+\})", wording):
                if part == "{command}" and not pattern.endswith("/"):
                    # once as a group; again, the same command (a repeated group name is an error)
                    pattern += "(?P=command)" if seen else f"(?P<command>{COMMAND})"
                    seen = True
                elif re.fullmatch(r"\{\w+\}", part):
                    pattern += ".*?"
                else:
                    pattern += re.escape(part)
            patterns.append(re.compile(pattern, re.M))
    return tuple(patterns)


def whole_commands(text: str | None) -> list[str]:
    """The commands with words after them ("/style 푸른 물결") that ``text`` names where a text of
    the bot's fills in {command}, each once; none where it names only bare commands ("/help"),
    which the page finds itself."""
    found: list[str] = []
    for pattern in _wordings() if text and "/" in text else ():
        for m in pattern.finditer(text):
            command = m.group("command")
            if " " in command and command not in found:
                found.append(command)
    return found
