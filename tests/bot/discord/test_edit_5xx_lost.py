"""A mention's progress line whose outcome edit Discord answered 5xx on every try WITHOUT making
it: since 16766fd the line was left as it was ("painting…"), so the outcome was lost (for a failed
painting its only word). Now the outcome is looked for in the line (one read): there, left (no
copy: test_edit_5xx); not there, posted anew as a reply. A progress step is still left."""
from __future__ import annotations

import asyncio

import discord.http
import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.discord.test_followup_5xx import QuickRetries
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import painted_reply, replies_to

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_an_outcome_edit_discord_never_made_is_posted_anew(discord_fast, monkeypatch):
    fake, _ = discord_fast
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())
    fake.failed_unmade[("PATCH", "/channels/444/messages/")] = 1000          # every edit, none made
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=4))
    asking = user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555")
    await fake.dispatch("MESSAGE_CREATE", asking)
    await painted_reply(fake, "444", asking, timeout=20)
    await asyncio.sleep(1.0)
    edits = fake.recorded("PATCH", "/channels/444/messages/")
    assert edits
    outcome = edits[-1][1]["content"]
    lines = [p.get("content") for p in replies_to(fake, "444", asking) if not p["files"]]
    assert outcome in lines, (outcome, lines)                 # said, in a line of its own
    assert len(lines) == 2, lines                             # the progress steps were not posted
