"""A photo for the bot in a group that refuses its pictures, still being checked up front (the
bot asking Telegram for its rights there) as its sender's "/forgetme yes" deletes: the layer drops
the request (it came before the /forgetme), but _refused_up_front went on, told the user "an admin
has to allow pictures" and noted them in _media_told after the forget had cleared it. Now such a
request is dropped saying nothing and noting nothing."""
from __future__ import annotations

import asyncio

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def checked_as_forgetme_deletes(fake, file_id: str, seed: int) -> list[bool]:
    """A photo for the bot in GROUP whose up-front check waits on Telegram's answer of the rights
    while its sender's "/forgetme yes" deletes; the answer comes after "Done". What
    _refused_up_front said of that photo (True: dropped there)."""
    frontend = fake.frontend
    asking, answer, checked = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow_rights(chat, again=False):          # Telegram's answer of the rights comes late
        asking.set()
        await answer.wait()
    frontend._ask_rights = slow_rights
    refused_up_front = frontend._refused_up_front
    said = []

    async def check(req, *args, **kwargs):
        if req.chat_id != f"tg:{GROUP['id']}":          # (the private /forgetme's)
            return await refused_up_front(req, *args, **kwargs)
        try:
            said.append(await refused_up_front(req, *args, **kwargs))
            return said[-1]
        finally:
            checked.set()
    frontend._refused_up_front = check

    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, file_id, make_photo(seed=seed)),
                                      caption="/style gogh"))
    await asyncio.wait_for(asking.wait(), WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: t("en", "forgot") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    answer.set()
    await asyncio.wait_for(checked.wait(), WAIT_S)
    return said


async def test_a_photo_checked_up_front_as_forgetme_deletes_is_not_told_nor_noted(recorded, fake_queue):
    fake = recorded
    frontend = fake.frontend
    for kind in ("photo", "document"):
        frontend.refused[kind].note(GROUP["id"])
    await checked_as_forgetme_deletes(fake, "fgr1", seed=3)
    await asyncio.sleep(0.3)                            # (a note would be under way)
    assert t("en", "no_media_rights") not in texts(fake, GROUP["id"])
    assert (GROUP["id"], f"tg:{ANN['id']}") not in frontend._media_told._told, "noted after the forget"
    assert not fake_queue.jobs


async def test_a_photo_after_the_forgetme_is_still_told(recorded):
    """A guard: the user's photo sent after their /forgetme is theirs anew, told as before."""
    fake = recorded
    for kind in ("photo", "document"):
        fake.frontend.refused[kind].note(GROUP["id"])
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: t("en", "forgot") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "fgr2", make_photo(seed=4)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: t("en", "no_media_rights") in texts(fake, GROUP["id"]), timeout=WAIT_S)
