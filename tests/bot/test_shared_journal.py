"""Two bots with DATA_DIRs of their own but one QUEUE_DB (a .env copied to start a second bot
for a test, with QUEUE_DB set to the production journal): the DATA_DIR lock let the second start,
and each resumed, painted and delivered the other's jobs. The second is now refused at start in
one line naming the running bot and the journal, as for a shared DATA_DIR."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

from tests.bot.test_main import ROOT, _run_bot, free_port


async def test_a_second_bot_on_the_same_journal_is_refused_in_one_line(tmp_path):
    journal = tmp_path / "shared" / "queue.sqlite3"
    common = dict(WEB_HOST="127.0.0.1", QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
                  STYLE_TRAINING="false", QUEUE_DB=str(journal))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "one"), WEB_PORT=str(free_port()), LOG_LEVEL="WARNING",
               **common)
    first = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                 stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        line = await asyncio.wait_for(first.stdout.readline(), 60)
        assert b"http://" in line, line                          # serving
        (tmp_path / "two").mkdir()
        rc, output = await _run_bot(tmp_path / "two", WEB_PORT=str(free_port()), **common)
        assert rc == 2 and "Traceback" not in output, output
        [said] = output.strip().splitlines()
        assert said.startswith(f"error: another bot (pid {first.pid}) is running with QUEUE_DB={str(journal)!r}"), said
    finally:
        if first.returncode is None:
            first.send_signal(signal.SIGINT)
            await asyncio.wait_for(first.wait(), 60)
    assert first.returncode == 0
    from bot.single_instance import hold_journal

    hold_journal(journal).close()                                # free again once it stopped
