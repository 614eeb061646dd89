"""/forgetme no (아니, 아니요, 취소) keeps the user's data and says so: it asked again, "Delete it
all?", with the button that deletes, as if the user had not answered."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("answer,lang", [("no", "en"), ("No.", "en"), ("cancel", "en"), ("아니", "ko"),
                                         ("아니요", "ko"), ("취소", "ko"), ("no thanks", "en")])
async def test_no_keeps_the_data(layer, fake_queue, photo, answer, lang):
    await say(layer, "/setstyle monet")
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, f"/forgetme {answer}", locale=lang)
    assert out.texts == [t(lang, "forget_kept")]
    assert not any(r.buttons for r in out.sent)            # no "Yes, delete" button again
    assert layer.store.prefs("tg:1").default_style == "monet"
    assert layer.store.last_photo("tg:1", "tg:1") is not None
    assert not fake_queue.forgotten_users


async def test_no_written_as_a_channel_keeps_it_too(layer, fake_queue):
    out = await say(layer, "/forgetme no", as_chat=True)
    assert out.texts == [t("en", "forget_kept")]


async def test_yes_still_deletes_and_other_words_still_ask(layer, fake_queue):
    await say(layer, "/setstyle monet")
    out = await say(layer, "/forgetme maybe")
    assert out.texts == [t("en", "forget_confirm")]
    out = await say(layer, "/forgetme yes")
    assert out.texts == [t("en", "forgot")]
    assert layer.store.prefs("tg:1").default_style is None
