"""A socket checks a new id against the store (is the user known?). The store failing there
(sqlite3.OperationalError) was not caught: the socket closed, and the page reconnected every
second. The id is taken as not known (a new one, counted), and the page is answered."""
from __future__ import annotations

import sqlite3

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.store import Store
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page


class FailingStore(Store):
    fail_prefs = False

    def knows_user(self, user_id):
        raise sqlite3.OperationalError("database is locked")

    def prefs(self, user_id):
        if self.fail_prefs:
            raise sqlite3.OperationalError("database is locked")
        return super().prefs(user_id)


@pytest.fixture
def failing_store(settings):
    s = FailingStore(settings.DATA_DIR)
    yield s
    s.close()


async def test_a_page_is_answered_though_the_store_cannot_say_its_user_is_known(settings, failing_store, caplog):
    async with TestClient(TestServer(create_app(CommandLayer(settings, failing_store, FakeQueue())))) as c:
        ws = await open_page(c, "ann")
        await ws.send_json({"user": "ann", "text": "/help", "locale": "en-US", "client_id": "1"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        assert [m for m in got if m["op"] == "send" and m.get("text")], got
        assert not ws.closed
        await ws.close()
    assert "OperationalError" in caplog.text and "ann" not in caplog.text


async def test_a_hello_survives_the_store_failing_to_read_the_language(settings, failing_store):
    failing_store.fail_prefs = True
    async with TestClient(TestServer(create_app(CommandLayer(settings, failing_store, FakeQueue())))) as c:
        ws = await open_page(c, "bo")
        await ws.send_json({"op": "hello", "user": "bo"})        # a second hello: still open
        await ws.send_json({"user": "bo", "text": "/help", "locale": "ko-KR", "client_id": "1"})
        got = await messages(ws, lambda m: m["op"] in ("send", "unanswered"))
        assert got and got[-1]["op"] in ("send", "unanswered")
        assert not ws.closed and ws.close_code is None
        await ws.close()
