"""A Discord channel post that Discord makes, then answers 5xx: discord.py posts it again (up to
5 tries), and without a nonce each try was a message: the user got the reply, or the painting,
twice. discord.py (2.5 and later) gives every channel post a nonce with enforce_nonce, kept
across its tries, and Discord answers a try with that nonce with the message already made: one
message. (An interaction's follow-up takes no nonce on Discord: one answered 5xx is looked for
in the channel instead, tests/bot/test_followup_5xx.py.)"""
from __future__ import annotations

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, painted_reply, posts

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)

WAIT_S = 20.0


def made_in(fake, channel: str) -> list[dict]:
    return [m for m in fake.messages if m["channel_id"] == channel]


async def test_a_reply_made_then_answered_5xx_is_not_posted_twice(discord_fast):
    fake, frontend = discord_fast
    fake.acted_then_failed[("POST", f"/channels/{DM}/messages")] = 1
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/help"))
    await fake.wait_for(lambda: len(posts(fake, DM)) == 2, timeout=WAIT_S)       # discord.py's second try
    first, again = posts(fake, DM)
    assert first["enforce_nonce"] and first["nonce"] == again["nonce"]
    await fake.wait_for(lambda: not fake.acted_then_failed[("POST", f"/channels/{DM}/messages")], timeout=WAIT_S)
    assert len(made_in(fake, DM)) == 1, [m["content"][:40] for m in made_in(fake, DM)]


async def test_a_painting_made_then_answered_5xx_is_not_posted_twice(discord_fast):
    fake, frontend = discord_fast
    fake.acted_then_failed[("POST", f"/channels/{DM}/messages", "file")] = 1
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("holiday.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await painted_reply(fake, DM, msg, timeout=WAIT_S)
    await fake.wait_for(lambda: len([p for p in posts(fake, DM) if p["files"]]) == 2, timeout=WAIT_S)
    await fake.wait_for(lambda: any("done" in m["content"] for m in made_in(fake, DM)), timeout=WAIT_S)
    assert len([m for m in made_in(fake, DM) if m["attachments"]]) == 1
