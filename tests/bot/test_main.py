"""`python -m bot` (what `make run` runs) with no tokens: it prints the web chat's address, and a
photo sent there with /style gogh comes back painted, through the default job queue."""
from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from tests.bot.conftest import make_photo

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
async def test_python_m_bot_starts_the_web_chat_and_paints(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), MAX_SIDE="128",
               QUEUE_DB=str(tmp_path / "data" / "queue.sqlite3"), LOG_LEVEL="WARNING")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        url = re.search(r"http://\S+", line.decode()).group(0)
        assert url == f"http://localhost:{port}/"
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as page:
                assert page.status == 200 and "Paintbot" in await page.text()
            async with session.ws_connect(url + "ws") as ws:
                await ws.send_json({"user": "newcomer", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})
                async def painting():
                    async for msg in ws:
                        data = msg.json()
                        if data.get("image"):
                            return data
                data = await asyncio.wait_for(painting(), 120)
        im = Image.open(io.BytesIO(base64.b64decode(data["image"].split(",", 1)[1])))
        assert im.size == (128, 96) and "Vincent van Gogh" in data["text"]
        assert (tmp_path / "data" / "bot.sqlite3").exists()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0


@pytest.mark.slow
async def test_sigterm_delivers_the_painting_under_way_before_the_web_chat_closes(tmp_path):
    """A graceful stop lets the running job finish (the drain) while the front-ends can still
    deliver it; the web chat closes after that (its pages get 5 s, less than the painting takes),
    and the journal has nothing left to resume."""
    painting_s, pages_close_s = 12, 5        # (bot/__main__.py: the web chat's shutdown_timeout)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), LOG_LEVEL="WARNING",
               QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine", WORKERS_FAST="1",
               WORKERS_HQ="0", FAKE_ENGINE_SECONDS=str(painting_s), DRAIN_TIMEOUT="30", METRICS_PORT="0",
               STYLE_TRAINING="false")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    got, signalled_at, delivered_at = [], [], []
    try:
        await asyncio.wait_for(proc.stdout.readline(), 60)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"op": "hello", "user": "leaving"})
                await ws.send_json({"user": "leaving", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})

                async def until_closed():
                    async for msg in ws:
                        data = msg.json()
                        got.append(data)
                        if data.get("image"):
                            delivered_at.append(time.monotonic())
                        if data.get("op") == "edit" and "painting" in (data.get("text") or "") \
                                and proc.returncode is None and not getattr(until_closed, "sent", False):
                            until_closed.sent = True
                            signalled_at.append(time.monotonic())
                            proc.send_signal(signal.SIGTERM)      # mid-painting
                await asyncio.wait_for(until_closed(), 60)
        await asyncio.wait_for(proc.wait(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert getattr(until_closed, "sent", False), got
    assert any(m.get("image") for m in got), [m.get("text") for m in got]
    # the painting outlasted the web chat's closing time: it was delivered because the web chat
    # waited for the drain, not because it ended within the pages' 5 s
    assert delivered_at[0] - signalled_at[0] > pages_close_s, (signalled_at, delivered_at)
    assert proc.returncode == 0
    from engine.queue.journal import Journal
    assert Journal(str(tmp_path / "data" / "queue.sqlite3")).undelivered() == []


async def _run_bot(tmp_path, timeout=60, **env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), **env_extra)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, out.decode() + err.decode()


@pytest.mark.parametrize("setting", ["WEB_PORT=abc", "MAX_SIDE=-5", "RATE_LIMIT_JOBS=0", "DEFAULT_LANG=fr",
                                     "LOG_LEVEL=loud", "LOG_FORMAT=xml", "WEB_ENABLED=yesplease"])
async def test_a_bad_setting_is_one_line_naming_it(tmp_path, setting):
    name, _, value = setting.partition("=")
    rc, output = await _run_bot(tmp_path, **{name: value})
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith(f"error: {name}=")


def _usage(tmp_path, data_dir, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "bot", "usage", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def test_usage_on_a_mistyped_data_dir_says_so_and_creates_nothing(tmp_path):
    """It used to create an empty database there and report zero jobs."""
    r = _usage(tmp_path, tmp_path / "dtaa")
    assert r.returncode == 2 and r.stdout == "", r
    assert r.stderr.strip() == f"error: no database at {tmp_path / 'dtaa' / 'bot.sqlite3'} (check DATA_DIR)"
    assert not (tmp_path / "dtaa").exists()
    r = _usage(tmp_path, tmp_path / "data", "a week")
    assert r.returncode == 2 and r.stderr.strip() == "error: usage takes a number of days, not 'a week'"


def test_usage_reports_the_job_history(tmp_path):
    from bot.store import Store

    Store(tmp_path / "data").close()
    r = _usage(tmp_path, tmp_path / "data", "30")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"jobs": 0, "users": 0, "failed": 0, "mean_seconds": 0.0, "refused_busy": 0}


def test_web_enabled_takes_booleans_and_auto_only():
    """A typo of WEB_ENABLED used to be read as auto (the web chat then ran, or not, by the tokens)."""
    from pydantic import ValidationError

    from bot.settings import Settings

    def web(value, **tokens):
        return Settings(_env_file=None, WEB_ENABLED=value, **tokens).web_enabled()

    assert web("TRUE") and web(" yes") and web("1") and web("on", TELEGRAM_TOKEN="t" * 10)
    assert not web("False") and not web("off") and not web("0")
    assert web("Auto") and not web("auto", DISCORD_TOKEN="d" * 10)
    with pytest.raises(ValidationError, match="WEB_ENABLED must be true, false or auto"):
        Settings(_env_file=None, WEB_ENABLED="yesplease")


@pytest.mark.slow
async def test_a_taken_port_is_one_clear_line_and_an_exit_not_a_hang(tmp_path):
    """The web chat is the only front-end and its port is taken: the bot says so and exits
    (it used to wait forever on the worker processes it had just started). Since bcaf6af the
    port is taken before the workers start: a wrong setting, one line, exit 2."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        rc, output = await _run_bot(tmp_path, timeout=90, WEB_HOST="127.0.0.1", WEB_PORT=str(port),
                                    QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
                                    STYLE_TRAINING="false")
    assert rc == 2, output
    [line] = output.strip().splitlines()
    assert line.startswith(f"error: WEB_PORT={port}: ") and f"cannot listen on 127.0.0.1:{port}" in line, line
    assert "set WEB_PORT to a free port" in line and "TELEGRAM_TOKEN" not in output    # not the tokens
    assert "Traceback" not in output


@pytest.mark.parametrize("problem", ["a file", "bot.sqlite3 a folder", "queue.sqlite3 a folder"])
async def test_a_data_dir_that_cannot_be_used_is_one_line_naming_it(tmp_path, problem):
    """It used to be a traceback from store.py (or from the journal)."""
    data = tmp_path / "data"
    if problem == "a file":
        data.write_text("not a folder")
        blamed = data
    else:
        blamed = data / problem.split()[0]
        blamed.mkdir(parents=True)
    rc, output = await _run_bot(tmp_path, WEB_PORT="18431", QUEUE_BACKEND="process",
                                ENGINE_FACTORY="tests.queue.fakes:make_engine", STYLE_TRAINING="false")
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and str(blamed) in line, line
    if problem == "a file":
        assert line == f"error: DATA_DIR={str(data)!r} cannot be used: {data}: a file is there, not a folder"
    elif problem.startswith("bot"):
        assert line.endswith("bot.sqlite3: unable to open database file"), line
    else:
        assert line.startswith("error: the job journal cannot be opened: "), line


@pytest.mark.slow
async def test_a_second_bot_on_the_same_data_dir_is_refused_in_one_line(tmp_path):
    """A second `python -m bot` on the folder of a running one would resume its journaled jobs and
    paint and deliver them twice: it exits at once, naming the running one; once that one stops,
    the folder is free again (the lock goes with the process)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_HOST="127.0.0.1", WEB_PORT=str(port),
               QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine", STYLE_TRAINING="false",
               LOG_LEVEL="WARNING")
    first = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                 stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        line = await asyncio.wait_for(first.stdout.readline(), 60)
        assert b"http://" in line, line                          # serving
        rc, output = await _run_bot(tmp_path, WEB_HOST="127.0.0.1", WEB_PORT=str(free_port()),
                                    QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
                                    STYLE_TRAINING="false")
        assert rc == 2 and "Traceback" not in output, output
        [said] = output.strip().splitlines()
        assert said == (f"error: another bot (pid {first.pid}) is running with DATA_DIR={str(tmp_path / 'data')!r}: "
                        "stop it first, or give this one a DATA_DIR of its own (two would paint and answer "
                        "everything twice)"), said
    finally:
        if first.returncode is None:
            first.send_signal(signal.SIGINT)
            await asyncio.wait_for(first.wait(), 60)
    assert first.returncode == 0
    from bot.single_instance import hold_data_dir

    hold_data_dir(tmp_path / "data").close()                     # free again once it stopped


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["usage", "--help"]])
def test_help_is_asked_for_and_exits_0(tmp_path, args):
    """`python -m bot --help` printed the usage and exited 2, as for a bad argument; `usage --help`
    said "usage takes a number of days, not '--help'"."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"))
    r = subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r
    assert r.stdout.startswith("usage: python -m bot") and "usage [DAYS]" in r.stdout
    assert not (tmp_path / "data").exists()                 # nothing started, nothing created
    wrong = subprocess.run([sys.executable, "-m", "bot", "--hlep"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=60)
    assert wrong.returncode == 2 and wrong.stderr.startswith("usage: python -m bot")


def test_an_empty_queue_setting_is_its_default_as_the_bots_are(tmp_path, monkeypatch):
    """METRICS_PORT= (or WORKERS_FAST=, REDIS_PREFIX=) in .env stopped the bot ("Input should be a
    valid integer"), where an empty bot setting (MAX_SIDE=) is its default."""
    from bot.__main__ import queue_settings_of
    from bot.settings import Settings

    for name in ("METRICS_PORT", "WORKERS_FAST", "REDIS_PREFIX", "MAX_SIDE", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("METRICS_PORT=\nWORKERS_FAST=\nREDIS_PREFIX=\nMAX_SIDE=\n")
    qs = queue_settings_of(Settings())
    assert (qs.metrics_port, qs.workers_fast, qs.redis_prefix) == (0, 1, "paintbot")
