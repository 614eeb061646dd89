"""An engine failure's line has a "Try again" button (af3880b, PaintingJobs.retry_buttons): the
layer edits the job's progress line into the failure with its buttons. Discord's line edits sent
the text only, so on Discord the button was missing: a slash command's line, a message's line,
and a resumed job's line (deliver after a restart). They carry it now, and tapping it repaints.
A progress step's edit has no buttons and leaves the line's components alone (it had none)."""
from __future__ import annotations

import pytest

from bot.chat import Button, Reply
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER, buttons, style_with_photo
from tests.bot.discord.test_discord_messages import DM
from tests.bot.discord.test_resumed_lines import server_channel
from tests.bot.fake_discord import APP_ID, interaction, user_message

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)
LOCALE = {"en": "en-US", "ko": "ko"}


def failure_line(fake, lang: str) -> dict | None:
    """The bot's message showing the engine failure, as Discord keeps it after the edits."""
    return next((m for m in fake.messages if t(lang, "engine_error") in (m["content"] or "")), None)


async def tap(fake, button: dict, message: dict, channel_id: str, lang: str) -> None:
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": button["custom_id"], "component_type": 2},
                                                          USER, channel_id=channel_id, message=message,
                                                          locale=LOCALE[lang]))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_slash_commands_failed_line_has_try_again_and_the_tap_repaints(discord_fast, fake_queue, lang):
    fake, frontend = discord_fast
    fake_queue.error = "engine_error"
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, locale=LOCALE[lang]))
    line = await fake.wait_for(lambda: failure_line(fake, lang), timeout=15)
    failed = fake_queue.jobs[-1]
    edits = [b for _, b, _ in fake.recorded("PATCH", f"/messages/{line['id']}")]
    assert edits and not any(b.get("components") for b in edits[:-1])     # the progress steps: none
    assert [(b["label"], b["custom_id"]) for b in buttons(line)] == \
        [(t(lang, "button_retry"), f"cmd:/style gogh #{failed.id}")]

    fake_queue.error = None
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await tap(fake, buttons(line)[0], line, "333", lang)
    painted = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]],
                                  timeout=15)
    assert painted[0][2]["painting.jpg"]
    again = fake_queue.jobs[-1]
    assert again is not failed and again.image == failed.image


async def test_a_messages_failed_line_has_try_again(discord_fast, fake_queue):
    """A DM with a photo and "gogh" (discord_messages.MessageResponder): its line too."""
    fake, frontend = discord_fast
    fake_queue.error = "engine_error"
    msg = user_message(USER, DM, "gogh", attachments=[fake.add_attachment("cat.jpg", make_photo(seed=4))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    line = await fake.wait_for(lambda: failure_line(fake, "en"), timeout=15)
    assert line["channel_id"] == DM and fake.recorded("PATCH", f"/messages/{line['id']}")     # the line, edited
    failed = fake_queue.jobs[-1]
    assert [(b["label"], b["custom_id"]) for b in buttons(line)] == \
        [(t("en", "button_retry"), f"cmd:/style gogh #{failed.id}")]

    fake_queue.error = None
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await tap(fake, buttons(line)[0], line, DM, "en")
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]], timeout=15)
    assert fake_queue.jobs[-1].image == failed.image


async def test_a_resumed_jobs_failed_line_has_try_again(discord_fast):
    """After a restart the outcome is edited into the line from before it (deliver, _edit_line),
    its mention kept; its progress steps (edit_line) still carry no buttons."""
    fake, frontend = discord_fast
    server_channel(fake)
    mention = f"<@{USER['id']}> "
    line = fake.sent({"content": mention + "🎨 Vincent van Gogh: waiting in line"}, {}, channel_id="444")
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 40%", progress=True))
    assert fake.find(line["id"])["components"] == []
    failure = f"❌ Vincent van Gogh: {t('ko', 'engine_error')}"
    await frontend.deliver("dc:444", [Reply(failure, buttons=[[Button(t("ko", "button_retry"), "/style gogh #j1")]])],
                           line=line["id"], user_id=f"dc:{USER['id']}")
    edited = fake.find(line["id"])
    assert edited["content"] == mention + failure
    assert [(b["label"], b["custom_id"]) for b in buttons(edited)] == [(t("ko", "button_retry"), "cmd:/style gogh #j1")]
    assert len([m for m in fake.messages if m["channel_id"] == "444"]) == 1     # edited, not posted anew
