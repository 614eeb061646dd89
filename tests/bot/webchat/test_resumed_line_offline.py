"""A job from before a restart that finished while its user had no page open: its old progress
line, kept at "painting… 50%" (``edit_line`` with no page to edit), stayed under way in the hub, and
its outcome waited as a message of its own. The next page (a new tab, or one back from a reload)
was sent that line as still under way (acb2bc4 sends every line under way), "painting… 50%" and
aria-busy for good, with "done in N s" below it as another message. The outcome is the line's own
now, as a live job's is when no page is open: the page shows the line done, then the painting."""
from __future__ import annotations

import pytest

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_join_mid_delivery import PAINTING, Socket

LINE = "old-7"        # the line's id from before the restart (the job's journal keeps it)
RUNNING = Reply("🎨 Claude Monet: painting… 50%", progress=True)
DONE = Reply("✅ Claude Monet: done in 3 s")


async def _finished_while_away() -> tuple[WebChatHub, str]:
    hub, chat = WebChatHub(), "web:ann"
    await hub.edit_line(chat, LINE, RUNNING)             # no page open: only noted
    await hub.deliver(chat, [DONE, PAINTING], line=LINE)
    return hub, chat


@pytest.mark.parametrize("hello", [
    {"fresh": True, "have": set(), "open_lines": set()},          # a new tab
    {"have": set(), "open_lines": set()},                          # back from a reload, its line not kept
    {"have": set(), "open_lines": {LINE}},                         # one that kept the old line
], ids=["new tab", "reloaded", "names the line"])
async def test_the_next_page_shows_the_line_done_not_under_way(hello):
    hub, chat = await _finished_while_away()
    page = Socket()
    await hub.join(chat, WebResponder(page, hub), **hello)
    of_line = [m for m in page.sent if m.get("id") == LINE]
    assert not [m for m in of_line if m.get("progress")], page.sent       # never "50%" under way
    assert of_line and of_line[-1]["text"] == DONE.text, page.sent
    painting = next(i for i, m in enumerate(page.sent) if m.get("image"))
    assert page.sent.index(of_line[-1]) < painting, page.sent              # "done" above the painting
    assert [m["text"] for m in page.sent].count(DONE.text) == len(of_line), page.sent   # not also as a message of its own


async def test_a_page_opened_later_still_is_not_sent_it_under_way():
    hub, chat = await _finished_while_away()
    await hub.join(chat, WebResponder(Socket(), hub), fresh=True, have=set(), open_lines=set())
    later = Socket()
    await hub.join(chat, WebResponder(later, hub), fresh=True, have=set(), open_lines=set())
    assert not [m for m in later.sent if m.get("id") == LINE and m.get("progress")], later.sent


async def test_a_page_away_as_a_resumed_job_was_delivered_gets_its_line_with_the_painting():
    # another page took the outcome and the painting; this one, back from a reload, lacks both
    hub, chat = WebChatHub(), "web:ann"
    other = Socket()
    await hub.join(chat, WebResponder(other, hub))
    await hub.edit_line(chat, LINE, RUNNING)
    await hub.deliver(chat, [DONE, PAINTING], line=LINE)
    back = Socket()
    await hub.join(chat, WebResponder(back, hub), have=set(), open_lines=set())
    ids = [m.get("id") for m in back.sent]
    painting = next(m["id"] for m in back.sent if m.get("image"))
    assert LINE in ids and ids.index(LINE) < ids.index(painting), back.sent       # just above it
    assert back.sent[ids.index(LINE)]["text"] == DONE.text, back.sent
