"""A slash option's autocomplete label typed or pasted into a message: "/size size:작게 (small)",
"/size 작게 (small)" (a Korean client's choice label), "/style 빈센트 반 고흐 · Vincent van Gogh"
(an artist's). The option names were taken out, but the label itself was refused: size_usage,
an unknown style. The labels the bot offers are read as the values their choices stand for
(bot/discord_pasted_choices.py), in both languages, and the slash option typed out whole too."""
from __future__ import annotations

import unicodedata

import pytest

from bot.discord_bot import DiscordFrontend
from bot.discord_options import options_by_command, without_option_names
from bot.discord_pasted_choices import chosen_values
from bot.discord_sizes import named_label
from bot.messages import t

from tests.bot.conftest import Recorder, make_photo
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect, style_with_photo
from tests.bot.discord.test_discord_messages import posts
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.test_commands import req

fake_api = test_discord.fake_api
WAIT_S = 15.0


@pytest.fixture
async def options(layer, settings):
    frontend = DiscordFrontend(layer, settings)
    yield options_by_command(frontend.tree)
    await frontend.client.close()


def read(typed: str, options, layer) -> str:
    """A message's text as the command layer gets it (bot/discord_messages.py's order)."""
    return chosen_values(without_option_names(typed, options), options, layer.catalog)


@pytest.mark.parametrize("typed,wanted", [
    ("/size size:작게 (small)", "/size small"),
    ("/size 작게 (small)", "/size small"),
    ("/size 아주 크게 (xl)", "/size xl"),
    ("/size size:보통 (medium) · 512 px", "/size medium"),
    ("/size large · 768 px", "/size large"),
    ("/크기 크게 (large)", "/크기 large"),                       # the Korean name a Korean client shows
    ("/style 빈센트 반 고흐 · Vincent van Gogh", "/style gogh"),
    ("/style artist:Vincent van Gogh · 빈센트 반 고흐 strength:0.5", "/style gogh 0.5"),
    ("/hq Claude Monet · 클로드 모네", "/hq monet"),
    ("/기본화가 클로드 모네 · Claude Monet", "/기본화가 monet"),
    ("/기본 화가 artist:클로드 모네 · Claude Monet", "/기본화가 monet"),
])
def test_a_choice_label_is_read_as_its_value(options, layer, typed, wanted):
    assert read(typed, options, layer) == wanted


@pytest.mark.parametrize("typed", [
    "/size 256", "/size 작게", "/size huge", "/style gogh", "/style 모네 · 고흐",   # no label: as it was
    "/mix gogh · monet", "hello · Claude Monet", "/strength 0.5"])
def test_other_text_is_as_it_was(options, layer, typed):
    assert chosen_values(typed, options, layer.catalog) == typed


def test_every_size_label_the_bot_offers_is_read(options, layer):
    for lang in ("en", "ko"):
        for name, pixels in layer.size_names().items():
            assert read(f"/size {named_label(name, lang, pixels)}", options, layer) == f"/size {name}"


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


@pytest.mark.slow
async def test_pasted_labels_in_messages_set_the_size_and_the_artist(discord_fast, store, layer):
    fake, _ = discord_fast
    user = f"dc:{USER['id']}"
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "777", "/size size:작게 (small)"))
    small = layer.size_names()["small"]
    await fake.wait_for(lambda: store.prefs(user).output_size == small, timeout=WAIT_S)
    assert not [p for p in posts(fake, "777") if "/size small (" in (p.get("content") or "")]   # no size_usage
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "888", f"<@{APP_ID}> /setstyle 클로드 모네 · Claude Monet",
                                                       guild_id="999"))
    await fake.wait_for(lambda: store.prefs(user).default_style == "monet", timeout=WAIT_S)


@pytest.mark.slow
async def test_a_label_typed_whole_into_the_slash_artist_option_paints_that_artist(discord_fast):
    fake, _ = discord_fast
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, "빈센트 반 고흐 · Vincent van Gogh",
                                                               channel_id="444", guild_id="555"))
    painted = await fake.wait_for(lambda: [m for m in fake.messages if m["attachments"]], timeout=WAIT_S)
    assert "Vincent van Gogh" in painted[0]["content"]
    assert not [m for m in fake.messages if t("en", "unknown_style", name="x").split("x")[0][:10] in m["content"]]


@pytest.mark.parametrize("typed,wanted", [
    ("/style Vincent van Gogh · 빈센트 반 고흐\n고마워요 0.5", "/style gogh\n고마워요 0.5"),
    ("/style artist:클로드 모네 · Claude Monet 0.4\nthanks!", "/style monet 0.4\nthanks!"),
    ("/size 작게 (small)\n부탁해요", "/size small\n부탁해요"),
])
def test_the_lines_below_a_label_stay_below_it(options, layer, typed, wanted):
    # a note on the lines below is left out by the command layer ("/style gogh\nthanks" paints
    # gogh); the label's line read with them, "thanks" was taken for a second style: unknown_style
    assert read(typed, options, layer) == wanted


async def test_a_label_with_a_note_below_paints_its_artist(options, layer, fake_queue):
    out = Recorder()
    await layer.handle(req(read("/style Vincent van Gogh · 빈센트 반 고흐\nthanks", options, layer),
                           images=[make_photo()]), out)
    assert [ref.value for job in fake_queue.jobs for ref in job.styles] == ["gogh"], out.texts
    assert not [text for text in out.texts if "I don't know the style" in text], out.texts


@pytest.mark.parametrize("typed,wanted", [
    ("/style 폴 세잔 · Paul Cezanne", "/style cezanne"),              # typed without its accent,
    ("/style Paul Cezanne · 폴 세잔", "/style cezanne"),              # as the first name is read
    ("/style 단원 김홍도 · kim hong-do danwon 0.3", "/style kimhongdo 0.3"),
    ("/style 렘브란트 판 레인 · rembrandt van rijn", "/style rembrandt"),
])
def test_a_label_typed_by_hand_is_read_as_its_first_name_is(options, layer, typed, wanted):
    # the name before "·" was found as the catalog finds a name (case, accents, spaces and
    # punctuation aside), the one after it only letter for letter: one order was read, the other not
    assert read(typed, options, layer) == wanted


def test_a_label_in_decomposed_hangul_is_read(options, layer):
    # (NFD, as some macOS text comes: the first name was found, the second not compared equal)
    typed = unicodedata.normalize("NFD", "/hq Vincent van Gogh · 빈센트 반 고흐 0.5")
    assert read(typed, options, layer) == "/hq gogh 0.5"


@pytest.mark.parametrize("typed", ["/style Claude Monet · 클로드", "/style Claude Monet · Claude Monetesque",
                                   "/style 클로드 모네 · Claude"])
def test_half_of_the_other_name_is_no_label(options, layer, typed):
    assert read(typed, options, layer) == typed
