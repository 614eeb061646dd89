"""A photo still on its way to the queue when the user sent /cancel is dropped by the command
layer, and its /cancel answers for it ("Cancelled 1 painting"), below it. The page marked the
photo's bubble "no reply of its own: see the bot's answer above", pointing the wrong way. Such a
bubble says it was stopped by the /cancel, whose answer is below; other silent requests keep the
old note (tests/bot/test_unanswered.py)."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.test_cancel_requests import held_checks, until
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


async def test_a_photo_stopped_by_a_later_cancel_points_at_the_answer_below(settings, store, monkeypatch):
    checking, release = held_checks(monkeypatch)      # the photo's upload check holds it (a big photo)
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        ws = await open_page(c, "ann")
        await ws.send_json({**photo_message("ann", "/style gogh"), "locale": "ko-KR", "client_id": "1"})
        await until(checking.is_set)
        await ws.send_json({"user": "ann", "text": "/cancel", "locale": "ko-KR", "client_id": "2"})
        await asyncio.sleep(0.2)
        release.set()
        got = await messages(ws, lambda m: m["op"] == "unanswered")
        got += await messages(ws, lambda m: m["op"] == "lang")
        assert [m["client_id"] for m in got if m["op"] == "unanswered"] == ["1"]
        note = next(m["text"] for m in got if m["op"] == "unanswered")
        assert note == t("ko", "web_cancelled_unanswered") != t("ko", "web_unanswered")
        assert not queue.jobs
        await ws.close()


async def test_a_photo_cancelled_from_another_tab_is_noted_so_too(settings, store, monkeypatch):
    checking, release = held_checks(monkeypatch)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        a, b = await open_page(c, "bo"), await open_page(c, "bo")
        await a.send_json({**photo_message("bo", "/style gogh"), "client_id": "1"})
        await until(checking.is_set)
        await b.send_json({"user": "bo", "text": "/cancel", "locale": "en-US", "client_id": "1"})
        await asyncio.sleep(0.2)
        release.set()
        got = await messages(a, lambda m: m["op"] == "unanswered")
        assert got[-1]["text"] == t("en", "web_cancelled_unanswered")
        await a.close()
        await b.close()


def test_the_note_is_said_in_both_languages():
    for lang in ("en", "ko"):
        assert "/cancel" in t(lang, "web_cancelled_unanswered")
