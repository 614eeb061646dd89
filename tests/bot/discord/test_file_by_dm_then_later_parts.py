"""A channel that refuses the bot's posts answers a post with a file 403, 50013, the code of a
file refused alone (no Attach Files): the file went to the user by DM, then the note saying so
was refused too. The rest goes by DM (PartsSender.by_dm), but that part came back as "nothing
went out", which stopped the reply: its later parts were dropped. A painting's file rides on its
caption's last piece (discord_bot.message_parts), so the parts after a file part are further
files: a zip over the upload limit, in parts. Each arrives by DM."""
from __future__ import annotations

import io
import zipfile

import discord
import pytest

from bot.chat import Reply

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_limits import noise_jpeg

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


def zipped(photos: list[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i, photo in enumerate(photos):
            z.writestr(f"photo-{i}.jpg", photo)
    return out.getvalue()


@pytest.mark.slow
async def test_the_parts_after_a_file_that_went_by_dm_go_by_dm_too(discord_fast, monkeypatch):
    fake, frontend = discord_fast
    fake.forbidden_channels.add("444")               # no Send Messages: a post with a file is 403, 50013
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    photos = [noise_jpeg(160, 120, seed) for seed in range(3)]
    limit = max(map(len, photos)) + 4000                 # a photo a zip
    monkeypatch.setattr(discord.Guild, "filesize_limit", property(lambda guild: limit))
    await frontend.deliver("dc:444", [Reply("Your data.", document=("mydata.zip", zipped(photos)))],
                           user_id=f"dc:{USER['id']}")
    dm = fake.dm_channels[USER["id"]]
    files = [a["filename"] for m in fake.messages if m["channel_id"] == dm for a in m["attachments"]]
    assert files == ["mydata-1.zip", "mydata-2.zip", "mydata-3.zip"], files
    assert not [m for m in fake.messages if m["channel_id"] == "444"]
