"""A caption without a command that names an artist and carries the user's hashtags: "gogh #cat"
under a photo got the artist buttons, as if no artist had been asked for (the tag made the words
unknown); now it paints gogh, as "/style gogh #cat" does."""
import pytest

from tests.bot.test_commands import say


@pytest.mark.parametrize("caption,styles", [
    ("gogh #cat", ["gogh"]),
    ("고흐처럼 #고양이 #여행🐱", ["gogh"]),
    ("gogh and monet #sunset!", ["gogh", "monet"]),
    ("#monet", ["monet"]),                          # tags alone: the one naming a style, as before
])
async def test_a_caption_naming_an_artist_paints_it_whatever_tags_follow(layer, fake_queue, photo, caption, styles):
    out = await say(layer, caption, images=[photo])
    assert fake_queue.jobs, out.texts
    assert [s.value for s in fake_queue.jobs[-1].styles] == styles


async def test_a_caption_of_tags_naming_no_artist_still_offers_the_buttons(layer, fake_queue, photo):
    out = await say(layer, "our trip #cat", images=[photo])
    assert not fake_queue.jobs
    assert out.sent and any(b.command.startswith("/style gogh ") for row in out.sent[-1].buttons for b in row)
