"""`python -m bot` (what `make run` runs) with no tokens: it prints the web chat's address, and a
photo sent there with /style gogh comes back painted, through the default job queue."""
from __future__ import annotations

import asyncio
import base64
import io
import os
import re
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from .conftest import make_photo

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
