"""One INFO line per upload the bot refuses (not an image, damaged, too large, too small): the
log said nothing of them, so an operator could not tell "my photo was never painted" from a
photo never sent. Only the refusal's kind and sizes: no file name, nothing the user wrote, and the
user by their log tag (commands.log_tag), as the limits' lines name them."""
from __future__ import annotations

import logging

from .images import UploadError

log = logging.getLogger("bot.commands")

# the unit of a "too large" refusal's size and limit (its message's parameters: size or pixels, limit)
UNITS = {"file_too_large": "MB", "image_too_large": "MP"}


def refusal_line(err: UploadError, nbytes: int | None = None) -> str:
    """ "image_too_small, 48213 bytes, 50×40 px": the kind, then the sizes known (the
    message's own numbers, never its text)."""
    parts = [err.key]
    if nbytes is not None:
        parts.append(f"{nbytes} bytes")
    width, height = err.params.get("width"), err.params.get("height")
    if isinstance(width, int) and isinstance(height, int):
        parts.append(f"{width}×{height} px")
    unit = UNITS.get(err.key)
    measured = err.params.get("size", err.params.get("pixels"))
    if unit and measured is not None:
        parts.append(f"{measured} {unit} (limit {err.params.get('limit', '?')} {unit})")
    return ", ".join(parts)


def log_refused_upload(user_tag: str, platform: str, err: UploadError, nbytes: int | None = None) -> None:
    """``err`` said to user ``user_tag`` (log_tag) on ``platform``; ``nbytes``: the file's size,
    where the bot has it (a front-end refuses one too large before fetching it)."""
    # (the caller's to say whether the request is this bot's: another bot's "/sticker" in a group
    # is checked too, and neither answered nor to be logged)
    log.info("an upload of user #%s (%s) cannot be painted: %s", user_tag, platform, refusal_line(err, nbytes))
