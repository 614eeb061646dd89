"""A server channel where the bot lacks a permission, with discord.py driven against the fake
Discord: what the user sees."""
from __future__ import annotations

import io
import logging

import pytest
from PIL import Image

from bot.commands import Button, Reply

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID
from tests.bot.discord.test_discord import USER, style_with_photo

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
@pytest.mark.parametrize("dms", ["open", "closed"])
async def test_no_attach_files_sends_the_painting_by_dm_and_says_so(discord_fast, dms):
    """Without Attach Files in a channel, Discord refuses a follow-up with a file (403, 50013):
    the user got "something went wrong" and no painting. It goes to them in a DM, and the reply
    in the channel says so (with the painting's buttons, which repaint this channel's photo);
    with their DMs closed, the reply says what is missing instead."""
    fake, frontend = discord_fast
    fake.no_files_channels.add("444")
    if dms == "closed":
        fake.closed_dms.add(USER["id"])
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    said = await fake.wait_for(lambda: [b for _, b, f in fake.recorded("POST", f"/webhooks/{APP_ID}/")
                                        if not f and "Vincent van Gogh" in (b.get("content") or "")
                                        and b.get("components")], timeout=15)
    text = said[0]["content"]
    assert "Attach Files" in text and "went wrong" not in text, text
    dm = fake.dm_channels.get(USER["id"])
    delivered = [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]   # (refused: not kept)
    if dms == "open":
        assert "direct message" in text
        [(_, _, files)] = fake.recorded("POST", f"/channels/{dm}/messages")
        assert len(delivered) == 1 and Image.open(io.BytesIO(files["painting.jpg"])).size == (160, 120)   # (the fake queue: the photo)
    else:
        assert "DMs are closed" in text and not delivered
    assert not fake.recorded("POST", "/channels/444/messages")      # nothing tried in the channel itself


@pytest.mark.slow
@pytest.mark.parametrize("dms", ["open", "closed"])
@pytest.mark.parametrize("when", ["expired", "restart"])
async def test_a_painting_posted_to_the_channel_without_attach_files_goes_by_dm(discord_fast, caplog, dms, when):
    """A painting posted to the channel itself, not as a follow-up: an /hq job that outlived its
    interaction's 15 minutes, or one delivered after a restart. Without Attach Files the post is
    refused (403, 50013), and the painting was dropped with a log line. It goes to the user in a
    DM, and the post in the channel (mentioning them, with the buttons) says so; with their DMs
    closed, the post names the missing permission."""
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.no_files_channels.add("444")
    if dms == "closed":
        fake.closed_dms.add(USER["id"])
    if when == "expired":
        fake.webhook_calls_left = 1                 # the progress line gets out, then the token expires
        await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    else:                                           # the job's result, from the journal after a restart
        fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                                "permission_overwrites": [], "nsfw": False, "parent_id": None}
        await frontend.deliver("dc:444", [Reply("🎨 Vincent van Gogh", image=make_photo(160, 120),
                                                buttons=[[Button("Weaker", "/weaker #job1")]])],
                               user_id=f"dc:{USER['id']}")
    said = await fake.wait_for(lambda: [b for _, b, f in fake.recorded("POST", "/channels/444/messages")
                                        if not f and "Vincent van Gogh" in (b.get("content") or "")
                                        and b.get("components")], timeout=20)
    text = said[0]["content"]
    assert text.startswith(f"<@{USER['id']}> ") and "Attach Files" in text, text
    dm = fake.dm_channels.get(USER["id"])
    delivered = [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]
    if dms == "open":
        assert "direct message" in text and len(delivered) == 1
        [(_, _, files)] = fake.recorded("POST", f"/channels/{dm}/messages")
        assert Image.open(io.BytesIO(files["painting.jpg"])).format == "JPEG"
    else:
        assert "DMs are closed" in text and not delivered
    assert not [r for r in caplog.records if "dropped" in r.getMessage() or "not delivered" in r.getMessage()]


@pytest.mark.slow
async def test_a_painting_that_went_by_dm_is_not_logged_as_undelivered(discord_fast, caplog):
    """A result delivered after a restart to a channel where the bot may not post at all (403,
    50013 for the file, and again for the post saying it went by DM): the painting reached the
    user by DM, yet the log said "result not delivered". It says where the painting went."""
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.no_files_channels.add("444")
    fake.forbidden_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    await frontend.deliver("dc:444", [Reply("🎨 Vincent van Gogh", image=make_photo(160, 120))],
                           user_id=f"dc:{USER['id']}")
    dm = fake.dm_channels[USER["id"]]
    assert [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]
    [said] = [r.getMessage() for r in caplog.records if r.name == "bot.discord_bot" and r.levelno == logging.WARNING]
    assert "444" in said and "by DM" in said and "not delivered" not in said, said


@pytest.mark.slow
async def test_a_result_for_a_channel_that_refuses_every_post_goes_by_dm(discord_fast, caplog):
    """A result delivered after a restart to a channel where the bot lost Send Messages while the
    job waited: its first post (the outcome's text, before the painting) was refused (403, 50013)
    and the painting was never tried, so the user got nothing. Everything goes to them by DM,
    naming the channel, without the buttons (they would repaint the DM's photos), in one log line."""
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    await frontend.deliver("dc:444", [Reply("Your photo is painted."),
                                      Reply("🎨 Vincent van Gogh", image=make_photo(160, 120),
                                            buttons=[[Button("Weaker", "/weaker #job1")]])],
                           user_id=f"dc:{USER['id']}")
    dm = fake.dm_channels[USER["id"]]
    sent = [m for m in fake.messages if m["channel_id"] == dm]
    assert [m["content"] for m in sent] == ["<#444> Your photo is painted.", "<#444> 🎨 Vincent van Gogh"]
    assert sent[1]["attachments"] and not sent[0]["attachments"]
    assert not [b for _, b, _ in fake.recorded("POST", f"/channels/{dm}/messages") if b.get("components")]
    [said] = [r.getMessage() for r in caplog.records if r.name == "bot.discord_bot" and r.levelno == logging.WARNING]
    assert "444" in said and "by DM" in said and "not delivered" not in said, said
