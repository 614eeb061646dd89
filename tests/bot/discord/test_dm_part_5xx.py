"""A reply going to its user by DM (the channel refuses the bot's posts) in several parts: a
long text, or a text then its painting. A part Discord answered 5xx at every try of discord.py's
was logged and dropped, and so were the parts after it: the painting too, behind a text part
that failed. Now only that part is dropped, the log naming it ("part 1 of 2"), and the rest is
tried (bot/discord_sending.py)."""
from __future__ import annotations

import asyncio
import logging
import types

import discord.http
import pytest

from bot import discord_bot, discord_dm
from bot.commands import Reply
from bot.discord_sending import PartsSender

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


@pytest.mark.slow
async def test_a_closed_channel_stops_the_reply_at_its_first_part(discord_fast, caplog):
    """The loop goes on past a part dropped alone, not past a responder closed: a job of no user to
    DM (ResumedPosts posts in the channel alone), its channel refusing the bot, posted once."""
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    await frontend.deliver("dc:444", [Reply("\n".join(block(letter) for letter in "ABC"))], user_id=None)
    assert len(fake.recorded("POST", "/channels/444/messages")) == 1 and not fake.messages
    said = [r.getMessage() for r in caplog.records if "cannot post in channel 444" in r.getMessage()]
    assert len(said) == 1, said


def answered(status: int) -> types.SimpleNamespace:
    return types.SimpleNamespace(status=status, reason="Internal Server Error")


class BySender(PartsSender):
    """A responder whose channel refused it already: every part goes by DM."""
    lang, file_limit, channel_id, in_dm = "en", 8 << 20, 444, False

    def __init__(self):
        super().__init__()
        self.frontend = types.SimpleNamespace(client=None, handlers=types.SimpleNamespace(painting_sent=lambda: None))
        self.user, self.by_dm = types.SimpleNamespace(id=1), True

    def worded(self, reply):
        return reply

    async def _send_part(self, kwargs, reply):
        return await self._post(kwargs)


async def test_a_line_posted_anew_meanwhile_is_not_logged_as_the_part_being_sent(monkeypatch, caplog):
    """A progress line's edit posted anew (MessageResponder.edit: _post) by another task while a
    reply's part waited on Discord: its DM failing was logged as "part 1 of 2 of a reply", the
    responder's part of the moment."""
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(discord_bot, "message_parts",
                        lambda frontend, reply, limit, lang: asyncio.sleep(0, [{"content": "one"}, {"content": "two"}]))
    waiting, go = asyncio.Event(), asyncio.Event()

    async def part_by_dm(client, user, channel_id, kwargs, body):
        if kwargs["content"] == "one":
            waiting.set()
            await go.wait()
        if kwargs["content"] != "two":
            raise discord.HTTPException(answered(500), "Internal Server Error")
        return types.SimpleNamespace(id=2)

    monkeypatch.setattr(discord_dm, "part_by_dm", part_by_dm)
    sender = BySender()
    reply = asyncio.create_task(sender.send(Reply("one two")))
    await asyncio.wait_for(waiting.wait(), 5)
    assert await asyncio.create_task(sender._post({"content": "the line"})) is None
    go.set()
    assert await asyncio.wait_for(reply, 5) == 2                   # part 2 went out, after part 1 dropped
    said = [r.getMessage() for r in caplog.records if "by DM for channel 444 failed" in r.getMessage()]
    assert len(said) == 2 and said[0].startswith("a reply by DM") and said[1].startswith("part 1 of 2 "), said
