"""The example of "send a photo first" is the command the user sent: "/hq monet" without a photo
was answered "e.g. a photo with the caption /style gogh", another command and another artist.
no_photo's own example stays where it is that very command (/style gogh, said in the user's
language: /style 고흐 in Korean). A command that names no artist ("/preview") is its example alone."""
from __future__ import annotations

from .errors import BotError

OWN_EXAMPLE = ("/style", ["gogh"])      # no_photo's example: its command and its artist
EXAMPLE_MAX_CHARS = 40                  # a longer name (a long mix) is no example: no_photo's own


def no_photo_for(layer, req, exc: BotError, verb: str, name: str, styles: list) -> BotError:
    """``exc`` ("no_photo" from content_photo) as the refusal of ``verb`` ("/style", "/hq", "/mix")
    naming ``name`` (as typed: "monet", "모네") that reads as ``styles`` ((Style, weight) pairs):
    "no_photo_for" with that command as its example, by the name it was typed with ("/고화질").
    Any other error as it is."""
    if exc.key != "no_photo":
        return exc
    if (verb, [style.name for style, _ in styles]) == OWN_EXAMPLE:
        return exc
    example = f"{typed_verb(layer, req, verb)} {' '.join(name.split())}"
    if not name.strip() or len(example) > EXAMPLE_MAX_CHARS:
        return exc
    return BotError("no_photo_for", example=example)


def no_photo_of_command(layer, req, exc: BotError, verb: str) -> BotError:
    """``exc`` ("no_photo") as the refusal of ``verb``, a command that paints the photo with no
    artist named ("/preview": nine artists of its own): "no_photo_for" with the command alone as
    its example, as typed ("/미리보기"). Any other error as it is."""
    if exc.key != "no_photo":
        return exc
    return BotError("no_photo_for", example=typed_verb(layer, req, verb))


def typed_verb(layer, req, verb: str) -> str:
    """"/고화질" where the user typed /hq so (CommandNames.korean_name_typed), else ``verb``."""
    try:
        typed = layer.korean_name_typed(req)
    except Exception:               # (the store failing, read for a group's styles: the English name)
        return verb
    return f"/{typed[0]}" if typed is not None and f"/{typed[1]}" == verb else verb
