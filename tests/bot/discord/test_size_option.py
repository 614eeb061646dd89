"""Discord's /size takes a number of pixels too, as the command layer's /size does typed ("/size
256", what size_usage and out_of_memory suggest): it offered four fixed choices (small ... xl), and
a Discord user could not pick 256. The option is free text with autocomplete (bot/discord_sizes.py):
the four names, in Korean for a Korean client, and the pixels typed."""
from __future__ import annotations

import pytest

from bot.messages import t, table
from bot.preference_commands import MIN_OUTPUT_SIDE

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.fake_discord import APP_ID, interaction

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast

NAMED = ("small", "medium", "large", "xl")


async def send_size(fake, value: str, locale: str = "en-US") -> str:
    """/size with ``value`` sent as its option (picked or typed): the reply's text."""
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "9", "name": "size", "type": 1, "options": [{"name": "size", "type": 3, "value": value}]},
        USER, channel_id="333", locale=locale))
    replies = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:], timeout=15)
    return replies[0][1]["content"]


async def size_choices_for(fake, typed: str, locale: str = "en-US") -> list[tuple[str, str]]:
    """What /size's autocomplete offers for the text typed so far: (name, value) of each choice."""
    before = len(fake.recorded("POST", "/callback"))
    await fake.dispatch("INTERACTION_CREATE", interaction(4, {
        "id": "9", "name": "size", "type": 1,
        "options": [{"name": "size", "type": 3, "value": typed, "focused": True}]}, USER, channel_id="333",
        locale=locale))
    answers = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/callback")[before:]
                                           if b.get("type") == 8], timeout=15)
    return [(c["name"], c["value"]) for c in answers[0]["data"]["choices"]]


def output_size(frontend) -> int | None:
    return frontend.layer.store.prefs(f"dc:{USER['id']}").output_size


@pytest.mark.slow
async def test_the_size_option_is_autocompleted_free_text_described_in_both_languages(discord_fast):
    fake, _ = discord_fast
    [size] = [c for c in fake.synced if c["name"] == "size"]
    [option] = size["options"]
    assert option["type"] == 3 and option["autocomplete"] is True and option["required"] is True
    assert not option.get("choices")          # (Discord refuses choices and autocomplete together)
    assert option["description"] == table("en")["dc_desc_opt_size_any"]
    assert option["description_localizations"]["ko"] == table("ko")["dc_desc_opt_size_any"]


@pytest.mark.slow
async def test_a_named_size_picked_still_sets_it_and_a_typed_number_sets_those_pixels(discord_fast):
    fake, frontend = discord_fast
    named = frontend.layer.size_names()
    assert await send_size(fake, "small") == t("en", "size_done", value=named["small"])
    assert output_size(frontend) == named["small"]
    assert await send_size(fake, "256") == t("en", "size_done", value=256)
    assert output_size(frontend) == 256


@pytest.mark.slow
async def test_a_korean_label_typed_or_picked_sets_its_size(discord_fast):
    fake, frontend = discord_fast
    named = frontend.layer.size_names()
    # the label as the Korean client shows it, typed out whole without picking it
    await send_size(fake, table("ko")["dc_choice_size_large"], locale="ko")
    assert output_size(frontend) == named["large"]
    await send_size(fake, "작게", locale="ko")                           # /size's own Korean word
    assert output_size(frontend) == named["small"]
    [(label, value)] = [c for c in await size_choices_for(fake, "아주", locale="ko")]
    await send_size(fake, label, locale="ko")                           # a choice's whole name typed
    assert value == "xl" and output_size(frontend) == named["xl"]


@pytest.mark.slow
async def test_a_size_out_of_range_gets_the_friendly_usage_and_changes_nothing(discord_fast, settings):
    fake, frontend = discord_fast
    named = frontend.layer.size_names()
    await send_size(fake, "medium")
    usage = t("en", "size_usage", low=MIN_OUTPUT_SIDE, high=settings.MAX_SIDE_LIMIT, **named)
    assert await send_size(fake, "50") == t("en", "size_too_small", value=50, low=MIN_OUTPUT_SIDE)
    assert await send_size(fake, "huge") == usage
    assert output_size(frontend) == named["medium"]


@pytest.mark.slow
async def test_the_autocomplete_offers_the_named_sizes_and_the_pixels_typed(discord_fast, settings):
    fake, frontend = discord_fast
    named = frontend.layer.size_names()
    everything = await size_choices_for(fake, "")
    assert [v for _, v in everything] == list(NAMED)
    assert [n for n, _ in everything] == [f"{table('en')[f'dc_choice_size_{v}']} · {named[v]} px" for v in NAMED]
    assert await size_choices_for(fake, "256") == [("256 px", "256")]
    # on the way to 256: the least /size the digits begin, never one under the least /size
    assert [v for _, v in await size_choices_for(fake, "2")] == ["200"]
    assert [v for _, v in await size_choices_for(fake, "25")] == ["250"]
    assert [v for _, v in await size_choices_for(fake, "1")] == [str(MIN_OUTPUT_SIDE), "xl"]   # 128, xl's 1024
    assert [v for _, v in await size_choices_for(fake, "5")] == ["500", "medium"]              # medium's 512
    high = settings.MAX_SIDE_LIMIT
    assert await size_choices_for(fake, "99999") == [(f"{high} px", str(high))]              # the largest
    assert await size_choices_for(fake, "0") == [] and await size_choices_for(fake, "abc") == []
    assert [v for _, v in await size_choices_for(fake, "med")] == ["medium"]


@pytest.mark.slow
async def test_a_korean_client_sees_the_korean_names_and_finds_them_half_typed(discord_fast):
    fake, frontend = discord_fast
    named = frontend.layer.size_names()
    korean = await size_choices_for(fake, "", locale="ko")
    assert [n for n, _ in korean] == [f"{table('ko')[f'dc_choice_size_{v}']} · {named[v]} px" for v in NAMED]
    assert [v for _, v in korean] == list(NAMED)
    assert [n.split(" (")[0] for n, _ in korean] == ["작게", "보통", "크게", "아주 크게"]
    assert [v for _, v in await size_choices_for(fake, "작", locale="ko")] == ["small"]
    assert [v for _, v in await size_choices_for(fake, "ㅋ", locale="ko")] == ["large", "xl"]   # 크게, 아주 크게
    assert [v for _, v in await size_choices_for(fake, "중", locale="ko")] == ["medium"]         # 중간
    # a Korean word typed on an English client finds its size too, named in English
    assert await size_choices_for(fake, "작") == [(f"small · {named['small']} px", "small")]
