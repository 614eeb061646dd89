"""What an album's record (TelegramFrontend._recent_albums, kept up to ALBUM_RECORDS_KEPT of them
for ALBUM_LATE_S) holds of its caption: enough for its late photos, not the whole of a Premium
user's 4096-character caption, of which a flood of albums kept tens of megabytes."""
from __future__ import annotations

import sys

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 20.0
PREMIUM_CAPTION = 4096
NOTE = "🐈 우리 고양이, 바닷가에서. "          # a note under the command, in Korean and emoji (wide in memory)


def long_caption(command: str) -> str:
    return (command + "\n" + NOTE * PREMIUM_CAPTION)[:PREMIUM_CAPTION]


def album(fake, group: str, photos: list[bytes], caption: str | None) -> None:
    for i, photo in enumerate(photos):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"{group}{i}", photo),
                                          media_group_id=group, **({"caption": caption} if caption and i == 0 else {})))


def deep_size(obj, seen: set[int] | None = None) -> int:
    """The bytes ``obj`` and everything it holds take (each object once)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set)):
        size += sum(deep_size(item, seen) for item in obj)
    return size


async def test_a_flood_of_albums_with_premium_captions_keeps_little_of_each(recorded, monkeypatch):
    """Albums whose captions are 4096 characters of Korean and emoji (some 16 KB each in memory):
    each record kept its caption whole, and ALBUM_RECORDS_KEPT of them some 160 MB. Each now holds
    a few hundred characters of it: a few kilobytes in all (of Korean and emoji still)."""
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    fake = recorded
    albums = 12
    for n in range(albums):
        album(fake, f"flood{n}_", [make_photo(96, 72, seed=n), make_photo(96, 72, seed=n + 50)],
              long_caption("/style gogh"))
    records = fake.frontend._recent_albums
    await fake.wait_for(lambda: len(records) == albums and all(r["handled"] for r in records.values()),
                        timeout=WAIT_S)
    sizes = [deep_size(record) for record in records.values()]
    assert max(sizes) < 4096, sizes
    assert all(record["handled"]["text"].startswith("/style gogh\n") for record in records.values())
    await fake.wait_for(lambda: len(fake.handled) == albums, timeout=WAIT_S)


async def test_a_late_photo_of_an_album_with_a_long_caption_is_painted_as_it_asked(recorded, fake_queue, monkeypatch):
    """A command with a long note under it ("/style gogh", then the story of the photo): the
    album is painted as gogh, and so is its late photo (a slow upload), from what the record kept."""
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2, 3)]
    album(fake, "longcap", photos[:2], long_caption("/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "longcap2", photos[2]),
                                      media_group_id="longcap"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos
    assert {tuple(s.value for s in job.styles) for job in fake_queue.jobs} == {("gogh",)}
    assert len(fake.requests[1].text) <= telegram_bot.ALBUM_COMMAND_KEPT


def test_a_short_caption_is_kept_whole_and_a_long_one_cut():
    assert telegram_bot.album_command("/mix gogh 0.7 monet #cat") == "/mix gogh 0.7 monet #cat"
    kept = telegram_bot.album_command(long_caption("/style gogh"))
    assert kept == long_caption("/style gogh")[:telegram_bot.ALBUM_COMMAND_KEPT]


async def test_a_message_remembered_for_its_edits_keeps_no_second_copy_of_its_caption(recorded):
    """A message is remembered (REMEMBERED_COMMANDS of them) with what it asked, to tell an edit
    that changes it: that was a second copy of its caption, spacing aside (16 KB of a Premium
    caption in Korean and emoji). An edit that keeps it is still told apart from one that does not."""
    fake = recorded
    caption = long_caption("/style gogh")
    msg = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "remember1", make_photo(seed=1)), caption=caption)
    fake.push("message", msg)
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    acted = fake.frontend._acted[(PRIVATE_ANN["id"], msg["message_id"])]
    assert deep_size(acted["command"]) < 1024
    fake.push("edited_message", fake.edited(msg, caption=caption.replace("\n", "\n  ")))    # spacing only
    fake.push("edited_message", fake.edited(msg, caption="/style monet"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert [r.text for r in fake.requests] == [caption, "/style monet"]


async def test_a_caption_with_a_lone_surrogate_is_still_painted(recorded, fake_queue):
    """A caption cut inside an emoji's UTF-16 pair (JSON's "\\ud83d" alone, as a client that cuts
    text by UTF-16 units may send): the digest of what it asks (for its edits) could not encode
    it, and the photo got no answer at all."""
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "lone1", make_photo(seed=3)),
                                      caption="/style gogh \ud83d"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    assert [job.styles[0].value for job in fake_queue.jobs] == ["gogh"]
