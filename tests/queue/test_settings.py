"""QUEUE_DB: by default the journal lives in the bot's DATA_DIR; an explicit QUEUE_DB wins."""
from pathlib import Path

import pytest

from engine.queue.settings import QueueSettings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("QUEUE_DB", "DATA_DIR", "QUEUE_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)          # no .env of the checkout


def test_journal_follows_data_dir(monkeypatch, tmp_path):
    assert QueueSettings(_env_file=None).queue_db == str(Path("data") / "queue.sqlite3")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "bot-data"))
    assert QueueSettings(_env_file=None).queue_db == str(tmp_path / "bot-data" / "queue.sqlite3")
    assert QueueSettings(_env_file=None, data_dir=str(tmp_path / "x")).queue_db == str(tmp_path / "x" / "queue.sqlite3")


def test_explicit_queue_db_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "bot-data"))
    monkeypatch.setenv("QUEUE_DB", str(tmp_path / "elsewhere.sqlite3"))
    assert QueueSettings(_env_file=None).queue_db == str(tmp_path / "elsewhere.sqlite3")
    assert QueueSettings(_env_file=None, data_dir="/ignored").queue_db == str(tmp_path / "elsewhere.sqlite3")
    monkeypatch.setenv("QUEUE_DB", ":memory:")
    assert QueueSettings(_env_file=None).queue_db == ":memory:"


def test_bot_queue_journal_is_in_its_data_dir(monkeypatch, tmp_path):
    from bot.__main__ import build_queue
    from bot.settings import Settings

    monkeypatch.setenv("QUEUE_BACKEND", "process")
    settings = Settings(_env_file=None, DATA_DIR=tmp_path / "bot-data")
    q = build_queue(settings)
    try:
        assert q.settings.queue_db == str(tmp_path / "bot-data" / "queue.sqlite3")
        assert (tmp_path / "bot-data" / "queue.sqlite3").exists()
        assert not (tmp_path / "data").exists()            # not relative to the working directory
    finally:
        q.journal.close()
    monkeypatch.setenv("QUEUE_DB", str(tmp_path / "explicit.sqlite3"))
    q = build_queue(settings)
    try:
        assert q.settings.queue_db == str(tmp_path / "explicit.sqlite3")
    finally:
        q.journal.close()


def test_log_level_comes_from_env_file_too(monkeypatch, tmp_path):
    """What `engine worker` logs at, and what the bot hands its worker processes."""
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    assert QueueSettings(_env_file=None).log_level == "INFO"
    (tmp_path / ".env").write_text("LOG_LEVEL=debug\n")
    assert QueueSettings().log_level == "DEBUG"
    (tmp_path / ".env").write_text("LOG_LEVEL=\n")
    assert QueueSettings().log_level == "INFO"
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(ValueError, match="LOG_LEVEL must be"):
        QueueSettings()


def test_redis_urls_are_logged_without_their_password():
    import redis

    from engine.queue.metrics import redact

    url = "redis://:hunter@2secret@bot-host:6379/0"       # an @ inside the password
    assert redis.Redis.from_url(url).connection_pool.connection_kwargs["password"] == "hunter@2secret"
    assert redact(url) == "redis://***@bot-host:6379/0"
    assert redact("redis://bot-host:6379/0") == "redis://bot-host:6379/0"


async def test_health_probes_leave_no_access_log_lines(caplog):
    import logging

    import aiohttp

    from engine.queue.metrics import serve_ops
    from tests.queue.conftest import free_port

    class Queue:
        def health(self):
            return {"ok": True}

    port = free_port()
    caplog.set_level(logging.INFO)
    runner = await serve_ops(Queue(), "127.0.0.1", port)
    try:
        async with aiohttp.ClientSession() as s:
            for _ in range(3):
                async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                    assert r.status == 200
    finally:
        await runner.cleanup()
    assert not [r for r in caplog.records if r.name == "aiohttp.access"]


@pytest.mark.parametrize("name,value", [("JOB_TIMEOUT_FAST", "-5"), ("JOB_TIMEOUT_HQ", "0"), ("WORKERS_FAST", "-1"),
                                        ("QUEUE_MAX_ATTEMPTS", "0"), ("QUEUE_MAX_PER_USER", "0"),
                                        ("DRAIN_TIMEOUT", "-1"), ("REDIS_CLAIM_IDLE", "0"),
                                        ("METRICS_PORT", "70000"), ("REDIS_IN_FLIGHT_FAST", "0")])
def test_numbers_out_of_their_range_are_refused_in_one_line(monkeypatch, name, value):
    """JOB_TIMEOUT_FAST=-5 failed every job with "took too long (-5 s)"; WORKERS_FAST=-1 left the
    fast lane without a worker, silently. Refused at start (python -m bot prints the line, exit 2)."""
    from pydantic import ValidationError

    from engine.queue.settings import setting_errors

    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        QueueSettings(_env_file=None)
    [line] = setting_errors(caught.value)
    assert line.startswith(f"error: {name}={value!r}: ") and ("greater" in line or "less" in line), line
