"""A painting's first progress line sent as its page reloaded (a slow upload: the photo reached the
bot as the page was going away): the line, which no page took, was kept among the replies waiting
for the next page and sent to it under a new id, while the job's edits went on under the line's own.
The reloaded page showed a stale "🎨 Claude Monet: starting… (about 1 s)" beside a separate
"✅ done in 0.08 s". The line is kept under its own id, and the page is sent it as it stands (or its
outcome): one line, updated in place."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_join_mid_delivery import Socket

STARTING = Reply("🎨 Claude Monet: starting… (about 1 s)", progress=True)
HALFWAY = Reply("🎨 Claude Monet: painting… 50%", progress=True)
DONE = Reply("✅ done in 0.08 s")


def lines(socket: Socket) -> dict[str, list[str]]:
    """The page's bot lines: id -> the texts it was sent under that id, in order."""
    shown: dict[str, list[str]] = {}
    for m in socket.sent:
        if m.get("op") in ("send", "edit") and m.get("text"):
            shown.setdefault(m["id"], []).append(m["text"])
    return shown


async def _reloaded(done_before_hello: bool, edited_before_hello: bool = False) -> Socket:
    hub, chat = WebChatHub(), "web:ann"
    going = Socket()
    asking = WebResponder(going, hub)
    await hub.join(chat, asking)
    going.closed = True                       # the page reloading: its socket is gone
    line = await asking.send(STARTING)        # (the request's answer goes on on the old responder)
    if edited_before_hello:
        await asking.edit(line, HALFWAY)
    if done_before_hello:
        await asking.edit(line, DONE)
    back = Socket()
    await hub.join(chat, WebResponder(back, hub), busy=not done_before_hello, have=set(), open_lines=set())
    if not done_before_hello:
        await asking.edit(line, DONE)
    return back


async def test_a_line_sent_while_its_page_reloaded_is_updated_in_place_after_the_reload():
    for edited in (False, True):
        back = await _reloaded(done_before_hello=False, edited_before_hello=edited)
        shown = lines(back)
        assert len(shown) == 1, shown                             # one line, no stale "starting…"
        assert list(shown.values())[0][-1] == DONE.text, shown    # its outcome in it


async def test_a_line_whose_job_ended_while_its_page_reloaded_shows_its_outcome_once():
    back = await _reloaded(done_before_hello=True)
    shown = lines(back)
    assert len(shown) == 1 and list(shown.values())[0][-1] == DONE.text, shown


async def test_the_line_reaches_another_open_page_under_its_own_id():
    # the user's other tab, open all along: "starting…" came there under a new id, its edits not
    hub, chat = WebChatHub(), "web:bob"
    going, other = Socket(), Socket()
    asking = WebResponder(going, hub)
    await hub.join(chat, asking)
    await hub.join(chat, WebResponder(other, hub))
    going.closed = True
    line = await asking.send(STARTING)
    await asking.edit(line, DONE)
    assert lines(other) == {line: [STARTING.text, DONE.text]}, lines(other)
