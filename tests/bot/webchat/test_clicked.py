"""86aaa54 said 'tap' as 'click' on the web page by putting "lick" and the word's own ending after
its first letter: "tapped" became "clickped" and "tapping" "clickping" (no text says them yet, but
the comments of en.toml already speak of "a button tapped"); and the welcome (7cdab44) was
returned before the 'tap' wording was applied to it."""
from __future__ import annotations

import bot.webchat as webchat


def test_every_form_of_tap_is_clicked(monkeypatch):
    texts = {"a": "You tapped it twice.", "b": "Keep tapping, it taps back. Tap one.", "c": "a tapestry {name}"}
    monkeypatch.setattr(webchat, "table", lambda lang: texts)
    webchat._tapping.cache_clear()
    try:
        assert webchat.web_text("You tapped it twice.") == "You clicked it twice."
        assert webchat.web_text("Keep tapping, it taps back. Tap one.") == "Keep clicking, it clicks back. Click one."
        assert webchat.web_text("a tapestry of taps") == "a tapestry of taps"
    finally:
        webchat._tapping.cache_clear()


def test_the_welcome_is_clicked_too(monkeypatch):
    real_t = webchat.t
    monkeypatch.setattr(webchat, "t", lambda lang, key, **kw: "Hi, tap a button below." if key == "start"
                        else real_t(lang, key, **kw))
    monkeypatch.setattr(webchat, "table", lambda lang: {"start": "Hi, tap a button below."})
    webchat._tapping.cache_clear()
    try:
        assert " tap " not in webchat.web_text("Hi, tap a button below.")
    finally:
        webchat._tapping.cache_clear()
