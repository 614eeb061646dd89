"""English replies say "1 painting" and "2 paintings", never "1 paintings" or "painting(s)";
Korean, which has no plural, reads as before ("그림 1장")."""
import re

import pytest

from bot.messages import t, table
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say


def test_no_english_reply_hedges_its_plural():
    hedged = {key: text for key, text in table("en").items() if re.search(r"\w\((s|es)\)", text)}
    assert not hedged


@pytest.mark.parametrize("key,params,one,many", [
    ("cancelled_jobs", {}, "Cancelled 1 painting.", "Cancelled 2 paintings."),
    ("too_many_pending", {}, "have 1 painting in progress", "2 paintings in progress"),
    ("addstyle_working", {}, "Studying 1 painting…", "Studying 2 paintings…"),
    ("addstyle_done_own", dict(name="Ink", command="/ink"), "from 1 painting.", "from 2 paintings."),
    ("addstyle_limit", dict(limit=1), "has 1 style;", "has 2 styles;"),
])
def test_one_and_many(key, params, one, many):
    assert one in t("en", key, count=1, **params)
    assert many in t("en", key, count=2, **params)
    assert "(s)" not in t("en", key, count=1, **params)
    assert t("ko", key, count=1, **params) == table("ko")[key].format(count=1, **params)    # Korean: one text


def test_minutes_and_attempts():
    assert "about a minute." in t("en", "busy", minutes=1)
    assert "about 3 minutes." in t("en", "busy", minutes=3)
    assert "crashed on this one" in t("en", "dead_letter", attempts=1)
    assert "crashed 3 times" in t("en", "dead_letter", attempts=3)
    assert "1분" in t("ko", "busy", minutes=1)


async def test_a_style_from_one_painting_says_so(layer):
    out = await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=1)])
    assert "from 1 painting." in out.texts[-1], out.texts
    out = await say(layer, "/addstyle Wash", images=[make_photo(80, 80, seed=2), make_photo(80, 80, seed=3)])
    assert "from 2 paintings." in out.texts[-1], out.texts
    listing = "\n".join((await say(layer, "/communitystyles")).texts)
    assert "Ink, 1 painting," in listing and "Wash, 2 paintings," in listing, listing
    listing = "\n".join((await say(layer, "/communitystyles", locale="ko")).texts)
    assert "그림 1장" in listing and "그림 2장" in listing, listing


async def test_one_painting_in_progress(settings, store, photo):
    import asyncio

    from bot.commands import CommandLayer

    from tests.bot.conftest import FakeQueue, Recorder
    from tests.bot.test_commands import req

    settings.MAX_PENDING_PER_USER = 1
    layer = CommandLayer(settings, store, FakeQueue(delay=0.5))
    first = asyncio.ensure_future(layer.handle(req("/style gogh", images=[photo]), Recorder()))
    await asyncio.sleep(0.1)
    out = await say(layer, "/style monet", images=[photo])
    assert out.texts == ["You already have 1 painting in progress; wait for it to finish, or use /cancel."]
    cancel = await say(layer, "/cancel")
    await first
    assert cancel.texts in (["Cancelled 1 painting."], [t("en", "nothing_to_cancel")])
