"""An animated GIF on Discord is a file (image/gif), painted from its first frame, as the engine
and the web chat paint it (tests/engine/test_images.py); Telegram's GIFs are mp4 animations,
refused with not_a_still_picture, whose text says a GIF animation cannot be painted. Discord
refused a video with that text too, beside GIFs it painted: it has its own, saying a GIF is
painted from its first frame."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.messages import t

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, GUILD, painted_reply, replies_to
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (96, 64), colour) for colour in ((200, 30, 30), (30, 200, 30), (30, 30, 200))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_discord_text_says_a_gif_is_painted_not_refused(lang):
    ours, telegrams = t(lang, "dc_not_a_still_picture"), t(lang, "not_a_still_picture")
    assert "GIF" in ours and ours != telegrams
    assert ("first frame" if lang == "en" else "첫 장면") in ours


@pytest.mark.slow
async def test_an_animated_gif_is_painted_and_a_video_told_still_pictures_only(discord_fast):
    fake, _ = discord_fast
    gif = user_message(USER, CHANNEL, f"<@{APP_ID}> gogh", [fake.add_attachment("cat.gif", animated_gif(), "image/gif")],
                       guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", gif)
    painted = await painted_reply(fake, CHANNEL, gif, timeout=15)
    assert Image.open(io.BytesIO(painted["files"]["painting.jpg"])).size == (96, 64)
    video = user_message(USER, CHANNEL, f"<@{APP_ID}> 고흐", [fake.add_attachment("clip.mp4", b"x" * 500, "video/mp4")],
                         guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", video)
    [told] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, video), timeout=15)
    assert told["content"] == t("ko", "dc_not_a_still_picture"), told["content"]
