"""/addstyle's "Studying 3 paintings…" line on a page back from a reload that was away when the
line went out (an upload of several paintings is slow, and a reload is pressed while it goes): the
page had no line to name in its hello, and only a painting job under way (the layer's ``pending``)
had its line sent as it stands. The page showed nothing until "Ink is added" replaced a line it
never had. Every line still under way is sent to a page that lacks it now, a new tab's too."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer, Reply
from bot.webchat import WebChatHub, WebResponder, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_join_mid_delivery import Socket
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message

STUDYING = Reply("Studying 3 paintings…", progress=True)


@pytest.fixture
async def studying(settings, store):
    """A page whose /addstyle Ink is being studied (until ``done`` is set)."""
    done = asyncio.Event()

    async def describer(images, path):
        await done.wait()
        path.write_bytes(b"descriptor")

    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue(), describer=describer)))) as c:
        asking = await open_page(c, "ivy")
        await asking.send_json({**photo_message("ivy", "/addstyle Ink"), "client_id": "2"})
        c.line = (await messages(asking, lambda m: m.get("progress")))[-1]
        c.asking, c.done = asking, done
        yield c
        done.set()
        await asking.close()


async def _hello(client, **hello) -> list[dict]:
    ws = await client.ws_connect("/ws")
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": "ivy", **hello})
    await ws.send_json({"user": "ivy", "text": "/status", "locale": "en-US"})
    got = await messages(ws, lambda m: m["op"] == "lang")
    await ws.close()
    return got


async def test_a_page_that_was_away_as_the_studying_line_went_out_is_sent_it(studying):
    got = await _hello(studying, fresh=False, have=[], lines=[])
    shown = [m for m in got if m.get("id") == studying.line["id"]]
    assert shown and "Studying" in shown[-1]["text"] and shown[-1]["progress"], got


async def test_a_new_tab_opened_while_it_is_studied_shows_the_line_too(studying):
    got = await _hello(studying, fresh=True, have=[], lines=[])
    assert [m for m in got if m.get("id") == studying.line["id"]], got


async def test_a_page_that_names_the_line_gets_it_once(studying):
    got = await _hello(studying, fresh=False, have=[], lines=[studying.line["id"]])
    assert len([m for m in got if m.get("id") == studying.line["id"]]) == 1, got


async def test_once_added_a_page_opened_later_is_not_sent_the_line():
    # its outcome is the line's own: a page that missed it gets the outcome only where no page did
    hub, chat = WebChatHub(), "web:ann"
    asking = WebResponder(Socket(), hub)
    await hub.join(chat, asking)
    line = await asking.send(STUDYING)
    await asking.edit(line, Reply("“Ink” is added."))
    later = Socket()
    await hub.join(chat, WebResponder(later, hub), have=set(), open_lines=set())
    assert not [m for m in later.sent if m.get("id") == line], later.sent


async def test_a_line_sent_while_no_page_was_open_reaches_the_next_one_as_it_stands():
    hub, chat = WebChatHub(), "web:bob"
    going = Socket()
    asking = WebResponder(going, hub)
    await hub.join(chat, asking)
    going.closed = True                          # reloading as the line goes out
    line = await asking.send(STUDYING)
    back = Socket()
    await hub.join(chat, WebResponder(back, hub), have=set(), open_lines=set())
    assert [(m["id"], m["text"], m["progress"]) for m in back.sent] == [(line, STUDYING.text, True)], back.sent
