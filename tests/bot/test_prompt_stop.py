"""Ctrl-C on an idle bot with a web chat page open took about 11 s ("stopping: no job is
running", 10 s of silence, "stopped"): aiohttp waited shutdown_timeout (5 s) for the page's socket
handler, which waits for the page, then cancelled it and waited 5 s again. Each open page's socket
is now closed as the web chat shuts down (1001, going away): the page hears it and the bot stops."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
from aiohttp import WSCloseCode, WSMsgType

from tests.bot.test_main import ROOT, free_port


async def test_a_stop_closes_the_open_pages_sockets_at_once(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), QUEUE_BACKEND="memory",
               ENGINE_FACTORY="tests.queue.fakes:make_engine", STYLE_TRAINING="false")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(proc.stdout.readline(), 60)        # "Web chat: ...": it runs
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"op": "hello", "user": "reader"})
                while (await asyncio.wait_for(ws.receive_json(), 10)).get("op") != "hello":
                    pass                                          # the page is open and known
                await asyncio.sleep(0.5)
                proc.send_signal(signal.SIGINT)
                # the server closes the socket itself, going away (it used to drop it 5 s later,
                # when aiohttp gave up waiting and cancelled its handler: 1006, abnormal closure)
                msg = await asyncio.wait_for(ws.receive(), 20)
                while msg.type not in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
                    msg = await asyncio.wait_for(ws.receive(), 20)
                assert ws.close_code == WSCloseCode.GOING_AWAY, (msg, ws.close_code)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
