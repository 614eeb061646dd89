"""Messages to the bot on Discord, with discord.py driven against the fake Discord: a DM, or a
server message that mentions the bot, with a photo and "gogh" is answered as on Telegram (a
painting, as a reply to it, with its buttons); other server messages, and bots', get nothing."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.chat import Request
from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import Recorder, make_photo
from tests.bot.fake_discord import APP_ID, BOT_USER, interaction, user_message
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fake = test_discord.discord_fake          # (the real engine)
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)

BOB = {"id": "444444444444444444", "username": "bob", "discriminator": "0", "global_name": "Bob", "avatar": None}
DM, CHANNEL, GUILD = "777", "888", "999"
PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)       # members, presences, message content


def posts(fake, channel: str) -> list[dict]:
    """The bodies the bot posted in ``channel`` (refused ones too), with their files as "files"."""
    return [{**body, "files": files} for _, body, files in fake.recorded("POST", f"/channels/{channel}/messages")]


def replies_to(fake, channel: str, message: dict) -> list[dict]:
    return [p for p in posts(fake, channel) if str((p.get("message_reference") or {}).get("message_id")) == message["id"]]


async def painted_reply(fake, channel: str, message: dict, timeout: float = 60) -> dict:
    """The reply to ``message`` that carries the painting (once it is posted)."""
    found = await fake.wait_for(lambda: [p for p in replies_to(fake, channel, message) if p["files"]], timeout)
    return found[0]


def kept(fake, body: dict) -> dict:
    """The bot's message (as the fake keeps it) posted with ``body``: what a user replies to."""
    return next(m for m in fake.messages if m["content"] == body.get("content") and m["components"]
                == body.get("components", []))


@pytest.mark.slow
async def test_a_dm_with_a_photo_and_gogh_comes_back_painted_as_a_reply(discord_fake):
    """A DM with a photo and "gogh" got no answer: the front-end answered only interactions.
    It is painted, as a reply to it, with the buttons; the progress line is edited to done."""
    fake, frontend = discord_fake
    assert fake.identified["intents"] & PRIVILEGED == 0            # no privileged intent asked for
    assert fake.identified["intents"] & (1 << 12)                   # DMs
    photo = make_photo(160, 120)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("holiday.jpg", photo)])
    await fake.dispatch("MESSAGE_CREATE", msg)
    reply = await painted_reply(fake, DM, msg)
    painted = Image.open(io.BytesIO(reply["files"]["painting.jpg"]))
    assert painted.format == "JPEG" and painted.size == (128, 96)
    assert painted.tobytes() != Image.open(io.BytesIO(photo)).resize((128, 96)).tobytes()
    assert "Vincent van Gogh" in reply["content"]
    labels = [c["label"] for row in reply["components"] for c in row["components"]]
    assert any("Weaker" in label for label in labels)
    assert reply["allowed_mentions"]["replied_user"] is True and not reply["allowed_mentions"]["parse"]
    first = replies_to(fake, DM, msg)[0]                            # the progress line, a reply too, edited
    assert "🎨" in first["content"]
    assert any("done" in (b.get("content") or "") for _, b, _ in fake.recorded("PATCH", f"/channels/{DM}/messages/"))


@pytest.mark.slow
async def test_a_reply_to_a_painting_in_a_dm_acts_on_that_painting(discord_fast):
    """"/stronger" and "/style monet" replying to the first of two paintings act on that one
    (its photo, its style and strength), not on the user's last photo: as on Telegram."""
    fake, frontend = discord_fast
    first, second = make_photo(160, 120, seed=1), make_photo(160, 120, seed=2)
    m1 = user_message(USER, DM, "/style gogh 50%", [fake.add_attachment("one.jpg", first)])
    await fake.dispatch("MESSAGE_CREATE", m1)
    painting = kept(fake, await painted_reply(fake, DM, m1, timeout=15))
    m2 = user_message(USER, DM, "monet", [fake.add_attachment("two.jpg", second)])
    await fake.dispatch("MESSAGE_CREATE", m2)
    await painted_reply(fake, DM, m2, timeout=15)

    stronger = user_message(USER, DM, "/stronger", replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", stronger)
    await painted_reply(fake, DM, stronger, timeout=15)
    gogh, _, job = frontend.layer.queue.jobs
    assert (job.image, [s.value for s in job.styles], job.alpha) == (first, ["gogh"], 0.75)

    restyle = user_message(USER, DM, "/style monet", replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", restyle)
    await painted_reply(fake, DM, restyle, timeout=15)
    job = frontend.layer.queue.jobs[-1]
    assert (job.image, [s.value for s in job.styles]) == (first, ["monet"])      # its photo, not the painting


@pytest.mark.slow
@pytest.mark.parametrize("how", ["locale", "lang", "hangul"])
async def test_a_server_message_mentioning_the_bot_is_painted_in_the_users_language(discord_fast, how):
    """"@Paintbot 고흐처럼" with a photo in a server channel: painted, as a reply, in Korean where
    the user's client is Korean (their last interaction's locale: a message carries none), where
    they said /lang ko, or where they write Korean."""
    fake, frontend = discord_fast
    if how == "locale":
        await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "status", "type": 1}, USER,
                                                              channel_id=CHANNEL, guild_id=GUILD, locale="ko"))
        await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    if how == "lang":
        lang = user_message(USER, CHANNEL, f"<@{APP_ID}> /lang ko", guild_id=GUILD)
        await fake.dispatch("MESSAGE_CREATE", lang)
        await fake.wait_for(lambda: replies_to(fake, CHANNEL, lang))
    text = "고흐처럼" if how == "hangul" else "gogh"
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> {text}", [fake.add_attachment("cat.jpg", make_photo(160, 120))],
                       guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    reply = await painted_reply(fake, CHANNEL, msg, timeout=15)
    assert "빈센트 반 고흐" in reply["content"], reply["content"]
    assert Image.open(io.BytesIO(reply["files"]["painting.jpg"])).size == (160, 120)
    assert reply["components"]
    assert "<@" not in replies_to(fake, CHANNEL, msg)[0]["content"]      # the mention is not taken for a style


@pytest.mark.slow
async def test_other_server_messages_and_bots_messages_get_nothing(discord_fast):
    """A server message that does not mention the bot (it comes empty, as the bot has no
    message-content intent), a reply's ping alone ("nice!" under a painting), another bot's
    message and the bot's own: none is answered. A mention after them is (so they were seen)."""
    fake, frontend = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120))
    other_bot = {**BOB, "bot": True}
    ignored = [user_message(USER, CHANNEL, "gogh", [photo], guild_id=GUILD),
               user_message(USER, CHANNEL, "nice!", guild_id=GUILD, replying_to=fake.message("🎨", CHANNEL)),
               user_message(other_bot, CHANNEL, f"<@{APP_ID}> gogh", [photo], guild_id=GUILD),
               user_message(other_bot, DM, "gogh", [photo]),
               user_message(BOT_USER, DM, "gogh", [photo])]
    for msg in ignored:
        await fake.dispatch("MESSAGE_CREATE", msg)
    last = user_message(BOB, CHANNEL, f"<@{APP_ID}> gogh", [photo], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", last)
    await painted_reply(fake, CHANNEL, last, timeout=15)
    assert all(str(p["message_reference"]["message_id"]) == last["id"] for p in posts(fake, CHANNEL)), posts(fake, CHANNEL)
    assert not posts(fake, DM) and len(frontend.layer.queue.jobs) == 1


@pytest.mark.slow
async def test_a_dm_with_text_only_gets_the_hint_said_the_discord_way(discord_fast):
    """"hello" in a DM: the hint, as a reply; said as a Discord message has it (a picture attached
    to the message), not Telegram's "as its caption"."""
    fake, frontend = discord_fast
    msg = user_message(USER, DM, "hello")
    await fake.dispatch("MESSAGE_CREATE", msg)
    [reply] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert reply["content"] == t("en", "dc_msg_text_hint")


@pytest.mark.slow
async def test_a_mention_where_the_bot_may_not_attach_files_gets_the_painting_by_dm(discord_fast):
    """No Attach Files in the channel (403, 50013): the painting goes to the user by DM, and
    the reply in the channel says so, with the buttons."""
    fake, frontend = discord_fast
    fake.no_files_channels.add(CHANNEL)
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))],
                       guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    said = await fake.wait_for(lambda: [p for p in replies_to(fake, CHANNEL, msg)
                                        if not p["files"] and p.get("components")], timeout=15)
    assert "direct message" in said[0]["content"]
    dm = fake.dm_channels[USER["id"]]
    assert [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]


async def joined(fake, frontend, guild_id: str = GUILD) -> str:
    """The server as Discord announces it once the bot is connected (GUILD_CREATE), with the bot's
    managed role; that role's id, once discord.py has the server."""
    payload, role = fake.guild(guild_id)
    await fake.dispatch("GUILD_CREATE", payload)
    await fake.wait_for(lambda: frontend.client.get_guild(int(guild_id)), timeout=15)
    return role


@pytest.mark.slow
@pytest.mark.parametrize("reveals", [True, False], ids=["content", "blanked"])
async def test_a_mention_of_the_bots_role_is_a_mention_of_the_bot(discord_fast, reveals):
    """The mention picker offers the bot's managed role "@Paintbot" (<@&ROLE>) as well as the bot:
    such a message was ignored. It is a mention of the bot, taken off the text: "gogh" paints.
    Whether Discord sends its text without the message-content intent it does not document;
    where it comes blanked, the reply says to mention the bot as a member. Another role's
    mention is no mention of the bot."""
    fake, frontend = discord_fast
    fake.role_mention_reveals = reveals
    role = await joined(fake, frontend)
    other, _ = fake.guild("998")             # (another server's managed role: not this bot's here)
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120))
    ignored = user_message(USER, CHANNEL, f"<@&{other['roles'][1]['id']}> gogh", [photo], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", ignored)
    msg = user_message(USER, CHANNEL, f"<@&{role}> gogh", [photo], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    if reveals:
        await painted_reply(fake, CHANNEL, msg, timeout=15)
        [job] = frontend.layer.queue.jobs
        assert [s.value for s in job.styles] == ["gogh"]
        assert all("<@&" not in (p.get("content") or "") for p in replies_to(fake, CHANNEL, msg))
    else:
        [said] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, msg), timeout=15)
        # the bot by the name it has in this server (the fake's member list: its user name)
        assert said["content"] == t("en", "dc_role_mention_unread", bot=frontend.client.user.display_name)
        assert frontend.client.user.display_name in said["content"]
        assert not frontend.layer.queue.jobs
    assert not replies_to(fake, CHANNEL, ignored)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_mention_replying_to_someone_elses_photo_says_how_to_paint_it(discord_fast, lang):
    """"@Paintbot gogh" replying to Bob's photo in a server: without the message-content intent
    Bob's message (which does not mention the bot) comes blanked, photo and all, in the reply's
    referenced message too; the bot answered "no photo", or painted the user's last photo. It says,
    in the user's language, to attach the photo or use Stylize on it, and paints nothing."""
    fake, frontend = discord_fast
    older = user_message(USER, CHANNEL, f"<@{APP_ID}> monet", [fake.add_attachment("old.jpg", make_photo(96, 96))],
                         guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", older)                 # the user's last photo in this channel
    await painted_reply(fake, CHANNEL, older, timeout=15)
    bobs = user_message(BOB, CHANNEL, "my dog", [fake.add_attachment("dog.jpg", make_photo(160, 120))],
                        guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", bobs)
    asking = user_message(USER, CHANNEL, f"<@{APP_ID}> {'gogh' if lang == 'en' else '고흐처럼'}", guild_id=GUILD,
                          replying_to=bobs, reply_ping=False)
    await fake.dispatch("MESSAGE_CREATE", asking)
    [said] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, asking), timeout=15)
    assert said["content"] == t(lang, "dc_reply_unseen")
    assert len(frontend.layer.queue.jobs) == 1                   # the older one alone
    bare = user_message(USER, CHANNEL, f"<@{APP_ID}>", guild_id=GUILD, replying_to=bobs, reply_ping=False)
    await fake.dispatch("MESSAGE_CREATE", bare)                  # the mention alone: the same, not the text hint
    [said] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, bare), timeout=15)
    assert said["content"] == t("en", "dc_reply_unseen")


@pytest.mark.slow
async def test_a_mention_replying_to_a_photo_the_bot_can_see_paints_it(discord_fast):
    """Bob's photo that mentions the bot comes whole: "@Paintbot gogh" replying to it paints it."""
    fake, frontend = discord_fast
    dog = make_photo(160, 120, seed=5)
    bobs = user_message(BOB, CHANNEL, f"<@{APP_ID}> look", [fake.add_attachment("dog.jpg", dog)], guild_id=GUILD)
    asking = user_message(USER, CHANNEL, f"<@{APP_ID}> gogh", guild_id=GUILD, replying_to=bobs, reply_ping=False)
    await fake.dispatch("MESSAGE_CREATE", asking)
    await painted_reply(fake, CHANNEL, asking, timeout=15)
    [job] = frontend.layer.queue.jobs
    assert job.image == dog
    # kept for Ann's buttons as Bob's: his /forgetme deletes it (tests/bot/test_forget_copies.py)
    [row] = frontend.layer.store.export_user(f"dc:{USER['id']}")["photos"]
    assert row["sender"] == f"dc:{BOB['id']}"


@pytest.mark.slow
async def test_stylize_on_someone_elses_message_keeps_the_photo_as_theirs(discord_fast):
    """Stylize (the message menu) on Bob's photo: Ann gets the artist buttons, and the photo is
    kept for them as Bob's, deleted by his /forgetme; on her own message, it is hers."""
    fake, frontend = discord_fast
    for author, seed in ((BOB, 6), (USER, 7)):
        att = fake.add_attachment(f"p{seed}.png", make_photo(120, 90, seed=seed, fmt="PNG"), "image/png")
        target = user_message(author, CHANNEL, "look", [att], guild_id=GUILD)
        await fake.dispatch("INTERACTION_CREATE", interaction(2, {
            "id": "7", "name": "Stylize", "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}, USER, channel_id=CHANNEL, guild_id=GUILD))
    await fake.wait_for(lambda: len(fake.recorded("POST", f"/webhooks/{APP_ID}/")) == 2)
    rows = frontend.layer.store.export_user(f"dc:{USER['id']}")["photos"]
    assert sorted(str(r["sender"]) for r in rows) == sorted([f"dc:{BOB['id']}", "None"])
    bob = f"dc:{BOB['id']}"
    await frontend.layer.handle(Request(platform="dc", user_id=bob, chat_id=bob, text="/forgetme yes"), Recorder())
    assert [r["sender"] for r in frontend.layer.store.export_user(f"dc:{USER['id']}")["photos"]] == [None]
