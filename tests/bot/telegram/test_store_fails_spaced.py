"""With the store failing, whether a message is for the bot is read as parse and is_ours read it,
the artists the only styles known (CommandLayer.ours_without_store). It was read otherwise: in a
group "/ gogh" (a phone's space after the slash), ours, got nothing, and "/style_nosuch", which
may be another bot's (no style of that name is ours), was told "a storage problem"; the Telegram
front-end's own failures read them alike."""
from __future__ import annotations

import sqlite3

import pytest

from bot.messages import t

from tests.bot import test_store_fails_unaddressed as test_store_fails_unaddressed

from tests.bot.telegram import test_telegram
from tests.bot.test_commands import say
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded                 # the fixtures: the fake Telegram, the store locked
locked_store = test_store_fails_unaddressed.locked_store

G = dict(user="tg:5", chat="tg:-100", community="tg:-100")
WAIT_S = 20.0


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_ours_in_a_group_as_the_normal_path_reads_it(layer, locked_store, photo, lang):
    told = [t(lang, "storage_problem")]
    assert (await say(layer, "/ gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/ style gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/style_gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/ gogh", images=[photo], locale=lang)).texts == told      # a private chat


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_not_ours_in_a_group_gets_nothing(layer, locked_store, photo, lang):
    assert (await say(layer, "/style_nosuch", images=[photo], locale=lang, **G)).sent == []
    assert (await say(layer, "/hq_nosuch", locale=lang, **G)).sent == []
    assert (await say(layer, "/ sticker cat", locale=lang, **G)).sent == []
    assert (await say(layer, "/nosuch", locale=lang, **G)).sent == []


def parse_locked(layer) -> list:
    """The layer's parse (which reads the store: community styles) fails, as SQLite's lock does."""
    failed = []

    def locked(req):
        failed.append(req.text)
        exc = sqlite3.OperationalError("database is locked")
        exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise exc

    layer.parse = locked
    return failed


async def test_the_telegram_front_ends_failure_reads_them_alike(recorded):
    fake = recorded
    failed = parse_locked(fake.frontend.layer)
    fake.push("message", fake.message(ANN, GROUP, text="/style_nosuch"))
    fake.push("message", fake.message(MINSU, GROUP, text="/ gogh"))
    await fake.wait_for(lambda: t("ko", "storage_problem") in texts(fake, GROUP["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(failed) == 2, timeout=WAIT_S)
    assert texts(fake, GROUP["id"]) == [t("ko", "storage_problem")]
