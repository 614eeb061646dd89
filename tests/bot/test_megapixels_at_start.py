"""MAX_IMAGE_MEGAPIXELS above the engine's 64 MP limit stopped the bot at start since d543ee3
(exit 2): a deployment that ran with MAX_IMAGE_MEGAPIXELS=100 refused to start after an upgrade.
It is now capped at 64, with one warning at start naming the setting."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

from bot.settings import Settings
from tests.bot.test_main import ROOT, free_port


async def test_a_limit_above_the_engines_starts_the_bot_with_one_warning(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_HOST="127.0.0.1",
               WEB_PORT=str(free_port()), QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
               STYLE_TRAINING="false", LOG_LEVEL="WARNING", MAX_IMAGE_MEGAPIXELS="100")
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                               stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    lines = []
    try:
        while not any("http://" in line for line in lines):
            line = (await asyncio.wait_for(bot.stdout.readline(), 60)).decode()
            assert line, "".join(lines)                      # it ended: refused to start
            lines.append(line)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGINT)
            await asyncio.wait_for(bot.wait(), 60)
    said = [line for line in lines if "MAX_IMAGE_MEGAPIXELS" in line]
    assert len(said) == 1 and "MAX_IMAGE_MEGAPIXELS=100" in said[0] and "64" in said[0], lines
    assert bot.returncode == 0


def test_a_limit_above_the_engines_is_capped_at_64():
    assert Settings(_env_file=None, MAX_IMAGE_MEGAPIXELS=100).MAX_IMAGE_MEGAPIXELS == 64
