"""Telegram: a user's photo still downloading in a group held up their private paintings for
the command layer's ORDER_WAIT_S (10 s): the front-end numbered it (layer.arrive) without its
chat, and the layer waited for it as for any message of unknown chat. A private painting now goes
on at once; a private /size, a setting the group's photo reads, still waits for it."""
from __future__ import annotations

import time

import pytest

from bot import layer_timing

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

SLOW_S = 3.0         # the group's photo on a slow link
WAIT_S = 30.0


@pytest.fixture(autouse=True)
def order_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 8.0)      # longer than the download


def downloading(fake, file_id: str) -> bool:
    return any(path.endswith(file_id) for path in fake.downloads)


async def slow_group_photo(fake, file_id: str, seed: int) -> None:
    """Ann's photo captioned "/style gogh" in the group, its download under way."""
    fake.slow_files[file_id] = SLOW_S
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, file_id, make_photo(128, 96, seed=seed)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: downloading(fake, file_id), timeout=WAIT_S)


async def test_a_private_painting_is_not_held_up_by_a_group_photo_downloading(recorded, fake_queue):
    fake = recorded
    await slow_group_photo(fake, "api_g1", seed=1)
    sent = time.monotonic()
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "api_p1", make_photo(seed=2)),
                                      caption="/style monet"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    took = time.monotonic() - sent
    # the private painting is in the queue first, while the group's photo is still downloading
    assert [j.chat_id for j in fake_queue.jobs] == [f"tg:{PRIVATE_ANN['id']}"], took
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)       # the group's is painted too
    assert fake_queue.jobs[1].chat_id == f"tg:{GROUP['id']}"


async def test_a_private_size_still_waits_for_the_group_photo_sent_before_it(recorded, fake_queue):
    fake = recorded
    await slow_group_photo(fake, "api_g2", seed=3)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    # answered only once the group's photo, sent first (it reads the size before), is in the queue
    assert [j.chat_id for j in fake_queue.jobs] == [f"tg:{GROUP['id']}"]
