"""A painting delivered to a user's open pages (WebChatHub.deliver: a job finished outside its
request, a resumed one) where one page's socket closed as it was sent: the fallback for that page
sent the painting again, under a new id, to every other open page (or kept it for the next visit
though pages had it), so the user's other tab showed it twice. Each page gets it once now."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder


class Socket:
    """A page's socket: what it was sent; ``breaks``: it closes as the next message is sent."""

    def __init__(self, breaks: bool = False):
        self.closed, self.breaks, self.sent = False, breaks, []

    async def send_json(self, data: dict) -> None:
        if self.breaks:
            self.closed = True
            raise ConnectionResetError("Cannot write to closing transport")
        self.sent.append(data)


def paintings(socket: Socket) -> list[dict]:
    return [m for m in socket.sent if m.get("image")]


async def two_pages(breaking_first: bool):
    hub, chat = WebChatHub(), "web:ann"
    kept, breaking = Socket(), Socket(breaks=True)
    pages = [WebResponder(breaking, hub), WebResponder(kept, hub)]
    if not breaking_first:
        pages.reverse()
    for page in pages:
        await hub.join(chat, page)
    return hub, chat, kept, breaking


async def test_a_page_closing_as_a_painting_is_delivered_does_not_send_it_twice_to_another():
    for breaking_first in (True, False):
        hub, chat, kept, breaking = await two_pages(breaking_first)
        await hub.deliver(chat, [Reply("Vincent van Gogh", image=b"\xff\xd8painting")])
        got = paintings(kept)
        assert len(got) == 1, (breaking_first, [m["id"] for m in got])
        assert not hub.waiting.get(chat), breaking_first        # not kept for a next visit: a page has it
        # a page opened later is not sent it as waiting either: once, as the user's last painting
        later = Socket()
        await hub.join(chat, WebResponder(later, hub), fresh=True)
        assert [m["id"] for m in paintings(later)] == [got[0]["id"]], breaking_first


async def test_a_painting_no_page_took_waits_for_the_next_one():
    hub, chat = WebChatHub(), "web:bob"
    only = Socket(breaks=True)
    await hub.join(chat, WebResponder(only, hub))
    await hub.deliver(chat, [Reply("Claude Monet", image=b"\xff\xd8painting")])
    later = Socket()
    await hub.join(chat, WebResponder(later, hub))
    assert len(paintings(later)) == 1
