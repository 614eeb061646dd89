"""A stop (SIGTERM: running jobs finish, waiting ones stay in the journal for the next start) tells
the users of the jobs it holds over: their progress line said "queued, position N, about X s"
through the whole drain, and after it, as if their photo were still coming."""
import asyncio

from bot.commands import CommandLayer, Request
from bot.messages import t
from bot.settings import Settings
from bot.store import Store
from engine.queue.base import JobStatus
from engine.queue.journal import Journal
from tests.bot.conftest import Recorder, make_photo
from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


def restart(status) -> bool:
    return status.state == "queued" and status.waiting_for == "restart"


async def test_a_waiting_job_hears_of_the_restart_when_the_drain_begins(tmp_path):
    q = await started(settings(tmp_path, workers_hq=0))
    stopping = None
    try:
        running, waiting = make_job("a", "sleep:3"), make_job("b")
        await q.submit(running)
        await until(lambda: q.workers[0].job_id == running.id)
        await q.submit(waiting)
        seen_running, seen_waiting = [], []
        follows = [asyncio.ensure_future(q.wait(running.id, seen_running.append)),
                   asyncio.ensure_future(q.wait(waiting.id, seen_waiting.append))]
        await until(lambda: seen_waiting and seen_waiting[-1].position == 0)
        assert seen_waiting[-1].waiting_for is None and seen_waiting[-1].eta_seconds is not None
        stopping = asyncio.ensure_future(q.stop())
        await until(lambda: restart(seen_waiting[-1]), timeout=2)
        assert not stopping.done()                       # told as the drain began, not after it
        await stopping
        ran, held = await asyncio.gather(*follows, return_exceptions=True)
        assert ran.ok and not any(restart(s) for s in seen_running)     # the drain let it finish
        assert isinstance(held, asyncio.CancelledError)
        assert [restart(s) for s in seen_waiting].count(True) == 1       # once, not on every poll
    finally:
        if stopping is None:
            await q.stop()
    journal = Journal(str(tmp_path / "queue.sqlite3"))
    try:                                                 # kept for the next start
        assert [(job.id, state) for job, state, _ in journal.undelivered()] == [(waiting.id, "queued")]
    finally:
        journal.close()


async def test_a_running_job_the_drain_cuts_off_hears_of_the_restart_too(tmp_path):
    q = await started(settings(tmp_path, workers_hq=0, drain_timeout=0.5))
    job = make_job("a", "sleep:20")
    await q.submit(job)
    await until(lambda: q.workers[0].job_id == job.id)
    seen = []
    follow = asyncio.ensure_future(q.wait(job.id, seen.append))
    await until(lambda: seen and seen[-1].state == "running")
    await q.stop()
    await asyncio.gather(follow, return_exceptions=True)
    assert restart(seen[-1])


async def occupy_the_worker(q) -> None:
    """The one fast worker busy with someone else's long job: what comes next waits in line."""
    busy = make_job("someone else", "sleep:5")
    await q.submit(busy)
    await until(lambda: q.workers[0].job_id == busy.id)


def style_request(user: str, lang: str) -> Request:
    return Request(platform="tg", user_id=user, chat_id=user, text="/style gogh", images=[make_photo()],
                   locale=lang, bot_username="paintbot")


async def a_line_in_the_queue(q, layer: CommandLayer, out) -> tuple[asyncio.Future, str]:
    """A "/style gogh" behind someone else's long job, handled by ``layer`` to ``out`` until its
    line is sent: (the handling, the style's label in that line)."""
    await occupy_the_worker(q)
    handling = asyncio.ensure_future(layer.handle(style_request("tg:1", "en"), out))
    await until(lambda: out.sent)
    (label, _, _), = layer.shown.values()
    return handling, label


def layer_on(queue, tmp_path) -> tuple[CommandLayer, Store]:
    s = Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64, PREVIEW_SIDE=64,
                 RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)
    store = Store(s.DATA_DIR)
    return CommandLayer(s, store, queue), store


async def test_the_progress_line_says_the_bot_restarts_before_the_stop_ends(tmp_path):
    """Through the command layer, as bot/__main__.py stops: the queue's stop (its drain) comes
    before the front-ends close, so the edit still reaches the chat."""
    q = await started(settings(tmp_path, workers_hq=0))
    layer, store = layer_on(q, tmp_path)
    stopping = None
    try:
        await occupy_the_worker(q)
        chats = {}
        for lang in ("en", "ko"):
            out = chats[lang] = Recorder()
            req = style_request(f"tg:{lang}", lang)
            asyncio.ensure_future(layer.handle(req, out))
        await until(lambda: all(out.sent for out in chats.values()))
        labels = {q.jobs[job_id].user_id: label for job_id, (label, _, _) in layer.shown.items()}
        told = {lang: t(lang, "waiting_for_restart", style=labels[f"tg:{lang}"]) for lang in chats}
        assert all(out.sent[0].text != told[lang] for lang, out in chats.items())   # its place in line
        # within the edit limit of the line's sending: the notice goes past it, or it would come
        # after the front-ends closed
        stopping = asyncio.ensure_future(q.stop())
        for lang, out in chats.items():
            await until(lambda: out.sent[0].text == told[lang], timeout=2)
        assert not stopping.done()
        await stopping
    finally:
        if stopping is None:
            await q.stop()
        store.close()


def test_the_restart_status_is_rendered_in_both_languages(tmp_path):
    layer, store = layer_on(None, tmp_path)
    try:
        st = JobStatus("j", "queued", waiting_for="restart")
        assert layer._status_text("en", "/style gogh", st) == (
            "🎨 /style gogh: the bot is stopping for a moment (a restart or maintenance). Your photo is kept and "
            "will be painted as soon as the bot is back; no need to send it again.")     # (not "restarting": it may not)
        assert layer._status_text("ko", "/style gogh", st) == t("ko", "waiting_for_restart", style="/style gogh")
        assert "재시작이나 점검으로 잠시 멈춰요" in layer._status_text("ko", "/style gogh", st)
    finally:
        store.close()


async def test_the_restart_notice_goes_past_the_edit_limit_when_the_stop_is_quick(tmp_path):
    """A drain over in less than the line's edit interval (here it cuts the running job off):
    the notice, held back by the once-a-second limit, would have come after the front-ends
    closed. It is on the line when the stop returns."""
    q = await started(settings(tmp_path, workers_hq=0, drain_timeout=0.1))
    layer, store = layer_on(q, tmp_path)
    try:
        out = Recorder()
        _, label = await a_line_in_the_queue(q, layer, out)
        await q.stop()                                   # right after the line was sent
        assert out.sent[0].text == t("en", "waiting_for_restart", style=label)
    finally:
        await q.stop()
        store.close()


async def test_a_wait_begun_after_the_stop_cancelled_its_job_hears_of_the_restart(tmp_path):
    """The stop was over (its future cancelled, held over) before the job's wait began: the wait
    tells the restart once, as the waits begun earlier were told, then ends as they do."""
    q = await started(settings(tmp_path, workers_hq=0, drain_timeout=0.1))
    held = make_job("a")
    await occupy_the_worker(q)
    await q.submit(held)
    await q.stop()
    seen = []
    follow = await asyncio.gather(q.wait(held.id, seen.append), return_exceptions=True)
    assert isinstance(follow[0], asyncio.CancelledError)
    assert len(seen) == 1 and restart(seen[0]), seen


class SlowFirstLine(Recorder):
    """A front-end whose first send (the job's line) returns only once ``sent_back`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_back = asyncio.Event()

    async def send(self, reply):
        handle = await super().send(reply)
        await self.sent_back.wait()
        return handle


async def test_a_line_sent_while_the_whole_stop_ran_says_the_bot_restarts(tmp_path, caplog):
    """The job was submitted before the stop, but its line was still on its way (a slow
    platform) through the whole stop: once sent, the line is edited to the restart notice
    instead of keeping its place in a line that no longer moves. (Where the line is cannot be
    journaled any more: the journal is closed, and no error says it cannot be written.)"""
    q = await started(settings(tmp_path, workers_hq=0, drain_timeout=0.1))
    layer, store = layer_on(q, tmp_path)
    try:
        out = SlowFirstLine()
        handling, label = await a_line_in_the_queue(q, layer, out)
        assert out.sent[0].text != t("en", "waiting_for_restart", style=label)     # its place in line
        await q.stop()
        out.sent_back.set()
        await asyncio.gather(handling, return_exceptions=True)
        assert out.sent[0].text == t("en", "waiting_for_restart", style=label)
        assert not [rec.getMessage() for rec in caplog.records if rec.levelname == "ERROR"]
    finally:
        await q.stop()
        store.close()


async def test_a_job_the_drain_finished_before_its_late_wait_is_delivered_once_after_the_restart(tmp_path, caplog):
    """The drain let a running job finish, but its wait began after the stop (its first line was
    slow): the result went out then, its delivery could not be journaled (closed), and the next
    start delivered it again. The wait ends as a held-over one's; the next start delivers it."""
    q = await started(settings(tmp_path, workers_hq=0, drain_timeout=10))
    job = make_job("a", "sleep:1")
    await q.submit(job)
    await until(lambda: q.workers[0].job_id == job.id)
    await q.stop()                                     # the drain lets it finish
    follow = await asyncio.gather(q.wait(job.id), return_exceptions=True)
    assert isinstance(follow[0], asyncio.CancelledError)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    journal = Journal(str(tmp_path / "queue.sqlite3"))
    try:
        assert [j.id for j, _, _ in journal.undelivered()] == [job.id]      # for the next start
    finally:
        journal.close()
