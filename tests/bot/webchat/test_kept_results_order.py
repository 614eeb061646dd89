"""The web chat's results kept in the store for a user's next visit (kept_results.py, review of
2d6a0d7): the store's side of the hub's memory, in the order the hub asked. A keep's write was
queued on the store's thread only as its task first ran, so a /forgetme asked in between deleted
first, and the write after it put back what the user had just had deleted (a painting shown to
them after the next restart). And a page opening, with nothing changed, rewrote the user's rows
each time (a transaction and fsync for every page opened, and for every page reconnecting at once
after a restart)."""
from __future__ import annotations

import asyncio

from bot.chat import Reply
from bot.webchat import WebChatHub, WebResponder
from bot.webchat.kept_results import KeptResults

from tests.bot.webchat.test_join_mid_delivery import Socket

PAINTING = Reply("✅ Vincent van Gogh", image=b"\xff\xd8painting")


def _hub_on(store) -> WebChatHub:
    hub = WebChatHub()
    hub.keeper = KeptResults(store, lambda chat, locale: "en")
    return hub


async def test_a_forgetme_right_after_a_keep_leaves_nothing_kept(store):
    hub = _hub_on(store)
    await hub.deliver("web:ann", [PAINTING])                 # no page open: kept
    assert store.web_results("web:ann")[1]
    keeping = asyncio.ensure_future(hub.keep("web:ann"))    # (a delivery ending, say)
    await asyncio.sleep(0)                  # it has taken the memory as it stands, its write is asked
    await hub.forget("web:ann")             # /forgetme, from another tab
    await keeping
    assert store.web_results("web:ann") == ([], [])
    other = _hub_on(store)                  # the next start: nothing for the next page either
    page = Socket()
    await other.join("web:ann", WebResponder(page, other), have=set(), open_lines=set())
    assert not [m for m in page.sent if m.get("image")], page.sent


async def test_pages_opening_with_nothing_changed_write_nothing(store, monkeypatch):
    writes = []
    keep_web_results = store.keep_web_results

    def counted(user_id, lines, replies):
        writes.append((user_id, len(lines), len(replies)))
        keep_web_results(user_id, lines, replies)

    monkeypatch.setattr(store, "keep_web_results", counted)
    hub = _hub_on(store)
    for _ in range(3):                       # a user with nothing kept: their pages come and go
        out = WebResponder(Socket(), hub)
        await hub.join("web:bob", out, have=set(), open_lines=set())
        hub.leave("web:bob", out)
    assert writes == [], writes
    await hub.deliver("web:ann", [PAINTING])                 # no page open: kept (a write)
    assert writes == [("web:ann", 0, 1)], writes
    page = Socket()
    await hub.join("web:ann", WebResponder(page, hub), have=set(), open_lines=set())
    assert [m for m in page.sent if m.get("image")]
    assert writes[1:] == [("web:ann", 0, 0)], writes          # taken: deleted (a write)
    await hub.join("web:ann", WebResponder(Socket(), hub), have=set(), open_lines=set())
    assert len(writes) == 2, writes                           # a second tab: nothing changed

    restarted = _hub_on(store)              # after a restart, what the store has is what it read
    await restarted.deliver("web:cy", [PAINTING])
    assert len(writes) == 3, writes
    restarted = _hub_on(store)
    out = WebResponder(Socket(), restarted)
    await restarted.join("web:bob", out, have=set(), open_lines=set())
    await restarted.keep("web:cy")          # read back, unchanged: not written again
    assert len(writes) == 3, writes
    assert store.web_results("web:cy")[1]
