"""Each page's record of the messages it was sent (WebResponder.shown, so a painting goes to a page
once) grew by every reply and progress line until its socket closed: a tab open for days held
thousands of ids. It keeps the newest KEEP_SHOWN_IDS: a page shows its last 60 again after a
reload, and what may be sent to it again (its last paintings, progress lines) is newer still."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import KEEP_SHOWN_IDS, WebChatHub, WebResponder

from tests.bot.webchat.test_delivered_once import Socket, paintings


async def test_a_pages_sent_record_keeps_its_newest_ids_only():
    hub, chat, socket = WebChatHub(), "web:ann", Socket()
    page = WebResponder(socket, hub)
    await hub.join(chat, page)
    await hub.deliver(chat, [Reply(f"status {n}") for n in range(500)])
    assert len(socket.sent) == 500                       # each went out
    assert len(page.shown) == KEEP_SHOWN_IDS <= 60
    assert list(page.shown) == [m["id"] for m in socket.sent[-KEEP_SHOWN_IDS:]]


async def test_a_painting_still_goes_to_a_page_once_after_many_replies():
    hub, chat, socket = WebChatHub(), "web:bob", Socket()
    page = WebResponder(socket, hub)
    await hub.join(chat, page)
    await hub.deliver(chat, [Reply(f"status {n}") for n in range(200)])
    await hub.deliver(chat, [Reply("Claude Monet", image=b"\xff\xd8painting")])
    painting = paintings(socket)[0]["id"]
    await hub.to_every_page(chat, Reply("Claude Monet", image=b"\xff\xd8painting"), painting)
    assert len(paintings(socket)) == 1
    # a reload naming what it shows (have) fills the record within its bound too
    reloaded = Socket()
    again = WebResponder(reloaded, hub)
    await hub.join(chat, again, have=[painting, *(f"x-{n}" for n in range(100))])
    assert len(again.shown) <= KEEP_SHOWN_IDS
    assert not paintings(reloaded)                       # it said it shows it: not sent again
