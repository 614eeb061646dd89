"""A caption "I don't like monet, ..." painted monet: "like" before a name read as "in the style
of" even where it was said not to be. A negated "like" names no style now."""
import pytest

from bot.arguments import names_the_style

from tests.bot.test_commands import say


def test_a_negated_like_is_no_style_cue():
    assert not names_the_style(["i", "don't", "like"], None) and not names_the_style(["I", "do", "not", "like"], None)
    assert not names_the_style(["I", "don’t", "really", "like"], None) and not names_the_style(["not"], None)
    assert names_the_style(["paint", "it", "like"], None) and names_the_style(["not", "gogh,", "just", "like"], None)
    assert names_the_style(["no,", "like"], None)                     # "no, like monet": a correction


def test_a_cue_after_a_name_not_liked_is_no_style_cue():
    """"I don't like monet style": the "style" after the name still painted monet."""
    assert not names_the_style(["I", "don't", "like"], "style") and not names_the_style(["not", "like"], "풍으로")
    assert names_the_style(["like"], "style") and names_the_style(["paint", "it"], "style")


@pytest.mark.parametrize("caption,painted", [("I don't like monet", []),
                                             ("I do not like monet, mix gogh and klimt", [["gogh", "klimt"]]),
                                             ("my cat doesn't look like monet", []),
                                             ("I don't like monet style", [])])
async def test_a_name_not_liked_is_not_painted(layer, fake_queue, photo, caption, painted):
    """No painting of monet; the mix asked for beside him is painted, gogh and klimt, no other."""
    out = await say(layer, caption, images=[photo])
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == painted, out.texts


@pytest.mark.parametrize("caption,artist", [("paint it like monet", "monet"), ("like monet, not like gogh", "monet"),
                                          ("not gogh, just like monet", "monet")])
async def test_a_name_liked_is_still_painted(layer, fake_queue, photo, caption, artist):
    out = await say(layer, caption, images=[photo])
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [[artist]], out.texts


async def test_a_name_not_liked_after_a_photo_is_not_painted(layer, fake_queue, photo):
    await say(layer, "", images=[photo])
    out = await say(layer, "I don't like monet")
    assert not fake_queue.jobs, out.texts
