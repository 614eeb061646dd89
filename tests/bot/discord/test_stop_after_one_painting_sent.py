"""A stop that cuts off a Discord request of one photo once its painting was sent (its end line,
its record still to come): the user has their painting, nothing is lost; "I couldn't finish your
album, send again only the photos whose paintings you didn't get" (album_cut_off_restarting)
confused them. Told nothing; a message of two photos, one painted, still is (cut_off_word's photos:
the request's own pictures). With discord.py against the fake Discord."""
from __future__ import annotations

import asyncio

import pytest

from bot import discord_stop
from bot.chat import Reply
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_messages import DM, posts
from tests.bot.discord.test_stop_cut_off import LIMIT_S, WAIT_S, timed_stop
from tests.bot.fake_discord import APP_ID, interaction, user_message

fake_api = test_discord.fake_api        # the fixture: the fake Discord

CUT_OFF_WORDS = {t("en", "busy_restarting"), t("en", "album_cut_off_restarting")}


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(discord_stop, "HANDLERS_STOP_WAIT_S", LIMIT_S)


async def painted_then_slow(req, out) -> None:
    """The layer's answer: a painting sent, then its end line still under way at the stop."""
    await out.send(Reply(text="done", image=make_photo(64, 48)))
    await asyncio.sleep(60)


@pytest.mark.parametrize("photos, told", [(1, []), (2, [t("en", "album_cut_off_restarting")])])
async def test_a_message_cut_off_after_a_painting_was_sent_is_told_only_if_it_had_more_photos(
        photos, told, fake_api, layer, settings, monkeypatch):
    fake = fake_api
    monkeypatch.setattr(layer, "handle", painted_then_slow)
    frontend = await connect(fake, layer, settings)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment(f"p{i}.jpg", make_photo(160, 120, seed=i))
                                          for i in range(photos)])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: any(p["files"] for p in posts(fake, DM)), timeout=WAIT_S)
    await timed_stop(frontend)
    assert [p["content"] for p in posts(fake, DM) if p.get("content") in CUT_OFF_WORDS] == told


async def test_a_slash_command_of_one_image_cut_off_after_its_painting_was_sent_is_told_nothing(
        fake_api, layer, settings, monkeypatch):
    fake = fake_api
    monkeypatch.setattr(layer, "handle", painted_then_slow)
    frontend = await connect(fake, layer, settings)
    att = fake.add_attachment("one.jpg", make_photo(160, 120))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": "gogh"}, {"name": "image", "type": 11, "value": att["id"]}],
        "resolved": {"attachments": {att["id"]: att}}}, USER, channel_id="333"))
    followups = lambda: [body for _, body, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")]   # noqa: E731
    await fake.wait_for(lambda: any(f.get("attachments") for f in followups()), timeout=WAIT_S)
    await timed_stop(frontend)
    assert [f["content"] for f in followups() if f.get("content") in CUT_OFF_WORDS] == []


async def test_a_painting_whose_file_did_not_go_out_is_not_counted_as_sent(fake_api, layer, settings, monkeypatch):
    """A long reply goes out in parts, the painting's file with the last: where the channel took
    its text but refused the part with the file, the user has no painting, and a stop cutting
    the request off tells them to send it again (it counted as sent once any part went out)."""
    from bot.discord_messages import MessageResponder
    fake = fake_api
    real_post = MessageResponder._post

    async def no_files(self, kwargs):
        return None if "file" in kwargs else await real_post(self, kwargs)

    async def long_painting_then_slow(req, out) -> None:
        await out.send(Reply(text="done. " + "word " * 900, image=make_photo(64, 48)))
        await asyncio.sleep(60)

    monkeypatch.setattr(MessageResponder, "_post", no_files)
    monkeypatch.setattr(layer, "handle", long_painting_then_slow)
    frontend = await connect(fake, layer, settings)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("p.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: any((p.get("content") or "").startswith("done.") for p in posts(fake, DM)),
                        timeout=WAIT_S)
    await timed_stop(frontend)
    assert [p["content"] for p in posts(fake, DM) if p.get("content") in CUT_OFF_WORDS] == [t("en", "busy_restarting")]
