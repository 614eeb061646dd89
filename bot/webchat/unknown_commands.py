"""The command a reply says the bot does not know ("I don't know the command /stlye"): the page
makes each command a reply names a link that sends it, and this one sent the typo again, to be
refused again. Read from the reply's text against the bot's own wordings of that refusal."""
from __future__ import annotations

import re
from functools import lru_cache

from ..messages import LANGS, table
from .wording_patterns import wording_pattern

# the bot's refusals of a command it does not know, each naming it as /{command}
UNKNOWN_KEYS = ("unknown_command", "unknown_command_near", "unknown_command_photo")


@lru_cache(maxsize=None)
def _refusals() -> tuple[re.Pattern, ...]:
    """Each wording, in each language, as a pattern whose group "command" is the command named."""
    patterns = []
    for lang in LANGS:
        for key in UNKNOWN_KEYS:
            wording = table(lang).get(key)
            # "/{command}" once (a second {command} would be a repeated group name), other fields anything
            pattern = wording and wording_pattern(wording, ".*?", command=r"(?P<command>[^\s/]+?)")
            if pattern:
                patterns.append(pattern)
    return tuple(patterns)


def unknown_commands(text: str | None) -> list[str]:
    """The command ("/stlye") a reply refuses as unknown, in a list; none for any other reply."""
    for pattern in _refusals() if text else ():
        if m := pattern.match(text):
            return ["/" + m.group("command")]
    return []
