"""Two Korean details. A decomposed "/크기 256" (each syllable as its letters: macOS and some
keyboards send NFD) was not seen as a setting when it came (USER_WIDE_TEXT), so a private photo
sent just after it in a group did not wait, and was painted at the old size; it is now. And
"/setstyle 해제 50%" answered "/strength 0.5 를 보내 주세요" (an English command, the particle
after a space): it names /강도 now."""
from __future__ import annotations

import asyncio
import unicodedata

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 5.0)


async def test_a_decomposed_korean_size_is_waited_for_across_chats(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    text = unicodedata.normalize("NFD", "/크기 256")
    seq = layer.arrive("tg:1", "tg:-100", text)       # numbered; not with the layer yet
    private = asyncio.create_task(layer.handle(req("/style monet", images=[make_photo()]), Recorder()))
    await asyncio.sleep(0.2)
    assert not private.done()
    size = req(text, **GROUP)
    size.seq = seq
    await layer.handle(size, Recorder())
    await private
    assert layer.queue.jobs[0].max_side == 256


async def test_setstyle_off_with_a_strength_names_the_korean_command(layer, store):
    await say(layer, "/setstyle monet", locale="ko")
    out = await say(layer, "/기본화가 해제 50%", locale="ko")
    assert store.prefs("tg:1").default_style is None
    assert out.texts[0].startswith(t("ko", "setstyle_cleared"))
    assert "/강도 0.5" in out.texts[0] and " 를" not in out.texts[0], out.texts
