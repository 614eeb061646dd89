"""A message queued while offline is kept with the tab's conversation to go out once the connection
is back; a tab duplicated meanwhile (its sessionStorage copied) sent it too, and the photo was
painted twice. Each queued message carries an id now, and the server answers an id once."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_webchat_delivery import client, messages, open_page, photo_message

__all__ = ["client"]


async def test_the_same_queued_message_from_two_tabs_is_painted_once(client):
    first = await open_page(client, "dora")
    copy = await open_page(client, "dora")             # the duplicated tab
    message = {**photo_message("dora", "/style monet"), "qid": "q-1234"}
    await first.send_json(message)
    await copy.send_json({**message, "client_id": "7"})
    got = await messages(first, lambda m: m["op"] == "send" and m.get("image"))
    try:
        async with asyncio.timeout(3.0):
            while True:
                got.append(await first.receive_json())
    except TimeoutError:
        pass
    assert len({m["id"] for m in got if m["op"] == "send" and m.get("image")}) == 1, "painted twice"
    for ws in (first, copy):
        await ws.close()
