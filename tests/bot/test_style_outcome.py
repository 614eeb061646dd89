"""When a community style's own model is trained (or could not be), the bot says so in the chat
the style was added in, to its adder, in their language: nobody learnt it but by asking
/communitystyles."""
from __future__ import annotations

import pytest

from bot.__main__ import tell_style_outcome
from bot.commands import CommandLayer, engine_describer
from bot.messages import t
from bot.store import Store
from bot.style_training import StyleTrainer, shipped_adaptive_model

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say
from tests.bot.test_style_training import add_real_style, outcomes_told, wait_for


class Chats:
    """A front-end's deliver, recorded."""

    def __init__(self):
        self.delivered = []

    async def deliver(self, chat_id, replies, user_id=None):
        self.delivered.append((chat_id, [r.text for r in replies], user_id))


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_groups_admin_is_told_in_the_group_when_the_styles_model_is_trained(training_settings, engine):
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    layer = CommandLayer(training_settings, store, FakeQueue(), describer=engine_describer(lambda: engine),
                         trainer=trainer)
    chats = Chats()
    trainer.on_outcome = lambda style, outcome: tell_style_outcome(layer, {"tg": chats}, style, outcome)
    await trainer.start()
    try:
        group = dict(chat="tg:-100", community="tg:-100", admin=True)
        await say(layer, "/lang ko", user="tg:6")
        await say(layer, "/addstyle Ink", images=[make_photo(120, 90, seed=7)], user="tg:6", **group)
        assert await wait_for(lambda: chats.delivered)
        style = store.find_style("tg:-100", "ink")
        assert style.training in ("used", "kept_adain"), style
        key = "style_trained_used" if style.training == "used" else "style_trained_kept"
        assert chats.delivered == [("tg:-100", [t("ko", key, name="Ink", command="/ink")], "tg:6")]
    finally:
        await trainer.stop()
        store.close()


def test_a_failed_training_is_said_too_and_a_style_from_before_says_nothing(settings):
    store = Store(settings.DATA_DIR)
    layer = CommandLayer(settings, store, FakeQueue())
    try:
        style_id = add_real_style(store, "tg:42", "Ink")        # as before migration 007: no chat kept
        assert layer.style_outcome(store.get_style(style_id), "failed") is None
        with store._writing():
            store.db["community_styles"].update(style_id, {"added_in": "tg:42", "private": 1})
        chat, replies, user = layer.style_outcome(store.get_style(style_id), "failed")
        assert (chat, [r.text for r in replies], user) == (
            "tg:42", [t("en", "style_trained_failed", name="Ink", command="/ink")], "tg:42")
    finally:
        store.close()


async def test_an_adder_who_asked_to_be_forgotten_while_it_trained_is_not_mentioned(settings):
    """The trainer told the outcome with the row it read before the run: the group read
    "@name, the style ... has its own model now" after that user's /forgetme."""
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    told = outcomes_told(trainer, lambda style: style.created_by)
    try:
        style_id = add_real_style(store, "tg:-100", "Ink")
        with store._writing():
            store.db["community_styles"].update(style_id, {"created_by": "tg:6", "added_in": "tg:-100"})
        before = store.get_style(style_id)                # as the run read it
        store.forget_user("tg:6")
        await trainer._tell(before, "used")
        assert told == [(None, "used")]
        store.remove_style("tg:-100", before.key)
        await trainer._tell(before, "used")               # removed meanwhile: nothing to say
        assert told == [(None, "used")]
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_outcome_is_said_in_the_language_of_the_addstyle_where_its_adder_has_none(layer, store, lang):
    """The adder set no /lang (their Telegram client's language answered the /addstyle) or asked
    to be forgotten since: the outcome is said in the language their /addstyle was answered in,
    kept with the style. It was said in English (or DEFAULT_LANG) whatever that language was."""
    chats = Chats()
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    await say(layer, "/addstyle Ink", images=[make_photo(120, 90, seed=7)], user="tg:6", locale=lang, **group)
    style = store.find_style("tg:-100", "ink")
    assert style.lang == lang
    await tell_style_outcome(layer, {"tg": chats}, style, "used")
    told = ("tg:-100", [t(lang, "style_trained_used", name="Ink", command="/ink")])
    assert chats.delivered == [(*told, "tg:6")]

    await say(layer, "/forgetme yes", user="tg:6", locale=lang)
    style = store.find_style("tg:-100", "ink")
    assert style.created_by is None and style.lang == lang       # the group's style, in the group's language
    await tell_style_outcome(layer, {"tg": chats}, style, "used")
    assert chats.delivered[1] == (*told, None)


async def test_the_adders_own_language_comes_before_the_one_of_the_addstyle(layer, store):
    """/lang ko after an /addstyle answered in English: the adder reads Korean. A style's language
    is one the bot speaks or none."""
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    await say(layer, "/addstyle Ink", images=[make_photo(120, 90, seed=7)], user="tg:6", **group)
    await say(layer, "/lang ko", user="tg:6")
    _, replies, _ = layer.style_outcome(store.find_style("tg:-100", "ink"), "failed")
    assert [r.text for r in replies] == [t("ko", "style_trained_failed", name="Ink", command="/ink")]

    path = store.style_dir("tg:-100") / "odd.safetensors"
    path.write_bytes(b"descriptor")
    style_id = store.add_style("tg:-100", "Odd", "odd", path, 1, "tg:6", lang="../../etc")
    assert store.get_style(style_id).lang is None


async def test_a_forgotten_adders_style_from_before_languages_were_kept_is_told_in_default_lang(layer, store):
    """No adder (forgotten) and no language kept (a style from before migration 009): the bot's
    DEFAULT_LANG, as everywhere a chat gives none; it was always English."""
    path = store.style_dir("tg:-100") / "old.safetensors"
    path.write_bytes(b"descriptor")
    style_id = store.add_style("tg:-100", "Old", "old", path, 1, "tg:6", added_in="tg:-100")
    store.forget_user("tg:6")
    layer.settings.DEFAULT_LANG = "ko"
    chat, replies, user = layer.style_outcome(store.get_style(style_id), "used")
    assert (chat, [r.text for r in replies], user) == (
        "tg:-100", [t("ko", "style_trained_used", name="Old", command="/old")], None)
