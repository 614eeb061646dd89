"""A stop that cuts off a web chat answer whose painting is (maybe) done must not have the page send
the message again unasked ("again"): the restarted bot painted it a second time. Not where the
layer was done with it (cut off as its lines were settled: nothing to tell at all), nor where a
painting of its answer went out already, nor where its answer would not end once cancelled (the
layer notes a held-over painting as it ends: not known yet). Those two are told, and the user
decides: the first to send again only the photos whose paintings they did not get
(album_cut_off_restarting, as on Telegram and Discord: "send it again" had them resend it whole),
the second busy_restarting. (The cut-off itself: test_cut_off_at_stop.)"""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.chat import Reply
from bot.commands import CommandLayer
from bot.messages import t
import bot.webchat as webchat
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_cut_off_at_stop import JournaledQueue, stop_with
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


async def _cut_off(settings, store, handle, monkeypatch, user: str, until, locale: str = "en-US",
                   photos: int = 1) -> list[dict]:
    """The page's ``photo_message`` (of ``photos`` pictures) answered by ``handle``, the server
    stopped once the page got what ``until`` waits for: what the page got until it was closed."""
    layer = CommandLayer(settings, store, FakeQueue())
    monkeypatch.setattr(layer, "handle", handle)
    app = create_app(layer)
    client = TestClient(TestServer(app))
    await client.start_server()
    page = await open_page(client, user)
    message = photo_message(user, "/style monet")
    more = {"images": [message["image"]] * (photos - 1)} if photos > 1 else {}
    await page.send_json({**message, **more, "qid": f"q-{user}", "locale": locale})
    await messages(page, until)
    try:
        [got] = await stop_with(client, page)
    finally:
        for task in list(app[webchat.TASKS]):     # (one that would not end: not left behind)
            task.cancel()
    return got


async def painted_then_slow(req, out) -> None:
    await out.send(Reply(text="done", image=make_photo(64, 48)))
    await asyncio.sleep(60)                  # (the album's next photo, a hint: still under way at the stop)


@pytest.mark.parametrize("locale, lang", [("en-US", "en"), ("ko-KR", "ko")])
async def test_an_answer_cut_off_after_its_painting_went_out_is_not_sent_again(locale, lang, settings, store,
                                                                               monkeypatch):
    got = await _cut_off(settings, store, painted_then_slow, monkeypatch, "ida",
                         lambda m: m["op"] == "send" and m.get("image"), locale, photos=2)
    assert not [m for m in got if m.get("again")], got          # sent again, it was painted twice
    assert {"op": "unanswered", "client_id": "1", "qid": "q-ida",
            "text": t(lang, "album_cut_off_restarting")} in got, got


async def test_a_picture_cut_off_after_its_painting_went_out_is_neither_told_nor_sent_again(settings, store,
                                                                                          monkeypatch):
    """One picture: its painting is there (only its end line was cut off), nothing to send again;
    "I couldn't finish your album" (album_cut_off_restarting) confused its user."""
    got = await _cut_off(settings, store, painted_then_slow, monkeypatch, "ivy",
                         lambda m: m["op"] == "send" and m.get("image"))
    assert not [m for m in got if m.get("again")], got
    assert [m for m in got if m["op"] == "unanswered"] == [], got


async def test_an_answer_the_layer_was_done_with_is_not_told_at_all(settings, store, monkeypatch):
    async def painted(req, out) -> None:
        await out.send(Reply(text="done", image=make_photo(64, 48)))

    async def slow_settle(self, ids) -> None:    # the answer's last steps, after the layer's
        await asyncio.sleep(60)

    monkeypatch.setattr(webchat.WebResponder, "settle", slow_settle)
    got = await _cut_off(settings, store, painted, monkeypatch, "jo",
                         lambda m: m["op"] == "send" and m.get("image"))
    assert [m for m in got if m["op"] == "unanswered"] == [], got


async def test_an_answer_that_would_not_end_once_cut_off_is_not_sent_again(settings, store, monkeypatch):
    async def ends_late(req, out) -> None:
        await out.send(Reply(text="painting…", progress=True))
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            await asyncio.sleep(30)              # (its held-over painting noted only as it ends)
            raise

    got = await _cut_off(settings, store, ends_late, monkeypatch, "kai",
                         lambda m: m["op"] == "send" and m.get("progress"))
    assert not [m for m in got if m.get("again")], got
    assert {"op": "unanswered", "client_id": "1", "qid": "q-kai", "text": t("en", "busy_restarting")} in got, got


async def test_an_album_whose_first_photo_was_held_over_names_the_photos_to_send_again(settings, store):
    # (held over, the first is painted after the restart: the whole message sent again painted it twice)
    queue = JournaledQueue(delay=60.0)
    client = TestClient(TestServer(create_app(CommandLayer(settings, store, queue))))
    await client.start_server()
    page = await open_page(client, "lia")
    message = photo_message("lia", "/style monet")
    await page.send_json({**message, "images": [message["image"]], "qid": "q-album"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
    [got] = await stop_with(client, page)
    assert not [m for m in got if m.get("again")], got
    assert {"op": "unanswered", "client_id": "1", "qid": "q-album",
            "text": t("en", "album_last_restarting", n=1)} in got, got
