"""A mix naming an artist twice is one part with both shares ("gogh 0.7 monet gogh": Van Gogh
85%); naming only one artist ("/mix gogh gogh") is no mix, and says so with a button that paints
that artist alone (it painted "gogh 50% + gogh 50%"). A suggestion for a mistyped name is offered
only where the request it sends would paint: "/mix gogh 0.5 monet 0.5 gohg" offered
"/mix gogh 0.5 monet 0.5 gogh", which leaves nothing for its last artist and names gogh twice."""
import pytest

from bot.messages import t
from bot.store import photo_hash

from tests.bot.test_commands import say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


def shares(job) -> list[tuple[str, float]]:
    return [(s.value, round(s.weight, 2)) for s in job.styles]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_suggestion_whose_mix_cannot_paint_is_not_offered(layer, fake_queue, photo, lang):
    out = await say(layer, "/mix gogh 0.5 monet 0.5 gohg", images=[photo], locale=lang)
    assert not fake_queue.jobs
    assert out.texts == [t(lang, "unknown_style", name="gohg") + " " + t(lang, "unknown_style_list")]
    assert not out.sent[0].buttons
    # the same as /style
    out = await say(layer, "/style gogh 0.5 monet 0.5 gohg", images=[photo], locale=lang)
    assert not fake_queue.jobs and not out.sent[0].buttons


async def test_a_suggestion_that_paints_is_still_offered(layer, fake_queue, photo):
    ref = f" #{photo_hash(photo)}"
    out = await say(layer, "/mix gogh 0.5 monett", images=[photo])
    assert commands_of(out.sent[0]) == ["/mix gogh 0.5 monet" + ref]
    out = await say(layer, "/style gogh 0.5 monett", images=[photo])
    assert commands_of(out.sent[0]) == ["/style gogh 0.5 monet" + ref]
    # two names mistyped: the first fix is offered, and its reply offers the next
    out = await say(layer, "/mix gohg monett", images=[photo])
    assert commands_of(out.sent[0]) == ["/mix gogh monett" + ref]
    out = await say(layer, commands_of(out.sent[0])[0])
    assert commands_of(out.sent[0]) == ["/mix gogh monet" + ref]
    await say(layer, commands_of(out.sent[0])[0])
    assert shares(fake_queue.jobs[-1]) == [("gogh", 0.5), ("monet", 0.5)]


@pytest.mark.parametrize("text", ["/mix gogh gogh", "/mix gogh van gogh", "/style gogh gogh", "/mix 고흐와 반 고흐"])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_one_artist_named_twice_is_no_mix(layer, fake_queue, photo, text, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert not fake_queue.jobs
    name = layer.catalog.get("gogh").name(lang)
    assert out.texts == [t(lang, "mix_repeated", name=name)]
    assert commands_of(out.sent[0]) == [f"/style gogh #{photo_hash(photo)}"]
    await say(layer, commands_of(out.sent[0])[0], locale=lang)        # the button paints Van Gogh alone
    assert shares(fake_queue.jobs[-1]) == [("gogh", 1.0)]


@pytest.mark.parametrize("text,expected", [
    ("/mix gogh 0.7 monet gogh", [("gogh", 0.85), ("monet", 0.15)]),
    ("/mix van gogh 1 monet 1 gogh 2", [("gogh", 0.75), ("monet", 0.25)]),
    ("/mix gogh monet gogh", [("gogh", 0.67), ("monet", 0.33)]),
    ("/style gogh and monet and gogh", [("gogh", 0.67), ("monet", 0.33)]),
])
async def test_an_artist_named_twice_in_a_mix_gets_both_shares(layer, fake_queue, photo, text, expected):
    out = await say(layer, text, images=[photo])
    assert shares(fake_queue.jobs[-1]) == expected, out.texts
    assert out.sent[-1].text.count("Vincent van Gogh") == 1          # the caption names each once
