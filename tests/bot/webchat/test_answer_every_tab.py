"""A user with two tabs open saw their question in both (the page copies it, "mine") and its
answer in one: a text reply went to the page that asked only (a painting already went to every
page). A reply to a message the user's other pages show goes to them too, under the same id; so
does the user's language after it (/lang). The welcome a first visit asks for (no bubble, so not
copied) stays with its page. The layer's once-a-burst refusal is then shown on every tab: a photo
from the other tab refused quietly after it is marked "see the bot's answer above", which is true
there now; a tab opened after the refusal was said is still told it once (133399f)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer, RateLimiter
from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat.test_flood import Gated
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


def _said(got: list[dict]) -> list[dict]:
    return [m for m in got if m["op"] == "send" and not m.get("progress") and not m.get("image")]


def _photo(user: str, n: int) -> dict:
    return {**photo_message(user, "/style gogh"), "client_id": str(n)}


async def test_a_text_answer_reaches_the_users_other_tab_under_the_same_id(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, Gated())))) as c:
        a, b = await open_page(c, "ann"), await open_page(c, "ann")
        await a.send_json({"user": "ann", "text": "/status", "locale": "en-US", "client_id": "1", "shown": "/status"})
        here = _said(await messages(a, lambda m: m["op"] == "lang"))
        there = await messages(b, lambda m: m["op"] == "lang")
        assert [m["op"] for m in there][:2] == ["mine", "send"]          # the question, then its answer
        assert _said(there) == here and len(here) == 1
        await a.close()
        await b.close()


async def test_lang_in_one_tab_turns_the_other_tabs_words_too(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, Gated())))) as c:
        a, b = await open_page(c, "kim"), await open_page(c, "kim")
        await a.send_json({"user": "kim", "text": "/lang ko", "locale": "en-US", "client_id": "1"})
        await messages(a, lambda m: m["op"] == "lang")
        got = await messages(b, lambda m: m["op"] == "lang")
        assert got[-1]["lang"] == "ko" and _said(got)
        await a.close()
        await b.close()


async def test_a_message_no_tab_shows_as_a_bubble_is_answered_on_its_own_page(settings, store):
    """The welcome's /start (sent by the page itself, with no client_id: no bubble, no copy)."""
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, Gated())))) as c:
        a, b = await open_page(c, "new"), await open_page(c, "new")
        await a.send_json({"user": "new", "text": "/start", "locale": "en-US"})
        assert _said(await messages(a, lambda m: m["op"] == "lang"))
        await a.send_json({"user": "new", "text": "/status", "locale": "en-US", "client_id": "2"})
        await messages(a, lambda m: m["op"] == "lang")
        got = await messages(b, lambda m: m["op"] == "lang")
        assert [m["op"] for m in got] == ["mine", "send", "lang"]     # the /status, not the welcome
        await a.close()
        await b.close()


async def test_the_refusal_is_on_both_tabs_and_the_other_tabs_photo_is_marked(settings, store):
    queue = Gated()                     # the paintings stay under way: 2 at most
    layer = CommandLayer(settings.model_copy(update={"MAX_PENDING_PER_USER": 2}), store, queue)
    async with TestClient(TestServer(create_app(layer))) as c:
        a, b = await open_page(c, "ann"), await open_page(c, "ann")
        for n in range(3):              # two under way, the third refused: on tab A, and on tab B
            await a.send_json(_photo("ann", n))
            await messages(a, lambda m: m["op"] == "lang" or m.get("progress") is True)
            seen_on_b = await messages(b, lambda m: m["op"] == "lang" or m.get("progress") is True)
        refusal = _said(seen_on_b)
        assert len(refusal) == 1 and "/cancel" in refusal[0]["text"]
        await b.send_json(_photo("ann", 10))       # refused quietly: marked, its answer above on B too
        got = await messages(b, lambda m: m["op"] == "unanswered")
        assert got[-1]["client_id"] == "10" and not _said(got)
        # a tab opened after the refusal was said has not seen it: told it, once
        late = await open_page(c, "ann")
        await late.send_json(_photo("ann", 20))
        got = await messages(late, lambda m: m["op"] == "lang")
        assert [m["text"] for m in _said(got)] == [refusal[0]["text"]]
        # (and the photo is marked not taken on itself, as each photo a limit refused: p_flood)
        assert [m["text"] for m in got if m["op"] == "unanswered"] == [t("en", "web_not_taken")]
        queue.gate.set()
        for ws in (a, b, late):
            await ws.close()


async def test_slow_down_said_on_one_tab_is_shown_on_the_other(settings, store):
    layer = CommandLayer(settings, store, Gated())
    layer.chatter = RateLimiter(2, 20.0, layer.clock)
    async with TestClient(TestServer(create_app(layer))) as c:
        a, b = await open_page(c, "kim"), await open_page(c, "kim")
        for n in range(3):
            await a.send_json({"user": "kim", "text": "/status", "locale": "en-US", "client_id": str(n)})
            await messages(a, lambda m: m["op"] == "lang")
            on_b = await messages(b, lambda m: m["op"] == "lang")
        assert "faster than i can answer" in _said(on_b)[-1]["text"].lower()
        await b.send_json({"user": "kim", "text": "/help", "locale": "en-US", "client_id": "7"})
        got = await messages(b, lambda m: m["op"] == "unanswered")
        assert got[-1]["text"] == t("en", "web_unanswered") and not _said(got)
        await a.close()
        await b.close()


async def test_the_pages_own_busy_refusal_is_shown_on_the_other_tab_too(settings, store, monkeypatch):
    """The page's cap on messages under way ("still answering your earlier messages"): the other
    tab shows the refused photo's copy, and now the refusal under it."""
    from bot import webchat
    monkeypatch.setattr(webchat, "BUSY_QUIET_S", 600.0)
    queue = Gated()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        a, b = await open_page(c, "zed"), await open_page(c, "zed")
        cap = settings.MAX_PENDING_PER_USER + webchat.IN_FLIGHT_SPARE
        for n in range(cap + 2):
            await a.send_json({**_photo("zed", n), "qid": f"q{n}"})
        busy = t("en", "web_busy")
        got = await messages(b, lambda m: m.get("text") == busy)
        # the next one refused: marked (and the one told, not taken: p_flood)
        got += await messages(b, lambda m: m["op"] == "unanswered" and m["qid"] == f"q{cap + 1}")
        assert [m["qid"] for m in got if m["op"] == "unanswered"] == [f"q{cap}", f"q{cap + 1}"]
        assert [m["op"] for m in got].count("mine") >= cap + 1
        queue.gate.set()
        await a.close()
        await b.close()
