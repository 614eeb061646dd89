"""/forgetme's yes is read as its no is, case and trailing punctuation aside: "/forgetme no." and
"No." kept the data, but "/forgetme yes." and "Yes!" asked again, "Delete it all?"."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("answer,lang", [("yes.", "en"), ("Yes!", "en"), ("YES", "en"), ("Confirm.", "en"),
                                         ("y!", "en"), ("네.", "ko"), ("예!", "ko"), ("확인~", "ko")])
async def test_a_punctuated_yes_deletes(layer, fake_queue, photo, answer, lang):
    await say(layer, "/setstyle monet")
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, f"/forgetme {answer}", locale=lang)
    assert out.texts == [t(lang, "forgot")]
    assert layer.store.prefs("tg:1").default_style is None
    assert layer.store.last_photo("tg:1", "tg:1") is None
    assert fake_queue.forgotten_users == ["tg:1"]


async def test_a_punctuated_yes_written_as_a_channel_deletes(layer, fake_queue):
    out = await say(layer, "/forgetme Yes.", as_chat=True)
    assert out.texts == [t("en", "forgot")]


@pytest.mark.parametrize("answer", ["yes?", "yes please", "yess", "yes. please"])
async def test_a_yes_unsure_or_with_more_still_asks(layer, fake_queue, answer):
    await say(layer, "/setstyle monet")
    out = await say(layer, f"/forgetme {answer}")
    assert out.texts == [t("en", "forget_confirm")]
    assert layer.store.prefs("tg:1").default_style == "monet"
    assert not fake_queue.forgotten_users
