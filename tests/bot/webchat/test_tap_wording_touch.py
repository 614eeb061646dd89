"""The web chat says "Click one" for Telegram's "Tap one" (test_click_wording); on a phone, where
buttons are tapped, it said "Click" too. Each reply that says "tap" comes with the words as said
under a finger ("touch", and "texts_touch" for a caption said in each language), which the page
shows on a touch screen (test_tap_wording_touch_page)."""
from __future__ import annotations

from bot.commands import Reply
from bot.messages import t
from bot.webchat import payload


def test_a_reply_that_says_tap_comes_with_its_touch_words():
    said = payload("send", "1", Reply(t("en", "pick_artist")))
    assert said["text"].startswith("Which artist should paint it? Click one"), said
    assert said["touch"] == t("en", "pick_artist") and "Tap one" in said["touch"], said


def test_a_caption_that_says_tap_comes_with_its_touch_words_in_each_language():
    said = payload("send", "1", Reply(t("en", "preview_caption"), image=b"\xff\xd8"))
    assert "click" in said["texts"]["en"].lower() and "tap" not in said["texts"]["en"].lower(), said
    assert said["texts_touch"] == {"en": t("en", "preview_caption"), "ko": t("ko", "preview_caption")}, said


def test_a_reply_that_says_no_tap_has_no_second_text():
    said = payload("send", "1", Reply(t("en", "help")))
    assert "touch" not in said and "texts_touch" not in said, said
