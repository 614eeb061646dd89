"""After a restart, what the Telegram front-end says itself (a painting refused for want of
rights) is in the user's language: /lang, else their Telegram app's (user.language_code), as
every live reply is; it was DEFAULT_LANG for users who never set /lang."""
from __future__ import annotations

from bot.commands import Reply
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.base import JobStatus

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import GROUP, MINSU, PRIVATE_MINSU, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def refused_delivery(fake, chat: dict, origin: dict | None) -> list[str]:
    fake.errors["sendPhoto"] = [(400, "Bad Request: not enough rights to send photos to the chat", {})]
    fake.errors["sendDocument"] = [(400, "Bad Request: not enough rights to send documents to the chat", {})]
    await fake.frontend.deliver(f"tg:{chat['id']}", [Reply("✅ 빈센트 반 고흐: 완료"),
                                                     Reply("빈센트 반 고흐", image=make_photo(128, 96))],
                                user_id=f"tg:{MINSU['id']}", **({"origin": origin} if origin else {}))
    return texts(fake, chat["id"])


async def test_a_korean_app_users_refusal_after_a_restart_is_korean(recorded, fake_queue):
    """민수 (Telegram in Korean, no /lang) asked in a group; the bot restarted; the delivery's
    outcome line was Korean (the job's language), its refusal English. Now Korean: the request's
    origin keeps the app's language, as Discord's does."""
    fake = recorded
    fake.push("message", fake.message(MINSU, GROUP, photo=photo_sizes(fake, "rl1", make_photo(96, 72)),
                                      caption="/style 고흐"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    origin = fake_queue.jobs[0].meta.get("origin")
    said = await refused_delivery(fake, GROUP, origin)
    assert said[-1].endswith(t("ko", "no_media_rights")), said


async def test_in_a_private_chat_too(recorded, fake_queue):
    fake = recorded
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "rl2", make_photo(96, 72)),
                                      caption="/style 고흐"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    origin = fake_queue.jobs[0].meta.get("origin")
    said = await refused_delivery(fake, PRIVATE_MINSU, origin)
    assert said[-1] == t("ko", "no_media_rights"), said


async def test_the_restarting_refusal_already_follows_the_app(recorded, fake_queue, monkeypatch):
    """"I'm restarting" said to a live request already is in the app's language (the layer reads
    Request.locale): a check, it was right before."""
    fake = recorded

    async def submit(job):
        fake_queue.jobs.append(job)
        return JobStatus(job.id, "failed")

    async def wait(job_id, on_status=None):
        return JobResult(job_id, False, error_key="busy", error_params={"minutes": 1, "reason": "stopping"})

    monkeypatch.setattr(fake_queue, "submit", submit)
    monkeypatch.setattr(fake_queue, "wait", wait)
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "rl3", make_photo(96, 72)),
                                      caption="/style 고흐"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    assert texts(fake, PRIVATE_MINSU["id"]) == [t("ko", "busy_restarting")]
