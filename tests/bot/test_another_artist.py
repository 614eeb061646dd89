""""Another artist" under a painting repaints it as it was painted (its strength, colours, size)
with just another artist, as Stronger, Weaker and High quality do (bot/README.md: each button
"repaints the painting it is under as it was painted"); it painted with the user's settings of
the moment. /style ARTIST replying to a painting is the same request typed. A photo's own artist
buttons, and a photo sent with the command, are new paintings: the user's settings."""
import pytest

from tests.bot.conftest import make_photo

from tests.bot.test_commands import Recorder, req, say


def buttons_of(reply) -> dict[str, str]:
    return {b.command.split()[0]: b.command for row in reply.buttons for b in row}


def artist_button(reply, slug: str) -> str:
    return next(b.command for row in reply.buttons for b in row if b.command.startswith(f"/style {slug} #"))


async def painted_then_settings_changed(layer, fake_queue):
    red = make_photo(seed=1)
    await say(layer, "/strength 0.5")
    await say(layer, "/keepcolors on")
    await say(layer, "/size 200")
    painting = await say(layer, "/style gogh", images=[red])
    first = fake_queue.jobs[-1]
    assert (first.alpha, first.preserve_color, first.max_side) == (0.5, True, 200)
    await say(layer, "/strength 1")           # the user's settings since: not the painting's
    await say(layer, "/keepcolors off")
    await say(layer, "/size 300")
    return red, painting, first


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_another_artist_repaints_the_painting_as_it_was(layer, fake_queue, settings, lang):
    settings.MAX_SIDE_LIMIT = 1024
    red, painting, first = await painted_then_settings_changed(layer, fake_queue)
    picker = await say(layer, buttons_of(painting.sent[-1])["/pick"], locale=lang)     # "Another artist"
    await say(layer, artist_button(picker.sent[-1], "monet"), locale=lang)
    job = fake_queue.jobs[-1]
    assert job.image == red and job.styles[0].value == "monet"
    assert (job.alpha, job.preserve_color, job.max_side) == (0.5, True, 200)
    # a strength typed with it wins; colours and size stay the painting's
    await say(layer, f"/style hokusai 0.8 #{first.id}")
    job = fake_queue.jobs[-1]
    assert (job.alpha, job.preserve_color, job.max_side) == (0.8, True, 200)
    # typed as a reply to the painting (the front-end names it): the same
    await layer.handle(req("/style klimt", reply_ref=first.id, reply_from_bot=True), Recorder())
    job = fake_queue.jobs[-1]
    assert job.styles[0].value == "klimt" and (job.alpha, job.preserve_color, job.max_side) == (0.5, True, 200)
    # and a mix on it
    await say(layer, f"/mix gogh monet #{first.id}")
    job = fake_queue.jobs[-1]
    assert len(job.styles) == 2 and (job.alpha, job.preserve_color, job.max_side) == (0.5, True, 200)


async def test_a_photos_artist_buttons_paint_with_the_users_settings(layer, fake_queue, settings):
    settings.MAX_SIDE_LIMIT = 1024
    red, painting, first = await painted_then_settings_changed(layer, fake_queue)
    blue = make_photo(seed=2)
    picker = await say(layer, "", images=[blue])                           # a bare photo: its buttons
    await say(layer, artist_button(picker.sent[-1], "monet"))
    job = fake_queue.jobs[-1]
    assert job.image == blue and (job.alpha, job.preserve_color, job.max_side) == (1.0, False, 300)
    # a new photo sent replying to the painting is a new painting too
    green = make_photo(seed=3)
    await layer.handle(req("/style monet", images=[green], reply_ref=first.id, reply_from_bot=True), Recorder())
    job = fake_queue.jobs[-1]
    assert job.image == green and (job.alpha, job.preserve_color, job.max_side) == (1.0, False, 300)


async def test_another_artist_under_a_high_quality_painting_keeps_the_users_size(layer, fake_queue, settings):
    """/hq paints at most HQ_MAX_SIDE: that cap is no size the user asked for."""
    settings.MAX_SIDE_LIMIT = 1024
    await say(layer, "/size 200")
    painting = await say(layer, "/hq gogh 0.5", images=[make_photo(seed=1)])
    hq = fake_queue.jobs[-1]
    assert hq.max_side == settings.HQ_MAX_SIDE
    picker = await say(layer, buttons_of(painting.sent[-1])["/pick"])
    await say(layer, artist_button(picker.sent[-1], "monet"))
    job = fake_queue.jobs[-1]
    assert job.method == "auto" and job.max_side == 200 and job.alpha == 0.5
