"""A follow-up ("how about monet?") replying to one of the bot's paintings, however old, repaints
that painting's photo (bb4036c): the user pointed at it. Where that photo is kept no more, it
says so (photo_gone) and paints no other photo in its place."""
from __future__ import annotations

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


async def test_a_follow_up_replying_to_an_older_painting_repaints_its_photo(layer, fake_queue):
    older, newer = make_photo(seed=1), make_photo(seed=2)
    await say(layer, "/style gogh", images=[older])
    await say(layer, "/style gogh", images=[newer])
    out = await say(layer, "how about monet?", reply_ref=fake_queue.jobs[0].id, reply_from_bot=True)
    assert len(fake_queue.jobs) == 3, out.texts
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"]
    assert fake_queue.jobs[-1].image == older


async def test_a_follow_up_replying_to_a_painting_whose_photo_is_gone_paints_no_other(layer, fake_queue):
    own, forwarded = make_photo(seed=1), make_photo(seed=2)
    await say(layer, "/style gogh", images=[forwarded], images_from="tg:7")
    await say(layer, "/style gogh", images=[own])
    layer.store.forget_user("tg:7")                  # the forwarded photo's sender's /forgetme
    out = await say(layer, "how about monet?", reply_ref=fake_queue.jobs[0].id, reply_from_bot=True)
    assert len(fake_queue.jobs) == 2, [j.image == own for j in fake_queue.jobs]
    assert out.texts and "no longer have the photo" in out.texts[0], out.texts
