"""discord.py driven for real against a fake REST API and gateway on 127.0.0.1, with the real
engine behind the in-process queue."""
from __future__ import annotations

import asyncio
import io
import logging
import re
import unicodedata

import discord
import pytest
import yarl
from PIL import Image

from bot.commands import CommandLayer, Reply
from bot.discord_bot import DiscordFrontend
from bot.store import Store
from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue
from engine.queue.settings import QueueSettings
from styles import normalise

from tests.bot.conftest import make_photo
from tests.bot import test_resume
from tests.bot.fake_discord import APP_ID, FakeDiscord, ephemeral, interaction
from tests.bot.test_resume import FAKE_ENGINE, run_until

queue_env = test_resume.queue_env       # the fixture: the process queue with the fake engine, for a restart

TOKEN = "MTExMTExMTExMTExMTExMTEx.fake.discord-token-for-tests"
USER = {"id": "222222222222222222", "username": "ann", "discriminator": "0", "global_name": "Ann", "avatar": None}


async def connect(fake: FakeDiscord, layer, settings) -> DiscordFrontend:
    """A bot process: a DiscordFrontend logged in to the fake, its gateway session identified."""
    fake.identified = None
    frontend = DiscordFrontend(layer, settings)
    await frontend.start()
    await fake.wait_for(lambda: fake.identified, timeout=30)
    return frontend


@pytest.fixture
async def fake_api(settings, monkeypatch):
    """The fake Discord, where discord.py (any DiscordFrontend, or `python -m bot`'s) connects."""
    fake = FakeDiscord(TOKEN)
    base = await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"{base.replace('http', 'ws')}/gw"))
    settings.DISCORD_TOKEN = TOKEN
    yield fake
    await fake.stop()


@pytest.fixture
async def discord_fake(fake_api, real_layer, settings):
    frontend = await connect(fake_api, real_layer, settings)
    yield fake_api, frontend
    await frontend.stop()


def style_with_photo(fake: FakeDiscord, artist: str = "gogh", channel_id: str = "333", **kwargs) -> dict:
    """/style ARTIST with a photo attached, as an INTERACTION_CREATE payload."""
    att = fake.add_attachment("holiday.jpg", make_photo(160, 120))
    return interaction(2, {"id": "5", "name": "style", "type": 1,
                           "options": [{"name": "artist", "type": 3, "value": artist},
                                       {"name": "image", "type": 11, "value": att["id"]}],
                           "resolved": {"attachments": {att["id"]: att}}}, USER, channel_id=channel_id, **kwargs)


def buttons(message: dict) -> list[dict]:
    return [c for row in message["components"] for c in row["components"]]


@pytest.mark.slow
async def test_slash_command_with_attachment_defers_then_follows_up_with_painting(discord_fake):
    fake, frontend = discord_fake
    # the commands were synced: /style with an autocompleted artist and an image attachment, the menu
    names = {c["name"]: c for c in fake.synced}
    assert {"style", "hq", "styles", "addstyle", "mix", "preview", "Stylize"} <= set(names)
    options = {o["name"]: o for o in names["style"]["options"]}
    assert options["artist"]["autocomplete"] is True and options["image"]["type"] == 11
    assert names["Stylize"]["type"] == 3

    att = fake.add_attachment("holiday.jpg", make_photo(160, 120))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": "gogh"}, {"name": "image", "type": 11, "value": att["id"]}],
        "resolved": {"attachments": {att["id"]: att}}}, USER, channel_id="333"))
    # a deferred response (type 5, "thinking") first ...
    callbacks = await fake.wait_for(lambda: fake.recorded("POST", "/callback"))
    assert callbacks[0][1]["type"] == 5
    # ... then a follow-up with the painting as a file, and buttons
    followups = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    path, body, files = followups[0]
    painted = Image.open(io.BytesIO(files["painting.jpg"]))
    assert painted.format == "JPEG" and painted.size == (128, 96)
    assert "Vincent van Gogh" in body["content"]
    labels = [c["label"] for row in body["components"] for c in row["components"]]
    assert any("Weaker" in label for label in labels)       # (full strength: no "stronger")
    # the first follow-up was the progress line, edited to "done"
    assert "🎨" in fake.recorded("POST", f"/webhooks/{APP_ID}/")[0][1]["content"]
    assert any("done" in body.get("content", "") for _, body, _ in fake.recorded("PATCH", "/messages/"))

    # pressing "Weaker" (a View button, a component interaction) paints the same photo again
    message = next(m for m in fake.messages if m["components"])
    weaker = next(c for row in message["components"] for c in row["components"] if "Weaker" in c["label"])
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": weaker["custom_id"], "component_type": 2},
                                                          USER, channel_id="333", message=message))
    again = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]])
    assert Image.open(io.BytesIO(again[0][2]["painting.jpg"])).size == (128, 96)

    # autocomplete in Korean finds Monet
    await fake.dispatch("INTERACTION_CREATE", interaction(4, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": "모네", "focused": True}]}, USER, channel_id="333",
        locale="ko"))
    choices = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/callback") if b.get("type") == 8])
    assert [c["value"] for c in choices[0]["data"]["choices"]] == ["monet"]

    # /addstyle in a server by a member without Manage Server: a polite refusal
    n = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    painting = fake.add_attachment("painting.png", make_photo(96, 96, seed=9, fmt="PNG"), "image/png")
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "6", "name": "addstyle", "type": 1,
        "options": [{"name": "name", "type": 3, "value": "Sunset"},
                    {"name": "image1", "type": 11, "value": painting["id"]}],
        "resolved": {"attachments": {painting["id"]: painting}}}, USER, channel_id="444", guild_id="555",
        permissions="0"))
    replies = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[n:])
    assert "only this community's admins" in replies[0][1]["content"]
    # with Manage Server (1 << 5) the style is added for that server
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "6", "name": "addstyle", "type": 1,
        "options": [{"name": "name", "type": 3, "value": "Sunset"},
                    {"name": "image1", "type": 11, "value": painting["id"]}],
        "resolved": {"attachments": {painting["id"]: painting}}}, USER, channel_id="444", guild_id="555",
        permissions=str(1 << 5)))
    await fake.wait_for(lambda: any("Added the style" in b.get("content", "")
                                    for _, b, _ in fake.recorded("PATCH", "/messages/")))
    assert frontend.layer.store.find_style("dc:g555", "sunset").created_by_name == "Ann"    # a name taken names her


@pytest.mark.slow
async def test_stylize_message_menu_offers_artists_then_paints(discord_fake):
    fake, frontend = discord_fake
    att = fake.add_attachment("cat.png", make_photo(120, 90, seed=2, fmt="PNG"), "image/png")
    target = fake.message("look at this", channel_id="333", attachments=[att])
    target["author"] = USER
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "7", "name": "Stylize", "type": 3, "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}}}, USER, channel_id="333", locale="ko"))
    # no default artist yet: buttons of popular artists, in Korean
    first = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")])
    labels = [c["label"] for row in first[0]["components"] for c in row["components"]]
    assert "빈센트 반 고흐" in labels and len(labels) == 9
    # pressing one paints the photo from the menu's message
    button = next(c for row in fake.messages[0]["components"] for c in row["components"]
                  if c["label"] == "빈센트 반 고흐")
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": button["custom_id"], "component_type": 2},
                                                          USER, channel_id="333", message=fake.messages[0],
                                                          locale="ko"))
    painted = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    assert Image.open(io.BytesIO(painted[0][2]["painting.jpg"])).size == (120, 90)


@pytest.mark.slow
async def test_buttons_under_a_painting_still_work_after_a_restart(discord_fake):
    """A button's custom_id carries its command, and a handler registered at start-up answers any
    such button: a press after the bot restarted (or hours later) paints, not "This interaction failed"."""
    fake, frontend = discord_fake
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake))
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    painting = next(m for m in fake.messages if m["components"])
    weaker = next(b for b in buttons(painting) if "Weaker" in b["label"])
    assert weaker["custom_id"].startswith("cmd:/weaker") and len(weaker["custom_id"]) <= 100
    assert all(b["custom_id"].startswith("cmd:/") for b in buttons(painting))

    await frontend.stop()                                   # the bot restarts: no View survives
    restarted = await connect(fake, frontend.layer, frontend.settings)
    try:
        callbacks, posts = len(fake.recorded("POST", "/callback")), len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": weaker["custom_id"], "component_type": 2},
                                                              USER, channel_id="333", message=painting))
        answered = await fake.wait_for(lambda: fake.recorded("POST", "/callback")[callbacks:], timeout=15)
        assert answered[0][1]["type"] == 5
        again = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]])
        assert Image.open(io.BytesIO(again[0][2]["painting.jpg"])).size == (128, 96)
        # the new painting's buttons are command buttons too; the live one answers once, not twice
        live = next(b for b in buttons(fake.messages[-1]) if "Weaker" in b["label"])
        callbacks, posts = len(fake.recorded("POST", "/callback")), len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": live["custom_id"], "component_type": 2},
                                                              USER, channel_id="333", message=fake.messages[-1]))
        await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]])
        assert len(fake.recorded("POST", "/callback")[callbacks:]) == 1
    finally:
        await restarted.stop()


def test_buttons_view_has_no_timeout_and_keeps_labels(layer, settings):
    from bot.commands import Button
    from bot.discord_bot import ButtonsView

    frontend = DiscordFrontend(layer, settings)
    view = ButtonsView(frontend, [[Button("Again", "/pick"), Button("Stronger", "/stronger #" + "a" * 32)]])
    assert view.timeout is None and view.is_persistent()
    assert [(b.label, b.custom_id) for b in view.children] == [("Again", "cmd:/pick"),
                                                              ("Stronger", "cmd:/stronger #" + "a" * 32)]


@pytest.mark.slow
@pytest.mark.parametrize("code", [50027, 10015])
@pytest.mark.parametrize("line_editable", [True, False], ids=["line-edited", "line-refused"])
async def test_a_painting_outliving_the_interaction_token_arrives_in_the_channel(discord_fake, code, line_editable):
    """An interaction's token lasts 15 minutes: a longer painting's follow-up is refused (401,
    "Invalid Webhook Token", 50027; or 404, "Unknown Webhook", 10015). The painting goes to the
    channel instead, mentioning the user. The progress line, a message of the bot's in that
    channel, is edited there to "done" (no token needed); where the channel will not edit it (403
    Missing Access: an app installed by a user, in a server the bot is not in), the outcome is a
    new line in the channel, mentioning the user, before the painting."""
    fake, frontend = discord_fake
    fake.webhook_gone_code = code
    fake.webhook_calls_left = 1                  # the progress line gets out, then the token expires
    if not line_editable:
        fake.refused_edits = (403, 50001, "Missing Access")
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    sent = await fake.wait_for(lambda: [c for c in fake.recorded("POST", "/channels/444/messages") if c[2]],
                               timeout=20)
    _, body, files = sent[0]
    assert Image.open(io.BytesIO(files["painting.jpg"])).size == (128, 96)
    mention = f"<@{USER['id']}>"
    assert body["content"].startswith(mention) and "Vincent van Gogh" in body["content"]
    allowed = body["allowed_mentions"]
    assert allowed["users"] == [int(USER["id"])] and allowed["parse"] == []        # that user, nobody else
    assert any("Weaker" in b["label"] for row in body["components"] for b in row["components"])
    line = fake.messages[0]                      # the first follow-up: the progress line
    posted = [b.get("content") or "" for _, b, _ in fake.recorded("POST", "/channels/444/messages")]
    if line_editable:                            # edited in place, through the channel: one line, no second
        assert line["channel_id"] == "444" and "done" in line["content"], line
        assert fake.recorded("PATCH", f"/channels/444/messages/{line['id']}")
        assert len(posted) == 1                  # the painting alone
    else:                                        # "done" in a new line, before the painting
        assert "done" not in line["content"]
        assert len(posted) == 2 and posted[0].startswith(mention) and "done" in posted[0], posted


@pytest.mark.slow
async def test_mydata_settings_and_forgetme_are_seen_only_by_their_user(discord_fake):
    """Someone's data export, settings and deletion are answered ephemerally, in a server too;
    other commands stay public; and a private reply never falls back to the channel."""
    fake, frontend = discord_fake

    async def ask(name: str, guild_id: str | None = "555") -> tuple[dict, list]:
        callbacks, posts = len(fake.recorded("POST", "/callback")), len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "8", "name": name, "type": 1}, USER,
                                                              channel_id="444", guild_id=guild_id))
        followups = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
        return fake.recorded("POST", "/callback")[callbacks][1], followups

    for name, guild_id in (("settings", "555"), ("forgetme", "555"), ("mydata", None), ("mydata", "555")):
        callback, followups = await ask(name, guild_id)
        assert callback["type"] == 5 and ephemeral(callback.get("data")), name
        assert ephemeral(followups[0][1]), name
        if name == "mydata":            # the export, in a server too: only its user sees it
            assert followups[0][2], guild_id
    callback, followups = await ask("status")
    assert not ephemeral(callback.get("data")) and not ephemeral(followups[0][1])

    fake.webhook_calls_left = 0          # an expired token: /settings is not posted in the channel instead
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await ask("settings")
    # refused twice (the settings, then the error reply), and nothing in the channel
    await fake.wait_for(lambda: len(fake.recorded("POST", f"/webhooks/{APP_ID}/")) >= posts + 2)
    assert not fake.recorded("POST", "/channels/")


@pytest.mark.slow
async def test_no_image_replies_speak_of_discord_options_not_captions(discord_fake):
    """Discord has no captions: /style without a photo, or Stylize on a message with no image (a
    PDF), says how to attach one there, in English and Korean."""
    fake, frontend = discord_fake

    async def reply_to(payload: dict) -> str:
        posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", payload)
        followups = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
        return followups[0][1]["content"]

    def style(locale: str) -> dict:
        return interaction(2, {"id": "5", "name": "style", "type": 1,
                               "options": [{"name": "artist", "type": 3, "value": "gogh"}]},
                           USER, channel_id="333", locale=locale)

    def stylize(locale: str) -> dict:
        pdf = fake.add_attachment("menu.pdf", b"%PDF-1.4 not a picture", "application/pdf")
        target = fake.message("our menu", channel_id="333", attachments=[pdf])
        return interaction(2, {"id": "7", "name": "Stylize", "type": 3, "target_id": target["id"],
                               "resolved": {"messages": {target["id"]: target}}}, USER, channel_id="333",
                           locale=locale)

    text = await reply_to(style("en-US"))
    assert "Attach a photo to /style" in text and "Stylize" in text and "caption" not in text
    text = await reply_to(style("ko"))
    assert "/style" in text and "image 옵션" in text and "캡션" not in text
    text = await reply_to(stylize("en-US"))
    assert "That message has no image" in text and "caption" not in text
    text = await reply_to(stylize("ko"))
    assert "이미지가 없어요" in text and "캡션" not in text


@pytest.mark.slow
async def test_a_channel_refusing_the_fallback_is_one_log_line_and_the_job_stays_done(discord_fake, caplog):
    """The token expired and the bot may not post in the channel either (403, Missing Permissions):
    one warning, no traceback, no error reply tried in that channel, no second attempt; the job
    is in the history as done."""
    fake, frontend = discord_fake
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    fake.webhook_calls_left = 1                  # the progress line gets out, then the token expires
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    store = frontend.layer.store
    jobs = await fake.wait_for(lambda: store.jobs_of(f"dc:{USER['id']}"), timeout=30)
    assert jobs[0]["ok"] == 1 and jobs[0]["chat_id"] == "dc:444"

    def refused() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "bot.discord_bot" and r.levelno == logging.WARNING]
    await fake.wait_for(refused, timeout=20)
    await asyncio.sleep(1.5)                     # the rest of the interaction (the painting) runs on
    assert len(refused()) == 1 and "444" in refused()[0].getMessage()
    assert len(fake.recorded("POST", "/channels/444/messages")) == 1       # tried once, not per reply
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert store.jobs_of(f"dc:{USER['id']}")[0]["ok"] == 1

    # a result delivered after a restart, to a channel that refuses it: one line, no exception
    await frontend.deliver("dc:444", [Reply("🎨 Vincent van Gogh: done")])
    assert len(refused()) == 2 and "444" in refused()[1].getMessage()


async def choices_for(fake: FakeDiscord, typed: str, locale: str = "ko", channel_id: str = "333") -> list[str]:
    """What the artist autocomplete offers for the text typed so far: the choices' values."""
    before = len(fake.recorded("POST", "/callback"))
    await fake.dispatch("INTERACTION_CREATE", interaction(4, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": typed, "focused": True}]}, USER, channel_id=channel_id,
        locale=locale))
    answers = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/callback")[before:]
                                           if b.get("type") == 8])
    return [c["value"] for c in answers[0]["data"]["choices"]]


@pytest.mark.slow
async def test_artist_autocomplete_finds_half_typed_korean(discord_fake):
    """A Korean keyboard sends 김홍도 as "ㄱ", "기", "김", "김ㅎ", "김호", "김홍", "김홍ㄷ": every step
    finds him, first; so do his initials "ㄱㅎㄷ" (search by initials), "곻" (고 with the ㅎ of 흐 as
    its final, before the ㅡ comes) finds van Gogh, and a community style named in Korean is found
    the same way."""
    fake, frontend = discord_fake
    for typed in ("ㄱ", "기", "김", "김ㅎ", "김호", "김홍", "김홍ㄷ", "김홍도", "ㄱㅎㄷ", "ㄱㅎ", "단ㅇ"):
        found = await choices_for(fake, typed)
        assert "kimhongdo" in found, (typed, found)
        if typed not in ("ㄱ", "ㄱㅎ"):          # (고흐 starts with those too)
            assert found[0] == "kimhongdo", (typed, found)
    assert (await choices_for(fake, unicodedata.normalize("NFD", "김호")))[0] == "kimhongdo"   # conjoining jamo
    assert (await choices_for(fake, "곻"))[0] == "gogh"
    assert set((await choices_for(fake, "몬"))[:2]) == {"monet", "mondrian"}       # 모네 on the way, 몬드리안
    assert "kimhongdo" not in await choices_for(fake, "김호ㄱ")
    assert await choices_for(fake, "mone", locale="en-US") == ["monet"]     # Latin as before

    store = frontend.layer.store
    store.add_style("dc:333", "노을", normalise("노을"), store.data_dir / "styles" / "noeul.safetensors", 3, "dc:1")
    for typed in ("ㄴ", "노", "농", "노으", "ㄴㅇ"):
        assert "노을" in await choices_for(fake, typed), typed
    assert "노을" not in await choices_for(fake, "노을", channel_id="334")    # another channel's style


@pytest.mark.slow
async def test_an_old_button_gets_a_polite_reply_not_interaction_failed(discord_fake):
    """Buttons sent by older versions have random custom_ids that no handler knows: pressing one
    gets an ephemeral reply, in the user's language, to send the command again; command buttons
    still paint and get no such reply."""
    fake, frontend = discord_fake
    old = fake.message("🎨 done", channel_id="333")
    old["components"] = [{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "Weaker", "custom_id": "5f2b6c0e9a7d4c1b8e3f2a1d0c9b8a7e"}]}]

    async def press(locale: str) -> dict:
        before = len(fake.recorded("POST", "/callback"))
        await fake.dispatch("INTERACTION_CREATE", interaction(
            3, {"custom_id": "5f2b6c0e9a7d4c1b8e3f2a1d0c9b8a7e", "component_type": 2}, USER, channel_id="333",
            message=old, locale=locale))
        answered = await fake.wait_for(lambda: fake.recorded("POST", "/callback")[before:], timeout=15)
        return answered[0][1]

    answer = await press("en-US")
    assert answer["type"] == 4 and ephemeral(answer["data"])
    assert "older message" in answer["data"]["content"] and "again" in answer["data"]["content"]
    answer = await press("ko")
    assert answer["type"] == 4 and ephemeral(answer["data"]) and "예전 메시지" in answer["data"]["content"]

    # a command button is answered by its handler alone: deferred, then painted
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake))
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    painting = next(m for m in fake.messages if m["components"])
    weaker = next(b for b in buttons(painting) if "Weaker" in b["label"])
    callbacks, posts = len(fake.recorded("POST", "/callback")), len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": weaker["custom_id"], "component_type": 2},
                                                          USER, channel_id="333", message=painting))
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:] if c[2]])
    assert [b["type"] for _, b, _ in fake.recorded("POST", "/callback")[callbacks:]] == [5]


@pytest.mark.slow
async def test_start_and_help_speak_of_discord_options_not_captions(discord_fake):
    """/start and /help on Discord say how Discord takes a photo (the image option, Stylize in the
    Apps menu, the last photo in the channel), not "send or reply to a photo" with a caption, and
    name no /gogh shortcut; in English and Korean, the artists still listed."""
    fake, frontend = discord_fake
    assert {"start", "help"} <= {c["name"] for c in fake.synced}

    async def reply_to(name: str, locale: str) -> str:
        posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": name, "type": 1}, USER,
                                                              channel_id="333", locale=locale))
        followups = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
        return followups[0][1]["content"]

    for name in ("start", "help"):
        text = await reply_to(name, "en-US")
        assert "image option" in text and "Stylize" in text, text
        assert "caption" not in text and "send or reply" not in text.lower() and "/gogh —" not in text, text
        text = await reply_to(name, "ko")
        assert "image 옵션" in text and "Stylize" in text, text
        assert "캡션" not in text and "사진을 보내거나" not in text and "/gogh —" not in text, text
    help_en = await reply_to("help", "en-US")
    assert "Artists: " in help_en and "gogh" in help_en and "kimhongdo" in help_en and "/hq ARTIST" in help_en


def test_usage_replies_speak_of_discord_options_not_replies_or_captions():
    """/style help and /addstyle help (an artist or name option "help") are said the Discord way."""
    from bot.commands import Reply
    from bot.discord_bot import discord_wording
    from bot.messages import t

    for lang in ("en", "ko"):
        for key in ("style_usage", "addstyle_usage"):
            said = discord_wording(Reply(t(lang, key)), key.split("_")[0]).text
            assert said == t(lang, "dc_" + key) and "image" in said, (lang, key)


@pytest.mark.slow
async def test_stylize_on_the_bots_own_painting_offers_artists_for_its_photo(discord_fake):
    """Stylize on one of the bot's paintings: the artist buttons repaint the photo it was painted
    from (named by the painting's job, as its own buttons name it), not the painting itself."""
    fake, frontend = discord_fake
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake))
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]])
    painting = next(m for m in fake.messages if m["components"])
    job_ref = next(b["custom_id"] for b in buttons(painting) if "Weaker" in b["label"]).split("#")[1]
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "7", "name": "Stylize", "type": 3, "target_id": painting["id"],
        "resolved": {"messages": {painting["id"]: painting}}}, USER, channel_id="333"))
    offered = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:]
                                           if b.get("components")])
    picks = [c["custom_id"] for row in offered[0]["components"] for c in row["components"]]
    assert len(picks) == 9 and all(p.startswith("cmd:/style ") and p.endswith("#" + job_ref) for p in picks), picks


async def progress_line_then_restart(fake: FakeDiscord, settings, **where) -> tuple[dict, str]:
    """The bot before a restart: /style gogh is journaled and its progress line ("queued") sent as
    the interaction's follow-up, then the bot stops before any worker painted it (this queue has
    none). That line, and the job's id."""
    store = Store(settings.DATA_DIR)
    queue = ProcessQueue(QueueSettings(data_dir=str(settings.DATA_DIR), engine_factory=FAKE_ENGINE,
                                       workers_fast=0, workers_hq=0))
    await queue.start()
    frontend = await connect(fake, CommandLayer(settings, store, queue), settings)
    try:
        await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, **where))
        [(_, body, _)] = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        [line] = [m for m in fake.messages if m["content"] == body["content"]]
        # the command layer journals the line's handle with the job: its message id
        [(job, state, _)] = await fake.wait_for(lambda: [(j, s, r) for j, s, r in queue.journal.undelivered()
                                                         if "progress_line" in j.meta])
        assert state == "queued" and "🎨" in line["content"]
        assert job.meta["progress_line"] == int(line["id"])
        return line, job.id
    finally:
        await queue.stop()              # as `python -m bot` stops: the queue, then the front-ends
        await frontend.stop()
        store.close()


async def restart(fake: FakeDiscord, settings) -> list[tuple[str, dict, dict]]:
    """`python -m bot` started again (a process queue with a worker): the job is painted and
    delivered to its channel. The bot's calls on channels meanwhile, until the painting's post."""
    settings.WEB_ENABLED = "false"
    calls = len(fake.calls)
    await run_until(settings, lambda: any(f for m, p, _, f in fake.calls[calls:] if m == "POST" and "/channels/" in p))
    return [(m, p, b) for m, p, b, _ in fake.calls[calls:] if p.startswith("/channels/")]


@pytest.mark.slow
@pytest.mark.parametrize("where", [{"channel_id": "444", "guild_id": "555"}, {"channel_id": "333"}],
                         ids=["server", "dm"])
@pytest.mark.usefixtures("queue_env")
async def test_a_job_resumed_after_a_restart_edits_its_progress_line(fake_api, settings, where, monkeypatch):
    """A restart while a job waits: its interaction (and the follow-ups' webhook) is gone with the
    process, but the progress line is a message of the bot's in the job's channel: the resumed job
    edits it there, by the message id journaled with the job, as Telegram and the web chat do:
    to where the job stands while it is painted ("painting… 40%"), then to its outcome ("done"),
    instead of a second line under one stuck where it was; then the painting comes to the channel
    with its buttons, mentioning its user (and only them) as a live job's does once its
    interaction expired: nobody was notified of it. In a server channel and in a DM alike."""
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "2.5")          # the worker paints for 2.5 s, in steps
    fake, channel = fake_api, where["channel_id"]
    line, job_id = await progress_line_then_restart(fake, settings, **where)
    sent = await restart(fake, settings)
    edits = [(p, b) for m, p, b in sent if m == "PATCH"]
    assert {p for p, _ in edits} == {f"/channels/{channel}/messages/{line['id']}"}, sent
    assert "done" in edits[-1][1]["content"] and "Vincent van Gogh" in edits[-1][1]["content"]
    assert "done" in fake.find(line["id"])["content"]
    # (the percent read by pattern: a long painting's line goes on with its time left, "52% (about 40 s left)")
    percents = [int(re.search(r"painting… (\d+)%", b["content"]).group(1)) for _, b in edits[:-1]
                if "painting…" in b["content"]]
    assert any(0 < percent < 100 for percent in percents), edits
    posts = [b for m, p, b in sent if m == "POST"]
    assert len(posts) == 1 and "Vincent van Gogh" in posts[0]["content"]         # the painting alone
    assert posts[0]["content"].startswith(f"<@{USER['id']}> ")
    assert posts[0]["allowed_mentions"]["users"] == [int(USER["id"])] and posts[0]["allowed_mentions"]["parse"] == []
    assert any(job_id in b["custom_id"] for row in posts[0]["components"] for b in row["components"])
    assert Journal(str(settings.DATA_DIR / "queue.sqlite3")).undelivered() == []


@pytest.mark.slow
@pytest.mark.parametrize("gone", ["deleted", "refused"])
@pytest.mark.usefixtures("queue_env")
async def test_a_resumed_job_whose_progress_line_is_gone_posts_a_new_one(fake_api, settings, caplog, gone):
    """The progress line from before the restart was deleted meanwhile (404, Unknown Message,
    10008), or the channel will not let the bot edit it (403): the outcome is a new line, then the
    painting; one log line, no traceback."""
    fake = fake_api
    caplog.set_level(logging.INFO)
    line, _ = await progress_line_then_restart(fake, settings, channel_id="444", guild_id="555")
    if gone == "deleted":
        fake.delete(line["id"])
    else:
        fake.refused_edits = (403, 50013, "Missing Permissions")
    sent = await restart(fake, settings)
    # the line's progress edits (refused too), then the outcome's (refused, or not there, in the
    # channel, it is looked for in the user's DMs: a line goes there where the channel refuses the
    # bot's posts, and is not there once it takes them again)
    edits = {(m, p) for m, p, _ in sent if m == "PATCH"}
    assert ("PATCH", f"/channels/444/messages/{line['id']}") in edits
    assert all(p.endswith(f"/messages/{line['id']}") for _, p in edits) and len(edits) == 2
    posts = [b["content"] for m, p, b in sent if m == "POST"]
    assert len(posts) == 2 and "done" in posts[0] and "Vincent van Gogh" in posts[1], posts
    assert all(post.startswith(f"<@{USER['id']}> ") for post in posts)
    said = [r for r in caplog.records if r.name == "bot.discord_bot"]
    assert len(said) == 1 and "444" in said[0].getMessage() and not said[0].exc_info, \
        [r.getMessage() for r in said]
    code = "10008" if gone == "deleted" else "50013"
    assert code in said[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command", ["style", "hq"])
def test_a_style_without_artist_or_photo_and_a_default_artist_are_said_the_discord_way(lang, command):
    """/style with neither option (both optional on Discord) is told to attach the image and pick
    an artist, not to caption a photo; /setstyle's answer names /style and Stylize, not "just
    send a photo" (in a server a photo that does not mention the bot never reaches it)."""
    from bot.commands import Reply
    from bot.discord_bot import discord_wording
    from bot.messages import t

    said = discord_wording(Reply(t(lang, "no_style_no_photo", command="/" + command)), command).text
    assert said == t(lang, "dc_no_style_no_photo", command=command)
    example = {"en": "gogh", "ko": "고흐"}[lang]          # (Korean examples name artists in Korean)
    assert f"/{command} artist:{example}" in said and "//" not in said
    said = discord_wording(Reply(t(lang, "setstyle_done", style="Van Gogh")), "setstyle").text
    assert said == t(lang, "dc_setstyle_done", style="Van Gogh") and "Van Gogh" in said
