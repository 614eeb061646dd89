"""The web chat's previews (a JPEG of a HEIC or TIFF the page cannot draw) are limited per user:
one page sending TIFFs in a loop made every other user's photo wait behind its decodes, and past
PREVIEWS_WAITING_MAX waiting (all users together) nobody else got a preview at all (their own
photo stayed a placeholder). Over a real websocket (aiohttp's test client)."""
from __future__ import annotations

import asyncio
import io
import threading
import time

from PIL import Image

import bot.webchat as webchat
from bot.webchat import TASKS

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_delivery import client, messages, open_page, picture_message

__all__ = ["client"]          # the fixture, used by name


def tiff() -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(make_photo(400, 300))).save(out, "TIFF")
    return out.getvalue()


async def test_one_users_flood_of_previews_neither_refuses_nor_holds_up_another_users(client, monkeypatch):
    made: list[str] = []                 # whose preview was decoded, in order
    running, most = [0], [0]
    lock = threading.Lock()
    real = webchat.preview

    def slow(data, *args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.15)             # a big TIFF takes a while
            return real(data, *args)
        finally:
            with lock:
                running[0] -= 1
                made.append("bob" if data == bobs else "ann")

    monkeypatch.setattr(webchat, "preview", slow)
    anns, bobs = tiff(), tiff() + b"\x00"         # bob's bytes told apart (a trailing byte: still a TIFF)
    ann, bob = await open_page(client, "ann"), await open_page(client, "bob")
    for _ in range(webchat.PREVIEWS_WAITING_MAX + 4):
        await ann.send_json(picture_message("ann", "/status", anns, kind="image/tiff"))
    await asyncio.sleep(0.3)                       # ann's are waiting now
    await bob.send_json(picture_message("bob", "/status", bobs, kind="image/tiff"))
    got = await messages(bob, lambda m: m["op"] == "preview", timeout=15)
    assert got[-1]["image"].startswith("data:image/jpeg;base64,")      # bob's photo is shown, not refused
    # and soon: not after all of ann's (at most the one being decoded and one more of hers first)
    assert made.index("bob") <= 3, made
    async with asyncio.timeout(30):
        while client.server.app[TASKS]:
            await asyncio.sleep(0.05)
    assert most[0] == 1                           # still one decode at a time (memory, CPU)
    assert made.count("ann") < webchat.PREVIEWS_WAITING_MAX + 4          # ann's own flood is still cut short
    await ann.close()
    await bob.close()
