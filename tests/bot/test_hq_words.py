"""/hq's words were read two ways: cmd_style takes a note on the lines under them off ("/hq 0.5"
then "please": a bare /hq at half strength, the user's last painting again), while the order of
messages (_redoes_last) read every line, saw a word, and waited only for the same chat's earlier
messages. So "/hq 0.5" + a note line, sent privately just after "/style monet" in a group whose
photo was still downloading, redid the painting before it (gogh). Both read the words the same
way now: such an /hq waits, as a bare /hq does; an /hq with a word that is no style is the
unknown-style reply, as /style's, and waits for no other chat."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 5.0)


@pytest.mark.parametrize("redo, lang", [("/hq 0.5\nplease", "en"), ("/hq 0.5 #cat\nmy cat", "en"),
                                        ("/고화질 0.5\n우리 고양이", "ko"), ("/고화질 50%\n부탁해요", "ko")])
async def test_an_hq_with_a_note_line_waits_for_a_group_painting_sent_before_it(settings, store, redo, lang):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)], locale=lang), Recorder())
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading
    out = Recorder()
    private = asyncio.create_task(layer.handle(req(redo, locale=lang), out))
    await asyncio.sleep(0.2)
    assert not private.done()
    group = req("/style monet", images=[make_photo(seed=2)], locale=lang, **GROUP)
    group.seq = seq
    await layer.handle(group, Recorder())
    await asyncio.wait_for(private, 2.0)
    jobs = layer.queue.jobs
    assert [(j.styles[0].value, j.method) for j in jobs][1:] == [("monet", "auto"), ("monet", "gatys")]
    assert out.images                                            # painted, not refused


@pytest.mark.parametrize("text, lang, word", [("/hq please", "en", "please"), ("/hq gohg please", "en", "gohg"),
                                              ("/고화질 부탁해요", "ko", "부탁해요"), ("/고화질 고흐흐", "ko", "고흐흐")])
async def test_an_hq_with_a_word_that_is_no_style_is_the_unknown_style_reply(settings, store, text, lang, word):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)], locale=lang), Recorder())
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # another chat's: not waited for
    out = Recorder()
    await asyncio.wait_for(layer.handle(req(text, locale=lang), out), 2.0)
    style = Recorder()
    await layer.handle(req(text.replace("/hq", "/style").replace("/고화질", "/스타일"), locale=lang), style)
    layer.left(seq)
    assert len(layer.queue.jobs) == 1                           # nothing painted
    said = out.texts[0]
    assert said.startswith(t(lang, "unknown_style", name=word)), said
    assert said == style.texts[0]                                # as /style says it
    buttons = [b.command for row in out.sent[0].buttons or [] for b in row]
    assert all(b.startswith("/hq ") for b in buttons)           # its suggestions paint in high quality
