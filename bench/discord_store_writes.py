"""How many writes to the store (each a disk-synced transaction on its one write thread) 100
Discord messages to the bot cost for the edit memory (seen_messages), and how long each took:
DM chatter ("hello", answered with a hint) and DM paintings ("gogh" with a photo).

`python -m bench.discord_store_writes`: discord.py against the tests' fake Discord
(tests/bot/fake_discord.py), the command layer over the tests' fake queue; prints a table."""
from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path

import discord
import yarl

from bot.commands import CommandLayer
from bot.settings import Settings
from bot.store import Store
from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.fake_discord import FakeDiscord, user_message
from tests.bot.discord.test_discord import TOKEN, USER, connect
from tests.bot.discord.test_discord_messages import DM

N = 100


async def run(kind: str, data: Path) -> tuple[int, int, float]:
    settings = Settings(_env_file=None, DATA_DIR=data, MAX_SIDE=128, RATE_LIMIT_JOBS=10_000,
                        MAX_PENDING_PER_USER=10_000, TELEGRAM_TOKEN=None, DISCORD_TOKEN=TOKEN)
    store = Store(settings.DATA_DIR)
    seen, writes, spent = [0], [0], [0.0]
    keep, writing = store.keep_seen_message, store._writing

    def counted_keep(*args, **kwargs):
        started = time.perf_counter()
        try:
            return keep(*args, **kwargs)
        finally:
            seen[0] += 1
            spent[0] += time.perf_counter() - started

    @contextlib.contextmanager
    def counted_writing():
        writes[0] += 1
        with writing():
            yield

    store.keep_seen_message, store._writing = counted_keep, counted_writing
    layer = CommandLayer(settings, store, FakeQueue())
    fake = FakeDiscord(TOKEN)
    base = await fake.start()
    discord.http.Route.BASE = f"{base}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"{base.replace('http', 'ws')}/gw")
    frontend = await connect(fake, layer, settings)
    try:
        for i in range(N):
            files = [fake.add_attachment(f"p{i}.jpg", make_photo(40 + i, 30))] if kind == "painting" else []
            msg = user_message(USER, DM, "gogh" if kind == "painting" else "hello", files)
            await fake.dispatch("MESSAGE_CREATE", msg)
            # (chatter's hints are limited: the message handed to the command layer is enough)
            await fake.wait_for(lambda: int(msg["id"]) in frontend.inbox._handled, timeout=30)
        await asyncio.sleep(0.5)             # the last writes, off the loop
    finally:
        await frontend.stop()
        await fake.stop()
        store.close()
    return seen[0], writes[0], spent[0]


async def main() -> None:
    print(f"| {N} DM messages | seen_messages writes | all store writes | ms in keep_seen_message, each |")
    print("|---|---|---|---|")
    for kind in ("chatter", "painting"):
        with tempfile.TemporaryDirectory() as tmp:
            seen, writes, spent = await run(kind, Path(tmp) / "data")
        print(f"| {kind} | {seen} | {writes} | {spent / seen * 1000 if seen else 0:.1f} |")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
