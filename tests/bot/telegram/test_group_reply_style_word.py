"""In a group, "style" alone (no slash: bot/slashless.py) replying to the bot's painting is
addressed to the bot, as "/style" replying to it is, and does what "/style" does there: the
painting's picture is the style, the user's photo painted like it. The front-end downloaded a
replied-to picture in a group only for a slash command or an @mention, so the word got the
artist buttons instead. Chatter under the painting still downloads nothing."""
from __future__ import annotations

import pytest

from tests.bot.conftest import make_photo
from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_group_reply_asks import painted_in_group, replies
from tests.bot.telegram.test_telegram import ANN, GROUP

recorded = test_telegram.recorded
WAIT_S = 20.0
PAINTING_FILE = "documents/out"      # what the fake's sendPhoto answers as the painting's file


@pytest.mark.parametrize("user, text", [(ANN, "/style"), (ANN, "style"), (ANN, "Style!"), (ANN, "화풍"),
                                        (ANN, "hq")])
async def test_the_word_alone_replying_to_a_painting_paints_like_it(recorded, fake_queue, user, text):
    fake = recorded
    photo, painting = await painted_in_group(fake, fake_queue)
    fake.add_file("out", make_photo(128, 96, seed=9))       # the painting, downloadable
    fake.push("message", fake.message(user, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert PAINTING_FILE in fake.downloads
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    job = fake_queue.jobs[1]
    assert job.styles[0].kind == "image" and job.image == photo
    assert job.method == ("gatys" if text == "hq" else "auto")


@pytest.mark.parametrize("text", ["wow, nice!", "style is great"])
async def test_chatter_under_the_painting_downloads_nothing(recorded, fake_queue, text):
    fake = recorded
    _, painting = await painted_in_group(fake, fake_queue)
    fake.add_file("out", make_photo(128, 96, seed=9))
    before = replies(fake)
    fake.push("message", fake.message(ANN, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert PAINTING_FILE not in fake.downloads
    assert replies(fake) == before and len(fake_queue.jobs) == 1
