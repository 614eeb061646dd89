"""The bot's welcome (the "start" text) with its lines that speak of captions (Telegram's way)
said a front-end's own way: the first line of a paragraph replaced, the examples under it kept."""
from __future__ import annotations

from .messages import t


def start_with_lines(lang: str, first_lines: dict[int, str]) -> str:
    """``start`` in ``lang`` with the first line of paragraph i the text of ``first_lines[i]`` (a
    messages key): {1: "dc_msg_start_how"} rewords "Send me a photo with a command as its caption"."""
    paragraphs = t(lang, "start").split("\n\n")
    for i, key in first_lines.items():
        if i < len(paragraphs):
            paragraphs[i] = "\n".join([t(lang, key), *paragraphs[i].split("\n")[1:]])
    return "\n\n".join(paragraphs)
