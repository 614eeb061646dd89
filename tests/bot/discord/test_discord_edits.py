"""Edited messages to the bot on Discord, with discord.py driven against the fake Discord: an edit
soon after sending that turns a message into a request the bot has not acted on ("@Paintbot
gohg" fixed to "gogh", a mention added) is acted on, once; as on Telegram, an edit that leaves
the command and photos as they were is not."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, edited_message, user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, painted_reply, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


def edits_handled(fake, frontend) -> list[int]:
    """The ids of the message updates the bot has finished with, acted on or not, as each ends
    (on_raw_message_edit answers an edit it acts on before it returns): a test waits for them,
    not for seconds in which a second painting "would be under way by now"."""
    done = []
    on_edit = frontend.client.on_raw_message_edit       # (discord.py looks it up at each event)

    async def counted(payload):
        try:
            await on_edit(payload)
        finally:
            done.append(payload.message_id)
            fake.note_change()
    frontend.client.on_raw_message_edit = counted
    return done


async def answered(fake, channel: str, message: dict) -> list[dict]:
    """The replies to ``message``, once a later message in ``channel`` is answered: the bot
    handles a channel's messages in turn, so whatever the earlier one got is posted by then."""
    marker = user_message(USER, channel, "hello" if channel == DM else f"<@{APP_ID}> hello",
                          guild_id=None if channel == DM else GUILD)
    await fake.dispatch("MESSAGE_CREATE", marker)
    await fake.wait_for(lambda: replies_to(fake, channel, marker), timeout=15)
    return replies_to(fake, channel, message)


@pytest.mark.slow
async def test_a_dm_fixed_by_an_edit_is_painted_once(discord_fast):
    """"gohg" with a photo gets the nearest artists; edited to "gogh", the photo is painted.
    The same edit again (Discord also sends updates for a link's preview) paints nothing more,
    nor does an edit of the painted message that keeps its command."""
    fake, frontend = discord_fast
    edits = edits_handled(fake, frontend)
    msg = user_message(USER, DM, "gohg", [fake.add_attachment("cat.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    [offer] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert offer["components"] and not frontend.layer.queue.jobs
    fixed = edited_message(msg, "gogh")
    await fake.dispatch("MESSAGE_UPDATE", fixed)
    await painted_reply(fake, DM, msg, timeout=15)
    await fake.dispatch("MESSAGE_UPDATE", fixed)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "  gogh "))       # spacing aside, the same
    await answered(fake, DM, msg)
    await fake.wait_for(lambda: len(edits) == 3, timeout=15)     # a second painting would be asked for by now
    [job] = frontend.layer.queue.jobs
    assert [s.value for s in job.styles] == ["gogh"]


@pytest.mark.slow
async def test_a_mention_added_by_an_edit_is_acted_on(discord_fast):
    """A server message that did not mention the bot (it came blanked) is edited to mention it:
    it comes whole then, and is painted."""
    fake, frontend = discord_fast
    msg = user_message(USER, CHANNEL, "gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    assert not await answered(fake, CHANNEL, msg)      # (seen by then: an edit meanwhile would update it in place)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, f"<@{APP_ID}> gogh"))
    await painted_reply(fake, CHANNEL, msg, timeout=15)
    assert len(frontend.layer.queue.jobs) == 1


@pytest.mark.slow
async def test_a_late_edit_is_not_acted_on(discord_fast):
    """An edit minutes after the message was sent is no fix of a request: nothing."""
    fake, frontend = discord_fast
    edits = edits_handled(fake, frontend)
    sent = datetime.now(timezone.utc) - timedelta(minutes=5)
    msg = user_message(USER, DM, "gohg", [fake.add_attachment("cat.jpg", make_photo(160, 120))], sent_at=sent)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "gogh"))
    await fake.wait_for(lambda: edits, timeout=15)   # its painting would be posted by now (the fake queue: at once)
    assert len(replies_to(fake, DM, msg)) == 1 and not frontend.layer.queue.jobs


@pytest.mark.slow
async def test_an_edit_that_overtakes_its_message_paints_once(discord_fast):
    """The edit comes before the bot handled the message: discord.py hands on_message the cached
    message, already updated in place, so the message and its edit both read "@Paintbot gogh".
    One painting, not two."""
    fake, frontend = discord_fast
    edits = edits_handled(fake, frontend)
    msg = user_message(USER, CHANNEL, "gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, f"<@{APP_ID}> gogh"))
    await painted_reply(fake, CHANNEL, msg, timeout=15)
    await answered(fake, CHANNEL, msg)
    await fake.wait_for(lambda: edits, timeout=15)   # a second painting would be asked for by now
    assert len(frontend.layer.queue.jobs) == 1


@pytest.mark.slow
async def test_an_update_long_after_a_quick_edit_is_not_acted_on(discord_fast):
    """A message edited within the window, updated again much later (a pin, a thread started from
    it: the update carries its old edited_at) by a bot that no longer remembers acting on it
    (restarted since): it was painted again. Nothing."""
    fake, frontend = discord_fast
    edits = edits_handled(fake, frontend)
    sent = datetime.now(timezone.utc) - timedelta(minutes=10)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))], sent_at=sent)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "gogh", edited_at=sent + timedelta(seconds=30)))
    await fake.wait_for(lambda: edits, timeout=15)   # its painting would be posted by now (the fake queue: at once)
    assert not replies_to(fake, DM, msg) and not frontend.layer.queue.jobs
