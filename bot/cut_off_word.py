"""What the user of a request a stop cut off is told, for any front-end (Telegram, Discord, the web
chat): a job is never lost without a word, and never told twice what to do.

Read from the command layer once the cut-off handler has ended (the layer notes what it held over
as a handling ends), by the request's number alone (layer.arrive's seq): the layer keys what it
held over and what a /cancel or /forgetme dropped by that number. Whether a painting of the
request had gone out is the front-end's to say: only its responders see them sent.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def cut_off_word(layer, seq: int | None, painting_sent: bool = False, photos: int = 1) -> tuple[str, dict] | None:
    """The message key and parameters to tell the user of request ``seq`` (None: not numbered yet)
    cut off by a stop; None for nothing to tell. Nothing where their /cancel or /forgetme dropped
    it since (told so already: "send it again" after "Done: I deleted ..."), or its painting is held
    over for the next start (sent again, it was painted twice); an album held over before its later
    photos were submitted: those (layer.album_rest_at_stop); one a painting of which had gone out
    (``painting_sent``): to send again only the photos whose paintings they did not get
    (album_cut_off_restarting: "send it again" had the sent ones painted twice), or nothing where
    it had one photo (``photos``, the request's own: its painting is there, only its end line was
    cut off; "I couldn't finish your album" confused); else busy_restarting. Never raises (the stop
    goes on): where the layer cannot say, the user is told."""
    word = _layer_word(layer, seq)
    if word is not None and word[0] == "busy_restarting" and painting_sent:
        return ("album_cut_off_restarting", {}) if photos > 1 else None
    return word


def _layer_word(layer, seq: int | None) -> tuple[str, dict] | None:
    """cut_off_word as the layer alone reads it (dropped, held over, an album's rest)."""
    if seq is None:
        return "busy_restarting", {}
    try:
        if layer.dropped_by(seq) or layer.held_over(seq):
            return None
        rest = layer.album_rest_at_stop(seq)
    except Exception:
        log.exception("stopping: whether a request cut off was kept could not be read; its user is told")
        rest = None
    return rest if rest is not None else ("busy_restarting", {})
