"""The "not taken" mark (27fe40c) on each copy of a refused photo, and on nothing else: the user's
other tabs show a copy of the photo and a page back from a reload shows it again, and each must
mark it on the photo as the page that sent it does (``not_taken``), not with the plain "no reply
of its own" line under it. A /cancel sent with a picture is not a photo a limit turned away: its
silence keeps the plain mark, and its refusal said once a burst is its whole answer."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import HUB, create_app

from tests.bot.test_cancel_requests import held_checks, until
from tests.bot.webchat.test_flood import Gated
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


def _photo(n: int) -> dict:
    return {**photo_message("ann", "/style gogh"), "client_id": str(n), "qid": f"q{n}"}


def _layer(settings, store, queue) -> CommandLayer:
    return CommandLayer(settings.model_copy(update={"MAX_PENDING_PER_USER": 2}), store, queue)


async def test_the_other_tab_marks_its_copy_of_a_refused_photo_not_taken(settings, store):
    queue = Gated()                                 # the two taken stay under way
    async with TestClient(TestServer(create_app(_layer(settings, store, queue)))) as c:
        a, b = await open_page(c, "ann"), await open_page(c, "ann")
        for n in range(4):                          # 2 taken, the third told the limit, the fourth not
            await a.send_json(_photo(n))
        await messages(a, lambda m: m["op"] == "unanswered" and m.get("client_id") == "3")
        there = await messages(b, lambda m: m["op"] == "unanswered" and m["qid"] == "q3")
        marks = [m for m in there if m["op"] == "unanswered"]
        assert [(m["qid"], m["text"], m.get("not_taken")) for m in marks] == \
            [(f"q{n}", t("en", "web_not_taken"), True) for n in (2, 3)]
        queue.gate.set()
        await a.close()
        await b.close()


async def test_a_page_back_from_a_reload_marks_the_photo_not_taken(settings, store):
    queue, held = Gated(), asyncio.Event()
    layer = _layer(settings, store, queue)
    handle, handled = layer.handle, []

    async def third_held(req, out):             # the third photo's answer ends while its page reloads
        handled.append(req)
        if len(handled) == 3:
            await held.wait()
        await handle(req, out)

    layer.handle = third_held
    app = create_app(layer)
    async with TestClient(TestServer(app)) as c:
        tab = await open_page(c, "ann")
        for n in range(2):
            await tab.send_json(_photo(n))
            await messages(tab, lambda m: m.get("progress") is True)
        await tab.send_json(_photo(2))
        await until(lambda: len(handled) == 3)
        await tab.close()                           # reloading
        held.set()
        await until(lambda: any("q2" in marks for marks in app[HUB].marks.values()))
        back = await open_page(c, "ann")
        got = await messages(back, lambda m: m["op"] == "unanswered" and m["qid"] == "q2")
        assert (got[-1]["text"], got[-1].get("not_taken")) == (t("en", "web_not_taken"), True)
        queue.gate.set()
        await back.close()


async def test_a_cancel_sent_with_a_picture_keeps_the_plain_mark(settings, store):
    """Two /cancel with a picture, nothing to cancel: the first told so (its whole answer: no
    mark), the second refused in silence (said once a burst): the plain mark, not "not taken"."""
    async with TestClient(TestServer(create_app(_layer(settings, store, Gated())))) as c:
        ws = await open_page(c, "ann")
        got = []
        for n in range(2):
            await ws.send_json({**photo_message("ann", "/cancel"), "client_id": str(n), "qid": f"q{n}"})
            got += await messages(ws, lambda m: m["op"] == "lang")
        said = [m["text"] for m in got if m["op"] == "send"]
        assert said == [t("en", "nothing_to_cancel")], said
        assert [(m["client_id"], m["text"], m.get("not_taken")) for m in got if m["op"] == "unanswered"] == \
            [("1", t("en", "web_unanswered"), None)]
        await ws.close()


async def test_a_photo_dropped_by_forgetme_is_not_told_to_be_sent_again(settings, store, monkeypatch):
    """A photo on its way when the user had their data deleted is dropped in silence: no limit
    turned it away, and "send it again later" is not what it was (the plain mark, as before)."""
    checking, release = held_checks(monkeypatch)      # the photo held in its upload check
    layer = _layer(settings, store, Gated())
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "ann")
        await ws.send_json(_photo(1))
        await until(checking.is_set)
        await ws.send_json({"user": "ann", "text": "/forgetme yes", "locale": "en-US", "client_id": "2", "qid": "q2"})
        await until(lambda: any(entry.forgotten for entry in layer._in_flight.values()))     # dropped
        release.set()
        got = await messages(ws, lambda m: m["op"] == "forgotten")
        marks = [(m["client_id"], m["text"], m.get("not_taken")) for m in got if m["op"] == "unanswered"]
        assert marks == [("1", t("en", "web_unanswered"), None)], marks
        await ws.close()
