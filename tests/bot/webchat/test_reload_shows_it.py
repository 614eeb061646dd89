"""A tab that already shows a painting reloads while that painting is still going out to the
user's other pages. Its hello names the painting ("have"), yet the delivery sent it down the new
socket again (a whole painting, drawn again on a phone) when the page's join was still sending its
unfinished progress lines: the paintings it shows were noted only after those. Each page is sent a
painting once; a reloaded page that lacks it still gets it."""
from __future__ import annotations

import asyncio

from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_join_mid_delivery import PAINTING, Socket, paintings


class SlowPage(Socket):
    """The reloaded page's socket: each message takes a moment to go out."""

    async def send_json(self, data: dict) -> None:
        await asyncio.sleep(0.01)
        self.sent.append(data)


async def _reloaded_mid_delivery(shows_it: bool) -> list[str]:
    """Two pages open, one with a progress line unfinished; a painting delivered; the page that got
    it first reloads (a new socket) as it goes out to the other one. What the new socket was sent."""
    hub, chat = WebChatHub(), "web:ann"
    hub.note_line(chat, {"op": "edit", "id": "x-1", "text": "painting… 40%", "progress": True})
    got, reloaded, joins = [], SlowPage(), []

    class Page(Socket):
        async def send_json(self, data: dict) -> None:
            if data.get("image"):
                got.append(data["id"])
                if len(got) == 2:          # the first page reloads as the second is sent it
                    have = {got[0]} if shows_it else set()
                    joins.append(asyncio.create_task(
                        hub.join(chat, WebResponder(reloaded, hub), have=have, open_lines={"x-1"})))
                    await asyncio.sleep(0)
            self.sent.append(data)

    await hub.join(chat, WebResponder(Page(), hub))
    await hub.join(chat, WebResponder(Page(), hub))
    await hub.deliver(chat, [PAINTING])
    await asyncio.gather(*joins)
    assert got[0] == got[1]
    return paintings(reloaded)


async def test_a_reloaded_page_showing_the_painting_is_not_sent_it_again():
    assert await _reloaded_mid_delivery(shows_it=True) == []


async def test_a_reloaded_page_lacking_the_painting_gets_it_once():
    assert len(await _reloaded_mid_delivery(shows_it=False)) == 1
