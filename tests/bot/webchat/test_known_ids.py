"""One client address may bring NEW_IDS_PER_MINUTE new ids a minute. After a bot restart the
count of ids an address brought starts empty, and it counted the ids the bot already knew (stored
before the restart) as new: more than 20 pages behind one NAT (an office) reconnecting within a
minute were told "too many new users" for up to a minute. A known id is not a new one now; unknown
ids are limited as before. Over a real websocket (aiohttp's test client)."""
from __future__ import annotations

from bot.messages import t
from bot.webchat import NEW_IDS_PER_MINUTE

from tests.bot.webchat import test_ids as test_ids
from tests.bot.webchat.test_ids import socket
from tests.bot.webchat.test_webchat_delivery import messages

client = test_ids.client      # (the fixture)

TOO_MANY = t("en", "web_too_many_ids")


async def said_hello(client, user: str) -> list[dict]:
    """A page reconnecting as ``user`` (its hello, then a /status): what it was answered."""
    ws = await socket(client)
    await ws.send_json({"op": "hello", "user": user, "have": []})
    await ws.send_json({"user": user, "text": "/status", "locale": "en-US"})
    got = await messages(ws, lambda m: m["op"] == "send" and not m.get("progress"))
    await ws.close()
    return got


async def test_ids_the_bot_knew_before_a_restart_are_not_new(client, store):
    known = [f"office-{i}" for i in range(NEW_IDS_PER_MINUTE + 5)]
    for user in known:
        store.touch_user(f"web:{user}", "web")          # here before the restart
    for user in known:
        got = await said_hello(client, user)
        assert not any(m.get("text") == TOO_MANY for m in got), user
    # they took none of the address's new ids: 20 unknown ones still come, the 21st is refused
    for i in range(NEW_IDS_PER_MINUTE):
        got = await said_hello(client, f"stranger-{i}")
        assert not any(m.get("text") == TOO_MANY for m in got), i
    got = await said_hello(client, "stranger-last")
    assert got[0]["text"] == TOO_MANY, got


async def test_unknown_ids_are_limited_as_before(client):
    for i in range(NEW_IDS_PER_MINUTE):
        got = await said_hello(client, f"new-{i}")
        assert not any(m.get("text") == TOO_MANY for m in got), i
    got = await said_hello(client, f"new-{NEW_IDS_PER_MINUTE}")
    assert got[0]["text"] == TOO_MANY, got
