"""A painting whose delivery failed (the page closed as it was sent) waits for the user's next page
and is sent there under a new id: it was kept for replies under each id it ever had, its bytes
counted once per id toward the user's KEEP_IMAGE_BYTES, so it pushed out the user's older pictures
(a reply to their photo then answered "that picture is gone"). It is kept once now, under the id the
page shows."""
from __future__ import annotations

import bot.webchat as webchat
from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_delivered_once import Socket, paintings

PHOTO = b"\xff\xd8photo" + bytes(400)
PAINTING = Reply("Vincent van Gogh", image=b"\xff\xd8painting" + bytes(400))


async def _photo_then_painting(monkeypatch, send_from_request: bool):
    monkeypatch.setattr(webchat, "KEEP_IMAGE_BYTES", 1000)    # room for the photo and the painting once
    hub, chat = WebChatHub(), "web:ann"
    closing = WebResponder(Socket(breaks=True), hub)
    await hub.join(chat, closing)
    closing.remember("photo-1", PHOTO)                       # the user's photo, which they may reply to
    if send_from_request:
        await closing.send(PAINTING)                         # the request's answer, its page gone
    else:
        await hub.deliver(chat, [PAINTING])                  # a job finished outside its request
    hub.leave(chat, closing)
    later = Socket()
    await hub.join(chat, WebResponder(later, hub), have=set())      # the user comes back
    return hub, chat, later


async def test_a_requeued_painting_counts_once_and_keeps_the_users_older_photo(monkeypatch):
    for send_from_request in (False, True):
        hub, chat, later = await _photo_then_painting(monkeypatch, send_from_request)
        shown = [m["id"] for m in paintings(later)]
        assert len(shown) == 1, send_from_request
        assert "photo-1" in hub.images[chat], send_from_request      # still there to reply to
        assert list(hub.images[chat]) == ["photo-1", shown[0]], send_from_request   # once, as shown
        assert shown[0] in hub.painted[chat]           # a reply to it acts on that painting
