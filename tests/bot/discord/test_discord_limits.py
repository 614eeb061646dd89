"""What Discord takes in one message, with discord.py driven against the fake Discord: texts of
at most 2000 characters, and files no larger than the channel's upload limit (the interaction's
attachment_size_limit: 10 MiB in a server without boosts and in DMs)."""
from __future__ import annotations

import asyncio
import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from tests.bot.fake_discord import APP_ID, interaction
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect, style_with_photo

fake_api = test_discord.fake_api          # the fixture: the fake Discord that discord.py connects to


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    """The front-end over the command layer with the fake queue (a painting is its photo)."""
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


def noise_jpeg(w: int, h: int, seed: int) -> bytes:
    """A photo JPEG hardly compresses (noise): its zip entry is as large as the file."""
    pixels = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=95)
    return out.getvalue()


async def ask(fake, name: str, **where) -> list[tuple[str, dict, dict]]:
    """The follow-ups (path, body, files) of /NAME, once its last one is posted."""
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": name, "type": 1}, USER, **where))
    return await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])


@pytest.mark.slow
async def test_mydata_over_the_upload_limit_comes_in_parts_each_within_it(discord_fast):
    """The /mydata zip holds the user's last photos: a few phone photos are over a DM's 10 MiB.
    Discord refuses such a file (413, 40005) and the user got "something went wrong". It comes
    as several zips, each within the channel's limit, holding every photo and mydata.json."""
    fake, frontend = discord_fast
    store = frontend.layer.store
    user = f"dc:{USER['id']}"
    photos = [noise_jpeg(160, 120, seed) for seed in range(6)]
    for photo in photos:
        store.save_photo(user, photo, "dc:333")
    fake.upload_limit = 2 * len(photos[0]) + 4000       # about two photos a zip
    await ask(fake, "mydata", channel_id="333")
    await asyncio.sleep(1)                              # (the rest of the parts, if any)
    files = {name: body for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/") for name, body in f.items()}
    assert len(files) >= 3 and all(len(body) <= fake.upload_limit for body in files.values()), \
        {n: len(b) for n, b in files.items()}
    entries = {}
    for body in files.values():
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            entries.update({n: z.read(n) for n in z.namelist()})
    assert "mydata.json" in entries
    assert sorted(b for n, b in entries.items() if n != "mydata.json") == sorted(photos)
    texts = [b.get("content") or "" for _, b, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")]
    assert any(f"{len(files)} parts" in text for text in texts), texts
    assert not any("went wrong" in text for text in texts), texts


@pytest.mark.slow
async def test_a_painting_over_the_upload_limit_is_sent_smaller(discord_fast, settings):
    """A painting larger than the channel takes is re-encoded to fit, not refused (413), with its
    buttons."""
    fake, frontend = discord_fast
    settings.MAX_SIDE = 512
    big = noise_jpeg(512, 384, 1)
    fake.upload_limit = len(big) // 3
    payload = style_with_photo(fake, channel_id="444", guild_id="555")
    att = fake.add_attachment("big.jpg", big)
    payload["data"]["options"][1]["value"] = att["id"]
    payload["data"]["resolved"] = {"attachments": {att["id"]: att}}
    await fake.dispatch("INTERACTION_CREATE", payload)
    sent = await fake.wait_for(lambda: [(b, f) for _, b, f in fake.recorded("POST", f"/webhooks/{APP_ID}/") if f],
                               timeout=15)
    body, files = sent[0]
    assert len(files["painting.jpg"]) <= fake.upload_limit
    assert Image.open(io.BytesIO(files["painting.jpg"])).format == "JPEG"
    assert body.get("components") and "Vincent van Gogh" in body["content"]


def test_texts_are_cut_at_line_ends():
    from bot.discord_files import split_text

    lines = [f"line {i} " + "x" * 90 for i in range(60)]
    pieces = split_text("\n".join(lines))
    assert all(len(p) <= 2000 for p in pieces) and "\n".join(pieces) == "\n".join(lines)
    assert split_text("y" * 4500) == ["y" * 2000, "y" * 2000, "y" * 500]
    assert split_text("") == [] and split_text("short") == ["short"]
