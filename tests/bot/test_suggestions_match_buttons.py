"""A mistyped command's artists offered in its text and as buttons: a button whose command is
past Telegram's 64 bytes (callback_data) is dropped, and its name stayed in the text: "Did you
mean: Claude Monet or Piet Mondrian?" over Claude Monet's button alone. The text names what the
buttons offer."""
import pytest

from bot.command_names import BUTTON_COMMAND_MAX
from bot.messages import t

from tests.bot.test_commands import say

# after "/monat": "/style monet<these> #<hash>" fits in 64 bytes, "/style mondrian<these> #<hash>" not
TYPED = " " + "a" * 16
NAMES = {"en": ("Claude Monet", "Piet Mondrian"), "ko": ("클로드 모네", "피트 몬드리안")}


def buttons(out) -> list:
    return [b for row in out.sent[0].buttons for b in row]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_text_names_only_the_artists_whose_buttons_fit(layer, fake_queue, photo, lang):
    out = await say(layer, f"/monat{TYPED}", images=[photo], locale=lang)
    monet, _ = NAMES[lang]
    assert [b.label for b in buttons(out)] == [monet], buttons(out)
    assert all(len(b.command.encode()) <= BUTTON_COMMAND_MAX for b in buttons(out))
    assert out.texts == [t(lang, "unknown_command_near", command="monat", suggestions=monet)], out.texts
    assert not fake_queue.jobs


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_with_every_button_fitting_both_are_named(layer, photo, lang):
    """(a guard: the same two names, their buttons short enough)"""
    out = await say(layer, "/monat", images=[photo], locale=lang)
    assert [b.label for b in buttons(out)] == list(NAMES[lang])
    assert all(name in out.texts[0] for name in NAMES[lang]), out.texts
