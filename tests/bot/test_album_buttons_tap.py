"""The one buttons message of a caption-less album (eb0cd0f): "tap one, and all N are painted".
(a) With the album no longer known (evicted, expired; before cmd18, a restart too), a tap painted the first photo alone
    and said nothing of the others; it now says so.
(b) Anyone sending (or replying to) the album's first photo again made the album's buttons paint
    that photo alone; they paint the album still.
(c) A "did you mean" button about the first photo alone (/style gohg replying to it) painted the
    whole album; only the album's own buttons do.
(d) In a group another member's tap painted all N photos on the tapper's account (copies kept
    under them, outliving the sender's /forgetme); it paints the first photo only, and says why."""
from __future__ import annotations

from bot.messages import t
from bot.store import photo_hash

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


def buttons_of(out):
    return [b.command for reply in out.sent for row in (reply.buttons or []) for b in row]


def gogh_of(out):
    return next(c for c in buttons_of(out) if c.startswith("/style gogh"))


def forget_albums(store):
    """The albums offered forgotten, as ALBUM_OFFERS_KEPT newer ones or PHOTO_KEEP_DAYS do."""
    with store.db.conn:
        store.db.execute("delete from album_offers")


async def test_a_tap_after_the_album_is_forgotten_paints_the_first_and_says_so(layer, fake_queue, settings, store):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "", images=photos)
    forget_albums(store)
    tap = await say(layer, gogh_of(out))
    assert [job.image for job in fake_queue.jobs] == photos[:1]
    assert t("en", "album_others_gone") in tap.texts, tap.texts
    out = await say(layer, "", images=photos, locale="ko", user="tg:2")
    forget_albums(store)
    tap = await say(layer, gogh_of(out), locale="ko", user="tg:2")
    assert t("ko", "album_others_gone") in tap.texts


async def test_the_first_photo_sent_again_leaves_the_albums_buttons_painting_the_album(layer, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "", images=photos)
    alone = await say(layer, "", images=photos[:1])         # its own buttons: they paint it alone
    await say(layer, next(c for c in buttons_of(alone) if c.startswith("/style monet")))
    assert [job.image for job in fake_queue.jobs] == photos[:1]
    await say(layer, gogh_of(out))
    assert [job.image for job in fake_queue.jobs[1:]] == photos


async def test_a_did_you_mean_button_about_the_first_photo_paints_it_alone(layer, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    await say(layer, "", images=photos)
    out = await say(layer, "/style gohg", reply=photos[:1])
    button = next(c for c in buttons_of(out) if c.startswith("/style gogh"))
    assert photo_hash(photos[0]) in button
    await say(layer, button)
    assert [job.image for job in fake_queue.jobs] == photos[:1]


async def test_another_members_tap_paints_the_first_photo_only(layer, fake_queue, store):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "", images=photos, user="tg:1", **GROUP)
    tap = await say(layer, gogh_of(out), user="tg:2", **GROUP)
    assert [(job.user_id, job.image) for job in fake_queue.jobs] == [("tg:2", photos[0])]
    assert t("en", "album_not_yours") in tap.texts, tap.texts
    await say(layer, gogh_of(out), user="tg:1", **GROUP)        # the sender's: all three
    assert [job.image for job in fake_queue.jobs[1:]] == photos
