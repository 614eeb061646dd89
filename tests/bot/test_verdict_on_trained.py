"""A community style trained where the bot's training folder holds one photo (its only readable
photos are the validation ones, which then train too): its verdict (does its model beat the
general method?) was taken on the photo it trained on, said only in the bot's log. The message
to the style's adder says so, in their language (review TRN18)."""
from __future__ import annotations

import pytest

from bot.__main__ import tell_style_outcome
from bot.commands import CommandLayer
from bot.messages import t
from bot.store import Store
from bot.style_training import StyleTrainer, shipped_adaptive_model
from engine.train_split import is_validation

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say
from tests.bot.test_style_outcome import Chats
from tests.bot.test_style_training import add_real_style, wait_for


def keep_only_the_validation_photo(settings) -> None:
    content = settings.STYLE_TRAINING_DATA / "content"
    for path in content.iterdir():
        if not is_validation(path):
            path.unlink()
    assert len(list(content.iterdir())) == 1


async def trained(settings, lang: str) -> tuple[list, Store]:
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    layer = CommandLayer(settings, store, FakeQueue(), trainer=trainer)
    chats = Chats()
    trainer.on_outcome = lambda style, outcome: tell_style_outcome(layer, {"tg": chats}, style, outcome)
    await say(layer, f"/lang {lang}", user="tg:6")
    style_id = add_real_style(store, "tg:-100", "Ink")
    with store._writing():
        store.db["community_styles"].update(style_id, {"created_by": "tg:6", "added_in": "tg:-100"})
    await trainer.start()
    try:
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: chats.delivered)
    finally:
        await trainer.stop()
    return chats.delivered, store


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_verdict_taken_on_the_photo_it_trained_on_says_so_to_the_adder(training_settings, lang):
    keep_only_the_validation_photo(training_settings)
    delivered, store = await trained(training_settings, lang)
    try:
        style = store.find_style("tg:-100", "ink")
        assert style.training in ("used", "kept_adain"), style      # the style keeps its verdict
        key = "style_trained_used" if style.training == "used" else "style_trained_kept"
        [(chat, [text], user)] = delivered
        assert (chat, user) == ("tg:-100", "tg:6")
        assert text == t(lang, key, name="Ink", command="/ink") + "\n" + t(lang, "style_trained_on_its_photos")
    finally:
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_verdict_on_photos_held_out_says_nothing_of_it(training_settings):
    delivered, store = await trained(training_settings, "en")
    try:
        [(_, [text], _)] = delivered
        assert t("en", "style_trained_on_its_photos") not in text and text.startswith("🎨")
    finally:
        store.close()

