"""A command typed without its slash to the bot on Telegram: a group message mentioning it ("@paintbot
hq monet" as a photo's caption), a plain reply to its painting ("hq", "크기 작게"), a private
chat's "strength 0.6" do that command (bot/slashless.py); they got "Which artist…?" or nothing,
and nothing was done. The same words in the group's talk not addressed to the bot get nothing."""
from __future__ import annotations

import pytest

from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_group_reply_asks import painted_in_group, replies
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded
WAIT_S = 20.0


async def test_a_group_mention_with_hq_and_an_artist_paints_in_high_quality(recorded, fake_queue):
    fake = recorded
    photo = make_photo(128, 96, seed=4)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "hqpic", photo),
                                      caption=f"@{BOT_USERNAME} hq monet"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    job = fake_queue.jobs[0]
    assert [ref.value for ref in job.styles] == ["monet"] and job.method == "gatys" and job.image == photo


@pytest.mark.parametrize("user,text", [(ANN, "size small"), (MINSU, "크기 작게")])
async def test_a_plain_reply_to_a_painting_with_a_setting_sets_it(recorded, fake_queue, layer, user, text):
    fake = recorded
    _, painting = await painted_in_group(fake, fake_queue)
    fake.push("message", fake.message(user, GROUP, text=text, reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert layer.store.prefs(f"tg:{user['id']}").output_size == 384


async def test_a_private_chats_strength_without_its_slash_is_set(recorded, layer):
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="strength 0.6"))
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    assert layer.store.prefs(f"tg:{ANN['id']}").strength == pytest.approx(0.6)


@pytest.mark.parametrize("text", ["hq monet", "size small", "강도 0.6"])
async def test_the_groups_talk_not_to_the_bot_gets_nothing(recorded, fake_queue, layer, text):
    fake = recorded
    await painted_in_group(fake, fake_queue)
    before = replies(fake)
    fake.push("message", fake.message(ANN, GROUP, text=text))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert replies(fake) == before and len(fake_queue.jobs) == 1
    prefs = layer.store.prefs(f"tg:{ANN['id']}")
    assert prefs.output_size is None and prefs.strength is None
