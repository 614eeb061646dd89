"""/settings' how-to line gave "/setstyle 화가" in Korean (English "/setstyle ARTIST"): a user who
typed it as shown got "I don't know the style 화가". Every example in the line, sent as it is
written, now sets what it names: the settings read afterwards show each one."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_each_example_in_the_how_to_line_sets_what_it_names(layer, store, lang):
    examples = [part.strip() for part in t(lang, "settings_change").split(":", 1)[1].split(",")]
    assert [e.split()[0] for e in examples] == ["/setstyle", "/strength", "/keepcolors", "/size", "/lang"]
    for example in examples:
        await say(layer, example, locale=lang)
    prefs = store.prefs("tg:1")
    assert prefs.default_style == "gogh", prefs
    assert prefs.strength == 0.6 and prefs.keep_colors and prefs.output_size == 768, prefs
    assert prefs.lang == {"en": "ko", "ko": "en"}[lang], prefs
