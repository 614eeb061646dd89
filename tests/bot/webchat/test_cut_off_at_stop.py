"""A stop that cuts off a web chat message still being answered: the page had its "ack" (so it
never sends it again) and was closed without a word, the message lost. Now the page that sent it
is told busy_restarting with "again" (it sends the message again once connected, and the restarted
bot answers it), unless the layer kept its painting for after the restart (held_over); where that
page is gone, the user's other pages are told busy_restarting. A message that comes once the
answers are cut off is not begun: a photo is not acked (the page sends it again after
reconnecting), a text is told as a cut-off one is. (The page's side: test_cut_off_at_stop_page.)"""
from __future__ import annotations

import asyncio
import sqlite3

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.store import Store
import bot.webchat as webchat
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_photo_sent_again import quiet_for
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message

STOP_BOUND_S = 8.0      # a hang check: the web chat's stop stays within bot/__main__.py's CLOSE_S


class JournaledQueue(FakeQueue):
    """A queue with a journal (``note``): a painting cut off by the stop is held over, painted and
    delivered after the restart."""

    def note(self, job_id, **fields) -> None: ...


async def until_closed(ws) -> list[dict]:
    """Everything the server sends the page until it closes the socket."""
    got = []
    async with asyncio.timeout(STOP_BOUND_S):
        async for msg in ws:
            got.append(msg.json())
    return got


async def stop_with(client, *pages) -> list[list[dict]]:
    """The server stopped (as bot/__main__.py's runner.cleanup does) while ``pages`` read on."""
    reading = [asyncio.create_task(until_closed(page)) for page in pages]
    await asyncio.sleep(0)
    async with asyncio.timeout(STOP_BOUND_S):
        await client.server.close()         # (the server alone: the client's close closes the pages first)
    got = [await r for r in reading]
    await client.close()
    return got


async def test_a_photo_being_painted_at_a_stop_is_sent_again_by_its_page_and_answered_after_the_restart(settings):
    message = {**photo_message("ann", "/style monet"), "qid": "q-cut"}
    first_store = Store(settings.DATA_DIR)
    try:
        client = TestClient(TestServer(create_app(CommandLayer(settings, first_store, FakeQueue(delay=60.0)))))
        await client.start_server()
        page = await open_page(client, "ann")
        await page.send_json(message)
        await messages(page, lambda m: m["op"] == "send" and m.get("progress"))     # acked, under way
        [got] = await stop_with(client, page)
    finally:
        first_store.close()
    assert {"op": "unanswered", "client_id": "1", "qid": "q-cut", "text": t("en", "busy_restarting"),
            "again": True} in got, got

    restarted_store, restarted_queue = Store(settings.DATA_DIR), FakeQueue()
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, restarted_store, restarted_queue)))) as client:
            page = await open_page(client, "ann")
            await page.send_json(message)                          # the page's copy, once connected again
            await messages(page, lambda m: m["op"] == "send" and m.get("image"))
            await page.send_json(message)                          # and a duplicated tab's: answered once
            await quiet_for(page, 1.0)
    finally:
        restarted_store.close()
    assert len(restarted_queue.jobs) == 1, "not answered, or answered twice"


async def test_only_the_page_that_sent_it_is_told_and_in_the_users_language(settings, store):
    queue = FakeQueue(delay=60.0)
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, queue))))
    await client.start_server()
    page, other = await open_page(client, "bo"), await open_page(client, "bo")
    await page.send_json({**photo_message("bo", "/style monet"), "locale": "ko-KR", "qid": "q-ko",
                          "shown": "/style monet"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
    got, got_other = await stop_with(client, page, other)
    assert {"op": "unanswered", "client_id": "1", "qid": "q-ko", "text": t("ko", "busy_restarting"),
            "again": True} in got, got
    # (its answer comes there too, once the copy is answered)
    assert [m for m in got_other if m["op"] == "unanswered"] == [], got_other


async def test_where_the_page_that_sent_it_is_gone_the_users_other_pages_are_told(settings, store):
    queue = FakeQueue(delay=60.0)
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, queue))))
    await client.start_server()
    page = await open_page(client, "cal")
    await page.send_json({**photo_message("cal", "/style monet"), "locale": "ko-KR", "qid": "q-gone"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
    await page.close()                                  # reloading: it no longer has the message
    reloaded = await open_page(client, "cal")
    await asyncio.sleep(0.2)
    [got] = await stop_with(client, reloaded)
    assert {"op": "unanswered", "qid": "q-gone", "text": t("ko", "busy_restarting")} in got, got


async def test_a_painting_held_over_for_after_the_restart_is_not_told_to_be_sent_again(settings, store):
    queue = JournaledQueue(delay=60.0)
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, queue))))
    await client.start_server()
    page = await open_page(client, "cy")
    await page.send_json({**photo_message("cy", "/style monet"), "qid": "q-held"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
    [got] = await stop_with(client, page)
    assert [m for m in got if m["op"] == "unanswered"] == [], got     # sent again, it was painted twice


async def test_a_message_answered_before_the_stop_is_not_told(settings, store):
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue()))))
    await client.start_server()
    page = await open_page(client, "di")
    await page.send_json({"user": "di", "text": "/help", "locale": "en-US", "client_id": "1", "qid": "q-help"})
    await messages(page, lambda m: m["op"] == "lang")
    [got] = await stop_with(client, page)
    assert [m for m in got if m["op"] == "unanswered"] == [], got


async def test_a_text_that_comes_once_answers_are_cut_off_is_told_busy_restarting(settings, store):
    queue = FakeQueue()
    app = create_app(CommandLayer(settings, store, queue))
    async with TestClient(TestServer(app)) as client:
        page = await open_page(client, "ed")
        app[webchat.ANSWERS].closing = True                     # the stop has cut the answers off
        await page.send_json({"user": "ed", "text": "/style monet", "locale": "en-US", "client_id": "3",
                              "qid": "q-late"})
        got = await messages(page, lambda m: m["op"] == "unanswered")
    assert got[-1] == {"op": "unanswered", "client_id": "3", "qid": "q-late", "text": t("en", "busy_restarting"),
                       "again": True}


async def test_an_addstyle_is_told_to_be_sent_again_not_sent_again_unasked(settings, store):
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    async with TestClient(TestServer(app)) as client:
        page = await open_page(client, "gus")
        app[webchat.ANSWERS].closing = True
        await page.send_json({"user": "gus", "text": "/addstyle dots", "locale": "en-US", "client_id": "2",
                              "qid": "q-style"})
        got = await messages(page, lambda m: m["op"] == "unanswered")
    # (its training may have begun: sent again unasked, it trained twice)
    assert got[-1] == {"op": "unanswered", "client_id": "2", "qid": "q-style", "text": t("en", "busy_restarting")}


async def test_a_photo_that_comes_once_answers_are_cut_off_is_not_acked_and_is_answered_after_the_restart(settings):
    message = {**photo_message("flo", "/style monet"), "qid": "q-again"}
    first_store, first_queue = Store(settings.DATA_DIR), FakeQueue()
    app = create_app(CommandLayer(settings, first_store, first_queue))
    try:
        async with TestClient(TestServer(app)) as client:
            page = await open_page(client, "flo")
            app[webchat.ANSWERS].closing = True
            await page.send_json(message)
            got = await quiet_for(page, 1.0)
    finally:
        first_store.close()
    # no ack: the page keeps it and sends it again once connected (index.html's unacked); nothing
    # to say, nothing begun
    assert got == [], got
    assert first_queue.jobs == []

    restarted_store, restarted_queue = Store(settings.DATA_DIR), FakeQueue()
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, restarted_store, restarted_queue)))) as client:
            page = await open_page(client, "flo")
            await page.send_json(message)                          # the page's copy, after the restart
            await messages(page, lambda m: m["op"] == "send" and m.get("image"))
    finally:
        restarted_store.close()
    assert len(restarted_queue.jobs) == 1                          # answered: painted once


async def test_a_photo_the_store_cannot_mark_cut_off_is_told_to_be_sent_again(settings, store, monkeypatch):
    # (its copy would be taken as had, and acked alone: the page sending it again would lose it)
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue(delay=60.0)))))
    await client.start_server()
    page = await open_page(client, "hu")
    await page.send_json({**photo_message("hu", "/style monet"), "qid": "q-full"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "keep_seen_message", disk_full)
    [got] = await stop_with(client, page)
    assert {"op": "unanswered", "client_id": "1", "qid": "q-full", "text": t("en", "busy_restarting")} in got, got
    assert not [m for m in got if m.get("again")], got
