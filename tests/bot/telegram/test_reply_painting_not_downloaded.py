"""A reply to the bot's own painting ("/weaker", "/style monet", "monet") repaints the photo the
painting's job names (req.reply_ref), so the painting itself is not downloaded: it was, up to
20 MB a reply, for nothing. Here the fake Bot API has no file for the painting at all, and the
repaint works. Where the painting's picture is read (a bare /style replying to it paints the
user's photo like it) it is still downloaded."""
from __future__ import annotations

import pytest

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes

recorded = test_telegram.recorded
WAIT_S = 20.0
PAINTING_FILE = "documents/out"      # what the fake's sendPhoto answers as the painting's file


async def painted(fake, user: dict, chat: dict) -> tuple[bytes, dict]:
    """``user``'s photo painted in ``chat`` ("/style gogh"): the photo and the bot's painting message."""
    photo = make_photo(128, 96, seed=3)
    fake.push("message", fake.message(user, chat, photo=photo_sizes(fake, "mine", photo), caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    [painting] = [m for m in fake.bot_messages.values() if "photo" in m]
    return photo, painting


@pytest.mark.parametrize("user, chat, text, style", [
    (ANN, PRIVATE_ANN, "/weaker", "gogh"), (ANN, PRIVATE_ANN, "/style monet", "monet"),
    (ANN, PRIVATE_ANN, "monet", "monet"), (MINSU, PRIVATE_MINSU, "모네로 그려줘", "monet"),
    (MINSU, PRIVATE_MINSU, "/약하게", "gogh"), (ANN, GROUP, "/style monet", "monet"), (ANN, GROUP, "monet", "monet")])
async def test_a_repaint_replying_to_a_painting_does_not_download_it(recorded, fake_queue, user, chat, text, style):
    fake = recorded
    assert "out" not in fake.files           # the painting cannot be downloaded
    photo, painting = await painted(fake, user, chat)
    fake.push("message", fake.message(user, chat, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    assert (fake_queue.jobs[1].styles[0].value, fake_queue.jobs[1].image) == (style, photo)
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", chat["id"])) == 2, timeout=WAIT_S)
    assert PAINTING_FILE not in fake.downloads


async def test_a_bare_style_replying_to_a_painting_still_reads_it(recorded, fake_queue):
    fake = recorded
    photo, painting = await painted(fake, ANN, PRIVATE_ANN)
    fake.add_file("out", make_photo(128, 96, seed=9))       # the painting, now downloadable
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style", reply_to_message=painting))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    assert fake_queue.jobs[1].styles[0].kind == "image" and fake_queue.jobs[1].image == photo
    assert PAINTING_FILE in fake.downloads
