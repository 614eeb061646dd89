"""A hashtag ends where its word does: what follows it up to the next space (punctuation, an
emoji) goes with it. "/style gogh #cat!" was "I don't know the style “#cat!”", "/style gogh #cat,
#dog" unknown “#cat”, "/style 고흐 #고양이🐱" unknown; and where every word is a hashtag, those
naming a style are the names: "/style #monet #cat" was unknown “#cat”."""
import pytest

from bot.arguments import without_hashtags
from bot.messages import t

from tests.bot.test_commands import say


def painted(fake_queue):
    job = fake_queue.jobs[-1]
    return [(s.value, round(s.weight, 2)) for s in job.styles], round(job.alpha, 2)


@pytest.mark.parametrize("text,styles,alpha", [
    ("/style gogh #cat!", [("gogh", 1.0)], 1.0),
    ("/style gogh #cat, #dog", [("gogh", 1.0)], 1.0),
    ("/style gogh #cat,#dog", [("gogh", 1.0)], 1.0),
    ("/style gogh #cat#dog", [("gogh", 1.0)], 1.0),
    ("/style 고흐 #고양이🐱", [("gogh", 1.0)], 1.0),
    ("/style gogh 0.5 #sunset… #cat!!", [("gogh", 1.0)], 0.5),
    ("/mix gogh monet #cat!", [("gogh", 0.5), ("monet", 0.5)], 1.0),
    ("/style #monet #cat", [("monet", 1.0)], 1.0),               # all hashtags: the artist's is the name
    ("/style #cat #monet!", [("monet", 1.0)], 1.0),
    ("/style #monet #cat 0.5", [("monet", 1.0)], 0.5),
    ("/style #모네 #고양이🐱", [("monet", 1.0)], 1.0),
    ("/mix #gogh #monet #cat", [("gogh", 0.5), ("monet", 0.5)], 1.0),
])
async def test_hashtags_end_with_their_word(layer, fake_queue, photo, text, styles, alpha):
    out = await say(layer, text, images=[photo])
    assert fake_queue.jobs, out.texts
    assert painted(fake_queue) == (styles, alpha)


async def test_hashtags_naming_no_style_are_still_said(layer, fake_queue, photo):
    out = await say(layer, "/style #cat!", images=[photo])
    assert not fake_queue.jobs
    assert out.texts and out.texts[0].startswith(t("en", "unknown_style", name="#cat!"))


def test_without_hashtags_ends_them_at_the_word():
    def is_style(name):
        return name in ("monet", "gogh")

    assert without_hashtags("gogh #cat!").split() == ["gogh"]
    assert without_hashtags("gogh #cat, #dog").split() == ["gogh"]
    assert without_hashtags("고흐 #고양이🐱").split() == ["고흐"]
    assert without_hashtags("#monet #cat", is_style).split() == ["monet"]
    assert without_hashtags("#monet, #gogh! 0.5", is_style).split() == ["monet", "gogh", "0.5"]
    assert without_hashtags("#cat #dog", is_style) == "#cat #dog"        # none names a style: as written
    # not hashtags: inside a word (a button's "@painting#<digest>"), or "#" alone
    ref = "@painting#" + "0123456789abcdef" * 2
    assert without_hashtags(f"{ref} 0.5") == f"{ref} 0.5"
    assert without_hashtags("gogh#monet!") == "gogh#monet!"
    assert without_hashtags("gogh # 0.5") == "gogh # 0.5"
    assert without_hashtags("gogh #cat.monet") == "gogh #cat.monet"     # a word follows: no tag of it
