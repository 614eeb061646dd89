"""A reloaded tab whose saved conversation had been cut short (the browser's room) was sent the
user's last paintings it no longer showed, at the bottom, below newer messages: out of order. The
page names the oldest message it shows, and only paintings newer than it are sent again."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_one_id import Socket, pictures


async def test_paintings_older_than_what_a_reloaded_tab_shows_are_not_sent_at_its_bottom():
    hub, chat = WebChatHub(), "web:u1"
    tab = WebResponder(Socket(), hub)
    await hub.join(chat, tab)
    for n in range(3):
        await tab.send(Reply(f"painting {n}", image=bytes([0xFF, 0xD8, n])))
    await tab.send(Reply("Send me a photo"))
    painted = pictures(tab)
    newest_text = tab.ws.got[-1]["id"]
    tab.ws.closed = True
    hub.leave(chat, tab)
    # reloaded: its saved copy kept the last painting and the text after it only
    keeps = [p["id"] for p in tab.ws.got if p["id"] in (painted[-1], newest_text)]
    again = WebResponder(Socket(), hub)
    await hub.join(chat, again, have={painted[-1]}, oldest=keeps[0])
    assert pictures(again) == [], "older paintings sent at the bottom"
    # a tab away while a newer painting finished still gets that one
    third = WebResponder(Socket(), hub)
    await hub.join(chat, third, have=set(), oldest=painted[1])
    assert pictures(third) == painted[1:], pictures(third)
