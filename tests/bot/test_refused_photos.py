"""bot/refused_photos.RefusedPhotos: the one refusal a flood of photos gets is edited once the
burst is over, to say how many photos were not taken. It was edited about once a second while
the flood came, as a progress line, in a chat where Telegram allows about one message a second
and the burst's paintings' own progress lines need them."""
from __future__ import annotations

import asyncio

from bot.refused_photos import SETTLED_S, RefusedPhotos

WINDOW_S = 10.0
SLOT = ("tg:1", "tg:1", "style")


class Edits:
    """A responder that records the edits of its one message."""

    def __init__(self):
        self.texts: list[str] = []

    async def edit(self, handle, reply) -> None:
        self.texts.append(reply.text)


def said(count: int) -> str:
    return f"Slow down. {count} photos were not taken."


async def test_a_flood_over_seconds_gets_one_edit_once_it_ends():
    refused, out = RefusedPhotos(WINDOW_S), Edits()
    refused.sent(SLOT, "rate_limited", 1, out, handle=7, text="Slow down.")
    for _ in range(6):                   # a photo refused every 0.3 s: 1.8 s of flood
        await asyncio.sleep(0.3)
        assert await refused.refused_again(SLOT, "rate_limited", 1, said)
    assert out.texts == []               # nothing while the photos still come
    await asyncio.sleep(SETTLED_S + 0.5)
    assert out.texts == [said(7)]        # the first refused photo and the 6 after it


async def test_a_forgetme_before_the_burst_ends_edits_nothing():
    refused, out = RefusedPhotos(WINDOW_S), Edits()
    refused.sent(SLOT, "rate_limited", 1, out, handle=7, text="Slow down.")
    await asyncio.sleep(0.2)
    assert await refused.refused_again(SLOT, "rate_limited", 1, said)
    refused.forget("tg:1")
    await asyncio.sleep(SETTLED_S + 0.5)
    assert out.texts == []
    assert not await refused.refused_again(SLOT, "rate_limited", 1, said)


async def test_a_second_burst_counts_its_own_photos():
    now = [0.0]
    refused, first, second = RefusedPhotos(WINDOW_S, clock=lambda: now[0], settled_s=0.1), Edits(), Edits()
    refused.sent(SLOT, "rate_limited", 1, first, handle=7, text="Slow down.")
    for _ in range(3):
        assert await refused.refused_again(SLOT, "rate_limited", 1, said)
    now[0] += WINDOW_S                   # the burst's quiet time over: the next refusal is said again
    assert not await refused.refused_again(SLOT, "rate_limited", 1, said)
    refused.sent(SLOT, "rate_limited", 1, second, handle=8, text="Slow down.")
    assert await refused.refused_again(SLOT, "rate_limited", 2, said)
    await asyncio.sleep(0.3)
    assert (first.texts, second.texts) == ([said(4)], [said(3)])
