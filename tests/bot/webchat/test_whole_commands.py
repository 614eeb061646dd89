"""What the server tells the page of a reply (payload): the commands it names with their words,
a style's name after /style ("whole": the page linked "/style" alone, and a click sent a bare
/style), and whether a progress line's outcome is a reply of its own ("reply": /addstyle's
confirmation stayed grey like the "Studying…" line it replaced). The page's side:
test_style_command_links_page.py, test_line_edited_into_reply_page.py."""
from __future__ import annotations

import pytest

from bot.chat import Reply
from bot.messages import t
from bot.webchat import payload


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_style_command_with_words_is_named_whole(lang):
    added = t(lang, "addstyle_done", name="푸른 물결", count=3, scope=t(lang, "scope_community"),
              command="/style 푸른 물결")
    added += " " + t(lang, "addstyle_repeats", count=2) + "\n" + t(lang, "addstyle_training")
    listed = "\n".join([t(lang, "community_header", count=2),
                        t(lang, "community_line", command="/style Blue Wave", name="Blue Wave", count=3, scope="x") + " · …",
                        t(lang, "community_line", command="/ink", name="Ink", count=2, scope="x")])
    assert payload("edit", "1", Reply(added))["whole"] == ["/style 푸른 물결"]
    assert payload("send", "2", Reply(listed))["whole"] == ["/style Blue Wave"]      # /ink: the page finds it
    assert "whole" not in payload("send", "3", Reply(t(lang, "no_style_no_photo", command="/style")))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_outcome_is_a_reply_unless_it_ends_a_paintings_line(lang):
    added = t(lang, "addstyle_done", name="Ink", count=1, scope="x", command="/ink")
    assert payload("edit", "1", Reply(added))["reply"] is True
    for status in (t(lang, "done", style="Claude Monet", seconds="3 s"),
                   t(lang, "done_under_second", style="Claude Monet"),
                   t(lang, "failed", style="Claude Monet", error=t(lang, "engine_error"))):
        assert "reply" not in payload("edit", "2", Reply(status)), status
    assert "reply" not in payload("edit", "3", Reply(t(lang, "addstyle_working", count=3), progress=True))
    assert "reply" not in payload("send", "4", Reply(added))          # a message of its own: never grey
