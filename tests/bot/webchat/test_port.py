"""A WEB_PORT already in use was found only when the web chat started, after the engine workers
had started and loaded their models, and exited 1 with two lines saying the same thing; README
says a wrong setting exits 2 (as a taken METRICS_PORT does). Now the port is taken before anything
starts: one line naming the setting, exit 2, no worker started."""
from __future__ import annotations

import socket

import pytest

from bot.web_port import WebPortUnusable, reserve_web_port

from tests.bot.test_main import _run_bot


@pytest.mark.slow
async def test_a_taken_web_port_is_one_line_and_exit_2_before_the_workers_start(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        rc, output = await _run_bot(tmp_path, timeout=90, WEB_HOST="127.0.0.1", WEB_PORT=str(port),
                                    QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
                                    WORKERS_FAST="1", WORKERS_HQ="0", STYLE_TRAINING="false")
    assert rc == 2, output
    assert output.strip().splitlines() == [
        f"error: WEB_PORT={port}: the web chat cannot listen on 127.0.0.1:{port}: Address already in use; "
        "set WEB_PORT to a free port (or stop what uses it)"], output     # nothing started before it


def test_the_reserved_port_is_the_web_chats_and_nobody_elses(tmp_path):
    [sock] = reserve_web_port("127.0.0.1", 0)
    try:
        port = sock.getsockname()[1]
        with socket.socket() as other, pytest.raises(OSError):
            other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            other.bind(("127.0.0.1", port))
            other.listen()
        with pytest.raises(WebPortUnusable, match=f"^WEB_PORT={port}: .*Address already in use"):
            reserve_web_port("127.0.0.1", port)
    finally:
        sock.close()


def test_a_web_host_that_is_not_here_names_web_host():
    with pytest.raises(WebPortUnusable, match="^WEB_HOST=192.0.2.1: .*set WEB_HOST to an address of this machine"):
        reserve_web_port("192.0.2.1", 0)
