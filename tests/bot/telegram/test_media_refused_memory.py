"""A group where the bot may not post pictures: once Telegram refused a painting there, the
chat's next painting requests are refused up front (nothing downloaded, nothing painted), until a
picture goes through there again or MEDIA_REFUSAL_KEPT_S passes."""
from __future__ import annotations

import asyncio

from bot import telegram_bot
from bot.commands import Reply
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0
REFUSED = t("en", "no_media_rights")


def refuse_media(fake) -> None:
    fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")
    fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")


def said(fake, text: str) -> int:
    return sum(1 for s in texts(fake, GROUP["id"]) if text in s)


async def paint(fake, user: dict, key: str, caption: str = "/style gogh") -> None:
    fake.push("message", fake.message(user, GROUP, photo=photo_sizes(fake, key, make_photo(96, 72)), caption=caption))


async def test_the_second_painting_in_a_chat_refusing_pictures_is_refused_before_painting(recorded, fake_queue):
    """The first photo was painted and refused; so was each one after it (the engine's time spent
    on paintings that could not be sent). Now the next request in that chat, anyone's, is told at
    once, in its user's language, without being downloaded or painted."""
    fake = recorded
    refuse_media(fake)
    await paint(fake, ANN, "mr1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
    await paint(fake, ANN, "mr2")
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    await paint(fake, MINSU, "mr3", "/style 고흐")
    await fake.wait_for(lambda: said(fake, t("ko", "no_media_rights")) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1                     # not painted
    assert not any("mr2" in d or "mr3" in d for d in fake.downloads), fake.downloads
    assert [m for m, _, _ in fake.calls if m.startswith(("sendPhoto", "sendDocument"))] == \
        ["sendPhoto:400", "sendDocument:400"]


async def test_a_burst_in_such_a_chat_is_told_once(recorded, fake_queue):
    fake = recorded
    refuse_media(fake)
    await paint(fake, ANN, "mb0")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    for i in range(1, 6):
        await paint(fake, ANN, f"mb{i}")
    await asyncio.sleep(1.5)
    assert said(fake, REFUSED) == 2, texts(fake, GROUP["id"])
    assert len(fake_queue.jobs) == 1


async def test_a_picture_sent_there_again_ends_it(recorded, fake_queue):
    """An admin gave the right back: a painting delivered there (a restart's) clears it at once."""
    fake = recorded
    refuse_media(fake)
    await paint(fake, ANN, "mc1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.refuse.clear()
    await fake.frontend.deliver(f"tg:{GROUP['id']}", [Reply("x", image=make_photo(96, 72))], user_id="tg:1",
                                origin={"name": "Ann"})
    await paint(fake, ANN, "mc2")
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2 and len(fake.sent("sendPhoto", GROUP["id"])) == 2,
                        timeout=WAIT_S)


async def test_it_is_forgotten_after_a_while(recorded, fake_queue, monkeypatch):
    fake = recorded
    refuse_media(fake)
    now = [1000.0]
    for refusals in fake.frontend.refused.values():
        refusals.clock = lambda: now[0]
    await paint(fake, ANN, "md1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    now[0] += telegram_bot.REFUSAL_KEPT_S + 1
    fake.refuse.clear()
    await paint(fake, ANN, "md2")
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2 and fake.sent("sendPhoto", GROUP["id"]), timeout=WAIT_S)
