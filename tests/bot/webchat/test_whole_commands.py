"""What the server tells the page of a reply (payload): the commands it names with their words,
a style's name after /style ("whole": the page linked "/style" alone, and a click sent a bare
/style), and whether a progress line's outcome is a reply of its own ("reply": /addstyle's
confirmation stayed grey like the "Studying…" line it replaced). The page's side:
test_style_command_links_page.py, test_line_edited_into_reply_page.py."""
from __future__ import annotations

import re

import pytest

from bot.chat import Reply
from bot.messages import t, table
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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_name_in_the_reply_makes_no_other_command_whole(lang):
    # "added by {by}": the display name of whoever added the style, written as the bot's own
    # wording with another command in it ("/forgetme yes": a click deleted the user's data)
    by = t(lang, "addstyle_exists_by", existing="a", by="x", date="2020-01-01", name="a", command="/forgetme yes")
    text = t(lang, "addstyle_exists_by", existing="Ink Wash", by=by, date="2026-12-07", name="ink wash",
             command="/removestyle Ink Wash")
    assert "/forgetme yes" in text
    assert payload("send", "1", Reply(text))["whole"] == ["/removestyle Ink Wash"]


class _Blank(dict):
    def __missing__(self, key):
        return "3"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("said", ["/style 푸른 물결", "/removestyle global Golden Age", "/화풍 푸른 물결"])
def test_every_wording_that_fills_in_a_command_has_it_named_whole(lang, said):
    # each of the bot's texts with a {command} (the Korean pass rewords them: read as they stand)
    keys = [k for k, w in table(lang).items() if isinstance(w, str) and re.search(r"(?<!/)\{command\}", w)]
    assert len(keys) > 10, keys
    for key in keys:
        text = table(lang)[key].format_map(_Blank(command=said))
        assert payload("send", "1", Reply(text)).get("whole") == [said], (key, text)


def test_a_long_line_of_look_alike_words_names_nothing():
    # a line of the user's words echoed back ("I don't know the style “…”"): each field of a
    # wording matched as ".*?" took 1.8 s of the server's loop for these 4,400 characters
    line = t("en", "unknown_style", name="/a b — x · " * 400)
    assert "whole" not in payload("send", "1", Reply(line))
    listed = "\n".join(t("en", "community_line", command=f"/style Wave {i}", name=f"Wave {i}", count=3, scope="x")
                       for i in range(300))
    assert payload("send", "2", Reply(listed))["whole"] == [f"/style Wave {i}" for i in range(300)]
