"""A message that ends with no reply of its own is marked under its bubble ("unanswered"). The mark
went down the socket of the page that sent it only: a tab reloading as the answer ended never got
it (its bubble looked still on its way), and the user's other tabs, which show a copy of the
message, never did either. The mark now names the message's own id (qid, which the page keeps
with its bubble): the other open pages get it, and one that opens after it is sent the marks made
while the page that asked was away."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.test_cancel_requests import held_checks, until
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


def _photo(qid: str) -> dict:
    return {**photo_message("ann", "/style gogh"), "client_id": "1", "qid": qid}


async def test_a_tab_back_from_a_reload_gets_the_mark_made_while_it_was_away(settings, store, monkeypatch):
    checking, release = held_checks(monkeypatch)      # the photo held in its upload check
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        tab = await open_page(c, "ann")
        await tab.send_json(_photo("q-photo"))
        await until(checking.is_set)
        await tab.close()                              # reloading
        cancel = await c.ws_connect("/ws")             # the user's /cancel, from a page that then closes
        await cancel.receive_json()
        await cancel.send_json({"user": "ann", "text": "/cancel", "locale": "en-US"})
        await asyncio.sleep(0.2)
        release.set()
        await messages(cancel, lambda m: m["op"] == "lang")
        await cancel.close()
        await asyncio.sleep(0.3)                       # the photo's answer has ended meanwhile
        back = await open_page(c, "ann")               # the reloaded tab
        got = await messages(back, lambda m: m["op"] == "unanswered")
        assert got[-1]["qid"] == "q-photo" and got[-1]["text"] == t("en", "web_cancelled_unanswered")
        assert "client_id" not in got[-1]              # (the reloaded page numbers its bubbles anew)
        await back.close()


async def test_the_other_tab_marks_its_copy_of_the_message(settings, store, monkeypatch):
    checking, release = held_checks(monkeypatch)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        a, b = await open_page(c, "ann"), await open_page(c, "ann")
        await a.send_json(_photo("q-1"))
        copy = (await messages(b, lambda m: m["op"] == "mine"))[-1]
        assert copy["qid"] == "q-1"                    # the copy knows the message's id
        await until(checking.is_set)
        await a.send_json({"user": "ann", "text": "/cancel", "locale": "en-US", "client_id": "2", "qid": "q-2"})
        await asyncio.sleep(0.2)
        release.set()
        here = await messages(a, lambda m: m["op"] == "unanswered")
        there = await messages(b, lambda m: m["op"] == "unanswered")
        assert here[-1]["client_id"] == "1" and there[-1]["qid"] == "q-1"
        assert there[-1]["text"] == here[-1]["text"] == t("en", "web_cancelled_unanswered")
        await a.close()
        await b.close()
