"""A painting that finished while its tab was reloading, with another tab of the user open, went
to that other tab only: the reloaded tab, where it was asked for, showed the user's photo and no
painting. A page now says which paintings it shows when it connects, and is sent those of the
user's last ones it lacks."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_webchat_delivery import client, messages, open_page, photo_message

__all__ = ["client"]


async def reopen(client, user, have):
    ws = await client.ws_connect("/ws")
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": user, "fresh": False, "have": have})
    await ws.send_json({"user": user, "text": "/status", "locale": "en-US"})
    return ws, await messages(ws, lambda m: m["op"] == "lang")


async def test_a_tab_reloaded_while_another_was_open_gets_its_painting(client):
    asking = await open_page(client, "quinn")
    other = await open_page(client, "quinn")
    await asking.send_json(photo_message("quinn", "/style monet"))
    await messages(asking, lambda m: m["op"] == "send" and m.get("progress"))
    await asking.close()                          # reloading
    painting = (await messages(other, lambda m: m["op"] == "send" and m.get("image")))[-1]
    await asyncio.sleep(0.2)

    reloaded, got = await reopen(client, "quinn", [])           # it shows no painting yet
    assert [m["id"] for m in got if m.get("image")] == [painting["id"]], got
    again, got = await reopen(client, "quinn", [painting["id"]])    # it shows that one: no copy
    assert not [m for m in got if m.get("image")], got
    for ws in (other, reloaded, again):
        await ws.close()


async def test_the_reloaded_tab_gets_the_paintings_done_line_too(client):
    asking = await open_page(client, "ruth")
    other = await open_page(client, "ruth")
    await asking.send_json(photo_message("ruth", "/style monet"))
    line = (await messages(asking, lambda m: m["op"] == "send" and m.get("progress")))[-1]["id"]
    await asking.close()                          # reloading: its "painting…" line is not restored
    await messages(other, lambda m: m["op"] == "send" and m.get("image"))
    await asyncio.sleep(0.2)

    ws = await client.ws_connect("/ws")
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": "ruth", "fresh": False, "have": [], "lines": [line]})
    got = await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
    outcome = [m for m in got if m.get("id") == line]
    assert outcome and "done in" in outcome[-1]["text"] and not outcome[-1]["progress"], got
    assert got.index(outcome[-1]) < len(got) - 1          # before the painting
    for w in (other, ws):
        await w.close()
