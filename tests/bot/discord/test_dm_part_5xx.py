"""A reply going to its user by DM (the channel refuses the bot's posts) in several parts: a
long text, or a text then its painting. A part Discord answered 5xx at every try of discord.py's
was logged and dropped, and so were the parts after it: the painting too, behind a text part
that failed. Now only that part is dropped, the log naming it ("part 1 of 2"), and the rest is
tried (bot/discord_sending.py)."""
from __future__ import annotations

import logging

import discord.http
import pytest

from bot.commands import Reply

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_followup_5xx import QuickRetries

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


def block(letter: str) -> str:
    """19 lines of 100 characters: one message's part (discord_files.split_text cuts at 1968)."""
    return "\n".join(f"{letter}{i:02d} " + "x" * 96 for i in range(19))


@pytest.mark.slow
@pytest.mark.parametrize("painted,failing,parts", [(False, 2, 3), (True, 1, 2)])
async def test_a_dm_part_answered_5xx_drops_that_part_only(discord_fast, caplog, monkeypatch, painted, failing, parts):
    fake, frontend = discord_fast
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())        # (discord.py's waits between 5xx tries)
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    dm = fake.dm_channels.setdefault(USER["id"], fake.snowflake())
    sent, failing_part = fake.sent, f"{'ABC'[failing - 1]}00 "

    def then_trouble(body, files, channel_id="0"):
        message = sent(body, files, channel_id=channel_id)
        if channel_id == dm and failing_part in (body.get("content") or ""):
            # made, and answered 500, at every try of discord.py's (its tries after the first find
            # this message by their nonce: not made again)
            fake.acted_then_failed[("POST", f"/channels/{dm}/messages")] = 5
        return message

    fake.sent = then_trouble
    delivered = []
    frontend.handlers.painting_sent = lambda: delivered.append(True)
    text = "\n".join(block(letter) for letter in "ABC"[:parts])
    reply = Reply(text, image=make_photo(160, 120)) if painted else Reply(text)
    await frontend.deliver("dc:444", [reply], user_id=f"dc:{USER['id']}")
    last = "B18" if painted else "C18"
    in_dm = [m for m in fake.messages if m["channel_id"] == dm]
    assert [m for m in in_dm if last in m["content"]], [m["content"][:12] for m in in_dm]   # the rest went out
    if painted:
        assert [m for m in in_dm if m["attachments"]] and delivered            # the painting with it
    said = [r.getMessage() for r in caplog.records if "by DM for channel 444 failed" in r.getMessage()]
    assert len(said) == 1 and f"part {failing} of {parts}" in said[0], said
