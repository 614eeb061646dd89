"""/setstyle naming one artist twice ("/setstyle gogh gogh") sets that artist: it was "I don't know
the style “gogh gogh”", with a button offering /setstyle gogh."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("text", ["/setstyle gogh gogh", "/setstyle van gogh gogh", "/setstyle 고흐 고흐"])
async def test_one_artist_named_twice_is_the_default(layer, fake_queue, photo, text):
    out = await say(layer, text)
    assert out.texts == [t("en", "setstyle_done", style="Vincent van Gogh")]
    assert layer.store.prefs("tg:1").default_style == "gogh"
    await say(layer, "", images=[photo])                     # a photo alone paints with it
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["gogh"]
