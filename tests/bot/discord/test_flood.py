"""A flood of photos on Discord (messages to the bot): each attachment was downloaded before the
command layer refused most of the paintings (the user's paintings in progress): now a photo whose
painting is refused anyway is not downloaded, and the user reads the same refusal, once."""
from __future__ import annotations

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


async def test_a_flood_of_photos_by_message_downloads_only_those_it_paints(discord_fast, fake_queue, settings):
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 30.0             # the first two paintings stay in progress while the rest come (finish_now)
    fake, frontend = discord_fast
    fake.count_handled(frontend.layer)
    photos = [make_photo(120, 90, seed=i + 1) for i in range(6)]
    for i, data in enumerate(photos):
        att = fake.add_attachment(f"p{i}.jpg", data)
        await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [att], guild_id="555"))
    refusal = t("en", "too_many_pending", count=2)
    await fake.wait_for(lambda: [m for m in fake.messages if refusal in m["content"]], timeout=20)
    await fake.wait_for(lambda: len(fake.handled) == 4, timeout=20)     # each refused, the two still painted
    fake_queue.finish_now()
    await fake.wait_for(lambda: len([m for m in fake.messages if m.get("attachments")]) >= 2, timeout=30)
    assert [photos.index(job.image) for job in fake_queue.jobs] == [0, 1]
    assert len([m for m in fake.messages if refusal in m["content"]]) == 1      # said once for the burst
    assert len(fake.downloaded) == 2, fake.downloaded                           # it was 6


async def test_a_flood_of_style_commands_with_photos_downloads_only_those_it_paints(discord_fast, fake_queue,
                                                                                    settings):
    """/style gogh with an image, six times at once: the same by the slash command."""
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 30.0             # the first two paintings stay in progress while the rest come (finish_now)
    fake, frontend = discord_fast
    fake.count_handled(frontend.layer)
    for _ in range(6):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444",
                                                                                 guild_id="555"))
    refusal = t("en", "too_many_pending", count=2)

    def said():
        return [(m, p) for m, p, j, f in fake.calls if refusal in str(j)]
    # each refused command is answered, ephemerally (it was said once, the others' lines deleted unanswered)
    await fake.wait_for(lambda: len(said()) >= 4 and len(fake.handled) == 4, timeout=20)
    assert len(fake_queue.jobs) == 2 and len(said()) == 4, said()
    assert len(fake.downloaded) == 2, fake.downloaded                           # it was 6
    # looked: the two paintings end now (the stop waited 6 s for them, then cut them off)
    fake_queue.finish_now()
    await fake.wait_for(lambda: len(fake.handled) == 6, timeout=20)
