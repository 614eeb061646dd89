"""A refusal the command layer says once a burst is said once per chat, and a user's tabs share
one chat: tab A told "you already have 2 paintings in progress", a photo sent from tab B just
after was refused with nothing said there, and a95008e marked its bubble "no reply of its own:
see the bot's answer above", an answer tab B never showed (it went to tab A). The page that has
not been told that refusal is told it (once, as tab A was), its bubble then answered; a page
that was told it gets the mark, as before. Since 4ff7bbb an answer to a message copied to the
user's other tabs goes to each of them, so tab B is shown tab A's refusal as it is said: the
two tests of a tab never shown it are gone; tests/bot/test_answer_every_tab.py covers a
tab opened after the refusal (told it once) and a tab shown it (its own photo marked)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer, RateLimiter
from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat.test_flood import Gated
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


def _photo(n: int) -> dict:
    return {**photo_message("ann", "/style gogh"), "client_id": str(n)}


def _refusals(got: list[dict]) -> list[str]:
    return [m["text"] for m in got if m["op"] == "send" and not m.get("progress") and not m.get("image")]


async def test_a_marked_message_says_so_in_korean_too(settings, store):
    layer = CommandLayer(settings, store, Gated())
    layer.chatter = RateLimiter(1, 20.0, layer.clock)
    async with TestClient(TestServer(create_app(layer))) as c:
        a = await open_page(c, "min")
        for n in range(3):
            await a.send_json({"user": "min", "text": "/status", "locale": "ko-KR", "client_id": str(n)})
            got = await messages(a, lambda m: m["op"] == "lang")
        assert [m["text"] for m in got if m["op"] == "unanswered"] == [t("ko", "web_unanswered")]
        await a.close()


async def test_the_refusal_said_on_the_other_tab_is_the_one_said_once_a_burst(settings, store):
    """Not any refusal of that kind of request: "/style nosuch" told "no such style" on tab A after
    the limit; tab B's photo, refused for the limit, is told the limit."""
    queue = Gated()
    layer = CommandLayer(settings.model_copy(update={"MAX_PENDING_PER_USER": 2}), store, queue)
    async with TestClient(TestServer(create_app(layer))) as c:
        a, b = await open_page(c, "ann"), await open_page(c, "ann")
        said = []
        for n in range(3):
            await a.send_json(_photo(n))
            said += await messages(a, lambda m: m["op"] == "lang" or m.get("progress") is True)
        limit = _refusals(said)
        await a.send_json({"user": "ann", "text": "/style nosuchpainter", "locale": "en-US", "client_id": "5"})
        other = _refusals(await messages(a, lambda m: m["op"] == "lang"))
        assert other and other != limit              # a refusal of its own, said
        await b.send_json(_photo(10))
        got = await messages(b, lambda m: m["op"] == "lang")
        assert _refusals(got) == limit
        queue.gate.set()
        await a.close()
        await b.close()


def test_the_once_a_burst_refusals_are_told_from_others():
    from bot.commands import Reply
    from bot.webchat import quiet_refusal
    assert quiet_refusal(Reply(t("en", "too_many_pending", count=1)))       # its "_one" text too
    assert quiet_refusal(Reply(t("ko", "too_many_messages", seconds=3)))
    assert not quiet_refusal(Reply(t("en", "engine_error")))
    assert not quiet_refusal(Reply(t("en", "unknown_style", name="x")))
