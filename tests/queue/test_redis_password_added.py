"""A password set on a running Redis that REDIS_URL never had was logged as "refuses the
credentials in REDIS_URL (...): was its password changed?": no password was changed, none was
given. Now the line is the start's (redis_streams.refused, now link.refused): "needs a password
and REDIS_URL has none", and how to give it; a password that was changed keeps its question.
Its /healthz problem says the same (it said "refuses the credentials" for both). Real redis-server;
the bot's queue alone (no worker)."""
import logging

import pytest
import redis

from engine.queue.link import Link, refused
from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.test_process import until

pytestmark = pytest.mark.slow


def queue_said(caplog) -> list[str]:
    return [rec.getMessage() for rec in caplog.records if rec.name.startswith("engine.queue")
            and rec.levelno >= logging.ERROR]


async def password_set_while_running(url: str, tmp_path, caplog, admin: redis.Redis) -> tuple[list[str], list[str]]:
    """What the bot's queue logs at ERROR, and its /healthz problems, when ``admin`` (a connection
    that stays logged in) sets Redis's password to new-pw; set back to none after."""
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=url))
    await q.start()
    caplog.clear()
    try:
        admin.config_set("requirepass", "new-pw")
        admin.client_kill_filter(_type="normal", skipme=True)   # the bot's connections must log in again
        await until(lambda: not q.link.up and q.link.refused)
        return queue_said(caplog), q.health()["problems"]
    finally:
        admin.config_set("requirepass", "")
        await q.stop()


async def test_a_password_added_to_a_running_redis_says_that_redis_url_has_none(redis_url, tmp_path, caplog):
    said, problems = await password_set_while_running(redis_url, tmp_path, caplog, redis.Redis.from_url(redis_url))
    assert problems == ["redis needs a password and REDIS_URL has none"]           # /healthz, in the same words
    assert len(said) == 1, said
    assert "needs a password and REDIS_URL has none" in said[0] and "redis://:PASSWORD@host:port/0" in said[0], said
    assert "was its password changed" not in said[0] and said[0].endswith("jobs wait, retrying quietly"), said


async def test_a_changed_password_keeps_its_question(redis_url, tmp_path, caplog):
    admin = redis.Redis.from_url(redis_url)
    admin.ping()                                           # logged in before the password is set
    admin.config_set("requirepass", "old-pw")
    with_password = redis_url.replace("redis://", "redis://:old-pw@")
    said, problems = await password_set_while_running(with_password, tmp_path, caplog, admin)
    assert problems == ["redis refuses the credentials in REDIS_URL"]
    assert len(said) == 1, said
    assert "refuses the credentials in REDIS_URL" in said[0] and "was its password changed?" in said[0], said
    assert "needs a password" not in said[0] and "old-pw" not in said[0] and "new-pw" not in said[0], said


def test_the_start_and_the_link_say_it_in_the_same_words():
    exc = redis.AuthenticationError("Authentication required.")
    url = "redis://127.0.0.1:6379/0"
    log = logging.Logger("test.link")               # (not the shared one of that name: its error is replaced)
    said = []
    log.error = lambda msg, *args: said.append(msg % args)
    Link(url, log).failed(exc)
    assert said == [refused(exc, url) + "; jobs wait, retrying quietly"], said
    assert refused(redis.AuthenticationError("invalid username-password pair"), "redis://:x@h:1/0").startswith(
        "redis at redis://***@h:1/0 refused the credentials in REDIS_URL")
