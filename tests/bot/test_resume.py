"""Jobs submitted before a restart are delivered after it: `run()` asks the process queue for the
jobs its journal recovered and sends each result through the front-end of the job's platform,
with the text, photo, buttons and language a live job gets, exactly once."""
from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from bot.__main__ import run
from bot.commands import CommandLayer, Reply, Request
from bot.messages import t
from bot.store import PHOTOS_KEPT, Store
from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue
from engine.queue.settings import QueueSettings

from tests.bot.conftest import Recorder, make_photo
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.telegram.test_telegram import TOKEN

ROOT = Path(__file__).resolve().parents[2]
FAKE_ENGINE = "tests.queue.fakes:make_engine"


@pytest.fixture
def queue_env(monkeypatch, tmp_path):
    """The process queue with the fake engine, its journal in DATA_DIR (QUEUE_DB not set)."""
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUEUE_BACKEND", "process")
    monkeypatch.setenv("ENGINE_FACTORY", FAKE_ENGINE)
    monkeypatch.setenv("WORKERS_FAST", "1")
    monkeypatch.setenv("WORKERS_HQ", "0")
    monkeypatch.setenv("DRAIN_TIMEOUT", "5")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))       # the workers import the fake engine
    monkeypatch.chdir(tmp_path)                      # no .env, no ./data


async def submit_then_die(settings) -> str:
    """The bot before the restart: a Korean user's /style gogh is journaled, then the bot stops
    before any worker ran it (this queue has none)."""
    store = Store(settings.DATA_DIR)
    queue = ProcessQueue(QueueSettings(data_dir=str(settings.DATA_DIR), engine_factory=FAKE_ENGINE,
                                       workers_fast=0, workers_hq=0))
    await queue.start()
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    live = asyncio.create_task(layer.handle(
        Request("tg", "tg:1", "tg:1", "/style gogh", images=[make_photo(96, 72)], locale="ko"), out))
    for _ in range(200):
        if queue.journal.undelivered():
            break
        await asyncio.sleep(0.02)
    for _ in range(200):                                        # its progress line is noted too
        [(job, state, _)] = queue.journal.undelivered()
        if "progress_line" in job.meta:
            break
        await asyncio.sleep(0.02)
    assert state == "queued" and job.meta["lang"] == "ko"
    assert out.sent and not out.images                          # "queued", no painting yet
    assert job.meta["progress_line"] == 0                       # the Recorder's handle of that line
    live.cancel()
    await asyncio.gather(live, return_exceptions=True)
    await queue.stop()
    store.close()
    return job.id


async def run_until(settings, condition, timeout=60.0):
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop))
    try:
        end = asyncio.get_running_loop().time() + timeout
        while not condition():
            assert not task.done(), task.exception() if task.done() else None
            assert asyncio.get_running_loop().time() < end, "timed out"
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def telegram_alone(settings) -> FakeTelegram:
    """A fake Telegram started, and ``settings`` the bot's on it alone (no web chat): the test
    stops it."""
    fake = FakeTelegram(TOKEN)
    settings.TELEGRAM_API_BASE = await fake.start()
    settings.TELEGRAM_TOKEN = TOKEN
    settings.WEB_ENABLED = "false"
    return fake


@pytest.mark.slow
async def test_job_from_before_a_restart_is_delivered_once(settings, queue_env):
    job_id = await submit_then_die(settings)
    journal_path = settings.DATA_DIR / "queue.sqlite3"
    assert journal_path.exists()                                # QUEUE_DB follows DATA_DIR

    fake = await telegram_alone(settings)
    try:
        # the restart: the job runs and its painting reaches the chat it came from
        await run_until(settings, lambda: fake.sent("sendPhoto"))
        [(params, files)] = fake.sent("sendPhoto")
        assert str(params["chat_id"]) == "1" and files["photo"][:2] == b"\xff\xd8"
        label = t("ko", "result_caption", style="빈센트 반 고흐").split("빈센트")[0]
        assert params["caption"].startswith(label) and "고흐" in params["caption"]   # Korean, as asked
        commands = [b["callback_data"] for row in params["reply_markup"]["inline_keyboard"] for b in row]
        assert {"/pick #" + job_id, "/hq #" + job_id, "/weaker #" + job_id} == set(commands)   # full strength
        # the "done" line replaces the progress line sent before the restart (after the edits that
        # showed the job's progress on it), not a new line under one stuck at "waiting"
        edits = [params for params, _ in fake.sent("editMessageText", 1)]
        assert all(p["message_id"] in (0, "0") for p in edits)
        done = edits[-1]
        assert "고흐" in done["text"] and done["text"].startswith("✅")
        assert not fake.sent("sendMessage", 1)

        store = Store(settings.DATA_DIR)
        [row] = store.jobs_of("tg:1")
        store.close()
        assert row["id"] == job_id and row["ok"] == 1 and row["platform"] == "tg"
        assert row["command"] == "/style gogh"
        assert Journal(str(journal_path)).undelivered() == []

        # another restart: nothing is sent again
        calls = len(fake.calls)
        await run_until(settings, lambda: len([m for m, _, _ in fake.calls[calls:] if m == "setMyCommands"]) >= 2)
        await asyncio.sleep(1.5)
        assert len(fake.sent("sendPhoto")) == 1
    finally:
        await fake.stop()


async def test_resume_delivers_to_an_offline_web_user_when_they_connect(settings, store):
    """The web chat keeps a result for a user with no open page and sends it on their next visit."""
    from bot.webchat import WebChatHub, WebResponder

    class Socket:
        closed = False

        def __init__(self):
            self.sent = []

        async def send_json(self, data):
            self.sent.append(data)

    hub = WebChatHub()
    await hub.deliver("web:ann", [Reply("done"), Reply("caption", image=b"\xff\xd8jpeg")])
    ws = Socket()
    await hub.join("web:ann", WebResponder(ws, hub))
    assert [m["text"] for m in ws.sent] == ["done", "caption"] and ws.sent[1]["image"].startswith("data:image/jpeg")
    await hub.deliver("web:ann", [Reply("again")])
    assert ws.sent[-1]["text"] == "again" and len(ws.sent) == 3
    await hub.deliver("web:bob", [Reply("not for ann")])
    assert len(ws.sent) == 3
    # the progress line from before the restart, still on her page, becomes the outcome line
    await hub.deliver("web:ann", [Reply("done at last"), Reply("caption", image=b"\xff\xd8jpeg")], line="old-7")
    assert [(m["op"], m["id"] == "old-7", m["text"]) for m in ws.sent[3:]] == \
        [("edit", True, "done at last"), ("send", False, "caption")]


async def test_discord_deliver_sends_to_the_channel(layer, settings):
    """Discord: a result outside any interaction goes to the job's channel, with its buttons."""
    import discord

    from bot.commands import Button
    from bot.discord_bot import DiscordFrontend

    class Channel:
        def __init__(self):
            self.sent = []

        async def send(self, **kwargs):
            self.sent.append(kwargs)

    channel = Channel()
    fetched = []

    async def fetch_channel(channel_id):
        fetched.append(channel_id)
        return channel

    frontend = DiscordFrontend(layer, settings, client=discord.Client(intents=discord.Intents.default()))
    frontend.client.get_channel = lambda channel_id: None          # not in the cache yet
    frontend.client.fetch_channel = fetch_channel
    await frontend.deliver("dc:4242", [Reply("done"), Reply("Monet", image=b"\xff\xd8jpeg",
                                                            buttons=[[Button("Again", "/pick")]])])
    assert fetched == [4242]
    assert [m["content"] for m in channel.sent] == ["done", "Monet"]
    assert channel.sent[1]["file"].filename == "painting.jpg" and channel.sent[1]["view"].children[0].label == "Again"


async def test_resume_a_failed_job_journaled_without_meta(settings, store):
    """An older journal entry (no meta): the label comes from the catalog, the language from the
    user's preference; a failure is the live job's "failed" line, with no photo."""
    from engine.jobs import Job, StyleRef

    from tests.bot.conftest import FakeQueue

    queue = FakeQueue(error="timeout")
    layer = CommandLayer(settings, store, queue)
    store.set_prefs("dc:7", "dc", lang="ko")
    job = Job(user_id="dc:7", chat_id="dc:99", image=make_photo(), styles=[StyleRef("artist", "monet")])
    queue.jobs.append(job)
    delivered = []

    async def deliver(chat_id, replies, **how):
        delivered.append((chat_id, replies, how))

    await layer.resume(job, deliver)
    [(chat_id, replies, how)] = delivered
    assert how == {"user_id": "dc:7"}                     # whom it is for; no line journaled
    name = layer.catalog.get("monet").name("ko")
    error = layer.error_text("ko", "timeout", {"detail": "x"})
    assert chat_id == "dc:99" and [r.text for r in replies] == [t("ko", "failed", style=name, error=error)]
    assert not any(r.image for r in replies)
    [row] = store.jobs_of("dc:7")
    assert row["ok"] == 0 and row["error_key"] == "timeout" and row["platform"] == "dc"


async def test_a_job_painted_before_the_restart_keeps_its_photo_for_the_buttons(settings, store, photo):
    """The journal drops a job's photo once it is painted; a job painted but not delivered before
    a restart still names its photo in the history, so "another artist" under it finds it."""
    from tests.bot.conftest import FakeQueue
    from tests.bot.test_commands import say

    queue = FakeQueue()
    layer = CommandLayer(settings, store, queue)
    await say(layer, "/style monet", images=[photo])
    journaled = dataclasses.replace(queue.jobs[-1], image=None)     # as Journal.finish leaves it
    delivered = []

    async def deliver(chat_id, replies, **how):
        delivered.append(replies)

    restarted = CommandLayer(settings, store, queue)
    await restarted.resume(journaled, deliver)
    await say(restarted, "/style gogh", images=[make_photo(seed=7)])      # a newer photo since
    [hq] = [b.command for row in delivered[0][-1].buttons for b in row if b.command.startswith("/hq")]
    out = await say(restarted, hq)                       # "/hq #<job id>": this painting's photo
    assert t("en", "photo_gone", kept=PHOTOS_KEPT, days=30) not in out.texts
    assert queue.jobs[-1].method == "gatys" and queue.jobs[-1].image == photo


@pytest.mark.slow
async def test_a_resumed_job_shows_its_progress_on_its_old_line(settings, queue_env, monkeypatch):
    """The progress line sent before the restart follows the resumed job as a live job's does
    ("그리는 중… 40%"), at once and then at most once a second, and ends as its outcome: it stayed
    frozen where the old process left it until the painting came."""
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "2.5")          # the worker paints for 2.5 s, in steps
    await submit_then_die(settings)
    fake = await telegram_alone(settings)
    try:
        await run_until(settings, lambda: fake.sent("sendPhoto"))
        edits = [params["text"] for params, _ in fake.sent("editMessageText", 1)
                 if params["message_id"] in (0, "0")]
        painting = t("ko", "running", style="빈센트 반 고흐", percent=0).rsplit("0%", 1)[0]
        progress = [text for text in edits if text.startswith(painting)]
        assert progress and edits[-1].startswith("✅"), edits                 # the progress, then the outcome
        assert any(0 < int(text.rsplit(" ", 1)[-1].rstrip("%")) < 100 for text in progress), progress
        assert len(progress) <= 5, progress                   # 2.5 s of painting: about one edit a second
        assert len(fake.sent("editMessageText")) == len(edits) and not fake.sent("sendMessage")
    finally:
        await fake.stop()


async def test_a_web_page_sees_a_resumed_jobs_progress(settings, store):
    """The web chat after a restart: a page that outlived it sees the job's old progress line
    move again; one that reconnects (or opens) while the job is painted is shown that line at
    once, as for a live job; both get the outcome on that line, then the painting. A page used to
    see nothing until the result."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.__main__ import resume_jobs
    from bot.webchat import WebChatHub, create_app
    from engine.jobs import Job, StyleRef

    from tests.bot.conftest import FakeQueue
    from tests.bot.webchat.test_webchat_delivery import messages, open_page

    queue = FakeQueue(delay=1.5)                 # "painting… 50%", then the painting 1.5 s later
    job = Job(user_id="web:ann", chat_id="web:ann", image=make_photo(), styles=[StyleRef("artist", "monet")],
              meta={"lang": "en", "label": "Claude Monet", "command": "/style monet", "progress_line": "old-7"})
    queue.jobs.append(job)

    async def recovered():
        return [job]

    queue.recovered = recovered
    layer = CommandLayer(settings, store, queue)
    hub = WebChatHub()
    async with TestClient(TestServer(create_app(layer, hub=hub))) as client:
        outlived = await open_page(client, "ann")
        [task] = await resume_jobs(layer, queue, {"web": hub})
        await asyncio.sleep(0.3)
        reconnected = await open_page(client, "ann")
        running = t("en", "running", style="Claude Monet", percent=50)
        for page in (outlived, reconnected):
            got = await messages(page, lambda m: m.get("image"))
            assert (got[0]["op"], got[0]["id"], got[0]["text"], got[0]["progress"]) == ("edit", "old-7", running, True)
            outcome = [m for m in got if m["id"] == "old-7"][-1]
            assert outcome["op"] == "edit" and outcome["text"].startswith("✅ Claude Monet"), got
            assert got[-1]["op"] == "send" and got[-1]["image"].startswith("data:image/jpeg")
            await page.close()
        assert (await task) is None and task.done()


async def test_a_progress_line_is_edited_at_most_once_an_interval_and_given_up_when_gone():
    from bot.progress import ProgressLine

    now = [100.0]
    edits, fail = [], [False]

    async def edit(text):
        if fail[0]:
            raise ConnectionError("the line is gone")
        edits.append(text)

    line = ProgressLine(edit, 1.0, give_up_after=3, clock=lambda: now[0])
    await line.show("10%")                    # what the line shows is not known: at once
    await line.show("20%")                    # within the second: skipped
    now[0] += 1.0
    await line.show("20%")
    await line.show("20%")                    # unchanged: not sent again
    assert edits == ["10%", "20%"]
    fail[0] = True
    for percent in (30, 40, 50, 60):
        now[0] += 1.0
        await line.show(f"{percent}%")
    fail[0] = False
    now[0] += 1.0
    await line.show("70%")                    # three failed in a row: the line is given up
    assert edits == ["10%", "20%"] and line.failed == 3
    await line.close()
    live = ProgressLine(edit, 1.0, "queued", clock=lambda: now[0])
    await live.show("running")                # a line just sent: its text is known, the second too
    assert edits == ["10%", "20%"]
    await live.close()


async def test_a_status_held_back_by_the_limit_is_sent_when_the_interval_is_up_unless_closed():
    """The last status before a pause ("the bot is restarting") came within a second of the
    previous edit and was dropped: the line showed "painting… 40%" through the whole restart."""
    import asyncio
    from bot.progress import ProgressLine

    edits = []

    async def edit(text):
        edits.append(text)

    line = ProgressLine(edit, 0.2, "queued")
    await line.show("painting 10%")           # within the interval: held back...
    await line.show("the bot is restarting")  # ...and replaced by a newer one
    assert edits == []
    await asyncio.sleep(0.35)
    assert edits == ["the bot is restarting"]  # sent once the interval was up, only the newest
    await line.show("painting 20%")
    await line.close()                         # the job ended: its outcome is the line's last word
    await asyncio.sleep(0.35)
    assert edits == ["the bot is restarting"]
    await line.show("painting 30%")
    assert edits == ["the bot is restarting"]


@pytest.mark.slow
async def test_a_resumed_job_in_a_group_mentions_its_user_in_its_topic(settings, queue_env, monkeypatch):
    """A live job's replies answer its user's message, which notifies them; a job delivered after a
    restart answered nothing, and in a group nobody was told. Its messages there now begin by
    mentioning the user (their name linked as tg://user?id=) and go to the topic they asked in
    (they went to the group's General topic); a private chat's have no mention."""
    from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes

    fake = await telegram_alone(settings)
    ann = {**ANN, "last_name": "Lee‮"}                  # a bidi override is not passed on
    forum = {**GROUP, "is_forum": True}
    try:
        monkeypatch.setenv("WORKERS_FAST", "0")           # before the restart: nobody paints, the jobs wait
        fake.push("message", fake.message(ann, forum, photo=photo_sizes(fake, "g1", make_photo(96, 72)),
                                          caption="/style gogh", message_thread_id=7, is_topic_message=True))
        fake.push("message", fake.message(ann, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo(96, 72, 3)),
                                          caption="/style monet"))
        await run_until(settings, lambda: fake.sent("sendMessage", GROUP["id"]) and fake.sent("sendMessage", 1))
        fake.updates.clear()                              # confirmed: Telegram does not send them again
        monkeypatch.setenv("WORKERS_FAST", "1")
        await run_until(settings, lambda: len(fake.sent("sendPhoto")) == 2)

        [(group, _)] = fake.sent("sendPhoto", GROUP["id"])
        assert group["caption"] == "Ann Lee " + t("en", "result_caption", style="Vincent van Gogh")
        assert group["caption_entities"] == [{"type": "text_link", "offset": 0, "length": 7,
                                              "url": "tg://user?id=1"}]
        assert group["message_thread_id"] == 7
        [(private, _)] = fake.sent("sendPhoto", 1)
        assert not private.get("caption_entities") and not private["caption"].startswith("Ann")
        assert "message_thread_id" not in private
    finally:
        await fake.stop()


async def test_a_resumed_job_still_waiting_at_the_next_stop_says_the_bot_restarts(settings, queue_env, monkeypatch):
    """The jobs resumed at a start were cancelled before the queue's stop, so its restart notice
    found no line to tell: a resumed job's line stayed at "waiting" through the next restart."""
    monkeypatch.setenv("WORKERS_FAST", "0")                  # nothing paints it: it still waits at the stop
    await submit_then_die(settings)
    fake = await telegram_alone(settings)

    def old_line_edits():
        return [params["text"] for params, _ in fake.sent("editMessageText", 1) if params["message_id"] in (0, "0")]

    try:
        await run_until(settings, old_line_edits)          # the resumed job shows where it is; then the stop
        assert old_line_edits()[-1] == t("ko", "waiting_for_restart", style="빈센트 반 고흐")
    finally:
        await fake.stop()


async def test_a_resumed_job_whose_topic_was_deleted_is_delivered_to_the_chats_main_topic(settings, queue_env, monkeypatch):
    """Telegram refuses a message into a deleted forum topic; the painting was lost (the journal
    had it delivered)."""
    from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes

    fake = await telegram_alone(settings)
    forum = {**GROUP, "is_forum": True}
    try:
        monkeypatch.setenv("WORKERS_FAST", "0")
        fake.push("message", fake.message(ANN, forum, photo=photo_sizes(fake, "g1", make_photo(96, 72)),
                                          caption="/style gogh", message_thread_id=7, is_topic_message=True))
        await run_until(settings, lambda: fake.sent("sendMessage", GROUP["id"]))
        fake.updates.clear()
        fake.gone_threads.add(7)                          # the topic is deleted while the bot is away
        monkeypatch.setenv("WORKERS_FAST", "1")
        await run_until(settings, lambda: fake.sent("sendPhoto", GROUP["id"]))
        [(photo, _)] = fake.sent("sendPhoto", GROUP["id"])
        assert "message_thread_id" not in photo and photo["caption"].startswith("Ann")
    finally:
        await fake.stop()


async def test_an_edit_sent_at_once_waits_for_a_held_back_one_in_flight_and_lands_last():
    """The restart notice (at_once) and a held-back "painting 40%" going out at the same moment:
    the percentage, slower, could land last and undo the notice."""
    import asyncio
    from bot.progress import ProgressLine

    landed = []

    async def edit(text):
        await asyncio.sleep(0.3 if "%" in text else 0.0)      # the held-back edit is slow to go out
        landed.append(text)

    line = ProgressLine(edit, 0.1, "queued")
    await line.show("painting 40%")                       # held back for 0.1 s, then sent (0.3 s)
    await asyncio.sleep(0.15)                             # ...now in flight
    await line.show("the bot is restarting", at_once=True)
    await asyncio.sleep(0.4)
    assert landed == ["painting 40%", "the bot is restarting"]
    await line.close()
