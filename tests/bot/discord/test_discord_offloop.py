"""The Discord front-end fits a reply's file to the channel's upload limit off the event loop: a
large painting re-encoded smaller (Pillow: up to seconds for a big one), a /mydata zip repacked in
parts. Done on the loop, every other chat, and the gateway's heartbeats, stood still meanwhile. A
ticker (tests/loop_ticks.py) counts how often the loop ran while that work was under way."""
from __future__ import annotations

import time

import pytest

from bot import discord_files

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import APP_ID
from tests.bot.discord.test_discord import USER, style_with_photo
from tests.bot.discord.test_discord_limits import ask, noise_jpeg
from tests.loop_ticks import LoopTicks

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


def watched(monkeypatch, name: str, ticks: LoopTicks, before: float = 0.0) -> list[tuple[int, float]]:
    """discord_files.NAME, wrapped to record, each time it runs, how often the loop ticked and how
    long it took meanwhile (``before``: seconds of work of its own first, as a slower machine's)."""
    work, runs = getattr(discord_files, name), []

    def wrapper(*args):
        count, began = ticks.count, time.monotonic()
        time.sleep(before)
        try:
            return work(*args)
        finally:
            runs.append((ticks.count - count, time.monotonic() - began))

    monkeypatch.setattr(discord_files, name, wrapper)
    return runs


@pytest.mark.slow
async def test_a_large_painting_is_fitted_to_the_upload_limit_off_the_event_loop(discord_fast, monkeypatch):
    """A 3000x2000 painting (a noisy photo: it hardly compresses) three times the channel's
    upload limit is re-encoded smaller while the loop runs on; it still comes within the limit."""
    fake, frontend = discord_fast
    big = noise_jpeg(3000, 2000, 7)
    fake.upload_limit = len(big) // 3
    payload = style_with_photo(fake, channel_id="444", guild_id="555")
    att = fake.add_attachment("big.jpg", big)
    payload["data"]["options"][1]["value"] = att["id"]
    payload["data"]["resolved"] = {"attachments": {att["id"]: att}}
    async with LoopTicks() as ticks:
        runs = watched(monkeypatch, "fit_image", ticks)
        await fake.dispatch("INTERACTION_CREATE", payload)
        sent = await fake.wait_for(lambda: [f for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/") if f],
                                   timeout=60)
    assert 0 < len(sent[0]["painting.jpg"]) <= fake.upload_limit
    [(count, took)] = runs
    assert ticks.ran_on_for(took), (count, took)


@pytest.mark.slow
async def test_a_mydata_zip_is_split_off_the_event_loop(discord_fast, monkeypatch):
    """/mydata over the upload limit is repacked in parts while the loop runs on (the repacking
    made 0.5 s slower here, as for a large export on a slow disk)."""
    fake, frontend = discord_fast
    store = frontend.layer.store
    user = f"dc:{USER['id']}"
    photos = [noise_jpeg(160, 120, seed) for seed in range(4)]
    for photo in photos:
        store.save_photo(user, photo, "dc:333")
    fake.upload_limit = 2 * len(photos[0]) + 4000       # about two photos a zip
    async with LoopTicks() as ticks:
        runs = watched(monkeypatch, "split_zip", ticks, before=0.5)
        await ask(fake, "mydata", channel_id="333")
        await fake.wait_for(lambda: sum(len(f) for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/")) >= 2)
    [(count, took)] = runs
    assert ticks.ran_on_for(took), (count, took)
