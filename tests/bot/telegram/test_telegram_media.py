"""Telegram messages with nothing still to paint (a video, a voice message, a video note, an audio
file, an animated GIF) get one clear answer where the bot is addressed; and group messages the
command layer ignores anyway (chatter, another bot's command) are not downloaded. Through
python-telegram-bot against the fake Bot API, the command layer over the fake queue."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes

recorded = test_telegram.recorded     # the front-end over the layer and the fake queue, requests kept

WAIT_S = 15.0      # how long a message may take to be handled before the test gives up on it


def moving(fake: FakeTelegram, kind: str, key: str) -> dict:
    """The fields of a message carrying ``kind``, as Telegram sends them; an animated GIF comes as
    an "animation" and a "document" (an mp4) both. The file exists: a download would succeed."""
    fake.add_file(key, b"\x00\x00\x00\x18ftypmp42" + bytes(200))
    base = {"file_id": key, "file_unique_id": "u" + key, "duration": 3, "file_size": 212}
    if kind == "video":
        return {"video": {**base, "width": 320, "height": 240, "mime_type": "video/mp4"}}
    if kind == "voice":
        return {"voice": {**base, "mime_type": "audio/ogg"}}
    if kind == "video_note":
        return {"video_note": {**base, "length": 240}}
    if kind == "audio":
        return {"audio": {**base, "mime_type": "audio/mpeg", "title": "song"}}
    assert kind == "animation"
    return {"animation": {**base, "width": 320, "height": 240, "file_name": "cat.gif.mp4", "mime_type": "video/mp4"},
            "document": {"file_id": key, "file_unique_id": "u" + key, "file_name": "cat.gif.mp4",
                         "mime_type": "video/mp4", "file_size": 212}}


KINDS = ["video", "voice", "video_note", "audio", "animation"]


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [p["text"] for p, _ in fake.sent("sendMessage", chat)]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_moving_or_sounding_message_in_private_is_answered_still_pictures_only(recorded, fake_queue, kind):
    """Videos, voice messages, video notes and audio got no reply at all (no handler); an animated
    GIF "That file is not an image (I can read ... GIF ...)". Now one clear answer, in the user's
    language, with or without a command as its caption, and nothing is downloaded or painted
    (not the user's last photo either)."""
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo()),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", 1), timeout=WAIT_S)
    downloaded, jobs = list(fake.downloads), len(fake_queue.jobs)

    fake.push("message", fake.message(ANN, PRIVATE_ANN, **moving(fake, kind, "m1")))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, caption="/style gogh", **moving(fake, kind, "m2")))
    korean = fake.message(MINSU, PRIVATE_MINSU, caption="/style 고흐", **moving(fake, kind, "m3"))
    fake.push("message", korean)
    await fake.wait_for(lambda: len(fake.handled) == 4, timeout=WAIT_S)
    assert texts(fake, 1)[-2:] == [t("en", "not_a_still_picture")] * 2
    assert texts(fake, 2) == [t("ko", "not_a_still_picture")]
    assert not any(t("en", "not_an_image") in text for text in texts(fake, 1))
    assert fake.downloads == downloaded and len(fake_queue.jobs) == jobs and len(fake.sent("sendPhoto")) == 1
    # it answers the message it is about
    assert fake.sent("sendMessage", 2)[0][0]["reply_parameters"]["message_id"] == korean["message_id"]


async def test_a_command_replying_to_a_gif_says_still_pictures_only(recorded, fake_queue):
    """"/style gogh" replying to an animated GIF: its mp4 is not downloaded and not "not an image";
    a video replied to is not taken for the user's last photo either."""
    fake = recorded
    gif = fake.message(ANN, PRIVATE_ANN, **moving(fake, "animation", "g1"))
    video = fake.message(ANN, PRIVATE_ANN, **moving(fake, "video", "v1"))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo())))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style gogh", reply_to_message=gif))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style monet", reply_to_message=video))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert texts(fake, 1)[-2:] == [t("en", "not_a_still_picture")] * 2
    assert fake.downloads == ["documents/p1"] and not fake_queue.jobs


async def test_in_a_group_only_what_is_addressed_to_the_bot_is_answered(recorded, fake_queue):
    """A video or a GIF in a group is answered where it is for the bot: a command of ours as its
    caption, a mention, a command replying to the bot. Chatter (no caption, a reaction under the
    bot's painting), another bot's command ("/style@otherbot", "/sticker") stay silent."""
    fake = recorded
    painting = fake._reply({"chat_id": GROUP["id"]}, caption="Vincent van Gogh",
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 96, "height": 72}])
    silent = [
        fake.message(ANN, GROUP, **moving(fake, "video", "s1")),
        fake.message(ANN, GROUP, **moving(fake, "animation", "s2")),
        fake.message(ANN, GROUP, reply_to_message=painting, **moving(fake, "voice", "s3")),
        fake.message(ANN, GROUP, caption="haha look", **moving(fake, "video_note", "s4")),
        fake.message(ANN, GROUP, caption="/style@otherbot gogh", **moving(fake, "video", "s5")),
        fake.message(ANN, GROUP, caption="/sticker", **moving(fake, "animation", "s6")),
    ]
    for msg in silent:
        fake.push("message", msg)
    await fake.wait_for(lambda: len(fake.handled) == len(silent), timeout=WAIT_S)
    assert not fake.sent("sendMessage") and not fake.sent("sendPhoto") and fake.downloads == []

    addressed = [
        fake.message(ANN, GROUP, caption="/style gogh", **moving(fake, "video", "a1")),
        fake.message(MINSU, GROUP, caption=f"/style@{BOT_USERNAME} 고흐", **moving(fake, "animation", "a2")),
        fake.message(ANN, GROUP, caption=f"@{BOT_USERNAME} paint this", **moving(fake, "audio", "a3")),
        fake.message(ANN, GROUP, caption="/hq", reply_to_message=painting, **moving(fake, "video_note", "a4")),
    ]
    for msg in addressed:
        fake.push("message", msg)
    await fake.wait_for(lambda: len(fake.handled) == len(silent) + len(addressed), timeout=WAIT_S)
    sent = fake.sent("sendMessage", GROUP["id"])
    assert sorted(p["text"] for p, _ in sent) == sorted(
        [t("en", "not_a_still_picture")] * 3 + [t("ko", "not_a_still_picture")])
    assert sorted(p["reply_parameters"]["message_id"] for p, _ in sent) == [m["message_id"] for m in addressed]
    assert fake.downloads == [] and not fake_queue.jobs


async def test_group_messages_the_layer_ignores_are_not_downloaded(recorded, fake_queue):
    """Group chatter with a photo, a photo captioned for another bot, another bot's command
    replying to a photo: the command layer ignores them, and their photos were downloaded first
    all the same (up to MAX_UPLOAD_MB each). Not now; what is for the bot still paints."""
    fake = recorded
    theirs = fake.message(MINSU, GROUP, photo=photo_sizes(fake, "t1", make_photo(seed=3)))
    painting = fake._reply({"chat_id": GROUP["id"]}, caption="Vincent van Gogh",
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 96, "height": 72}])
    fake.add_file("out", make_photo())
    ignored = [
        fake.message(ANN, GROUP, photo=photo_sizes(fake, "c1", make_photo())),
        fake.message(ANN, GROUP, photo=photo_sizes(fake, "c2", make_photo()), caption="look at this"),
        fake.message(ANN, GROUP, photo=photo_sizes(fake, "c3", make_photo()), caption="/style@otherbot gogh"),
        fake.message(ANN, GROUP, text="/style@otherbot gogh", reply_to_message=theirs),
        fake.message(ANN, GROUP, photo=photo_sizes(fake, "c4", make_photo()), reply_to_message=painting),
        fake.message(ANN, GROUP, document={"file_id": "c1", "file_unique_id": "dc1", "file_name": "a.jpg",
                                           "mime_type": "image/jpeg"}, caption="nice"),
        fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "c5", make_photo()), caption="/style@otherbot gogh"),
    ]
    for msg in ignored:
        fake.push("message", msg)
    await fake.wait_for(lambda: len(fake.handled) == len(ignored), timeout=WAIT_S)
    assert fake.downloads == []
    assert not fake.sent("sendMessage") and not fake.sent("sendPhoto")

    # for the bot: a command of ours, a mention, a command replying to someone's photo
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "b1", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", GROUP["id"]), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text="/style monet", reply_to_message=theirs))
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "b2", make_photo(seed=2)),
                                      caption=f"@{BOT_USERNAME} gogh please"))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 3, timeout=WAIT_S)
    assert sorted(fake.downloads) == ["documents/b1", "documents/b2", "documents/t1"]
    assert sorted(job.styles[0].value for job in fake_queue.jobs) == ["gogh", "gogh", "monet"]


def test_the_upload_limit_is_at_most_what_telegrams_own_bot_api_lets_a_bot_download():
    """MAX_UPLOAD_MB=50 with Telegram's own Bot API: a 25 MB photo cannot be downloaded (20 MB
    there), and the user read "too large (? MB; the limit is 50 MB)". A local Bot API server
    (TELEGRAM_API_BASE) has no such limit. Found by an adversarial run."""
    from bot.settings import Settings
    from bot.telegram_bot import download_limit_mb

    def settings(**kw):
        return Settings(_env_file=None, TELEGRAM_TOKEN=None, DISCORD_TOKEN=None, **kw)

    assert download_limit_mb(settings(MAX_UPLOAD_MB=50)) == 20
    assert download_limit_mb(settings(MAX_UPLOAD_MB=10)) == 10
    assert download_limit_mb(settings(MAX_UPLOAD_MB=50, TELEGRAM_API_BASE="http://127.0.0.1:8081")) == 50
