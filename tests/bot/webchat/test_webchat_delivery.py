"""The web chat's socket protocol without a browser (aiohttp's test client): a painting whose page
went away while it was painted reaches the user's next page; message ids never repeat, so a
reconnected page is not overwritten; the page is told the user's language."""
from __future__ import annotations

import asyncio
import base64
import dataclasses
import io
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import HUB, TASKS, create_app
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, make_photo


@pytest.fixture
async def client(settings, store):
    queue = FakeQueue(delay=1.0)               # each painting takes a second
    app = create_app(CommandLayer(settings, store, queue))
    async with TestClient(TestServer(app)) as c:
        c.queue = queue
        yield c


async def messages(ws, until, timeout=10.0) -> list[dict]:
    """What the server sent, up to and including the first message ``until`` accepts."""
    seen = []
    async with asyncio.timeout(timeout):
        while True:
            m = await ws.receive_json()
            seen.append(m)
            if until(m):
                return seen


async def open_page(client, user):
    ws = await client.ws_connect("/ws")
    assert (await ws.receive_json())["op"] == "hello"
    await ws.send_json({"op": "hello", "user": user})
    return ws


def photo_message(user, text):
    data = "data:image/jpeg;base64," + base64.b64encode(make_photo()).decode()
    return {"user": user, "text": text, "image": data, "locale": "en-US", "client_id": "1"}


async def test_a_painting_finished_after_its_page_closed_reaches_the_next_page(client):
    first = await open_page(client, "ann")
    await first.send_json(photo_message("ann", "/style gogh"))
    before = await messages(first, lambda m: m["op"] == "send" and m.get("progress"))    # "waiting in line"
    await first.close()                         # the tab is closed (or the phone sleeps) mid-painting
    await asyncio.sleep(1.5)                    # the painting is done meanwhile

    second = await open_page(client, "ann")
    got = await messages(second, lambda m: m["op"] == "send" and m.get("image"))
    painting = got[-1]
    assert painting["image"].startswith("data:image/jpeg;base64,")
    assert client.queue.jobs and len(client.queue.jobs) == 1
    # message ids are strings unique to this run: the new page's never repeat the old page's
    old_ids = {m["id"] for m in before if "id" in m}
    assert painting["id"] not in old_ids and all(isinstance(i, str) for i in old_ids)
    # the painting can be replied to from the new page: its photo, in the style named
    await second.send_json({"user": "ann", "text": "/style monet", "reply_to": painting["id"], "locale": "en"})
    await messages(second, lambda m: m["op"] == "send" and m.get("image"))
    assert client.queue.jobs[-1].image == client.queue.jobs[0].image
    assert [s.value for s in client.queue.jobs[-1].styles] == ["monet"]
    await second.close()


class PaintingQueue(FakeQueue):
    """A painting that is not its photo (FakeQueue answers with the photo itself)."""

    async def wait(self, job_id, on_status=None):
        result = await super().wait(job_id, on_status)
        return dataclasses.replace(result, image=make_photo(64, 48, seed=99 + len(self.jobs)))


async def test_a_reply_to_a_painting_acts_on_that_painting_and_its_photo(settings, store):
    """As on Telegram and Discord: /weaker replying to an older painting weakens that one (it
    weakened the newest), /style replying to it paints its photo (it painted the painting, which
    then became the user's photo); and /stronger on a full-strength one says so of that one."""
    queue = PaintingQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        ws = await open_page(c, "eve")
        first, second = make_photo(96, 72, seed=1), make_photo(96, 72, seed=2)
        sent = []
        for photo, text in ((first, "/style gogh"), (second, "/style monet 0.6")):
            await ws.send_json({"user": "eve", "text": text, "locale": "en",
                                "image": "data:image/jpeg;base64," + base64.b64encode(photo).decode()})
            sent.append((await messages(ws, lambda m: m["op"] == "send" and m.get("image")))[-1])
        gogh = sent[0]["id"]

        await ws.send_json({"user": "eve", "text": "/weaker", "reply_to": gogh, "locale": "en"})
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        job = queue.jobs[-1]
        assert job.image == first and [s.value for s in job.styles] == ["gogh"] and job.alpha < 1

        await ws.send_json({"user": "eve", "text": "/style klimt", "reply_to": gogh, "locale": "en"})
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        assert queue.jobs[-1].image == first and [s.value for s in queue.jobs[-1].styles] == ["klimt"]

        await ws.send_json({"user": "eve", "text": "/stronger", "reply_to": gogh, "locale": "en"})
        said = await messages(ws, lambda m: m["op"] == "send" and not m.get("progress"))
        assert said[-1]["text"] == t("en", "already_max") and len(queue.jobs) == 4

        await ws.send_json({"user": "eve", "text": "/style munch", "locale": "en"})     # the last photo
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        assert queue.jobs[-1].image == second
        await ws.close()


async def test_another_users_page_does_not_get_the_painting(client):
    ann = await open_page(client, "ann")
    bob = await open_page(client, "bob")
    await ann.send_json(photo_message("ann", "/style gogh"))
    await ann.close()
    await asyncio.sleep(1.5)
    await bob.send_json({"user": "bob", "text": "/status", "locale": "en"})
    got = await messages(bob, lambda m: m["op"] == "lang")
    assert not any(m.get("image") for m in got)
    await bob.close()


async def test_the_page_is_told_the_users_language(client):
    ws = await open_page(client, "kim")
    await ws.send_json({"user": "kim", "text": "/help", "locale": "en-US"})
    assert (await messages(ws, lambda m: m["op"] == "lang"))[-1]["lang"] == "en"
    await ws.send_json({"user": "kim", "text": "/lang ko", "locale": "en-US"})
    assert (await messages(ws, lambda m: m["op"] == "lang"))[-1]["lang"] == "ko"
    await ws.close()


async def test_several_pictures_in_one_message_make_one_style(layer):
    """/addstyle NAME with 3 paintings from the page (the docs promise 1-10; a message used to carry one)."""
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "admin")
        pictures = ["data:image/jpeg;base64," + base64.b64encode(make_photo(96, 72, seed=i)).decode()
                    for i in range(3)]
        await ws.send_json({"user": "admin", "text": "/addstyle Ink", "image": pictures[0], "images": pictures[1:],
                            "locale": "en", "client_id": "7"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        [ack] = [m for m in got if m["op"] == "ack"]
        assert len(ack["ids"]) == 3 and ack["client_id"] == "7"
        assert layer.described == [3]
        await ws.close()


async def test_forgetme_and_mydata_in_the_web_chat(client):
    """/mydata works there (a page is private to its user) and is a zip; /forgetme also drops the
    pictures the page could reply to and the replies kept for a closed page."""
    ws = await open_page(client, "cat")
    await ws.send_json(photo_message("cat", "/style gogh"))
    painting = (await messages(ws, lambda m: m["op"] == "send" and m.get("image")))[-1]
    await ws.send_json({"user": "cat", "text": "/mydata", "locale": "en-US"})
    export = (await messages(ws, lambda m: m["op"] == "send" and m.get("document")))[-1]["document"]
    assert export["name"] == "mydata.zip" and export["data"].startswith("data:application/zip;base64,")
    await ws.send_json({"user": "cat", "text": "/forgetme yes", "locale": "en-US"})
    said = await messages(ws, lambda m: m["op"] == "send" and "deleted" in m.get("text", ""))
    assert [m["op"] for m in said[-2:]] == ["forgotten", "send"]    # the page clears itself, then the reply
    await ws.send_json({"user": "cat", "text": "/style monet", "reply_to": painting["id"], "locale": "en-US"})
    answer = (await messages(ws, lambda m: m["op"] == "send" and not m.get("progress")))[-1]
    assert answer["text"] == t("en", "web_picture_gone") and not answer.get("image")   # nothing left to paint


async def test_a_page_opened_mid_job_shows_its_progress_line(client):
    """A page reloaded (or a second tab opened) while a painting is under way shows where it
    stands at once, follows its progress, and gets the painting: it was blank until then."""
    first = await open_page(client, "dan")
    await first.send_json(photo_message("dan", "/style gogh"))
    line = (await messages(first, lambda m: m["op"] == "send" and m.get("progress")))[-1]
    await first.close()                                   # reloaded
    second = await open_page(client, "dan")
    got = await messages(second, lambda m: m["op"] == "send" and m.get("image"), timeout=5)
    shown = [m for m in got if m["id"] == line["id"]]
    assert shown and shown[0]["op"] == "edit" and shown[0]["progress"], got     # the line, at once
    assert got.index(shown[0]) == 0 and got[-1]["image"].startswith("data:image/jpeg")
    third = await open_page(client, "dan")                # nothing under way: an empty page stays empty
    await third.send_json({"user": "dan", "text": "/status", "locale": "en-US"})
    got = await messages(third, lambda m: m["op"] == "lang")
    assert all(m["id"] != line["id"] for m in got if "id" in m)
    for ws in (second, third):
        await ws.close()


async def test_a_users_pictures_are_let_go_a_while_after_their_last_page_closed(client):
    """Browsers choose their user ids: what the hub keeps per user (pictures for replies, up to 50
    uploads each) must not grow with every visitor."""
    hub = client.server.app[HUB]
    ws = await open_page(client, "eve")
    await ws.send_json(photo_message("eve", "/style gogh"))
    await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert hub.images["web:eve"]
    hub.offline_keep_s = 0.0
    await ws.close()
    other = await open_page(client, "fay")                 # any later visit sweeps
    await asyncio.sleep(0.1)
    assert "web:eve" not in hub.images and "web:eve" not in hub.left_at
    await other.close()


async def test_the_bots_name_after_a_command_is_not_part_of_its_argument(client):
    """"/style gogh@paintbot" (Telegram's menu adds the bot's name; a user copies it, or types it
    from habit) paints gogh in the web chat too: the page's requests carry the bot's name, the
    product's, so the command layer takes it off as on Telegram. It used to look for an artist
    "gogh@paintbot" and offer buttons instead."""
    ws = await open_page(client, "gus")
    await ws.send_json(photo_message("gus", "/style gogh@paintbot"))
    got = await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert "Vincent van Gogh" in got[-1]["text"]
    await ws.send_json({"user": "gus", "text": "/hq@paintbot monet", "locale": "en-US"})
    await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert [(j.styles[0].value, j.method) for j in client.queue.jobs] == [("gogh", "auto"), ("monet", "gatys")]
    await ws.close()


async def test_a_command_addressed_to_another_bot_is_answered_in_the_web_chat(client):
    """"/style@otherbot gogh" (a command copied from a Telegram group) got no answer at all since
    the web chat's requests carry its name: another name is ignored, as in a Telegram group. The
    web chat has one bot only: it paints, and a mistyped command there is answered as well."""
    ws = await open_page(client, "hal")
    await ws.send_json(photo_message("hal", "/style@otherbot gogh"))
    got = await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert "Vincent van Gogh" in got[-1]["text"]
    await ws.send_json({"user": "hal", "text": "/stlye@otherbot monet", "locale": "en-US"})
    got = await messages(ws, lambda m: m["op"] == "send")
    assert got[-1]["text"] == t("en", "unknown_command_near", command="stlye", suggestions="/style monet")
    assert [j.styles[0].value for j in client.queue.jobs] == ["gogh"]
    await ws.close()


async def test_a_reply_to_a_picture_the_bot_no_longer_has_does_not_paint_another(client):
    """Message ids are per run: after a restart (or past KEEP_IMAGES) the page's reply-to names a
    picture the server forgot. The command then painted the user's last photo instead, unasked."""
    ws = await open_page(client, "cat")
    await ws.send_json(photo_message("cat", "/style gogh"))
    await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert len(client.queue.jobs) == 1
    await ws.send_json({"user": "cat", "text": "/style monet", "reply_to": "0ld0ne-7", "locale": "en"})
    answer = (await messages(ws, lambda m: m["op"] == "send" and not m.get("progress")))[-1]
    assert answer["text"] == t("en", "web_picture_gone") and not answer.get("image")
    assert len(client.queue.jobs) == 1                      # nothing painted
    # a new photo sent with the stale reply-to still selected is what is painted
    await ws.send_json({**photo_message("cat", "/style monet"), "reply_to": "0ld0ne-7"})
    await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    assert len(client.queue.jobs) == 2
    await ws.close()


async def test_a_painting_reaches_the_users_other_open_tab_once(client):
    """The progress line goes to every open page of the user; the painting went to the asking page
    only, so a second tab showed the line "done" and no painting."""
    first, second = await open_page(client, "dan"), await open_page(client, "dan")
    await first.send_json(photo_message("dan", "/style gogh"))
    painting = (await messages(first, lambda m: m["op"] == "send" and m.get("image")))[-1]
    there = (await messages(second, lambda m: m["op"] == "send" and m.get("image")))[-1]
    assert there["id"] == painting["id"] and there["image"] == painting["image"]
    await second.send_json({"user": "dan", "text": "/status", "locale": "en"})
    rest = await messages(second, lambda m: m["op"] == "lang")
    assert not [m for m in rest if m.get("image")]             # once, not again
    await first.close()
    await second.close()


async def test_the_users_message_goes_to_their_other_open_tab_before_its_painting(client):
    """The second tab got the painting but not the photo and command it answers; the tab that sent
    the message shows it itself and is not sent it back."""
    first, second = await open_page(client, "dan"), await open_page(client, "dan")
    sent = {**photo_message("dan", "/style gogh"), "shown": "/style gogh", "names": ["beach.jpg"]}
    await first.send_json(sent)
    here = await messages(first, lambda m: m["op"] == "lang")
    assert not [m for m in here if m["op"] == "mine"]
    [ack] = [m for m in here if m["op"] == "ack"]
    there = await messages(second, lambda m: m["op"] == "send" and m.get("image"))
    echo = there[0]
    assert echo["op"] == "mine" and echo["text"] == "/style gogh"
    assert echo["images"] == [sent["image"]] and echo["names"] == ["beach.jpg"] and echo["ids"] == ack["ids"]
    # a message the page showed no bubble for (the first visit's /start) is not passed on
    await first.send_json({"user": "dan", "text": "/start", "locale": "en"})
    await messages(first, lambda m: m["op"] == "lang")
    await second.send_json({"user": "dan", "text": "/status", "locale": "en"})
    assert not [m for m in await messages(second, lambda m: m["op"] == "lang") if m["op"] == "mine"]
    await first.close()
    await second.close()


async def test_a_jobs_outcome_replaces_its_progress_line_as_no_progress(client):
    """A live job's last edit ("done in 1 s") was marked progress like the statuses before it: a
    front-end could not tell an outcome from a status (the page kept it aria-busy until the
    server's "settled"). The outcome is no progress now, on every page of the user, and in what a
    page opened later is shown; nothing needs settling."""
    first, second = await open_page(client, "eli"), await open_page(client, "eli")
    await first.send_json(photo_message("eli", "/style gogh"))
    got = await messages(first, lambda m: m["op"] == "lang")
    line = next(m for m in got if m["op"] == "send" and m.get("progress"))
    edits = [m for m in got if m["op"] == "edit" and m["id"] == line["id"]]
    assert "done" in edits[-1]["text"] and edits[-1]["progress"] is False
    assert all(m["progress"] for m in edits[:-1]), edits                 # "painting… 50%"
    assert not [m for m in got if m["op"] == "settled"]
    there = await messages(second, lambda m: m["op"] == "edit" and "done" in m["text"])
    assert there[-1]["progress"] is False
    assert client.server.app[HUB].lines["web:eli"][line["id"]]["progress"] is False   # a later page's too
    await first.close()
    await second.close()


async def test_the_outcomes_of_preview_and_addstyle_are_no_progress(layer):
    """/preview's line ("painting… 33%" as its tiles come) and /addstyle's ("adding…") end as
    outcomes too."""
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "ivy")
        await ws.send_json(photo_message("ivy", "/preview"))
        got = await messages(ws, lambda m: m["op"] == "lang")
        line = next(m for m in got if m["op"] == "send" and m.get("progress"))
        edits = [m for m in got if m["op"] == "edit" and m["id"] == line["id"]]
        assert [m["progress"] for m in edits] == [True] * (len(edits) - 1) + [False] and "done" in edits[-1]["text"]
        await ws.send_json({**photo_message("ivy", "/addstyle Ink"), "client_id": "2"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        line = next(m for m in got if m["op"] == "send" and m.get("progress"))
        [outcome] = [m for m in got if m["op"] == "edit" and m["id"] == line["id"]]
        assert "Ink" in outcome["text"] and outcome["progress"] is False
        assert not [m for m in got if m["op"] == "settled"]
        await ws.close()


class LostQueue(FakeQueue):
    """A queue that loses the job after its first status (a Redis connection gone)."""

    async def wait(self, job_id, on_status=None):
        if on_status:
            await on_status(JobStatus(job_id, "running", position=0, progress=0.5))
        raise ConnectionError("the queue is gone")


async def test_a_progress_line_no_outcome_replaced_is_settled_once_its_request_is_answered(settings, store):
    """A job that fails on the way gets its error as a reply of its own: its line never gets an
    outcome and stays "waiting…". The page keeps a progress line aria-busy for screen readers, so
    every page of the user is told it is done, and so is a page opened later."""
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, LostQueue())))) as c:
        first, second = await open_page(c, "eli"), await open_page(c, "eli")
        await first.send_json(photo_message("eli", "/style gogh"))
        got = await messages(first, lambda m: m["op"] == "settled")
        line = next(m for m in got if m["op"] == "send" and m.get("progress"))
        assert got[-1]["ids"] == [line["id"]]
        assert any(m["op"] == "send" and m["text"] == t("en", "engine_error") for m in got)
        assert (await messages(second, lambda m: m["op"] == "settled"))[-1]["ids"] == [line["id"]]
        assert c.server.app[HUB].lines["web:eli"][line["id"]]["progress"] is False
        await first.close()
        await second.close()


def heic(w: int = 1200, h: int = 900) -> bytes:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.open(io.BytesIO(make_photo(w, h))).save(out, "HEIF")
    return out.getvalue()


def picture_message(user, text, data: bytes, kind="image/heic"):
    return {"user": user, "text": text, "image": f"data:{kind};base64," + base64.b64encode(data).decode(),
            "locale": "en-US", "client_id": "1"}


async def test_a_heic_photo_gets_a_jpeg_the_page_can_draw(client):
    """Browsers other than Safari draw no HEIC: the user's own message showed a placeholder. The
    server sends a small JPEG of it, for the picture's id, to each of the user's pages; a JPEG
    gets none (the page draws it), and a broken HEIC none (the placeholder stays)."""
    from PIL import Image

    first, second = await open_page(client, "joy"), await open_page(client, "joy")
    await first.send_json(picture_message("joy", "/style gogh", heic()))
    got = await messages(first, lambda m: m["op"] == "lang")
    [ack] = [m for m in got if m["op"] == "ack"]
    [shown] = [m for m in got if m["op"] == "preview"]
    assert shown["id"] == ack["id"] and shown["image"].startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(shown["image"].split(",", 1)[1]))) as im:
        assert im.format == "JPEG" and im.size == (640, 480)          # a thumbnail, aspect kept
    there = await messages(second, lambda m: m["op"] == "preview")
    assert there[-1] == shown and [m["op"] for m in there].index("mine") < len(there) - 1
    await first.send_json(photo_message("joy", "/style monet"))
    cut = heic()[:-3000]
    await first.send_json(picture_message("joy", "/style monet", cut))
    got = await messages(first, lambda m: m["op"] == "lang")
    got += await messages(first, lambda m: m["op"] == "lang")         # both answered (in either order)
    async with asyncio.timeout(10):
        while client.server.app[TASKS]:                                # any preview is made (or not) by now
            await asyncio.sleep(0.05)
    await first.send_json({"user": "joy", "text": "/status", "locale": "en-US"})
    got += await messages(first, lambda m: m["op"] == "lang")
    assert not [m for m in got if m["op"] == "preview"]
    assert t("en", "truncated_image") in [m.get("text") for m in got]
    await first.close()
    await second.close()


@pytest.mark.parametrize("kind", ["tiff", "float-tiff", "jpeg2000"])
async def test_a_tiff_or_jpeg2000_photo_gets_a_jpeg_the_page_can_draw(client, kind):
    """No browser draws a TIFF or a JPEG 2000 (a scanner's, a camera app's export): like a HEIC,
    the user's own message showed a placeholder. They get a JPEG preview too, through the
    engine's decoder (a float TIFF's levels as the bot paints them)."""
    import numpy as np
    import tifffile
    from PIL import Image

    if kind == "float-tiff":
        out = io.BytesIO()
        tifffile.imwrite(out, np.linspace(0, 1, 900 * 1200 * 3, dtype=np.float32).reshape(900, 1200, 3))
        data = out.getvalue()
    else:
        out = io.BytesIO()
        Image.open(io.BytesIO(make_photo(1200, 900))).save(out, "TIFF" if kind == "tiff" else "JPEG2000")
        data = out.getvalue()
    page = await open_page(client, "kit")
    await page.send_json(picture_message("kit", "/style gogh", data, kind="image/tiff"))
    got = await messages(page, lambda m: m["op"] == "preview")
    [ack] = [m for m in got if m["op"] == "ack"]
    [shown] = [m for m in got if m["op"] == "preview"]
    assert shown["id"] == ack["id"]
    with Image.open(io.BytesIO(base64.b64decode(shown["image"].split(",", 1)[1]))) as im:
        assert im.format == "JPEG" and im.size == (640, 480)
    await page.close()


async def test_previews_are_made_one_at_a_time_and_a_flood_of_them_is_cut_short(client, monkeypatch):
    """Previews are decoded before a request's rate limits: a page sending big TIFFs in a loop had
    one decode per message running at once (~240 MB each for a 64 MP one). They are made one at a
    time for the whole chat, and past PREVIEWS_WAITING_MAX waiting, none is (placeholders stay)."""
    import threading

    import bot.webchat as webchat

    running, most, made = [0], [0], []
    lock = threading.Lock()
    real = webchat.preview                       # the real decode, counted around

    def counted(*args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.05)                     # a decode that takes a while
            return real(*args)
        finally:
            with lock:
                running[0] -= 1
                made.append(1)

    monkeypatch.setattr(webchat, "preview", counted)
    out = io.BytesIO()
    from PIL import Image
    Image.open(io.BytesIO(make_photo(400, 300))).save(out, "TIFF")
    page = await open_page(client, "flo")
    for _ in range(webchat.PREVIEWS_WAITING_MAX + 6):
        await page.send_json(picture_message("flo", "/status", out.getvalue(), kind="image/tiff"))
    async with asyncio.timeout(20):
        while len(made) < webchat.PREVIEWS_WAITING_MAX or client.server.app[TASKS]:
            await asyncio.sleep(0.05)
    assert most[0] == 1
    assert webchat.PREVIEWS_WAITING_MAX <= len(made) < webchat.PREVIEWS_WAITING_MAX + 6
    await page.close()


async def test_messages_sent_together_are_acted_on_in_their_order(client):
    """A page sends what it queued while offline at once: settings, then a photo, then a
    painting. Each message is answered on its own (so /status answers mid-painting), but the
    painting read the settings and the photo from before them (3 runs of 3)."""
    ws = await open_page(client, "fay")
    await ws.send_json(photo_message("fay", ""))
    await messages(ws, lambda m: m["op"] == "lang")
    newer = make_photo(120, 90, seed=8)
    for message in ({"text": "/size 128"}, {"text": "/strength 50%"}, {"text": "/lang ko"},
                    {"text": "", "image": "data:image/jpeg;base64," + base64.b64encode(newer).decode()},
                    {"text": "/style gogh"}):
        await ws.send_json({"user": "fay", "locale": "en", **message})
    painting = (await messages(ws, lambda m: m["op"] == "send" and m.get("image")))[-1]
    [job] = client.queue.jobs
    assert job.image == newer and job.max_side == 128 and job.alpha == 0.5
    assert painting["text"].startswith("빈센트 반 고흐")
    await ws.close()
