"""A bot without Discord (Telegram, the web chat) does not load discord.py: its front-ends are
imported only when their token is set. a9aaa2e's retention job read the edit window from
bot.discord_messages, which loaded discord.py (about 16 MB more memory, and its start-up time) in
every deployment; the window's length now lives beside the rows it keeps (bot.store)."""
from __future__ import annotations

import subprocess
import sys

from tests.bot.test_main import ROOT


def test_a_bot_without_discord_does_not_load_discord_py():
    code = ("import sys, bot.__main__, bot.retention, bot.webchat, bot.telegram_bot; "
            "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('bot.discord')))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]", run.stdout


def test_the_retention_job_keeps_the_rows_as_long_as_discord_acts_on_an_update():
    from bot import discord_messages, store

    assert store.SEEN_MESSAGE_KEEP_S == discord_messages.EDIT_WINDOW_S + discord_messages.UPDATE_SLACK_S
