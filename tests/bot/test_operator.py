"""What an operator meets running `python -m bot` and `python -m engine worker`: a wrong setting is
one line and exit 2 (not a traceback, not a bot that runs and never paints), the log says what
runs and when it stops, and no secret reaches the log (REDIS_URL's password however it is
written, Discord's interaction tokens at DEBUG)."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from engine.errors import BadOptionError

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests.bot.test_operator"
FAKE = "tests.queue.fakes:make_engine"
PASSWORD = "s3cret-Pa55word"


def make_engine_without_cuda(device=None):
    """An engine factory that refuses its device, as the real one does on a machine without CUDA."""
    raise BadOptionError(detail="device 'cuda': this machine has no CUDA GPU (or torch is a CPU build)")


def clean_env(tmp_path, **settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update({"PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path / "data"), "STYLE_TRAINING": "false",
                "LOG_LEVEL": "INFO", "WEB_PORT": "23290", **settings})
    return env


async def run(tmp_path, *args, timeout=60, **settings) -> tuple[int, str]:
    """A command (python -m bot by default) to its end: exit status, stdout and stderr together."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", *(args or ("bot",)), cwd=tmp_path,
                                                env=clean_env(tmp_path, **settings),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, out.decode()


async def run_until(tmp_path, *args, seen: str, timeout=60, **settings) -> tuple[int, str]:
    """A long-running command until a line containing ``seen``, then SIGTERM: status and output."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", *args, cwd=tmp_path,
                                                env=clean_env(tmp_path, **settings),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    lines = []
    try:
        async def until_seen():
            async for raw in proc.stdout:
                lines.append(raw.decode())
                if seen in lines[-1]:
                    return
        await asyncio.wait_for(until_seen(), timeout)
        proc.send_signal(signal.SIGTERM)
        rest, _ = await asyncio.wait_for(proc.communicate(), 60)
        lines.append(rest.decode())
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, "".join(lines)


def taken_port():
    sock = socket.socket()
    sock.bind(("0.0.0.0", 0))
    sock.listen()
    return sock, sock.getsockname()[1]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- a wrong setting: one line, exit 2 -------------------------------------------------------------
@pytest.mark.parametrize("setting", [
    # the queue's settings (engine/queue/settings.py) were a pydantic traceback, exit 1
    "WORKERS_FAST=abc", "QUEUE_BACKEND=rabbit", "DRAIN_TIMEOUT=abc", "METRICS_PORT=abc",
    # these started the bot: a port out of range was a traceback, the others failed later
    # (each community style's training refused by train-artist; MAX_SIDE cut to the limit silently)
    "WEB_PORT=99999", "STYLE_TRAINING_ITERATIONS=0", "STYLE_TRAINING_CROP=8", "STYLE_TRAINING_NICE=20",
    "MAX_SIDE=2048",
])
async def test_a_bad_setting_of_the_queue_or_the_bot_is_one_line_and_exit_2(tmp_path, setting):
    name, _, value = setting.partition("=")
    rc, output = await run(tmp_path, **{name: value})
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and name in line, line
    if name == "MAX_SIDE":
        assert line == ("error: MAX_SIDE=2048 is above MAX_SIDE_LIMIT=1024 (the largest size a user may pick); "
                        "raise MAX_SIDE_LIMIT too")


async def test_a_redis_url_that_is_no_url_is_one_line_and_exit_2(tmp_path):
    """It was redis-py's ValueError with its traceback, exit 1."""
    rc, output = await run(tmp_path, QUEUE_BACKEND="redis", REDIS_URL="garbage")
    assert rc == 2 and output.strip().splitlines() == [
        "error: REDIS_URL: not a Redis URL (redis://[:PASSWORD@]HOST:PORT/DB, rediss://, unix://); "
        "a password with / # ? @ must be %-encoded"], output


@pytest.mark.parametrize("setting, says", [
    ("ENGINE_FACTORY=nosuch.module:make", "No module named 'nosuch'"),
    ("ENGINE_FACTORY=engine:no_such_factory", "the module 'engine' has no 'no_such_factory'"),
    ("ENGINE_DEVICE=tpu", "is not a device of the engine: cpu, cuda, cuda:N"),
    ("ENGINE_DEVICE=mps", "is not a device of the engine"),
])
async def test_an_engine_the_workers_cannot_build_stops_the_bot_at_once(tmp_path, setting, says):
    """The bot used to start, and its workers to die and restart forever (a CRITICAL traceback
    each time, backing off to 30 s) while users' photos waited."""
    name, _, value = setting.partition("=")
    rc, output = await run(tmp_path, timeout=30, WEB_PORT="23291", QUEUE_BACKEND="process", **{name: value})
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith(f"error: {name}={value!r}") and says in line, line


@pytest.mark.slow
async def test_a_taken_metrics_port_is_one_line_naming_it(tmp_path):
    sock, port = taken_port()
    with sock:
        rc, output = await run(tmp_path, timeout=60, WEB_PORT="23292", QUEUE_BACKEND="process",
                               ENGINE_FACTORY=FAKE, METRICS_PORT=str(port))
    assert rc == 2 and "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (f"error: METRICS_PORT={port}: /healthz and /metrics cannot listen on "
                                               f"127.0.0.1:{port}: address already in use; set METRICS_PORT to a "
                                               "free port (or stop what uses it)")
    assert "worker" not in output          # none was started: nothing to clean up after


# -- what the log says ----------------------------------------------------------------------------
@pytest.mark.slow
async def test_the_log_says_what_runs_and_what_a_stop_waits_for(tmp_path):
    rc, output = await run_until(tmp_path, "bot", seen='engine.worker: engine: device', WEB_PORT="23293",
                                 QUEUE_BACKEND="process", ENGINE_FACTORY=FAKE, WORKERS_FAST="1", WORKERS_HQ="0")
    assert rc == 0, output
    data = tmp_path / "data"
    assert (f"INFO bot: paintbot starting: queue process (engine workers: fast 1, hq 0; journal "
            f"{data / 'queue.sqlite3'}), engine {FAKE} on the best device (CUDA if any, else CPU), "
            f"22 catalog artists, DATA_DIR {data}, log level INFO") in output, output
    assert "INFO bot: serving: the web chat" in output
    # each engine worker names its device (the fake engine has none), in the bot's shape of line
    assert re.search(r'INFO engine.worker: engine: device \?, ENGINE_FACTORY=' + re.escape(FAKE), output)
    assert not any(line.startswith("{") for line in output.splitlines()), output
    assert "INFO bot: stopping: no job is running" in output and output.rstrip().endswith("INFO bot: stopped")


def test_the_restarts_of_a_lane_are_a_series_from_the_start():
    """paintbot_worker_restarts_total{lane} appeared only at the first restart: an alert on its
    rate() cannot see a change from nothing to 1."""
    from prometheus_client import generate_latest

    from engine.supervisor import WorkerProcess

    WorkerProcess(owner=None, lane="operator-test", index=0, engine_factory=FAKE)
    assert 'paintbot_worker_restarts_total{lane="operator-test"} 0.0' in generate_latest().decode()


@pytest.mark.slow
async def test_a_worker_that_cannot_build_its_engine_is_one_error_not_a_crash_loop(tmp_path, caplog):
    """ENGINE_DEVICE=cuda on a machine without CUDA (which the bot cannot check without torch):
    the worker says why in one line and exits 2; the supervisor says once that it cannot start,
    counts no restart and tries again only every SETUP_RETRY seconds."""
    from engine.queue.process import ProcessQueue
    from engine.queue.settings import QueueSettings
    from engine.queue import metrics as m

    caplog.set_level(logging.INFO)
    q = ProcessQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), workers_fast=1, workers_hq=0,
                                   engine_factory=f"{HERE}:make_engine_without_cuda", engine_device="cuda",
                                   _env_file=None))
    restarts = m.WORKER_RESTARTS.labels("fast")._value.get()
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(ROOT)
    stopped = False
    try:
        await q.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not getattr(q.workers[0], "setup_failed", False):
            await asyncio.sleep(0.1)
        await asyncio.sleep(4)            # the old supervisor restarted it 3 times in 4 s (0.5, 1, 2)
        assert getattr(q.workers[0], "setup_failed", False) and not q.workers[0].ready
        started = time.monotonic()
        await q.stop()
        stopped = True
        assert time.monotonic() - started < 5      # a stop does not wait out the 30 s pause
    finally:
        if not stopped:
            await q.stop()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "engine.supervisor"]
    assert said[1:] == [("ERROR", "worker fast-0 cannot build its engine: device 'cuda': this machine has no "
                                  "CUDA GPU (or torch is a CPU build) (ENGINE_DEVICE, or the worker's --device); "
                                  "fix ENGINE_FACTORY or ENGINE_DEVICE and restart the bot; trying again every 30 s")], said
    assert q.workers[0].restarts == 0 and m.WORKER_RESTARTS.labels("fast")._value.get() == restarts


# -- secrets --------------------------------------------------------------------------------------
def password_hidden(output: str) -> bool:
    """The URL is shown with its password hidden: by redact (***) or by the logs' scrubbing."""
    return "password=***" in output or "password=<redacted>" in output


@pytest.mark.slow
async def test_a_redis_password_given_as_a_query_parameter_stays_out_of_the_bot_log(tmp_path):
    """redis://host/0?password=... is a URL redis-py takes; the log's redaction knew only
    redis://:PASSWORD@host, and the bot's warning showed the password."""
    url = f"redis://127.0.0.1:{closed_port()}/0?password={PASSWORD}"
    rc, output = await run_until(tmp_path, "bot", seen="serving:", WEB_PORT="23294", QUEUE_BACKEND="redis",
                                 REDIS_URL=url, LOG_LEVEL="DEBUG")
    assert rc == 0, output
    assert "is unreachable" in output and password_hidden(output), output
    assert PASSWORD not in output


@pytest.mark.slow
async def test_the_worker_and_submit_keep_a_query_password_out_of_their_output(tmp_path):
    url = f"redis://127.0.0.1:{closed_port()}/0?password={PASSWORD}"
    rc, output = await run_until(tmp_path, "engine", "worker", seen="is unreachable", REDIS_URL=url,
                                 ENGINE_FACTORY=FAKE, LOG_LEVEL="DEBUG")
    assert rc == 0 and password_hidden(output), output
    assert PASSWORD not in output
    # submit: its warnings go through Python's last-resort handler, which the JSON one never saw;
    # and a METRICS_PORT in the environment (a worker's, on this host) is not submit's to listen on
    (tmp_path / "photo.jpg").write_bytes(b"not checked before connecting")
    sock, port = taken_port()
    with sock:
        rc, output = await run(tmp_path, "engine", "submit", "--style", "gogh", "-o", str(tmp_path / "out"),
                               "--timeout", "3", "photo.jpg", REDIS_URL=url, METRICS_PORT=str(port))
    assert rc == 2 and "did not answer in 3 s" in output, output
    assert PASSWORD not in output and password_hidden(output)


@pytest.mark.slow
async def test_the_worker_command_says_which_setting_is_wrong_in_one_line(tmp_path):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    rc, output = await run(tmp_path, "engine", "worker", REDIS_URL=url, ENGINE_FACTORY="nosuch:make")
    assert rc == 2 and output.strip().splitlines() == [
        "error: ENGINE_FACTORY='nosuch:make' cannot be loaded (ModuleNotFoundError: No module named 'nosuch'); "
        "it names module:callable, e.g. engine:load_engine"], output
    rc, output = await run(tmp_path, "engine", "worker", "--device", "tpu", REDIS_URL=url, ENGINE_FACTORY="engine:load_engine")
    assert rc == 2 and output.strip().splitlines()[-1].startswith("error: --device='tpu' is not a device"), output
    sock, port = taken_port()
    with sock:
        rc, output = await run(tmp_path, "engine", "worker", REDIS_URL=url, ENGINE_FACTORY=FAKE, METRICS_PORT=str(port))
    assert rc == 2 and output.strip().splitlines()[-1] == (
        f"error: METRICS_PORT={port}: /healthz and /metrics cannot listen on 127.0.0.1:{port}: "
        "Address already in use"), output     # it said "error: Address already in use"


@pytest.mark.slow
async def test_discord_interaction_tokens_stay_out_of_the_debug_log(settings, real_layer, caplog, monkeypatch):
    """discord.py logs each webhook call at DEBUG with its URL, whose last part is the
    interaction's token: with it anyone could post as the bot in that channel for 15 minutes."""
    import discord
    import yarl

    from tests.bot.fake_discord import APP_ID, FakeDiscord
    from tests.bot.discord.test_discord import TOKEN, connect, style_with_photo

    fake = FakeDiscord(TOKEN)
    base = await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"{base.replace('http', 'ws')}/gw"))
    settings.DISCORD_TOKEN = TOKEN
    caplog.set_level(logging.DEBUG)
    frontend = await connect(fake, real_layer, settings)
    try:
        payload = style_with_photo(fake)
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    finally:
        await frontend.stop()
        await fake.stop()
    webhook_lines = [r.getMessage() for r in caplog.records if "/webhooks/" in r.getMessage()]
    assert webhook_lines and all(f"/webhooks/{APP_ID}/<redacted>" in line for line in webhook_lines), webhook_lines
    assert payload["token"] not in caplog.text and TOKEN not in caplog.text


def test_a_traceback_in_the_bot_log_shows_no_token(tmp_path):
    """The record factory scrubbed a record's message, but not the traceback the handler adds:
    an exception whose text holds a URL with the token showed it."""
    import subprocess

    token = "123456:AAEsecretHALFofTheToken"
    code = ("import logging; from bot.__main__ import setup_logging; from bot.settings import Settings\n"
            f"setup_logging(Settings(_env_file=None, TELEGRAM_TOKEN={token!r}))\n"
            "try:\n"
            f"    raise OSError('cannot reach https://api.telegram.org/bot{token}/getMe')\n"
            "except OSError:\n"
            "    logging.getLogger('bot').exception('polling failed')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env=clean_env(tmp_path))
    assert "polling failed" in out.stderr and "OSError: cannot reach https://api.telegram.org/bot<redacted>/getMe" \
        in out.stderr, out.stderr
    assert "AAEsecretHALF" not in out.stderr


def test_the_devices_env_example_offers_are_ones_the_engine_takes():
    """.env.example offered ENGINE_DEVICE "mps", which the engine refuses (engine.core.pick_device)."""
    accepted = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")

    text = (ROOT / ".env.example").read_text()
    [comment] = [line for line in text.splitlines() if line.startswith("#") and "ENGINE_DEVICE:" in line]
    offered = re.findall(r"\b(cpu|cuda(?::\w+)?|mps|tpu|xpu|auto)\b", comment.split("ENGINE_DEVICE:", 1)[1])
    assert offered and all(accepted.match(d.replace(":N", ":0")) for d in offered), offered
