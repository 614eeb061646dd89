"""How long one call of the Discord artist autocomplete takes (DiscordFrontend.artist_autocomplete:
it runs at every key typed) with many community styles: N in the server and N everywhere,
for what a Korean keyboard sends on the way to "모네처럼" and a few others.

`python -m bench.autocomplete_speed [N]` (default 500): the store on a temporary folder, the
command layer over the tests' fake queue, no Discord connection (the call is made directly);
prints each text's median over its calls, the store's read included, and without it."""
from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from bot.commands import CommandLayer
from bot.discord_bot import DiscordFrontend
from bot.settings import Settings
from bot.store import Store
from styles import normalise
from tests.bot.conftest import FakeQueue
from tests.bot.discord.test_discord import TOKEN

TYPED = ("ㅁ", "모", "모네", "모네ㅊ", "모네처", "모네처러", "모네처럼", "김홍도풍으", "고흐로ㄱ", "style 12", "없는화가처")
CALLS = 30
# syllables for names: Korean style names as a server's members make them, half sharing a start
SYLLABLES = "가나다라마바사아자차카타파하모네고흐노을빛풍경바다산강"


def style_names(n: int) -> list[str]:
    names = []
    for i in range(n):
        a, b, c = (SYLLABLES[(i * k + k) % len(SYLLABLES)] for k in (1, 3, 7))
        names.append(f"{a}{b}{c}{i}" if i % 2 else f"style {i}")
    return names


async def run(n: int, data: Path) -> None:
    settings = Settings(_env_file=None, DATA_DIR=data, TELEGRAM_TOKEN=None, DISCORD_TOKEN=TOKEN)
    store = Store(settings.DATA_DIR)
    for scope in ("dc:g555", "global"):
        for name in style_names(n):
            store.add_style(scope, name, normalise(name), data / "styles" / f"{scope}{name}.safetensors", 3, "dc:1")
    frontend = DiscordFrontend(CommandLayer(settings, store, FakeQueue()), settings)
    interaction = SimpleNamespace(user=SimpleNamespace(id=1), channel_id=333, guild_id=555, locale="ko")
    print(f"{n} styles in the server, {n} everywhere, {len(frontend.layer.catalog.artists)} artists; "
          f"median of {CALLS} calls, ms")
    print(f"{'typed':<12} {'whole call':>10} {'store read':>10} {'choices':>8}")
    for typed in TYPED:
        whole, reads = [], []
        for _ in range(CALLS):
            started = time.perf_counter()
            found = await frontend.artist_autocomplete(interaction, typed)
            whole.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.styles_in("dc:g555"), store.styles_in("global")
            reads.append(time.perf_counter() - started)
        print(f"{typed:<12} {statistics.median(whole) * 1000:>10.2f} {statistics.median(reads) * 1000:>10.2f} "
              f"{len(found):>8}")
    store.close() if hasattr(store, "close") else None


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(n, Path(tmp)))


if __name__ == "__main__":
    main()
