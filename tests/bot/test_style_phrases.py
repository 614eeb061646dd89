"""/style reads what a caption reads, and a mix says what is wrong with it (found by an
adversarial run of everyday flows): "/style 김홍도 느낌으로" was "I don't know the style 느낌으로"
though the caption "김홍도 느낌으로" painted; "고흐 그리고 모네" made 그리고 an unknown artist; five
known artists were "unknown"; a weight of 0 (or 1e9 against 1) painted an artist at 0%; and
/addstyle with one file that is no image among its paintings added nothing, naming no file."""
import pytest

from bot.messages import t
from engine.options import MAX_MIX_STYLES
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say


@pytest.mark.parametrize("text,slugs", [
    ("/style 김홍도 느낌으로", ["kimhongdo"]), ("/style 김홍도풍으로", ["kimhongdo"]), ("/style 고흐처럼", ["gogh"]),
    ("/style in the style of klimt", ["klimt"]), ("/style 고흐 그리고 모네", ["gogh", "monet"]),
    ("/mix 고흐 그리고 모네", ["gogh", "monet"]),
])
async def test_style_reads_an_artist_as_a_caption_does(layer, fake_queue, photo, text, slugs):
    out = await say(layer, text, images=[photo], locale="ko")
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [slugs], out.texts


async def test_a_strength_inside_a_phrase_is_not_read_as_a_mix(layer, fake_queue, photo):
    """"/style gogh 0.5 please" got the /mix usage (a review); after the name it is the strength,
    as at the end (tests/bot/test_strength_inside.py); before any name, it is not."""
    out = await say(layer, "/style 50% gogh", images=[photo])
    assert out.texts and out.texts[0] != t("en", "bad_mix") and not fake_queue.jobs, out.texts
    for text in ("/style gogh 0.5 please", "/style 고흐 50% 느낌으로"):
        out = await say(layer, text, images=[photo])
        assert (fake_queue.jobs[-1].styles[0].value, fake_queue.jobs[-1].alpha) == ("gogh", 0.5), (text, out.texts)
    await say(layer, "/style 김홍도 느낌으로 50%", images=[photo])             # at the end: the strength
    assert (fake_queue.jobs[-1].styles[0].value, fake_queue.jobs[-1].alpha) == ("kimhongdo", 0.5)


# five artists: more than a mix takes, said with its limit (mix_too_many); the others: how to write one
@pytest.mark.parametrize("text,key", [
    ("/style gogh monet klimt munch kandinsky", "mix_too_many"), ("/style gogh, monet, klimt, munch, kandinsky", "mix_too_many"),
    ("/mix gogh 0 monet", "bad_mix"), ("/mix gogh 1e9 monet 1", "bad_mix"), ("/mix gogh 0.995 monet", "bad_mix")])
async def test_a_mix_it_cannot_paint_says_how_a_mix_is_written(layer, fake_queue, photo, text, key):
    out = await say(layer, text, images=[photo])
    assert out.texts == [t("en", key, limit=MAX_MIX_STYLES)] and not fake_queue.jobs


async def test_addstyle_names_a_bad_file_and_adds_the_style_from_the_others(layer, store):
    good = [make_photo(80, 80, seed=i) for i in range(3)]
    out = await say(layer, "/addstyle Ink", images=[good[0], b"not a picture at all", *good[1:]])
    assert out.texts[0] == t("en", "album_file_refused", error=t("en", "not_an_image"))
    assert out.texts[-1].startswith("Added") and layer.described == [3]
    assert store.find_style("tg:1", "ink").paintings == 3
    alone = await say(layer, "/addstyle Wash", images=[b"nothing", b"neither"])
    assert alone.texts == [t("en", "not_an_image")] and store.find_style("tg:1", "wash") is None


async def test_a_message_naming_no_artist_just_after_the_artist_buttons_says_how_to_pick(layer, fake_queue, photo):
    """Chat without a photo paints nothing (test_request_flow), but just after a photo's artist
    buttons "send me a photo" read as if the photo had not come: it says how to pick one."""
    alone = await say(layer, "우리 고양이 모네 스타일로", locale="ko")          # no photo offered: the hint
    assert alone.texts == [t("ko", "text_hint")]
    await say(layer, "", images=[photo], locale="ko")                          # the artist buttons
    after = await say(layer, "우리 고양이 모네 스타일로", locale="ko")
    assert after.texts == [t("ko", "pick_artist_hint")] and not fake_queue.jobs
    other = await say(layer, "hello", user="tg:2")                             # another user: no offer
    assert other.texts == [t("en", "text_hint")]
    await say(layer, "monet please")                                           # asked on its own: painted
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [["monet"]]


async def test_a_full_width_slash_is_a_command(layer, fake_queue, photo):
    await say(layer, "／style gogh", images=[photo])
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [["gogh"]]
