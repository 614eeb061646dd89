"""A repaint's note that it waits for the user's photo (waiting_for_photo) was said in their
language as the repaint came: a "/lang ko" sent just before it, itself waiting for the same
photo (a setting waits for the user's earlier messages), made the note English, then the
painting's words Korean. The note is in the language that /lang sets now."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import Recorder
from tests.bot.test_commands import req
from tests.bot.test_redo_waiting import group_photo, painted_once
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts
from tests.bot.telegram.test_same_chat_note import SLOW_S, WAIT_S, painted_then_slow_photo

recorded = test_telegram.recorded


@pytest.fixture
def slow_order(monkeypatch):
    """The order's wait longer than the note's, as 10 s is longer than 4 s: the /lang still waits
    for the photo when the note is said."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 1.0)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.3)
    monkeypatch.setattr(layer_timing, "DOWNLOAD_WAIT_S", 10.0)


async def test_a_lang_waiting_for_the_same_photo_sets_the_notes_language(settings, store, slow_order):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    lang = asyncio.create_task(layer.handle(req("/lang ko"), Recorder()))
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.6)                                    # past the note's time, the /lang still waiting
    assert not lang.done()
    assert out.texts == [t("ko", "waiting_for_photo")]
    await layer.handle(group_photo(seq), Recorder())
    await asyncio.wait_for(asyncio.gather(lang, private), 3.0)
    assert out.images


async def test_a_lang_handled_meanwhile_sets_it_too(settings, store, monkeypatch):
    """The /lang done before the note is said (its own wait shorter): the language is read again."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.4)
    monkeypatch.setattr(layer_timing, "DOWNLOAD_WAIT_S", 10.0)
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    lang = asyncio.create_task(layer.handle(req("/lang ko"), Recorder()))
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.7)
    assert lang.done() and out.texts == [t("ko", "waiting_for_photo")]
    await layer.handle(group_photo(seq), Recorder())
    await asyncio.wait_for(private, 3.0)


async def test_a_lang_held_by_telegram_for_the_same_photo(recorded, fake_queue, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.3)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, ANN, PRIVATE_ANN, "wl1")
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/lang ko"))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/weaker"))
    note = t("ko", "waiting_for_photo")
    await fake.wait_for(lambda: note in texts(fake, PRIVATE_ANN["id"]), timeout=SLOW_S - 0.5)
    assert t("ko", "lang_done") not in texts(fake, PRIVATE_ANN["id"])      # the /lang still held
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
