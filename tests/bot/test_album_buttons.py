"""An album sent without a caption (Telegram's media group, several attachments on Discord: one
Request with several images) got one "which artist?" buttons message per photo: 5 albums of 10
photos were 50 messages. Now one per album, whose buttons paint all of its photos."""
from __future__ import annotations

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


def buttons_of(out):
    return [b.command for reply in out.sent for row in (reply.buttons or []) for b in row]


async def test_an_album_gets_one_buttons_message_whose_tap_paints_every_photo(layer, fake_queue):
    photos = [make_photo(seed=i) for i in range(4)]
    out = await say(layer, "", images=photos)
    assert out.texts == [t("en", "pick_artist_album_all", count=4)], out.texts
    gogh = next(c for c in buttons_of(out) if c.startswith("/style gogh"))
    assert not fake_queue.jobs
    tap = await say(layer, gogh)
    assert [job.image for job in fake_queue.jobs] == photos, tap.texts
    assert len(tap.images) == 4


async def test_five_albums_of_ten_are_five_messages(layer, fake_queue):
    sent = 0
    for album in range(5):
        out = await say(layer, "", images=[make_photo(seed=album * 10 + i) for i in range(10)])
        sent += len(out.sent)
    assert sent == 5 and not fake_queue.jobs


async def test_in_korean(layer):
    out = await say(layer, "", images=[make_photo(seed=1), make_photo(seed=2)], locale="ko")
    assert out.texts == [t("ko", "pick_artist_album_all", count=2)]


async def test_an_album_with_a_default_artist_is_painted_at_once(layer, fake_queue):
    await say(layer, "/setstyle monet")
    await say(layer, "", images=[make_photo(seed=1), make_photo(seed=2)])
    assert len(fake_queue.jobs) == 2 and all(j.styles[0].value == "monet" for j in fake_queue.jobs)


async def test_the_first_photo_sent_again_alone_gets_buttons_for_itself(layer, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    await say(layer, "", images=photos)
    out = await say(layer, "", images=photos[:1])
    assert out.texts == [t("en", "pick_artist")]
    await say(layer, next(c for c in buttons_of(out) if c.startswith("/style monet")))
    assert [job.image for job in fake_queue.jobs] == photos[:1]


async def test_an_album_captioned_with_an_artist_is_painted(layer, fake_queue):
    await say(layer, "gogh", images=[make_photo(seed=1), make_photo(seed=2)])
    assert len(fake_queue.jobs) == 2
