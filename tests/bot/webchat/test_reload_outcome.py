"""A painting that finished while its page was reloading (or closed) came to the next page, but
its progress line's outcome ("✅ Claude Monet: done in 1.0 s") did not: the reloaded page showed
the painting under no line at all (it keeps no unfinished progress line; the server sent the
line only while the job was still under way)."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_webchat_delivery import client, messages, open_page, photo_message

__all__ = ["client"]


async def test_the_outcome_of_a_job_finished_during_a_reload_reaches_the_reloaded_page(client):
    first = await open_page(client, "rita")
    await first.send_json(photo_message("rita", "/style monet"))
    before = await messages(first, lambda m: m["op"] == "send" and m.get("progress"))
    line = before[-1]["id"]
    await first.close()                         # reloading
    await asyncio.sleep(1.5)                    # the painting is done meanwhile

    second = await open_page(client, "rita")
    got = await messages(second, lambda m: m["op"] == "send" and m.get("image"))
    outcome = [m for m in got if m.get("id") == line]
    assert outcome and "done in" in outcome[-1]["text"] and not outcome[-1]["progress"], got
    assert got.index(outcome[-1]) < len(got) - 1       # before the painting, as a page open all along saw it
    await second.close()

    # a later page (another reload) is not shown it again: it has it now
    third = await open_page(client, "rita")
    await third.send_json({"user": "rita", "text": "/status", "locale": "en-US"})
    later = await messages(third, lambda m: m["op"] == "lang")
    assert not [m for m in later if m.get("id") == line], later
    await third.close()
