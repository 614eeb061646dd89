"""A page keeps a photo it sent until the server's ack and sends it again once connected (a
connection lost mid-upload lost it). Where the bot had it but the ack never reached the page, the
copy was painted a second time by a restarted bot (its memory of the ids it answered was empty),
and within a run it got no ack: the page held it, sending it at each reconnection, its picture
without an id to reply to. Now the copy is painted once, before and after a restart, and acked."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.store import Store
from bot.webchat import create_app
from bot.webchat.sent_again import answered_before_restart, keep_answered

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


async def quiet_for(ws, seconds: float) -> list[dict]:
    """What the server sends within ``seconds``."""
    got = []
    try:
        async with asyncio.timeout(seconds):
            while True:
                got.append(await ws.receive_json())
    except TimeoutError:
        return got


async def test_a_photo_sent_again_after_a_restart_is_painted_once_and_acked(settings):
    message = {**photo_message("erin", "/style monet"), "qid": "q-restart"}
    first_store = Store(settings.DATA_DIR)
    first_queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, first_store, first_queue)))) as client:
        page = await open_page(client, "erin")
        await page.send_json(message)
        await messages(page, lambda m: m["op"] == "ack")       # (the ack the page did not get)
        await messages(page, lambda m: m["op"] == "send" and m.get("image"))
        await page.close()
    first_store.close()
    assert len(first_queue.jobs) == 1

    restarted_store, restarted_queue = Store(settings.DATA_DIR), FakeQueue()
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, restarted_store, restarted_queue)))) as client:
            page = await open_page(client, "erin")
            await page.send_json(message)                          # the copy, once connected again
            got = await quiet_for(page, 2.0)
            await page.close()
    finally:
        restarted_store.close()
    assert restarted_queue.jobs == [], "painted again"
    assert [m for m in got if m["op"] == "ack"] == [{"op": "ack", "id": None, "ids": [], "client_id": "1"}], got


async def test_a_photo_sent_again_in_the_same_run_is_acked_with_its_ids(settings, store):
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as client:
        page = await open_page(client, "finn")
        message = {**photo_message("finn", "/style monet"), "qid": "q-dropped"}
        await page.send_json(message)
        ack = (await messages(page, lambda m: m["op"] == "ack"))[-1]
        await page.close()                                      # dropped before the ack came
        again = await open_page(client, "finn")
        await again.send_json(message)
        got = await quiet_for(again, 2.0)
        await again.close()
    assert [m for m in got if m["op"] == "ack"] == [ack], got     # its ids: replies to it work
    assert len(queue.jobs) == 1, "painted twice"


async def test_what_is_kept_of_it_goes_with_forgetme(store):
    tasks: set = set()
    keep_answered(store, "web:gina", "q-1", tasks)
    await asyncio.gather(*tasks)
    assert answered_before_restart(store, "web:gina", "q-1")
    assert not answered_before_restart(store, "web:hal", "q-1")        # another user's is their own
    store.forget_user("web:gina")
    assert not answered_before_restart(store, "web:gina", "q-1")
