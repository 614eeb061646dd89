"""A choice label pasted into a message is read as its value ("style 빈센트 반 고흐 · Vincent van
Gogh 0.5": "style gogh 0.5", discord_pasted_choices.message_read), and the user's language was
guessed from that reading (Locales.of: Hangul in the text), which has none: a Korean client's
label, its first name Korean, got English replies from a user the bot knew no language of (no
/lang, no slash command since the start). The label's first name says it: the language their
client showed it in (discord_pasted_choices.label_shown_in)."""
from __future__ import annotations

import pytest

from bot.discord_pasted_choices import label_shown_in

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
WAIT_S = 15.0


@pytest.mark.parametrize("typed,read,shown", [
    ("style 빈센트 반 고흐 · Vincent van Gogh 0.5", "style gogh 0.5", "style 빈센트 반 고흐 "),
    ("/size 작게 (small)", "/size small", "/size 작게 (small)"),
    ("style gogh 고마워요", "style gogh 고마워요", ""),                   # nothing read: the text says it
])
def test_what_a_label_read_was_shown_in(typed, read, shown):
    assert label_shown_in(typed, read) == shown


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


@pytest.mark.slow
@pytest.mark.parametrize("typed,said", [("style 빈센트 반 고흐 · Vincent van Gogh 0.5", "빈센트 반 고흐"),
                                        ("style Vincent van Gogh · 빈센트 반 고흐 0.5", "Vincent van Gogh")])
async def test_a_pasted_label_is_answered_in_the_language_it_was_shown_in(discord_fast, typed, said):
    fake, _ = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> {typed}", [photo], guild_id="555"))
    done = await fake.wait_for(lambda: [m["content"] for m in fake.messages if m["content"].startswith("✅")],
                               timeout=WAIT_S)
    assert said in done[0], done
