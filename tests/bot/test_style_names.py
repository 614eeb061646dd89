"""/addstyle refuses a name the commands would read as something else, so a community's style
never takes over what its users already type: a number in it (read as a strength), a first word
that makes its shortcut another command's (/style_gogh), names of known styles or an artist's
phrase ("gogh monet", "모네처럼"), or an operator's style for everyone. And several /addstyle at
once cannot pass the community's cap together."""
import asyncio

import pytest

from bot.messages import t
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", admin=True)


def painting(seed=3):
    return [make_photo(80, 80, seed=seed)]


@pytest.mark.parametrize("name,key,params", [
    ("gogh 2", "addstyle_number", dict(number="2", joined="gogh2")),
    ("Summer 2024", "addstyle_number", dict(number="2024", joined="Summer2024")),
    ("Summer 50% Off", "addstyle_name_char", dict(char="%")),
    ("2024", "addstyle_number_only", {}),
    ("style gogh", "addstyle_command_start", dict(command="/style")),
    ("hq-monet", "addstyle_command_start", dict(command="/hq")),
    ("setstyle gogh", "addstyle_command_start", dict(command="/setstyle")),
    ("gogh monet", "addstyle_reads_as_styles", dict(names="Vincent van Gogh + Claude Monet")),
    ("gogh and monet", "addstyle_reads_as_styles", dict(names="Vincent van Gogh + Claude Monet")),
    ("모네처럼", "addstyle_reads_as_styles", dict(names="Claude Monet")),
    ("monet style", "addstyle_reads_as_styles", dict(names="Claude Monet")),
    # a strength in words read from the name ("Light Monet" paints monet at 50%) is no name of it
    ("Light Monet", "addstyle_reads_as_styles", dict(names="Claude Monet")),
    ("gogh strongly", "addstyle_reads_as_styles", dict(names="Vincent van Gogh")),
])
async def test_a_name_read_as_something_else_is_refused(layer, store, name, key, params):
    out = await say(layer, f"/addstyle {name}", images=painting(), **GROUP)
    assert out.texts == [t("en", key, name=name, **params)]
    assert not layer.described and not store.styles_in("tg:-100")


async def test_the_refusal_speaks_korean_and_names_what_it_reads(layer):
    out = await say(layer, "/addstyle 고흐 느낌", images=painting(), locale="ko", **GROUP)
    assert out.texts == [t("ko", "addstyle_reads_as_styles", name="고흐 느낌", names="빈센트 반 고흐")]
    out = await say(layer, "/addstyle 모네 살짝", images=painting(), locale="ko", **GROUP)
    assert out.texts == [t("ko", "addstyle_reads_as_styles", name="모네 살짝", names="클로드 모네")]


async def test_names_that_only_contain_an_artist_or_a_command_word_are_fine(layer, store, fake_queue, photo):
    for name in ("Monet Garden", "my monet", "mix colors", "Summer2024", "Summer-2025", "Starry Night"):
        out = await say(layer, f"/addstyle {name}", images=painting(), **GROUP)
        assert out.texts[-1].startswith("Added"), (name, out.texts)
    # and each paints as itself; the artists' own phrases still paint the artists
    await say(layer, "/style Monet Garden", images=[photo], **GROUP)
    await say(layer, "/style gogh monet", images=[photo], **GROUP)
    assert [[s.kind for s in job.styles] for job in fake_queue.jobs] == [["descriptor"], ["artist", "artist"]]


async def test_a_community_style_cannot_hide_an_operators_style_for_everyone(layer, store):
    await say(layer, "/addstyle global Ink", images=painting(), user="tg:1000")
    out = await say(layer, "/addstyle ink", images=painting(4), **GROUP)
    assert out.texts == [t("en", "addstyle_global_exists", name="ink", existing="Ink")]
    # one added before the operator's is kept, and the operator's is not listed where it is hidden
    await say(layer, "/addstyle Wash", images=painting(5), **GROUP)
    await say(layer, "/addstyle global Wash", images=painting(6), user="tg:1000")
    listing = "\n".join((await say(layer, "/communitystyles", **GROUP)).texts)
    assert listing.count("Wash") == 1 and listing.count("Ink") == 1
    assert "Wash" in "\n".join((await say(layer, "/communitystyles", user="tg:7")).texts)   # elsewhere it is


async def test_several_addstyle_at_once_stay_under_the_cap(layer, store, settings):
    settings.MAX_STYLES_PER_COMMUNITY = 3
    for name in ("One", "Two"):
        await say(layer, f"/addstyle {name}", images=painting(), **GROUP)
    describe = layer.describer

    async def slow(images, path):        # all three pass the first check while the others describe
        await asyncio.sleep(0.2)
        await describe(images, path)

    layer.describer = slow
    outs = await asyncio.gather(*(say(layer, f"/addstyle {name}", images=painting(), **GROUP)
                                  for name in ("Three", "Four", "Five")))
    assert len(store.styles_in("tg:-100")) == 3
    texts = [out.texts[-1] for out in outs]
    assert sum(text.startswith("Added") for text in texts) == 1
    assert texts.count(t("en", "addstyle_limit", count=3, limit=3)) == 2
    kept = {p.name for p in store.style_dir("tg:-100").iterdir()}
    assert kept == {f"{s.key}.safetensors" for s in store.styles_in("tg:-100")}      # no file left behind


async def test_removestyle_names_the_style_as_it_was_added_and_lists_ignore_case(layer, store):
    for name in ("banana", "Cherry", "apple"):
        await say(layer, f"/addstyle {name}", images=painting(), **GROUP)
    assert [s.name for s in store.styles_in("tg:-100")] == ["apple", "banana", "Cherry"]
    out = await say(layer, "/removestyle CHERRY", **GROUP)
    assert out.texts == [t("en", "removestyle_done", name="Cherry")]


async def test_a_slow_addstyle_holds_back_no_status_or_help(layer, store):
    """Messages wait for the user's earlier ones only where they read what those do (a setting, a
    photo, a painting queued): /status and /help waited 10 s each behind a /addstyle describing."""
    describe, go_on = layer.describer, asyncio.Event()

    async def slow(images, path):
        await go_on.wait()
        await describe(images, path)

    layer.describer = slow
    adding = asyncio.create_task(say(layer, "/addstyle Ink", images=painting()))
    await asyncio.sleep(0.05)
    status = await asyncio.wait_for(say(layer, "/status"), 5)          # answered while it describes
    assert status.texts[0].startswith("Queue:") and not adding.done()
    go_on.set()
    assert (await adding).texts[-1].startswith("Added")
