"""A mention without a slash, "@Paintbot style 빈센트 반 고흐 · Vincent van Gogh 0.5" (the text a
user pastes from an artist option's choice label, the command word typed before it), or the
label pasted alone: the slash path read the label as its artist (bot/discord_pasted_choices.py),
the mention path took its two names for two styles ("you named Vincent van Gogh more than
once", nothing painted). A message's text is now read the same way with or without its slash."""
from __future__ import annotations

import pytest

from bot.discord_bot import DiscordFrontend
from bot.discord_options import options_by_command
from bot.discord_pasted_choices import message_read

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
WAIT_S = 15.0


@pytest.fixture
async def options(layer, settings):
    frontend = DiscordFrontend(layer, settings)
    yield options_by_command(frontend.tree)
    await frontend.client.close()


@pytest.mark.parametrize("typed,wanted", [
    ("style 빈센트 반 고흐 · Vincent van Gogh 0.5", "style gogh 0.5"),
    ("style artist:Claude Monet · 클로드 모네 strength:0.4", "style monet 0.4"),
    ("hq Claude Monet · 클로드 모네", "hq monet"),
    ("size 작게 (small)", "size small"),
    ("기본 화가 클로드 모네 · Claude Monet", "기본화가 monet"),
    ("빈센트 반 고흐 · Vincent van Gogh 0.5", "gogh 0.5"),                 # the label alone
    ("Vincent van Gogh · 빈센트 반 고흐\nthanks!", "gogh\nthanks!"),       # a note below stays below
    ("/style 빈센트 반 고흐 · Vincent van Gogh 0.5", "/style gogh 0.5"),   # with its slash, as before
])
def test_a_label_without_a_slash_is_read_as_with_one(options, layer, typed, wanted):
    assert message_read(typed, options, layer.catalog) == wanted


@pytest.mark.parametrize("typed", ["style gogh 0.5", "hello · Claude Monet", "Monet · 고흐", "style is nice",
                                   "size matters", "thanks · 고마워요", "mix gogh · monet", "help"])
def test_other_text_without_a_slash_is_as_it_was(options, layer, typed):
    assert message_read(typed, options, layer.catalog) == typed


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


@pytest.mark.slow
@pytest.mark.parametrize("typed,artist,alpha", [("style 빈센트 반 고흐 · Vincent van Gogh 0.5", "gogh", 0.5),
                                                ("클로드 모네 · Claude Monet", "monet", None)])
async def test_a_mention_with_a_pasted_label_paints_its_artist(discord_fast, fake_queue, typed, artist, alpha):
    fake, _ = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> {typed}", [photo], guild_id="555"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    job = fake_queue.jobs[0]
    assert [ref.value for ref in job.styles] == [artist]
    if alpha is not None:
        assert job.alpha == pytest.approx(alpha)
