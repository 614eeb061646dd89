"""Which Discord messages the bot acted on was remembered in the process only. A message it painted,
then updated within the edit window after a restart (an edit that keeps its command, a link's
preview or a pin carrying the edit's edited_at), was taken as new and painted a second time. The
memory is in the store now (for the edit window only), so a restarted bot knows it acted."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import edited_message, user_message
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_edits import answered
from tests.bot.discord.test_discord_messages import DM, painted_reply, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


@pytest.mark.slow
async def test_an_update_after_a_restart_does_not_paint_a_message_again(discord_fast, layer, settings):
    fake, frontend = discord_fast
    sent = datetime.now(timezone.utc) - timedelta(seconds=20)
    msg = user_message(USER, DM, "gohg", [fake.add_attachment("cat.jpg", make_photo(160, 120))], sent_at=sent)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)          # "did you mean"
    fixed = edited_message(msg, "gogh", edited_at=sent + timedelta(seconds=10))
    await fake.dispatch("MESSAGE_UPDATE", fixed)
    await painted_reply(fake, DM, msg, timeout=15)
    assert len(layer.queue.jobs) == 1
    await frontend.stop()                                                        # the restart
    again = await connect(fake, layer, settings)
    try:
        await fake.dispatch("MESSAGE_UPDATE", fixed)       # its link's preview, a pin: the same edit again
        await answered(fake, DM, msg)
        await asyncio.sleep(2)                             # a second painting would be under way by now
        assert len(layer.queue.jobs) == 1
        # a message it had not seen before the restart is still answered once
        other = user_message(USER, DM, "gogh", [fake.add_attachment("dog.jpg", make_photo(160, 120))])
        await fake.dispatch("MESSAGE_CREATE", other)
        await painted_reply(fake, DM, other, timeout=15)
        assert len(layer.queue.jobs) == 2
    finally:
        await again.stop()
