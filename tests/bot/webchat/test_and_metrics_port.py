"""Review of bcaf6af: the web chat's port is taken first now, so WEB_PORT and METRICS_PORT set
to the same number ended with "METRICS_PORT=N: ... Address already in use", as if another program
held it (the bot itself did, and it is gone by the time anyone looks). Said as what it is (where
the queue serves them: QUEUE_BACKEND=memory has no /healthz nor /metrics, and no conflict)."""
from __future__ import annotations

from tests.bot.test_main import _run_bot, free_port


async def test_the_same_port_for_the_web_chat_and_the_metrics_is_said_so(tmp_path):
    port = free_port()
    rc, output = await _run_bot(tmp_path, WEB_ENABLED="true", WEB_HOST="127.0.0.1", WEB_PORT=str(port),
                                METRICS_PORT=str(port), QUEUE_BACKEND="process", WORKERS_FAST="1", WORKERS_HQ="0",
                                ENGINE_FACTORY="tests.queue.fakes:make_engine", STYLE_TRAINING="false")
    assert rc == 2, output
    assert output.strip().splitlines() == [
        f"error: METRICS_PORT={port} is WEB_PORT too: /healthz and /metrics and the web chat need a port "
        "each; set one of them to another"], output


