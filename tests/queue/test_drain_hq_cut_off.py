"""An /hq painting on the one-host queue's own hq worker, still painting when a stop's
DRAIN_TIMEOUT ends, is cut off (its worker killed). Its user is not left with a frozen
percentage until the next start: the progress line says the bot is restarting and the photo is
kept (waiting_for_restart, in English and Korean); and nothing is lost: the journal holds the job
and the next start paints it again."""
import asyncio

from bot.messages import t
from engine.queue.journal import Journal
from tests.bot.conftest import Recorder
from tests.queue.test_drain_notice import layer_on, style_request
from tests.queue.test_process import settings, started, until


async def test_an_hq_painting_cut_off_by_the_drain_tells_its_user_and_is_painted_after_the_restart(
        tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "30")          # far past the drain (the workers' environment)
    s = settings(tmp_path, workers_fast=1, workers_hq=1, drain_timeout=0.5)
    q = await started(s)
    layer, store = layer_on(q, tmp_path)
    handling = []
    try:
        chats = {}
        for lang in ("en", "ko"):
            chats[lang] = out = Recorder()
            req = style_request(f"tg:{lang}", lang)
            req.text = "/hq gogh"
            handling.append(asyncio.ensure_future(layer.handle(req, out)))
        hq_worker = next(w for w in q.workers if w.lane == "hq")
        await until(lambda: hq_worker.job_id is not None and chats["en"].sent, timeout=20)
        painting = hq_worker.job_id
        assert q.jobs[painting].lane == "hq"
        # the painting is under way (its line shows progress), the other /hq job waits behind it
        await until(lambda: (q.states[painting].progress or 0) > 0 and len(layer.shown) == 2, timeout=20)
        labels = {q.jobs[job_id].user_id: label for job_id, (label, _, _) in layer.shown.items()}
        await q.stop()                                       # DRAIN_TIMEOUT=0.5 s: cut off
        # the handling ends with the stop (no task left waiting on a stopped queue)
        await asyncio.wait_for(asyncio.gather(*handling, return_exceptions=True), 10)
        for lang, out in chats.items():
            label = labels[f"tg:{lang}"]
            assert out.sent[0].text == t(lang, "waiting_for_restart", style=label), out.sent[0].text
        held = {job.id: state for job, state, _ in Journal(s.queue_db).undelivered()}
        assert painting in held and len(held) == 2, held
    finally:
        await q.stop()
        for task in handling:
            task.cancel()
        await asyncio.gather(*handling, return_exceptions=True)
        store.close()

    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "0.05")
    q2 = await started(s)
    try:
        recovered = {job.id: job for job in await q2.recovered()}
        assert painting in recovered and recovered[painting].lane == "hq"
        result = await asyncio.wait_for(q2.wait(painting), 30)
        assert result.ok and result.image
    finally:
        await q2.stop()
