"""A repaint (/weaker) sent in the chat where the user's photo is still downloading: Telegram's
front-end holds it there until the photo is with the command layer (up to 150 s), and said
nothing meanwhile, where the same repaint waiting for a photo of another chat says once that it
waits for the photo (waiting_for_photo, a64a263). It says so here too, once, in the user's
language; and a /cancel ends that hold at once, as it ends the layer's wait."""
from __future__ import annotations

import asyncio

from bot import layer_timing
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 30.0
SLOW_S = 2.0        # the photo's download


def quick(monkeypatch) -> None:
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.3)
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.3)


async def painted_then_slow_photo(fake, fake_queue, user: dict, chat: dict, file_id: str,
                                  slow: float = SLOW_S) -> None:
    """The user's first painting, then a photo of theirs slow to download (``slow`` s), in ``chat``."""
    fake.push("message", fake.message(user, chat, photo=photo_sizes(fake, file_id + "a", make_photo(seed=1)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", chat["id"]), timeout=WAIT_S)
    fake.slow_files[file_id] = slow
    fake.push("message", fake.message(user, chat, photo=photo_sizes(fake, file_id, make_photo(seed=2)),
                                      caption="/style monet"))
    await fake.wait_for(lambda: any(path.endswith(file_id) for path in fake.downloads), timeout=WAIT_S)


async def test_a_repaint_held_for_its_chats_photo_says_so_once(recorded, fake_queue, monkeypatch):
    quick(monkeypatch)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, ANN, PRIVATE_ANN, "wn1")
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/weaker"))
    note = t("en", "waiting_for_photo")
    await fake.wait_for(lambda: note in texts(fake, PRIVATE_ANN["id"]), timeout=SLOW_S - 0.5)
    assert "/weaker" not in [r.text for r in fake.requests]     # still held by the front-end
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert [j.styles[0].value for j in fake_queue.jobs] == ["gogh", "monet", "monet"]
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", PRIVATE_ANN["id"])) == 3, timeout=WAIT_S)
    assert texts(fake, PRIVATE_ANN["id"]).count(note) == 1


async def test_in_the_users_language(recorded, fake_queue, monkeypatch):
    quick(monkeypatch)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, MINSU, PRIVATE_MINSU, "wn2")
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, text="/더약하게"))
    note = t("ko", "waiting_for_photo")
    await fake.wait_for(lambda: note in texts(fake, PRIVATE_MINSU["id"]), timeout=SLOW_S - 0.5)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)


async def test_not_said_for_a_painting_of_its_own(recorded, fake_queue, monkeypatch):
    """"/style klimt" held for the photo paints that photo, not one painted before: "I'll paint
    it again" is not what it does (the layer says it for a repaint alone)."""
    quick(monkeypatch)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, ANN, PRIVATE_ANN, "wn3")
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style klimt"))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert t("en", "waiting_for_photo") not in texts(fake, PRIVATE_ANN["id"])


async def test_a_cancel_ends_the_hold_at_once(recorded, fake_queue, monkeypatch):
    quick(monkeypatch)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, ANN, PRIVATE_ANN, "wn4", slow=4.0)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/weaker"))
    await asyncio.sleep(0.1)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    # the /weaker is handed on, and ends, before the photo is there
    await fake.wait_for(lambda: "/weaker" in [r.text for r in fake.handled], timeout=1.5)
    assert len(fake_queue.jobs) == 1 and "/style monet" not in [r.text for r in fake.handled]
    await fake.wait_for(lambda: len(fake.handled) == 4, timeout=WAIT_S)      # the photo, the /cancel
    assert [j.styles[0].value for j in fake_queue.jobs] == ["gogh"]          # nothing painted after it


async def test_handed_on_as_soon_as_the_photo_is_there(recorded, fake_queue, monkeypatch):
    """A photo there before the note's time: nothing said, and the repaint not held longer."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 5.0)
    fake = recorded
    await painted_then_slow_photo(fake, fake_queue, ANN, PRIVATE_ANN, "wn5", slow=0.5)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/weaker"))
    began = asyncio.get_running_loop().time()
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert asyncio.get_running_loop().time() - began < 3.0      # not the note's 5 s
    assert t("en", "waiting_for_photo") not in texts(fake, PRIVATE_ANN["id"])
