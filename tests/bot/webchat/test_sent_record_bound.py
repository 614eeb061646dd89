"""Each page's record of the messages it was sent is bounded (SentIds, dbf4fb2), and
WebChatHub.to_every_page sent a reply to each open page whose record lacked its id, again and
again until none did. A page slow to take a painting (a phone on a poor network) while more than
KEEP_SHOWN_IDS other replies were sent to it had the painting's id fall out of its record during
that send, and was sent the painting again: twice on that page. Each page is sent a reply once
per call now, the page that asked included."""
from __future__ import annotations

from bot import webchat
from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder


class SlowPage:
    """A socket whose first send lets ``burst`` other replies reach the page meanwhile."""

    def __init__(self, burst: int = 0):
        self.closed, self.sent, self.burst, self.out = False, [], burst, None

    async def send_json(self, data: dict) -> None:
        self.sent.append(data.get("id"))
        for n in range(self.burst):                # the other requests' replies, under way meanwhile
            self.out.shown.add(f"other-{n}")
        self.burst = 0


def pages(hub: WebChatHub, *sockets: SlowPage) -> list[WebResponder]:
    outs = []
    for ws in sockets:
        out = ws.out = WebResponder(ws, hub)
        out.chat_id = "web:ann"
        hub.sockets["web:ann"].add(out)
        outs.append(out)
    return outs


async def test_a_slow_page_is_sent_a_painting_once_though_its_record_moved_on():
    hub = WebChatHub()
    slow, other = SlowPage(burst=webchat.KEEP_SHOWN_IDS), SlowPage()
    pages(hub, slow, other)
    mid = hub.new_id()
    assert await hub.to_every_page("web:ann", Reply("a painting", image=b"jpeg"), mid)
    assert slow.sent.count(mid) == 1 and other.sent.count(mid) == 1, (slow.sent, other.sent)


async def test_the_asking_page_is_not_sent_its_own_answer_again():
    hub = WebChatHub()
    asking, other = SlowPage(burst=webchat.KEEP_SHOWN_IDS), SlowPage()
    out, _ = pages(hub, asking, other)
    token = webchat._EVERY_PAGE.set(True)           # an answer to a message the other page shows too
    try:
        mid = await out.send(Reply("Queue: empty"))
    finally:
        webchat._EVERY_PAGE.reset(token)
    assert asking.sent.count(mid) == 1 and other.sent.count(mid) == 1, (asking.sent, other.sent)
