"""An upload the bot cannot paint (not an image, damaged, too large, too small) left no log line:
only the limits were logged. Now one INFO line each, with the refusal's kind and sizes (bytes,
pixels, MB), the user by their log tag; no file name, no caption. QA report s22, finding 6."""
from __future__ import annotations

import logging

from bot.commands import log_tag
from bot.images import UploadError
from bot.refused_uploads import refusal_line
from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


def refused_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno == logging.INFO and "cannot be painted" in r.getMessage()]


async def test_each_refused_upload_is_one_line_with_its_kind_and_size(layer, fake_queue, caplog):
    caplog.set_level(logging.INFO)
    small = make_photo(20, 16)
    text = b"my secret diary.txt says hello" * 10
    photo = make_photo(160, 120)
    damaged = photo[: len(photo) // 3]
    await say(layer, "/style gogh my caption", images=[small], user="tg:5")
    await say(layer, "/style gogh", images=[text], user="tg:5")
    await say(layer, "/style gogh", images=[damaged], user="web:6")
    assert not fake_queue.jobs
    tag, other = log_tag("tg:5"), log_tag("web:6")
    assert refused_lines(caplog) == [
        f"an upload of user #{tag} (tg) cannot be painted: image_too_small, {len(small)} bytes, 20×16 px",
        f"an upload of user #{tag} (tg) cannot be painted: not_an_image, {len(text)} bytes",
        f"an upload of user #{other} (web) cannot be painted: truncated_image, {len(damaged)} bytes",
    ]
    logged = caplog.text
    assert "tg:5" not in logged and "caption" not in logged and "diary" not in logged


async def test_a_file_the_front_end_refused_as_too_large_is_logged_with_its_size(layer, caplog):
    caplog.set_level(logging.INFO)
    await say(layer, "/style gogh", upload_errors=[UploadError("file_too_large", size=31.5, limit=20)], user="dc:7")
    assert refused_lines(caplog) == [f"an upload of user #{log_tag('dc:7')} (dc) cannot be painted: "
                                     "file_too_large, 31.5 MB (limit 20 MB)"]


async def test_a_painted_photo_is_no_refusal(layer, fake_queue, photo, caplog):
    caplog.set_level(logging.INFO)
    await say(layer, "/style gogh", images=[photo])
    assert fake_queue.jobs and not refused_lines(caplog)


def test_too_many_pixels_names_them_and_the_limit():
    assert refusal_line(UploadError("image_too_large", pixels="400", limit="64"), 123) == \
        "image_too_large, 123 bytes, 400 MP (limit 64 MP)"


async def test_another_bots_command_in_a_group_is_not_logged(layer, fake_queue, caplog):
    """"/sticker cat" under a file this bot cannot paint is another bot's: not told (test_other_bots_refusals),
    and no line of a user who never spoke to this bot, a busy group's every such file."""
    caplog.set_level(logging.INFO)
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    await say(layer, "/sticker cat", images=[make_photo(20, 16)], **group)
    await say(layer, "/sticker cat", upload_errors=[UploadError("file_too_large", size=31.5, limit=20)], **group)
    assert refused_lines(caplog) == []
    await say(layer, "/style gogh", images=[make_photo(20, 16)], **group)      # ours, in the same group
    assert len(refused_lines(caplog)) == 1 and not fake_queue.jobs
