"""A painting that finished while its user's page was closed waited in the hub's memory for their
next visit: after a restart the reopened page got only {"op": "settled"} for its line, which went
on saying "waiting in line…", and a new tab only "Welcome back!", though the user had been told
"no need to send it again" (QA finding 1). The hub keeps what no page took in the store now
(kept_results.py): the line's outcome and the painting reach the next page after a restart, once.
A line from before a restart that the bot has no word of says it was lost, not "waiting in line";
one a job resumed from the journal will edit is settled as before. /forgetme deletes what was kept,
and the retention job forgets it after WEB_RESULTS_KEEP_DAYS (PHOTO_KEEP_DAYS if sooner).
(Through bot/__main__.run, the painting finished in the stop's drain: test_kept_through_restart_run.)"""
from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.retention import DAY_S, forget_old_data
from bot.store import Store
from bot.webchat import create_app
from engine.jobs import Job

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, photo_message


async def _page(client, user: str, **hello):
    ws = await client.ws_connect("/ws")
    assert (await ws.receive_json())["op"] == "hello"
    await ws.send_json({"op": "hello", "user": user, "welcomed": True, **hello})
    return ws


async def _quiet(ws, seconds: float = 1.0) -> list[dict]:
    """What the server sends until it says nothing for ``seconds``."""
    got = []
    while True:
        try:
            got.append(await asyncio.wait_for(ws.receive_json(), seconds))
        except asyncio.TimeoutError:
            return got


async def _kept(store, user: str, kind: int = 1) -> None:
    """Until the store has the user's replies (kind 1) or lines (0): the bot's answer, kept."""
    async with asyncio.timeout(15):
        while not store.web_results(f"web:{user}")[kind]:
            await asyncio.sleep(0.02)


async def _painted_while_closed(settings, user: str = "ann", error: str | None = None) -> str:
    """A bot that paints a photo sent by ``user``, whose page closed as it was painted (QA's
    qa_away1), then stops: the id of the painting's progress line the page keeps showing.
    ``error``: the painting fails instead."""
    store = Store(settings.DATA_DIR)
    queue = FakeQueue(delay=60.0, error=error)          # painted once the page has closed (finish_now)
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as client:
            page = await _page(client, user, fresh=True)
            await page.send_json({**photo_message(user, "/style gogh"), "qid": "q1"})
            [line] = [m["id"] for m in await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
                      if m["op"] == "send" and m.get("progress")]
            await page.close()
            queue.finish_now()
            await _kept(store, user)                      # answered meanwhile, no page open
            assert len(queue.jobs) == 1
    finally:
        store.close()
    return line


@pytest.mark.parametrize("hello", [{"fresh": False, "have": []}, {"fresh": True, "have": []}],
                         ids=["the old page, naming its line", "a new tab"])
async def test_a_painting_finished_while_the_page_was_closed_reaches_it_after_a_restart(settings, hello):
    line = await _painted_while_closed(settings)
    store = Store(settings.DATA_DIR)                       # the restarted bot
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
            lines = [line] if not hello["fresh"] else []
            page = await _page(client, "ann", lines=lines, **hello)
            got = await messages(page, lambda m: m["op"] == "send" and m.get("image"))
            outcome = [m for m in got if m.get("id") == line]
            assert outcome and not outcome[-1]["progress"] and outcome[-1]["text"].startswith("✅"), got
            assert "Van Gogh" in got[-1]["text"] or "Gogh" in got[-1]["text"], got[-1]["text"]
            assert not [m for m in got if m["op"] == "settled"], got          # not "settled" at "waiting in line"
            assert not [m for m in got if "Welcome back" in (m.get("text") or "")], got
            await page.close()
            again = await _page(client, "ann", lines=[], fresh=False, have=[got[-1]["id"]])
            assert not [m for m in await _quiet(again) if m.get("image")]      # once
            await again.close()
    finally:
        store.close()
    store = Store(settings.DATA_DIR)                       # and not again after the next restart
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
            page = await _page(client, "ann", lines=[], fresh=False, have=[])
            assert not [m for m in await _quiet(page) if m.get("image")]
            await page.close()
    finally:
        store.close()


async def test_what_was_kept_is_in_mydata_and_forget_user_deletes_it(settings):
    await _painted_while_closed(settings)
    store = Store(settings.DATA_DIR)
    try:
        assert store.web_results("web:ann")[1], "nothing kept"
        waiting = store.export_user("web:ann")["web_chat_results_waiting"]          # /mydata lists them
        assert {row["kind"] for row in waiting} == {"line", "reply"}, waiting
        store.forget_user("web:ann")
        assert store.web_results("web:ann") == ([], [])
    finally:
        store.close()


async def test_forgetme_in_the_chat_deletes_what_was_kept_for_the_next_visit(settings):
    await _painted_while_closed(settings)
    store = Store(settings.DATA_DIR)
    try:
        async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
            # a page open beside: the painting goes there; then /forgetme from it
            page = await _page(client, "ann", fresh=False, have=[])
            await messages(page, lambda m: m["op"] == "send" and m.get("image"))
            await _quiet(page, 0.5)
            assert store.web_results("web:ann")[0], "the line's outcome is not kept"
            await page.send_json({"user": "ann", "text": "/forgetme yes web:ann", "locale": "en-US"})
            await messages(page, lambda m: m["op"] == "forgotten")
            await _quiet(page, 0.5)
            await page.close()
        assert store.web_results("web:ann") == ([], [])
    finally:
        store.close()


async def test_what_was_kept_is_forgotten_after_the_retention_days(settings):
    await _painted_while_closed(settings)
    store = Store(settings.DATA_DIR)
    try:
        with store._writing():                               # kept 8 days ago
            store.db.execute("update web_results set at = ?", [time.time() - 8 * DAY_S])
        task = asyncio.create_task(forget_old_data(store, 30, 365))
        for _ in range(100):
            if store.web_results("web:ann") == ([], []):
                break
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert store.web_results("web:ann") == ([], [])
    finally:
        store.close()


async def test_photo_keep_days_sooner_forgets_them_sooner(settings):
    await _painted_while_closed(settings)
    store = Store(settings.DATA_DIR)
    try:
        with store._writing():
            store.db.execute("update web_results set at = ?", [time.time() - 2 * DAY_S])
        task = asyncio.create_task(forget_old_data(store, 1, 365))
        for _ in range(100):
            if store.web_results("web:ann") == ([], []):
                break
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert store.web_results("web:ann") == ([], [])
    finally:
        store.close()


async def test_a_line_settled_while_the_page_was_closed_is_settled_after_a_restart_not_lost(settings):
    """A request answered with a reply of its own leaves its progress line with no outcome:
    settled (WebResponder.settle). That is kept too, or the page naming the line after a restart
    was told the request was lost (send the photo again), though it had been answered."""
    from bot.chat import Reply
    from bot.webchat import WebChatHub, WebResponder
    from bot.webchat.kept_results import KeptResults
    from tests.bot.webchat.test_join_mid_delivery import Socket

    def hub_on(store) -> WebChatHub:
        hub = WebChatHub()
        hub.keeper = KeptResults(store, lambda chat, locale: "en")      # (no journal: nothing resumed)
        return hub

    store = Store(settings.DATA_DIR)
    try:
        hub = hub_on(store)
        out = WebResponder(page := Socket(), hub)
        await hub.join("web:ann", out, have=set(), open_lines=set())
        line = await out.send(Reply("waiting in line…", progress=True))
        page.closed = True                                      # the page closed
        hub.leave("web:ann", out)
        await out.settle([line])
    finally:
        store.close()
    store = Store(settings.DATA_DIR)                            # the restart
    try:
        hub = hub_on(store)
        again = Socket()
        await hub.join("web:ann", WebResponder(again, hub), have=set(), open_lines={line})
        said = [m for m in again.sent if m.get("id") == line]
        assert said and not said[-1]["progress"] and said[-1]["text"] == "waiting in line…", again.sent
        assert not [m for m in again.sent if m.get("text") == t("en", "web_line_lost")], again.sent
    finally:
        store.close()


class ResumingQueue(FakeQueue):
    """A queue with a journal that resumed a job of ann's whose line was ``oldrun-5``."""

    async def recovered(self):
        return [Job(id="j1", user_id="web:ann", chat_id="web:ann", image=b"", styles=[],
                    meta={"progress_line": "oldrun-5"})]


@pytest.mark.parametrize("locale, lang", [("en-US", "en"), ("ko-KR", "ko")])
async def test_a_line_from_before_a_restart_with_nothing_kept_says_it_was_lost(settings, store, locale, lang):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, ResumingQueue())))) as client:
        page = await _page(client, "ann", fresh=False, have=[], lines=["oldrun-7", "oldrun-5"], locale=locale)
        got = await _quiet(page)
        lost = [m for m in got if m.get("id") == "oldrun-7"]
        assert lost and lost[-1]["op"] == "edit" and not lost[-1]["progress"], got
        assert lost[-1]["text"] == t(lang, "web_line_lost"), got
        # the resumed job's line: settled until the job edits it, never "lost"
        assert {"op": "settled", "ids": ["oldrun-5"]} in got, got
        await page.close()


async def test_a_lost_line_is_said_in_the_default_language_where_the_users_cannot_be_read(settings, store,
                                                                                         monkeypatch):
    """The user's language unreadable (the store failing for it), no locale: DEFAULT_LANG, as
    the command layer's lang_without_store says it (kept_results had its own guess: English)."""
    from bot.store import StorageError

    def failing(user_id):
        raise StorageError("locked")

    settings.DEFAULT_LANG = "ko"
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, ResumingQueue())))) as client:
        monkeypatch.setattr(store, "prefs", failing)
        page = await _page(client, "ann", fresh=False, have=[], lines=["oldrun-7"])
        got = await _quiet(page, 0.5)
        lost = [m for m in got if m.get("id") == "oldrun-7"]
        assert lost and lost[-1]["text"] == t("ko", "web_line_lost"), got
        await page.close()


async def test_a_delivery_after_the_restart_before_the_page_opens_keeps_what_was_kept_before(settings):
    """A job resumed after the restart delivers to the user before their page opens: what the hub
    keeps of them then is what the store had, and that one, not that one alone (it replaced the
    store's copy: the painting from before the restart was deleted unseen)."""
    from bot.chat import Reply
    from bot.webchat import WebChatHub, WebResponder
    from bot.webchat.kept_results import KeptResults
    from tests.bot.webchat.test_join_mid_delivery import Socket

    def hub_on(store) -> WebChatHub:
        hub = WebChatHub()
        hub.keeper = KeptResults(store, lambda chat, locale: "en")
        return hub

    before, after = Reply("✅ A", image=b"\xff\xd8before"), Reply("✅ B", image=b"\xff\xd8after")
    store = Store(settings.DATA_DIR)
    try:
        await hub_on(store).deliver("web:ann", [before])         # no page open: kept
    finally:
        store.close()
    store = Store(settings.DATA_DIR)                          # the restart
    try:
        hub = hub_on(store)
        await hub.deliver("web:ann", [after])                    # before any page of ann's opened
        page = Socket()
        await hub.join("web:ann", WebResponder(page, hub), have=set(), open_lines=set())
        assert [m["image"] for m in page.sent if m.get("image")] == [
            payload_image(before), payload_image(after)], page.sent
    finally:
        store.close()


def payload_image(reply) -> str:
    import base64
    return "data:image/jpeg;base64," + base64.b64encode(reply.image).decode()
