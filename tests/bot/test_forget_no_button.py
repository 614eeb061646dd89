"""/forgetme's question had only the "Yes, delete" button: a "No, keep it" beside it does what
answering no does (the data stays, and it says so), in both languages."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("user", ["tg:1", "web:abc"])
async def test_the_question_has_a_no_button_that_keeps_the_data(layer, fake_queue, photo, lang, user):
    await say(layer, "/setstyle monet", user=user)
    asked = await say(layer, "/forgetme", user=user, locale=lang)
    [[yes, no]] = asked.sent[-1].buttons
    assert (yes.label, no.label) == (t(lang, "button_forget_yes"), t(lang, "button_forget_no"))
    out = await say(layer, no.command, user=user, locale=lang)
    assert out.texts == [t(lang, "forget_kept")]
    assert layer.store.prefs(user).default_style == "monet" and not fake_queue.forgotten_users
