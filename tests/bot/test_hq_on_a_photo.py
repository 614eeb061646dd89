"""A bare /hq naming a kept photo (the "/hq #<photo hash>" a Korean /고품질 offers as a button, or
/hq typed as a reply to the artist buttons under a photo) paints that photo in high quality: it
said "I no longer have the photo" about a photo it still had. Found by a review."""
from __future__ import annotations

from bot.messages import t
from bot.store import photo_hash

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


async def test_hq_on_a_kept_photo_repaints_the_last_styles_on_it(layer, fake_queue, photo):
    await say(layer, "/style monet", images=[photo])
    other = make_photo(90, 60)
    await say(layer, "", images=[other])                     # a bare photo: its artist buttons
    out = await say(layer, "/hq #" + photo_hash(other))
    assert not any("photo" in text and "20" in text for text in out.texts), out.texts
    job = fake_queue.jobs[-1]
    assert job.method == "gatys" and job.image == other
    assert [s.value for s in job.styles] == ["monet"]


async def test_hq_on_a_kept_photo_without_a_painting_before_asks_for_the_artist(layer, fake_queue, photo):
    await say(layer, "", images=[photo])
    jobs = len(fake_queue.jobs)
    out = await say(layer, "/hq #" + photo_hash(photo), locale="ko")
    assert len(fake_queue.jobs) == jobs                      # nothing painted yet: which artist?
    assert out.sent and out.sent[-1].buttons, out.texts
    assert all(text != t("ko", "photo_gone", kept=20, days=30) for text in out.texts)


async def test_hq_naming_a_photo_that_is_gone_still_says_so(layer, fake_queue, photo):
    await say(layer, "/style monet", images=[photo])
    out = await say(layer, "/hq #" + "0" * 32)
    assert out.texts == [t("en", "photo_gone", kept=20, days=30)]
