"""What a command waits for among the user's earlier photos still downloading: those sent in the
same chat (the last photo is the chat's), and not an /addstyle's (nothing later reads them)."""
from __future__ import annotations

from bot import layer_timing

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 30.0


def downloading(fake, file_id: str) -> bool:
    return any(path.endswith(file_id) for path in fake.downloads)


async def test_a_private_command_does_not_wait_for_a_photo_downloading_in_a_group(recorded, fake_queue, monkeypatch):
    """Ann's photo captioned "/style gogh" in a group downloads slowly; her "/size small" in her
    private chat waited for it (up to two downloads' patience, minutes), though what it sets has
    nothing to do with the group's photo. Now it is answered while the photo downloads; the
    photo is still painted. (ORDER_WAIT_S, the layer's own wait, is made short.)"""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    fake = recorded
    fake.slow_files["fw1"] = 4.0
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "fw1", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: downloading(fake, "fw1"), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert [r.text for r in fake.requests] == ["/size small"], [r.text for r in fake.requests]
    await fake.wait_for(lambda: len(fake_queue.jobs) == 1, timeout=WAIT_S)


async def test_a_command_does_not_wait_for_an_addstyles_downloads(recorded, fake_queue, monkeypatch):
    """"/addstyle Dusk" with a painting slow to download, then "/size small": the /size waited
    for the download, which nothing it does reads. Now it is answered at once."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    fake = recorded
    fake.slow_files["fw2"] = 4.0
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fw2", make_photo(seed=5)),
                                      caption="/addstyle Dusk"))
    await fake.wait_for(lambda: downloading(fake, "fw2"), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert [r.text for r in fake.requests] == ["/size small"], [r.text for r in fake.requests]
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
