"""Everyday and odd flows of Discord users, with discord.py driven against the fake Discord: a
moderator deleting the bot's progress line, rate limits while a painting is delivered, a /lang
sent just before a painting asked for by message."""
from __future__ import annotations

import asyncio
import io
import logging

import pytest
from PIL import Image

from bot.commands import Button, Reply
from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, interaction, user_message
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast
queue_env = test_discord.queue_env                # the process queue with the fake engine, for a restart
BOB = {"id": "333333333333333333", "username": "bob", "discriminator": "0", "global_name": "Bob", "avatar": None}


@pytest.mark.slow
async def test_notes_of_a_message_follow_a_lang_sent_just_before(discord_fast):
    """"@Paintbot" with a photo, "@Paintbot /lang ko", "@Paintbot gogh" sent together, in a channel
    where the bot may not attach files: the painting's caption came in Korean (the command waited
    for the /lang), but the front-end's own note under it ("sent to you by DM") in English, the
    language taken when the message came, before the /lang (waiting for the photo) was saved."""
    fake, _ = discord_fast
    fake.no_files_channels.add("444")
    fake.cdn_delay = 0.5                          # the first photo takes a moment to download
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    for content, attachments in ((f"<@{APP_ID}>", [photo]), (f"<@{APP_ID}> /lang ko", []),
                                 (f"<@{APP_ID}> gogh", [])):
        await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", content, attachments, guild_id="555"))
    said = await fake.wait_for(lambda: [b["content"] for _, b, f in fake.recorded("POST", "/channels/444/messages")
                                        if not f and b.get("components") and "빈센트 반 고흐" in b["content"]],
                               timeout=15)                # the painting's post (its file went by DM)
    assert t("ko", "dc_sent_by_dm") in said[0] and t("en", "dc_sent_by_dm") not in said[0], said


@pytest.mark.slow
async def test_a_deleted_progress_line_still_gets_its_outcome(discord_fast, fake_queue):
    """A moderator (or a clean-up bot) deletes the "🎨 waiting in line" line while the painting is
    under way, and the painting fails: its outcome was an edit of that line, which Discord refused
    (404, 10008 Unknown Message), and the user never heard of their request again. The outcome
    comes as a new message."""
    fake, _ = discord_fast
    fake_queue.error, fake_queue.delay = "engine_error", 1.0
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    [line] = await fake.wait_for(lambda: [m for m in fake.messages if "🎨" in m["content"]], timeout=15)
    fake.delete(line["id"])
    went_wrong = t("en", "engine_error").split(".")[0]
    said = await fake.wait_for(lambda: [m for m in fake.messages if went_wrong in m["content"]], timeout=15)
    assert said[0]["channel_id"] == "444" and said[0]["content"].startswith("❌"), said


def stylize(fake, target: dict, **where) -> dict:
    """The "Stylize" message menu on ``target`` (a message payload), as INTERACTION_CREATE."""
    return interaction(2, {"id": "7", "name": "Stylize", "type": 3, "target_id": target["id"],
                           "resolved": {"messages": {target["id"]: target}}}, USER, **where)


@pytest.mark.slow
async def test_stylize_on_a_message_with_several_photos_offers_each(discord_fast):
    """Stylize on someone's message with three photos (and a PDF): only the first photo got the
    artist buttons, and the other two could never be painted from it (Stylize again: the first
    again). The photos get one set of buttons, as an album does (one message per photo was a
    flood: test_album_buttons), and a button paints all three."""
    fake, _ = discord_fast
    sizes = [(120, 90), (100, 100), (90, 120)]
    atts = [fake.add_attachment(f"p{i}.png", make_photo(w, h, seed=i, fmt="PNG"), "image/png")
            for i, (w, h) in enumerate(sizes)]
    atts.insert(1, fake.add_attachment("notes.pdf", b"%PDF-1.4 not a picture", "application/pdf"))
    target = fake.message("our trip", channel_id="444", attachments=atts)
    target["author"] = BOB
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, target, channel_id="444", guild_id="555"))
    pickers = await fake.wait_for(lambda: [m for m in fake.messages if m["components"]], timeout=15)
    await asyncio.sleep(0.5)
    pickers = [m for m in fake.messages if m["components"]]
    refs = {b["custom_id"].split("#")[1] for m in pickers for b in test_discord.buttons(m)}
    assert len(pickers) == 1 and len(refs) == 1, refs
    gogh = next(b for b in test_discord.buttons(pickers[0]) if b["custom_id"].startswith("cmd:/style gogh"))
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": gogh["custom_id"], "component_type": 2},
                                                          USER, channel_id="444", guild_id="555", message=pickers[0]))
    painted = await fake.wait_for(lambda: len(found := [f for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/")
                                                        if f]) >= 3 and found, timeout=15)
    assert sorted(Image.open(io.BytesIO(f["painting.jpg"])).size for f in painted) == sorted(sizes)


@pytest.mark.slow
async def test_a_photo_whose_download_fails_gets_a_reply(discord_fast):
    """Discord's CDN out of reach while the bot downloads the photo (a connection refused, cut or
    timed out): the exception went up to discord.py, and the interaction stayed "Paintbot is
    thinking…" until Discord gave up on it; a message to the bot got no reply at all. Both are
    told to send the photo again, as a download that failed (it was "damaged or cut short": the
    picture's fault, which it is not)."""
    fake, _ = discord_fast
    payload = test_discord.style_with_photo(fake, channel_id="444", guild_id="555")
    for att in payload["data"]["resolved"]["attachments"].values():
        att["url"] = att["proxy_url"] = "http://127.0.0.1:1/gone.jpg"        # (nothing listens there)
    await fake.dispatch("INTERACTION_CREATE", payload)
    again = t("en", "dc_download_failed")
    said = await fake.wait_for(lambda: [m for m in fake.messages if again in m["content"]], timeout=15)
    assert said[0]["flags"] & 64, said                          # (an error: to its user alone)

    att = fake.add_attachment("cat.jpg", make_photo(100, 80))
    att["url"] = att["proxy_url"] = "http://127.0.0.1:1/gone.jpg"
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [att], guild_id="555"))
    await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/channels/444/messages")
                                 if again in (b.get("content") or "")], timeout=15)


@pytest.mark.slow
async def test_autocomplete_offers_a_style_name_once_where_the_community_has_it_too(discord_fast):
    """An operator's style "Sunset" for everyone, and a server's own "sunset": /style there paints
    the server's, but the artist option offered "Sunset" and "sunset", two choices for one style.
    The server's alone is offered there; elsewhere the operator's."""
    fake, frontend = discord_fast
    store = frontend.layer.store
    for scope, name in (("global", "Sunset"), ("dc:g555", "sunset")):
        path = store.style_dir(scope) / "sunset.safetensors"
        path.write_bytes(b"descriptor")
        store.add_style(scope, name, "sunset", path, 3, "dc:1")

    async def offered(**where) -> list[dict]:
        n = len(fake.recorded("POST", "/callback"))
        await fake.dispatch("INTERACTION_CREATE", interaction(4, {
            "id": "5", "name": "style", "type": 1,
            "options": [{"name": "artist", "type": 3, "value": "suns", "focused": True}]}, USER, **where))
        [body] = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/callback")[n:]
                                              if b.get("type") == 8], timeout=15)
        return body["data"]["choices"]

    assert [c["value"] for c in await offered(channel_id="444", guild_id="555")] == ["sunset"]
    assert [c["value"] for c in await offered(channel_id="446", guild_id="556")] == ["Sunset"]


@pytest.mark.slow
@pytest.mark.usefixtures("queue_env")
async def test_a_painting_delivered_after_a_restart_has_its_notes_in_the_users_language(fake_api, settings):
    """A user whose Discord is in Korean asks for a painting in a channel where the bot may not
    attach files, and the bot restarts before it is painted: the painting's caption came in
    Korean (the job's language), the note that it went by DM in English (the bot's default: the
    restarted bot had no client language for the user)."""
    fake = fake_api
    fake.no_files_channels.add("444")
    await test_discord.progress_line_then_restart(fake, settings, channel_id="444", guild_id="555", locale="ko")
    await test_discord.restart(fake, settings)
    [said] = [b["content"] for _, b, f in fake.recorded("POST", "/channels/444/messages") if not f]  # (its file: by DM)
    assert "빈센트 반 고흐" in said and t("ko", "dc_sent_by_dm") in said, said


@pytest.mark.slow
async def test_a_command_acknowledged_too_late_still_paints_in_the_channel(discord_fast, caplog):
    """The bot's acknowledgement came after Discord's 3 seconds (404, 10062 Unknown interaction):
    the request was dropped with a traceback, and the user, told "The application did not
    respond", had nothing. The painting comes to the channel, mentioning them; a private command
    (/mydata) is not answered in the channel, and an interaction another instance of the bot
    acknowledged (40060) is left to it: one log line each, no traceback."""
    fake, _ = discord_fast
    fake.refused_callbacks = (404, 10062, "Unknown interaction")
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    [(_, body, files)] = await fake.wait_for(lambda: [c for c in fake.recorded("POST", "/channels/444/messages")
                                                      if c[2]], timeout=15)
    assert Image.open(io.BytesIO(files["painting.jpg"])).size == (160, 120)
    assert body["content"].startswith(f"<@{USER['id']}> ") and "Vincent van Gogh" in body["content"]
    assert not fake.recorded("POST", "/webhooks/")

    posts = len(fake.recorded("POST", "/channels/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "mydata", "type": 1}, USER,
                                                          channel_id="444", guild_id="555"))
    fake.refused_callbacks = (400, 40060, "Interaction has already been acknowledged.")
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: len([r for r in caplog.records if "not acknowledged" in r.getMessage()]) == 3,
                        timeout=15)
    await asyncio.sleep(0.5)
    assert len(fake.recorded("POST", "/channels/")) == posts and not fake.recorded("POST", "/webhooks/")
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records if r.exc_info]


@pytest.mark.slow
async def test_a_painting_rate_limited_past_retries_comes_to_the_channel(discord_fast):
    """Discord answers the painting's follow-up 429 (rate limited) time after time: discord.py
    waits retry_after and tries again, 5 times, then gives up. The user had "✅ done" and then
    "Something went wrong while painting your picture", the painting lost. It is posted in the
    channel instead (another rate limit), mentioning them. A 429 or two on the way (the progress
    line, the painting) only delays them."""
    fake, _ = discord_fast
    fake.rate_limited[("POST", "/webhooks/")] = 1
    fake.rate_limited[("PATCH", "/webhooks/")] = 1
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]], timeout=15)
    assert len([m for m in fake.messages if m["attachments"]]) == 1 and "done" in fake.messages[0]["content"]

    fake.rate_limited[("POST", "/webhooks/", "file")] = 5          # every try of discord.py's
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    [(_, body, files)] = await fake.wait_for(lambda: [c for c in fake.recorded("POST", "/channels/444/messages")
                                                      if c[2]], timeout=15)
    assert Image.open(io.BytesIO(files["painting.jpg"])).size == (160, 120)
    assert body["content"].startswith(f"<@{USER['id']}> ") and body.get("components")
    went_wrong = t("en", "engine_error").split(".")[0]
    assert not [b for _, b, _ in fake.recorded("POST", "/") if went_wrong in (b.get("content") or "")]


@pytest.mark.slow
@pytest.mark.parametrize("dms", ["open", "closed"])
async def test_a_mention_in_a_channel_the_bot_may_not_post_in_is_answered_by_dm(discord_fast, caplog, dms):
    """"@Paintbot gogh" with a photo in a channel where the bot may read but not post (a
    read-only channel, or the bot timed out there): every reply was refused (403, 50013) and
    dropped, the user seeing nothing. They go to the user by DM, naming the channel, the
    progress line edited there, the painting with them; with their DMs closed too, one log line."""
    fake, _ = discord_fast
    fake.forbidden_channels.add("444")
    if dms == "closed":
        fake.closed_dms.add(USER["id"])
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
    if dms == "closed":
        await fake.wait_for(lambda: [r for r in caplog.records if "cannot reply in channel 444" in r.getMessage()
                                     and "dropped" in r.getMessage()], timeout=15)
        assert not fake.messages
        return
    dm = await fake.wait_for(lambda: fake.dm_channels.get(USER["id"]), timeout=15)
    sent = await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]
                               and [m for m in fake.messages if m["channel_id"] == dm], timeout=15)
    assert all(m["content"].startswith("<#444> ") for m in sent), sent
    assert "done" in sent[0]["content"] and "Vincent van Gogh" in sent[-1]["content"], sent
    files = [f for _, _, f in fake.recorded("POST", f"/channels/{dm}/messages") if f]
    assert Image.open(io.BytesIO(files[-1]["painting.jpg"])).size == (160, 120)
    assert not [m for m in fake.messages if m["channel_id"] == "444"]


@pytest.mark.slow
async def test_a_deleted_thinking_message_does_not_lose_the_painting(discord_fast):
    """A moderator deletes the public "Paintbot is thinking…" message of someone's /style before
    its first follow-up: Discord refuses that interaction's follow-ups from then on (404, 10008
    Unknown Message), and the painting was lost, with a traceback. It comes to the channel,
    mentioning its user, as once a token expired."""
    fake, _ = discord_fast
    fake.cdn_delay = 0.5                                # the photo downloads after the defer
    payload = test_discord.style_with_photo(fake, channel_id="444", guild_id="555")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for(lambda: fake.recorded("POST", "/callback"), timeout=15)
    fake.delete_thinking(payload["token"])
    [(_, body, files)] = await fake.wait_for(lambda: [c for c in fake.recorded("POST", "/channels/444/messages")
                                                      if c[2]], timeout=15)
    assert Image.open(io.BytesIO(files["painting.jpg"])).size == (160, 120)
    assert body["content"].startswith(f"<@{USER['id']}> ") and body.get("components")


def forwarding(fake, message: dict, attachments: list[dict]) -> dict:
    """``message`` (a payload) made a Discord forward of a message with ``attachments``: no
    content nor files of its own, the forwarded message's in its snapshot."""
    snapshot = {"type": 0, "content": "", "embeds": [], "attachments": attachments, "mentions": [],
                "mention_roles": [], "flags": 0, "components": [], "timestamp": message["timestamp"],
                "edited_timestamp": None}
    return {**message, "content": "", "attachments": [], "message_snapshots": [{"message": snapshot}],
            "message_reference": {"type": 1, "message_id": fake.snowflake(), "channel_id": "999"}}


@pytest.mark.slow
async def test_a_forwarded_photo_is_a_photo(discord_fast):
    """Discord's Forward puts the photo in the message's snapshot, not its attachments: Stylize
    on a forwarded photo said "no image", and a photo forwarded to the bot's DM got the hint to
    send a photo. Both get the artist buttons, for that photo."""
    fake, _ = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(150, 100, seed=4))
    target = forwarding(fake, user_message(BOB, "444", "", guild_id="555"), [photo])
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, target, channel_id="444", guild_id="555"))
    [picker] = await fake.wait_for(lambda: [m for m in fake.messages if m["components"]], timeout=15)
    gogh = next(b for b in test_discord.buttons(picker) if b["custom_id"].startswith("cmd:/style gogh #"))
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": gogh["custom_id"], "component_type": 2},
                                                          USER, channel_id="444", guild_id="555", message=picker))
    painted = await fake.wait_for(lambda: [f for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/") if f],
                                  timeout=15)
    assert Image.open(io.BytesIO(painted[0]["painting.jpg"])).size == (150, 100)

    await fake.dispatch("MESSAGE_CREATE", forwarding(fake, user_message(USER, "321", ""), [photo]))
    said = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/channels/321/messages")], timeout=15)
    assert said[0].get("components") and any("#" in b["custom_id"] for row in said[0]["components"]
                                             for b in row["components"]), said


@pytest.mark.slow
async def test_stylize_on_a_message_without_an_image_just_after_the_artist_buttons(discord_fast):
    """Stylize on a photo (the artist buttons), then Stylize on a message with no image: the
    second was told "Tap an artist under your photo, or send /style ARTIST" (the command layer's
    hint for a text just after the buttons), as if it had been a photo; it is told that message
    has no image, as without the buttons before."""
    fake, _ = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(150, 100, seed=4))
    with_photo = user_message(BOB, "444", "look", [photo], guild_id="555")
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, with_photo, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["components"]], timeout=15)
    text_only = user_message(BOB, "444", "nice weather", guild_id="555")
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, text_only, channel_id="444", guild_id="555"))
    said = await fake.wait_for(lambda: [m["content"] for m in fake.messages if not m["components"]], timeout=15)
    assert said == [t("en", "dc_stylize_no_image")], said


@pytest.mark.slow
async def test_a_painting_outliving_its_token_in_a_channel_the_bot_may_not_post_in_goes_by_dm(discord_fast):
    """/hq outlived its interaction's 15 minutes, in a channel where the bot may not post (a
    private channel it cannot see, where the command works all the same; or Send Messages taken
    away meanwhile): the painting was dropped with a log line. It goes to the user by DM, naming
    the channel, as a result delivered after a restart does; the progress line too, edited there."""
    fake, _ = discord_fast
    fake.forbidden_channels.add("444")
    fake.webhook_calls_left = 1                  # the progress line gets out, then the token expires
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    dm = await fake.wait_for(lambda: fake.dm_channels.get(USER["id"]), timeout=15)
    sent = await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]
                               and [m for m in fake.messages if m["channel_id"] == dm], timeout=15)
    assert len(sent) == 2 and sent[0]["content"].startswith("<#444> ✅ Vincent van Gogh: done"), sent
    assert sent[1]["content"] == "<#444> Vincent van Gogh" and not sent[1]["components"]   # (no buttons in a DM)
    files = [f for _, _, f in fake.recorded("POST", f"/channels/{dm}/messages") if f]
    assert Image.open(io.BytesIO(files[-1]["painting.jpg"])).size == (160, 120)


@pytest.mark.slow
async def test_a_result_after_a_restart_for_a_channel_the_bot_cannot_see_goes_by_dm(discord_fast, caplog):
    """A slash command works in a private channel the bot cannot see; its job, resumed after a
    restart, was delivered nowhere: reading the channel (403, 50001 Missing Access) stopped it
    before the DM that a channel refusing posts gets. It goes to the user by DM, naming the channel."""
    fake, frontend = discord_fast
    fake.unseen_channels.add("445")
    await frontend.deliver("dc:445", [Reply("✅ Vincent van Gogh: done"),
                                      Reply("Vincent van Gogh", image=make_photo(160, 120),
                                            buttons=[[Button("Weaker", "/weaker #job1")]])],
                           line=12345, user_id=f"dc:{USER['id']}")
    dm = fake.dm_channels[USER["id"]]
    sent = [m for m in fake.messages if m["channel_id"] == dm]
    assert [m["content"] for m in sent] == ["<#445> ✅ Vincent van Gogh: done", "<#445> Vincent van Gogh"], sent
    assert sent[1]["attachments"]


@pytest.mark.slow
async def test_cancel_right_after_a_slash_command_with_a_big_photo_cancels_it(discord_fast, fake_queue):
    """/style with a big photo, then at once /cancel: the /style was numbered only once its photo
    had downloaded, so the /cancel came "first", said there was nothing to cancel, and the photo
    was painted all the same. As for messages, the /style counts from when it came: the /cancel
    cancels it, and nothing is painted."""
    fake, _ = discord_fast
    fake.cdn_delay = 1.0                                 # a big photo, on a slow link
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: fake.recorded("POST", "/callback"), timeout=15)
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "cancel", "type": 1}, USER,
                                                          channel_id="444", guild_id="555"))
    said = await fake.wait_for(lambda: [m["content"] for m in fake.messages], timeout=15)
    assert said[0] == t("en", "cancelled_jobs", count=1), said
    # the /style, done with nothing to say, takes its "thinking…" away
    await fake.wait_for(lambda: fake.recorded("DELETE", "/messages/@original"), timeout=15)
    assert not fake_queue.jobs and not [m for m in fake.messages if m["attachments"]]


async def test_a_long_reply_posted_in_the_channel_or_by_dm_loses_nothing_to_its_prefix():
    """A long reply (a server's /styles with many community styles) comes in messages of at most
    2000 characters. Posted in the channel (the command acknowledged too late, its token expired)
    each starts with the user's mention, and by DM with the channel's name, and was then cut to
    2000: up to two dozen characters at the end of each piece were lost. Every line comes through."""
    from bot.discord_bot import mentioning, message_parts

    lines = [f"style {i:04d}" for i in range(700)]             # pieces that fill 2000 characters
    parts = await message_parts(None, Reply("\n".join(lines)), 10 * 1024 * 1024, "en")
    user, channel = "dc:222222222222222222", 1234567890123456789
    for prefixed in ([mentioning(p, user)["content"] for p in parts],
                     [f"<#{channel}> {p['content']}"[:2000] for p in parts]):       # (discord_dm.part_by_dm's)
        said = [line for piece in prefixed for line in piece.split("\n")]
        assert [line.split("> ")[-1] for line in said] == lines


@pytest.mark.slow
async def test_a_video_is_told_still_pictures_only_without_downloading_it(discord_fast):
    """A video given to /style, to a mention, or Stylized: it was downloaded whole (up to the
    upload limit) to be told "That file is not an image", and Stylize on it said the message had
    no image. Each is told, as on Telegram, that only still pictures can be painted (a screenshot
    will do), and nothing is downloaded."""
    fake, _ = discord_fast
    video = fake.add_attachment("clip.mp4", b"\\x00\\x00\\x00\\x18ftypmp42" + b"x" * 5000, "video/mp4")
    payload = test_discord.style_with_photo(fake, channel_id="444", guild_id="555")
    payload["data"]["options"][1]["value"] = video["id"]
    payload["data"]["resolved"] = {"attachments": {video["id"]: video}}
    still = t("en", "dc_not_a_still_picture")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for(lambda: [m for m in fake.messages if m["content"] == still], timeout=15)
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, user_message(BOB, "444", "", [video], guild_id="555"),
                                                      channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: len([m for m in fake.messages if m["content"] == still]) == 2, timeout=15)
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [video], guild_id="555"))
    await fake.wait_for(lambda: len([m for m in fake.messages if still in m["content"]]) == 3, timeout=15)
    assert "clip.mp4" not in fake.downloaded


@pytest.mark.slow
async def test_a_stale_autocomplete_is_no_error_in_the_log(discord_fast, caplog):
    """Someone types "gogh" fast: each letter is an autocomplete, and Discord takes no answer to
    one already overtaken (404, 10062 Unknown interaction). discord.py logged each at ERROR with a
    traceback: an operator saw errors where nothing was wrong. A debug line; the choices are
    still computed and sent for each."""
    fake, _ = discord_fast
    fake.refused_callbacks = (404, 10062, "Unknown interaction")
    await fake.dispatch("INTERACTION_CREATE", interaction(4, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": "go", "focused": True}]}, USER, channel_id="333"))
    await fake.wait_for(lambda: fake.recorded("POST", "/callback"), timeout=15)
    await asyncio.sleep(0.3)                     # (its log line, after the refused answer)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], [r.getMessage() for r in caplog.records]


@pytest.mark.slow
async def test_a_strength_without_an_artist_is_not_dropped(discord_fast, fake_queue):
    """/style with an image and a strength but no artist: the strength was dropped (the artist
    buttons then painted at full strength). Found by the Discord run."""
    fake, _ = discord_fast
    att = fake.add_attachment("holiday.jpg", make_photo(160, 120))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "image", "type": 11, "value": att["id"]}, {"name": "strength", "type": 10, "value": 0.3}],
        "resolved": {"attachments": {att["id"]: att}}}, USER, channel_id="333"))
    [message] = await fake.wait_for(lambda: [m for m in fake.messages if m.get("components")], timeout=15)
    button = test_discord.buttons(message)[0]
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": button["custom_id"], "component_type": 2},
                                                          USER, channel_id="333", message=message))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=15)
    assert fake_queue.jobs[-1].alpha == 0.3


@pytest.mark.slow
async def test_a_channel_deleted_before_the_first_reply_gets_nothing_painted(discord_fast, fake_queue, caplog):
    """A mention in a channel deleted before the bot answered (404 Unknown Channel): the reply was
    dropped and the painting made for no one, with tracebacks. Now nothing painted, no error."""
    fake, _ = discord_fast
    cancelled = fake_queue.cancelled_jobs
    fake_queue.delay = 1.0
    fake.gone_channels.add("444")
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=4))
    with caplog.at_level(logging.INFO, "bot"):
        await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
        await fake.wait_for(lambda: cancelled, timeout=15)
    assert cancelled == [job.id for job in fake_queue.jobs]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert "the chat takes no messages from the bot" in caplog.text


@pytest.mark.slow
@pytest.mark.parametrize("why", ["acknowledged late", "token gone at once"])
async def test_a_progress_line_that_went_by_dm_is_edited_there(discord_fast, fake_queue, why):
    """/style in a channel the bot may not post in, its interaction lost (acknowledged late, or
    its token gone): the progress line went to the user by DM, and its edits were tried through
    the channel (403), so a second line came under one stuck at "waiting in line". Found by a review."""
    fake, _ = discord_fast
    fake_queue.delay = 1.0
    fake.forbidden_channels.add("444")
    if why == "acknowledged late":
        fake.refused_callbacks = (404, 10062, "Unknown interaction")
    else:
        fake.webhook_calls_left = 0
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    dm = await fake.wait_for(lambda: fake.dm_channels.get(USER["id"]), timeout=15)
    await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]], timeout=15)
    await asyncio.sleep(0.3)
    in_dm = [m for m in fake.messages if m["channel_id"] == dm]
    assert len(in_dm) == 2, [m["content"] for m in in_dm]          # the line, edited to done, and the painting
    assert "done" in in_dm[0]["content"] and in_dm[0]["content"].startswith("<#444>")


async def delivered_to_a_dm_line(fake, frontend) -> str:
    """After a restart: a painting of channel 444 delivered, its progress line (journaled) one
    that went to the user's DM; the DM channel's id."""
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    dm = fake.dm_channels.setdefault(USER["id"], fake.snowflake())
    fake.channels[dm] = {"id": dm, "type": 1, "last_message_id": None, "recipients": [USER]}
    line = fake.sent({"content": "<#444> 🎨 Vincent van Gogh: waiting in line"}, {}, channel_id=dm)   # journaled
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done"),
                                      Reply("Vincent van Gogh", image=make_photo(160, 120))],
                           line=line["id"], user_id=f"dc:{USER['id']}")
    return dm


@pytest.mark.slow
async def test_after_a_restart_a_line_that_went_by_dm_is_edited_there(discord_fast):
    fake, frontend = discord_fast
    fake.forbidden_channels.add("444")
    dm = await delivered_to_a_dm_line(fake, frontend)
    in_dm = [m for m in fake.messages if m["channel_id"] == dm]
    assert len(in_dm) == 2 and in_dm[0]["content"] == "<#444> ✅ Vincent van Gogh: done", \
        [m["content"] for m in in_dm]


@pytest.mark.slow
async def test_a_mention_replying_to_a_forward_the_bot_cannot_see_says_so(discord_fast):
    """A forward comes blank to a bot without the message-content intent, its snapshot too: a
    mention replying to it painted the user's previous photo instead of saying the bot cannot see
    it (as for any blank message). Found by a review."""
    from tests.bot.discord.test_discord_messages import painted_reply, replies_to

    fake, frontend = discord_fast
    older = user_message(USER, "888", f"<@{APP_ID}> monet", [fake.add_attachment("old.jpg", make_photo(96, 96))],
                         guild_id="999")
    await fake.dispatch("MESSAGE_CREATE", older)
    await painted_reply(fake, "888", older, timeout=15)
    bobs = user_message(BOB, "888", "", guild_id="999")
    snapshot = {"type": 0, "content": "", "embeds": [], "attachments": [], "mentions": [], "mention_roles": [],
                "flags": 0, "components": [], "timestamp": bobs["timestamp"], "edited_timestamp": None}
    bobs = {**bobs, "content": "", "attachments": [], "message_snapshots": [{"message": snapshot}],
            "message_reference": {"type": 1, "message_id": fake.snowflake(), "channel_id": "1234"}}
    await fake.dispatch("MESSAGE_CREATE", bobs)
    asking = user_message(USER, "888", f"<@{APP_ID}> gogh", guild_id="999", replying_to=bobs, reply_ping=False)
    await fake.dispatch("MESSAGE_CREATE", asking)
    said = await fake.wait_for(lambda: replies_to(fake, "888", asking), timeout=15)
    assert said[0]["content"] == t("en", "dc_reply_unseen")
    assert len(frontend.layer.queue.jobs) == 1                     # the monet one only


@pytest.mark.slow
async def test_a_dm_refused_by_discords_trouble_does_not_cancel_the_painting(discord_fast, fake_queue):
    """A mention in a channel the bot may not post in is answered by DM; a DM Discord refused for
    its own trouble (429 past discord.py's retries, a 5xx) was taken as DMs closed: the request's
    painting was cancelled (ChatUnreachable). Now that message alone is dropped and the painting
    comes. Found by a review."""
    fake, _ = discord_fast
    fake_queue.delay = 0.5
    fake.forbidden_channels.add("444")
    dm = fake.dm_channels.setdefault(USER["id"], fake.snowflake())
    fake.channels[dm] = {"id": dm, "type": 1, "last_message_id": None, "recipients": [USER]}
    fake.rate_limited[("POST", f"/channels/{dm}/messages")] = 5       # the first DM: every try of discord.py's
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=6))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]], timeout=20)
    assert not fake_queue.cancelled_jobs
