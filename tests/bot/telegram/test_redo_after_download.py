"""/stronger, /weaker or a bare /hq repaint the user's last painting, whichever chat it was in,
so they wait for the user's earlier messages in every chat; but a photo still downloading in
another chat (Telegram fetches one again for up to two minutes) was waited for only the command
layer's ORDER_WAIT_S (10 s): then /weaker said "paint something first" (or repainted the
painting before) although the group's "/style monet" photo was arriving. Now it waits for the
download, as long as a download may take."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded
WAIT_S = 30.0


@pytest.mark.parametrize("redo, lang", [("/weaker", "en"), ("/더약하게", "ko")])
async def test_a_weaker_waits_for_a_photo_still_downloading_in_a_group(recorded, fake_queue, monkeypatch,
                                                                          redo, lang):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)     # shorter than the download, as 10 s is
    fake = recorded
    user = dict(ANN, language_code=lang)
    mine = make_photo(128, 96, seed=5)                        # a private photo: the artist buttons
    fake.push("message", fake.message(user, PRIVATE_ANN, photo=photo_sizes(fake, "private", mine)))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    photo = make_photo(128, 96, seed=4)
    sizes = photo_sizes(fake, "slowgroup", photo)
    fake.slow_files["slowgroup"] = 2.0
    fake.push("message", fake.message(user, GROUP, photo=sizes, caption="/style@paintbot_test_bot monet"))
    await asyncio.sleep(0.3)
    fake.push("message", fake.message(user, PRIVATE_ANN, text=redo))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    assert t(lang, "no_previous") not in texts(fake, PRIVATE_ANN["id"])
    # the group's painting, then it again on the private photo, weaker
    assert [(j.styles[0].value, j.image) for j in fake_queue.jobs] == [("monet", photo), ("monet", mine)]
    assert fake_queue.jobs[1].alpha < fake_queue.jobs[0].alpha


@pytest.mark.parametrize("redo", ["/hq", "/고화질", "/weaker", "/hq 0.5"])
async def test_a_redo_waits_past_the_order_wait_for_a_message_still_with_its_front_end(settings, store,
                                                                                      monkeypatch, redo):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.2)
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())     # the last painting so far
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    out = Recorder()
    private = asyncio.create_task(layer.handle(req(redo), out))
    await asyncio.sleep(1.0)                                    # five times the order's wait
    assert not private.done()
    group = req("/style monet", images=[make_photo(seed=2)], chat="tg:-100", community="tg:-100", mentioned=True)
    group.seq = seq
    await layer.handle(group, Recorder())
    await asyncio.wait_for(private, 2.0)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet", "monet"], out.texts
    assert out.images


async def test_the_wait_for_a_download_ends(settings, store, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    monkeypatch.setattr(layer_timing, "DOWNLOAD_WAIT_S", 0.5)
    layer = CommandLayer(settings, store, FakeQueue())
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # never comes
    out = Recorder()
    await asyncio.wait_for(layer.handle(req("/stronger"), out), 2.0)
    assert out.texts == [t("en", "no_previous")]
    layer.left(seq)
