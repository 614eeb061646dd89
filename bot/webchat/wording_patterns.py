"""One of the bot's wordings as a pattern matching a whole text said with it: the web chat's server
reads from a reply's text which wording said it (unknown_commands.py, line_outcomes.py)."""
from __future__ import annotations

import re

FIELD = re.compile(r"(\{\w+\})")


def wording_pattern(wording: str, field: str, command: str | None = None) -> re.Pattern | None:
    """``wording`` ("I don't know the command /{command}.") as a pattern of a whole text: each
    field as ``field``, the first {command} as ``command`` where one is given (a second would repeat
    its group's name: as ``field``). None where ``command`` is given and the wording has none."""
    pattern, seen = "", False
    for part in FIELD.split(wording):
        if command is not None and part == "{command}" and not seen:
            pattern, seen = pattern + command, True
        elif FIELD.fullmatch(part):
            pattern += field
        else:
            pattern += re.escape(part)
    if command is not None and not seen:
        return None
    return re.compile(pattern + r"\Z", re.S)
