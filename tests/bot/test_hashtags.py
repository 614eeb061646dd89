"""Hashtags under /style and /mix are the user's tags, not styles: "/style gogh #monet" painted
gogh and monet 50/50, "/mix gogh monet #klimt" a three-way mix, and "/style gogh #mycat" was "I
don't know the style “#mycat”". A hashtag alone ("/style #monet") is still the name."""
import pytest

from bot.arguments import without_hashtags

from tests.bot.test_commands import say


def painted(fake_queue):
    job = fake_queue.jobs[-1]
    return [(s.value, round(s.weight, 2)) for s in job.styles], round(job.alpha, 2)


@pytest.mark.parametrize("text,styles,alpha", [
    ("/style gogh #monet", [("gogh", 1.0)], 1.0),
    ("/gogh #monet #klimt", [("gogh", 1.0)], 1.0),
    ("/style gogh #mycat", [("gogh", 1.0)], 1.0),
    ("/style gogh 0.5 #cat #monet", [("gogh", 1.0)], 0.5),
    ("/style 고흐 #모네 #고양이", [("gogh", 1.0)], 1.0),
    ("/style gogh 0.7 monet #klimt", [("gogh", 0.7), ("monet", 0.3)], 1.0),
    ("/mix gogh monet #klimt", [("gogh", 0.5), ("monet", 0.5)], 1.0),
    ("/hq monet\n#sunset #gogh", [("monet", 1.0)], 1.0),
    ("gogh #monet", [("gogh", 1.0)], 1.0),                       # a caption naming the artist
    ("/style #monet", [("monet", 1.0)], 1.0),                    # nothing but the hashtag: the name
])
async def test_hashtags_are_no_styles(layer, fake_queue, photo, text, styles, alpha):
    out = await say(layer, text, images=[photo])
    assert fake_queue.jobs, out.texts
    assert painted(fake_queue) == (styles, alpha)


def test_without_hashtags():
    assert without_hashtags("gogh #monet #cat").split() == ["gogh"]
    assert without_hashtags("고흐\n#고양이").split() == ["고흐"]
    assert without_hashtags("#monet") == "#monet"
    assert without_hashtags("gogh#monet") == "gogh#monet"          # no hashtag: one word
    assert without_hashtags("gogh # 0.5") == "gogh # 0.5"
