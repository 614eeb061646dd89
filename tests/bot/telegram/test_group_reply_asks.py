"""A plain reply to the bot's painting in a group, naming an artist ("monet", "paint it like
monet", "모네로 그려줘"), repaints the painting's photo with that artist: the README says the bot
answers replies to its messages in groups, and such a reply was taken for chatter (only a command
replying to the bot was for it). "thanks!" or "wow, nice!" under a painting stays chatter: no
reply at all (CommandLayer.reply_asks)."""
from __future__ import annotations

import pytest

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, photo_sizes

recorded = test_telegram.recorded
WAIT_S = 20.0


async def painted_in_group(fake, fake_queue) -> tuple[bytes, dict]:
    """Ann's photo painted in the group ("/style gogh"): the photo, and the bot's painting message."""
    photo = make_photo(128, 96, seed=7)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "grouppic", photo), caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", GROUP["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    [painting] = [m for m in fake.bot_messages.values() if "photo" in m]
    return photo, painting


def replies(fake) -> int:
    return len(fake.sent("sendMessage", GROUP["id"])) + len(fake.sent("sendPhoto", GROUP["id"]))


@pytest.mark.parametrize("user, text", [(ANN, "monet"), (ANN, "paint it like monet"),
                                        (MINSU, "모네로 그려줘")])
async def test_a_plain_reply_naming_an_artist_repaints_the_replied_paintings_photo(recorded, fake_queue,
                                                                                   user, text):
    fake = recorded
    photo, painting = await painted_in_group(fake, fake_queue)
    fake.push("message", fake.message(user, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    assert fake_queue.jobs[1].styles[0].value == "monet"
    assert fake_queue.jobs[1].image == photo        # the painting's photo, not the painting
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)


@pytest.mark.parametrize("text", ["thanks!", "wow, nice!", "고마워요", "haha love it"])
async def test_chatter_replying_to_a_painting_in_a_group_gets_nothing(recorded, fake_queue, text):
    fake = recorded
    _, painting = await painted_in_group(fake, fake_queue)
    before = replies(fake)
    fake.push("message", fake.message(ANN, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert replies(fake) == before
    assert len(fake_queue.jobs) == 1


@pytest.mark.parametrize("user, text", [(ANN, "this looks like monet"), (ANN, "i like mixing gogh and monet"),
                                        (MINSU, "모네가 더 낫다"), (ANN, "is this monet?")])
async def test_a_remark_about_an_artist_under_a_painting_gets_nothing(recorded, fake_queue, user, text):
    """A statement about an artist is no request: the group's talk under the painting is left
    alone (read as the painting's caption, "like monet" was its style and repainted it)."""
    fake = recorded
    _, painting = await painted_in_group(fake, fake_queue)
    before = replies(fake)
    fake.push("message", fake.message(user, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert replies(fake) == before
    assert len(fake_queue.jobs) == 1


async def test_a_reply_naming_an_artist_under_an_older_painting_repaints_that_ones_photo(recorded, fake_queue):
    """Two photos painted: "monet" replying to the first painting paints the first photo, not the
    last one sent."""
    fake = recorded
    first, painting = await painted_in_group(fake, fake_queue)
    second = make_photo(128, 96, seed=8)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "second", second), caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(MINSU, GROUP, text="paint it like monet", reply_to_message=painting))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert fake_queue.jobs[2].styles[0].value == "monet"
    assert fake_queue.jobs[2].image == first
