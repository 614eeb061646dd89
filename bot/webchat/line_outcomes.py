"""Whether a progress line's outcome is a status ("✅ Claude Monet: done in 3 s.", "❌ …: …") or a
reply of its own (/addstyle's "Studying 3 paintings…" becomes "Added the style “Ink” …"). The page
draws a line under way grey and kept that look for whatever replaced it: the style's confirmation
stayed grey like a progress line. A painting's line keeps it (its painting is the reply); any
other outcome is marked a reply. Read from the text against the bot's wordings of a painting's
line's end, in each language."""
from __future__ import annotations

import re
from functools import lru_cache

from ..messages import LANGS, table
from .wording_patterns import wording_pattern

# how a painting's line ends (status_wording.done_text, painting_jobs' "failed"): a status
STATUS_OUTCOME_KEYS = ("done", "done_under_second", "failed")


@lru_cache(maxsize=None)
def _status_wordings() -> tuple[re.Pattern, ...]:
    patterns = []
    for lang in LANGS:
        for key in STATUS_OUTCOME_KEYS:
            if wording := table(lang).get(key):
                patterns.append(wording_pattern(wording, ".+?"))
    return tuple(patterns)


def is_status_outcome(text: str | None) -> bool:
    """Whether ``text``, a line's outcome, is how a painting's line ends (kept looking a status)."""
    return bool(text) and any(p.match(text) for p in _status_wordings())
