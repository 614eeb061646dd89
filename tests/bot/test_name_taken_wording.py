"""/addstyle's reply to a name taken says "(to me, “ink” is the same name)" only where the name
typed differs from the style's ("ink" for "Ink"): said of the very same name, it read as nonsense.
In English and Korean, for every form of the reply (plain, who added it, one's own, everyone's)."""
import time

import pytest

from bot.messages import t
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", admin=True)
NOTES = {"en": "is the same name", "ko": "같은 이름으로 봐요"}


def painting(seed=3):
    return [make_photo(80, 80, seed=seed)]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_same_name_again_is_not_called_the_same_name(layer, store, lang):
    await say(layer, "/addstyle Ink", images=painting(), user="tg:5", user_name="Alice", **GROUP)
    date = time.strftime("%Y-%m-%d", time.gmtime(store.find_style("tg:-100", "ink").created))
    command = "/removestyle Ink"
    # another admin: who added it and when
    out = await say(layer, "/addstyle Ink", images=painting(), user="tg:6", locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_exists_by_exact", existing="Ink", by="Alice", date=date, command=command)]
    assert NOTES[lang] not in out.texts[0] and "Alice" in out.texts[0] and command in out.texts[0]
    # its adder: their own
    out = await say(layer, "/addstyle Ink", images=painting(), user="tg:5", locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_exists_yours_exact", existing="Ink", date=date, command=command)]
    assert NOTES[lang] not in out.texts[0] and date in out.texts[0]
    # a name that only reads the same keeps the note
    out = await say(layer, "/addstyle INK", images=painting(), user="tg:6", locale=lang, **GROUP)
    assert NOTES[lang] in out.texts[0] and "INK" in out.texts[0]
    # after the adder's /forgetme: the plain reply
    await say(layer, "/forgetme yes", user="tg:5")
    out = await say(layer, "/addstyle Ink", images=painting(), user="tg:6", locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_exists_exact", existing="Ink", command=command)]
    assert NOTES[lang] not in out.texts[0]
    out = await say(layer, "/addstyle ink", images=painting(), user="tg:6", locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_exists", name="ink", existing="Ink", command=command)]
    assert NOTES[lang] in out.texts[0]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_an_operators_style_of_the_same_name(layer, lang):
    await say(layer, "/addstyle global Wash", images=painting(), user="tg:1000")
    out = await say(layer, "/addstyle Wash", images=painting(4), locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_global_exists_exact", existing="Wash")]
    assert NOTES[lang] not in out.texts[0] and "Wash" in out.texts[0]
    out = await say(layer, "/addstyle wash", images=painting(4), locale=lang, **GROUP)
    assert out.texts == [t(lang, "addstyle_global_exists", name="wash", existing="Wash")]
    assert NOTES[lang] in out.texts[0]


def test_every_exact_reply_is_in_both_languages():
    from bot.messages import table

    for key in ("addstyle_exists_exact", "addstyle_exists_by_exact", "addstyle_exists_yours_exact",
                "addstyle_global_exists_exact"):
        assert key in table("en") and key in table("ko")
        assert "{name}" not in table("en")[key] and "{name}" not in table("ko")[key]
