"""A page that connects (or reconnects) while a painting for its user is being delivered: the
delivery had taken the list of open pages before it started, and the page's hello was sent the
user's last paintings before that one was noted among them, so the page missed it until its next
reload. Each page open for the user gets it exactly once now, whatever the timing."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder


class Socket:
    """A page's socket; ``on_painting``: run (awaited) as a painting is being sent down it."""

    def __init__(self, on_painting=None):
        self.closed, self.sent, self.on_painting = False, [], on_painting

    async def send_json(self, data: dict) -> None:
        if data.get("image") and self.on_painting:
            hook, self.on_painting = self.on_painting, None
            await hook()
        self.sent.append(data)


def paintings(socket: Socket) -> list[str]:
    return [m["id"] for m in socket.sent if m.get("image")]


PAINTING = Reply("Vincent van Gogh", image=b"\xff\xd8painting")


async def _joined_mid_delivery(hello: dict, before_first_page: bool):
    """One page open; a painting delivered; a second page says hello while it is sent down the
    first (``before_first_page``: as the first page's send starts, before it is noted as sent)."""
    hub, chat = WebChatHub(), "web:ann"
    late = Socket()

    async def connect():
        await hub.join(chat, WebResponder(late, hub), **hello)

    first = Socket(on_painting=connect if before_first_page else None)
    await hub.join(chat, WebResponder(first, hub))
    if not before_first_page:                   # a second open page's send is where it connects
        await hub.join(chat, WebResponder(Socket(on_painting=connect), hub))
    await hub.deliver(chat, [PAINTING])
    return first, late


async def test_a_page_connecting_while_a_painting_is_delivered_gets_it_once():
    for hello in ({"fresh": True}, {"have": set()}, {}):          # a new tab, a reload, a bare join
        for before_first_page in (True, False):
            first, late = await _joined_mid_delivery(hello, before_first_page)
            assert len(paintings(first)) == 1
            assert paintings(late) == paintings(first), (hello, before_first_page)


async def test_a_page_connecting_while_its_own_painting_is_sent_gets_it_once():
    # a request's answer: to the asking page, then the user's other pages
    hub, chat = WebChatHub(), "web:bob"
    late = Socket()

    async def connect():
        await hub.join(chat, WebResponder(late, hub), have=set())

    asking = WebResponder(Socket(on_painting=connect), hub)
    await hub.join(chat, asking)
    await asking.send(PAINTING)
    assert len(paintings(asking.ws)) == 1
    assert paintings(late) == paintings(asking.ws)


async def test_pages_connecting_together_after_a_painting_waited_each_get_it_once():
    # no page was open when it was delivered: the first page to connect took it alone, and a
    # page connecting as it was sent there missed it
    hub, chat = WebChatHub(), "web:cat"
    await hub.deliver(chat, [PAINTING])
    second = Socket()

    async def connect():
        await hub.join(chat, WebResponder(second, hub), have=set())

    first = Socket(on_painting=connect)
    await hub.join(chat, WebResponder(first, hub), have=set())
    assert len(paintings(first)) == 1
    assert paintings(second) == paintings(first)
