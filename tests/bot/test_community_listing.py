"""/styles and /communitystyles with many community styles: every style is listed, in messages
that each fit the smallest platform limit (Discord's 2000 characters; Telegram's is 4096). One
message was sent whole and the front-ends cut it off, losing the styles at its end."""
from __future__ import annotations

import pytest

from bot.commands import years_text
from bot.messages import t

from tests.bot.test_commands import say

DISCORD_LIMIT = 2000       # the smallest of the platforms' limits on one message
GROUP = dict(chat="tg:-100", community="tg:-100", user="tg:6")


def add_styles(store, scope: str, count: int, prefix: str, training: str | None = None) -> list[str]:
    names = []
    for i in range(count):
        name = f"{prefix} {i:02d}"
        key = name.lower().replace(" ", "")
        path = store.style_dir(scope) / f"{key}.safetensors"
        path.write_bytes(b"descriptor")
        style_id = store.add_style(scope, name, key, path, 10, "tg:6")
        if training:
            store.set_training(style_id, training=training)
        names.append(name)
    return names


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command", ["/styles", "/communitystyles"])
async def test_a_long_listing_comes_in_messages_that_fit_and_lose_no_style(layer, store, lang, command):
    names = add_styles(store, "tg:-100", 50, "Watercolour landscape study", training="failed")
    names += add_styles(store, "global", 12, "Everyone's ink wash")
    out = await say(layer, command, locale=lang, mentioned=True, **GROUP)
    assert len(out.sent) > 1
    assert all(len(text) <= DISCORD_LIMIT for text in out.texts), [len(text) for text in out.texts]
    text = "\n".join(out.texts)
    for name in names:
        assert f"— {name}," in text, name
    assert text.count(t(lang, "training_failed")) == 50
    if command == "/styles":
        assert out.texts[0].startswith(t(lang, "styles_header", count=len(layer.catalog.artists)))
        # the years as the language writes them ("1745–1806년경" in Korean: test_styles_years.py)
        assert all(f"({years_text(lang, a.years)})" in text for a in layer.catalog.artists)


async def test_a_short_listing_is_one_message(layer, store):
    add_styles(store, "tg:-100", 2, "Ink")
    out = await say(layer, "/communitystyles", **GROUP)
    assert len(out.sent) == 1 and out.texts[0].startswith(t("en", "community_header", count=2))
    assert len((await say(layer, "/communitystyles", chat="tg:-200", community="tg:-200")).sent) == 1


def test_pack_lines_cuts_between_lines_and_drops_blank_openings():
    from bot.commands import pack_lines

    lines = ["a" * 6, "b" * 6, "", "c" * 6, "d" * 30]
    assert pack_lines(lines, 14) == ["a" * 6 + "\n" + "b" * 6, "c" * 6, "d" * 14]
    assert pack_lines(["x", "", "y"], 100) == ["x\n\ny"]
    assert pack_lines([]) == []
