"""Users' photos and the database were readable by every local account: under the usual umask 022
DATA_DIR, photos/<user>/, *.img and bot.sqlite3 came out 0755 / 0644. What `python -m bot` creates
under DATA_DIR is now private (folders 0700, files 0600), and a DATA_DIR made before that others can
read is one warning at start, with the fix, and left as it is (no chmod unasked)."""
from __future__ import annotations

import asyncio
import base64
import os
import signal
import stat
import sys

import aiohttp
import pytest

from bot.private_files import open_to_others
from bot.store import Store
from tests.bot.conftest import make_photo
from tests.bot.test_main import free_port
from tests.bot.test_operator import FAKE, clean_env


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def bot_with_a_photo(tmp_path, umask: int = 0o022) -> tuple[int, str]:
    """`python -m bot` started under ``umask`` (as a login shell's), a photo sent to its web chat and
    painted, then stopped: its exit status and output."""
    port = free_port()
    env = clean_env(tmp_path, WEB_PORT=str(port), QUEUE_BACKEND="process", ENGINE_FACTORY=FAKE, WORKERS_FAST="1",
                    WORKERS_HQ="0", MAX_SIDE="128")
    old = os.umask(umask)                 # the child inherits it
    try:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    finally:
        os.umask(old)
    lines: list[str] = []
    try:
        async def until(seen: str):
            async for raw in proc.stdout:
                lines.append(raw.decode())
                if seen in lines[-1]:
                    return
        await asyncio.wait_for(until("Web chat:"), 60)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"user": "private", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})

                async def painting():
                    async for msg in ws:
                        if msg.json().get("image"):
                            return
                await asyncio.wait_for(painting(), 60)
        proc.send_signal(signal.SIGTERM)
        rest, _ = await asyncio.wait_for(proc.communicate(), 60)
        lines.append(rest.decode())
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, "".join(lines)


@pytest.mark.slow
async def test_what_the_bot_creates_under_data_dir_is_its_users_alone(tmp_path):
    rc, output = await bot_with_a_photo(tmp_path)
    assert rc == 0, output
    data = tmp_path / "data"
    folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert data / "photos" in folders and any(p.suffix == ".img" for p in files), files
    assert {"bot.sqlite3", "queue.sqlite3"} <= {p.name for p in files}
    assert {str(p): oct(mode(p)) for p in folders if mode(p) != 0o700} == {}
    assert {str(p): oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    assert "open to other accounts" not in output       # made here: nothing to warn of


@pytest.mark.slow
async def test_a_data_dir_open_to_others_is_said_once_at_start_and_left_as_it_is(tmp_path):
    (tmp_path / "data").mkdir(mode=0o755)
    os.chmod(tmp_path / "data", 0o755)
    rc, output = await bot_with_a_photo(tmp_path)
    assert rc == 0, output
    said = [line for line in output.splitlines() if "open to other accounts" in line]
    assert len(said) == 1 and "WARNING" in said[0] and f"chmod 700 {tmp_path / 'data'}" in said[0], output
    assert mode(tmp_path / "data") == 0o755        # the operator's to change
    photos = [p for p in (tmp_path / "data" / "photos").rglob("*.img")]
    assert photos and all(mode(p) == 0o600 for p in photos)


def test_a_private_data_dir_and_a_missing_one_are_no_warning(tmp_path):
    assert open_to_others(tmp_path / "not-yet") is None
    (tmp_path / "own").mkdir(mode=0o700)
    assert open_to_others(tmp_path / "own") is None
    (tmp_path / "group").mkdir()
    os.chmod(tmp_path / "group", 0o750)
    assert "mode 0750" in open_to_others(tmp_path / "group")


def test_the_store_makes_its_folders_and_files_private_whatever_the_umask(tmp_path):
    """A store opened in a process that did not set the umask (tests, a tool) is private too."""
    old = os.umask(0o022)
    try:
        store = Store(tmp_path / "data")
        try:
            store._write_file(tmp_path / "data" / "photos" / "u" / "a.img", b"x")
        finally:
            store.close()
    finally:
        os.umask(old)
    assert mode(tmp_path / "data") == mode(tmp_path / "data" / "photos") == mode(tmp_path / "data" / "photos" / "u") \
        == 0o700
    assert mode(tmp_path / "data" / "photos" / "u" / "a.img") == 0o600
