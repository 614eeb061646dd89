"""`python -m engine submit` (an operator's check of a deployment) beat in {p}:bots as a bot does:
the running bot then logged "another bot (host-pid) is active under REDIS_PREFIX=..." naming the
submit process, and submit said the same of the bot, telling the operator to change a REDIS_PREFIX
that was right. submit now neither beats as a bot nor warns of one; two bots under one prefix are
still said (tests/queue/test_shared_prefix.py). Real redis-server."""
import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest
import redis

from engine.queue.redis_streams import Keys
from tests.queue.test_shared_prefix import bot, said

ROOT = str(Path(__file__).resolve().parents[2])

pytestmark = pytest.mark.slow


async def test_submit_is_no_bot_beside_the_running_bot(redis_url, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="engine.queue.redis")
    running = bot(redis_url, "host-a-1")
    await running.start()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"painted by no worker here")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "LOG_"))}
    env.update(PYTHONPATH=ROOT, REDIS_PREFIX="paintbot")
    try:
        # no worker: submit waits its --timeout, long enough for a few watch rounds on both sides
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "engine", "submit", "--redis", redis_url, "--timeout", "5", "-o",
            str(tmp_path / "out"), str(photo), cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        seen_bots = set()
        while proc.returncode is None:
            seen_bots |= set(redis.Redis.from_url(redis_url).hkeys(Keys("paintbot").bots))
            try:
                await asyncio.wait_for(proc.wait(), 0.3)
            except asyncio.TimeoutError:
                pass
        _, err = await proc.communicate()
        await asyncio.sleep(0.5)                  # the bot's next watch rounds
    finally:
        await running.stop()
    err = err.decode()
    assert proc.returncode == 1 and "not all results arrived" in err, err[-3000:]
    assert "another bot" not in err, err
    assert said(caplog) == []
    assert seen_bots == {b"host-a-1"}, seen_bots       # the bot alone beat among the bots
