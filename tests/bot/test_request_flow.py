"""How a request flows through the command layer (fake queue), from a UX audit in English and
Korean: a photo sent with a failed command stays for the retry, artists named without a slash,
/style alone, mistyped commands, limits that hold under concurrent requests and refusals that
do not silence other commands. Each case was a reply of the old code."""
from __future__ import annotations

import asyncio
import re

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from bot.store import photo_hash

from tests.queue.fakes import FakeEngine
from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


# -- 1: the photo sent with a failed command -----------------------------------------------------
@pytest.mark.parametrize("failed", ["/style gohg", "/gohg", "/style picasso", "/mix gogh 0.5 monett klimtt",
                                    "/size 99999", "/style", "/mix gogh"])
async def test_a_photo_sent_with_a_failed_command_is_the_one_the_retry_paints(layer, fake_queue, failed):
    older, new = make_photo(seed=1), make_photo(seed=2)
    await say(layer, "/style monet", images=[older])
    await say(layer, failed, images=[new])
    await say(layer, "/style gogh")
    assert fake_queue.jobs[-1].image == new, failed
    assert fake_queue.jobs[-1].styles[0].value == "gogh"


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_first_photo_sent_with_a_typo_is_kept(layer, fake_queue, lang):
    photo = make_photo(seed=3)
    await say(layer, "/style gohg", images=[photo], user="tg:8", locale=lang)
    out = await say(layer, "/style gogh", user="tg:8", locale=lang)
    assert t(lang, "no_photo") not in out.texts and out.images == [photo]


async def test_paintings_sent_to_addstyle_are_no_photo_to_paint(layer, fake_queue):
    photo, painting = make_photo(seed=4), make_photo(90, 90, seed=5)
    await say(layer, "/style monet", images=[photo])
    await say(layer, "/addstyle my watercolours", images=[painting])
    await say(layer, "/style gogh")
    assert fake_queue.jobs[-1].image == photo


# -- 2: an artist named without the slash ----------------------------------------------------------
@pytest.mark.parametrize("caption,lang,slugs", [
    ("gogh", "en", ["gogh"]), ("고흐", "ko", ["gogh"]), ("make it like monet", "en", ["monet"]),
    ("Van Gogh, please!", "en", ["gogh"]), ("gogh 50%", "en", ["gogh"]), ("고흐와 모네", "ko", ["gogh", "monet"]),
    ("gogh 70% monet", "en", ["gogh", "monet"]),
])
async def test_an_artist_in_a_caption_paints_the_photo(layer, fake_queue, photo, caption, lang, slugs):
    out = await say(layer, caption, images=[photo], locale=lang)
    assert out.images == [photo], out.texts
    assert [s.value for s in fake_queue.jobs[-1].styles] == slugs
    if caption == "gogh 50%":
        assert fake_queue.jobs[-1].alpha == 0.5
    if caption == "gogh 70% monet":
        assert [round(s.weight, 2) for s in fake_queue.jobs[-1].styles] == [0.7, 0.3]


@pytest.mark.parametrize("name,lang,slug", [("monet", "en", "monet"), ("모네", "ko", "monet")])
async def test_a_name_typed_after_the_artist_buttons_paints_their_photo(layer, fake_queue, photo, name, lang, slug):
    out = await say(layer, "", images=[photo], locale=lang)
    assert out.sent[0].buttons and not fake_queue.jobs
    out = await say(layer, name, locale=lang)
    assert t(lang, "text_hint") not in out.texts and out.images == [photo]
    assert fake_queue.jobs[-1].styles[0].value == slug


@pytest.mark.parametrize("text,lang,slug", [
    ("고흐처럼", "ko", "gogh"), ("모네 스타일로", "ko", "monet"), ("김홍도풍으로", "ko", "kimhongdo"),
    ("고흐 느낌으로 그려줘", "ko", "gogh"), ("고흐처럼 그려 주세요", "ko", "gogh"), ("고흐처럼그려줘", "ko", "gogh"),
    ("빈센트 반 고흐처럼", "ko", "gogh"), ("모네의 그림처럼", "ko", "monet"), ("in the style of monet", "en", "monet"),
    ("like gogh please", "en", "gogh"), ("monet's style", "en", "monet"), ("make it look like van gogh!", "en", "gogh"),
])
async def test_an_artist_named_with_particles_or_request_words_paints(layer, fake_queue, photo, text, lang, slug):
    out = await say(layer, text, images=[photo], locale=lang, user="tg:21")
    assert out.images == [photo] and fake_queue.jobs[-1].styles[0].value == slug, out.texts
    out = await say(layer, text, locale=lang, user="tg:21")       # typed after the photo: paints it too
    assert t(lang, "text_hint") not in out.texts and out.images == [photo]
    assert fake_queue.jobs[-1].styles[0].value == slug


@pytest.mark.parametrize("text,lang", [("그려줘", "ko"), ("정선으로 가는 길", "ko"), ("thanks!", "en"),
                                       ("please", "en")])
async def test_request_words_without_a_known_name_paint_nothing(layer, fake_queue, text, lang):
    assert (await say(layer, text, locale=lang)).texts == [t(lang, "text_hint")]
    assert not fake_queue.jobs


@pytest.mark.parametrize("caption,lang", [
    ("vincent and me at the beach", "en"), ("me and vincent in paris", "en"), ("sunset at the beach", "en"),
    ("my cat klimt", "en"), ("우리 집 고양이", "ko"), ("정선 가는 길", "ko"), ("정선 여행", "ko"),
    ("우리 강아지 뭉크", "ko"), ("고흐 그림 보러 감", "ko"),
])
async def test_a_name_met_in_passing_in_a_caption_shows_the_buttons(layer, fake_queue, photo, caption, lang):
    out = await say(layer, caption, images=[photo], locale=lang)       # 정선 is a county too; 뭉크 a dog's name
    assert out.texts == [t(lang, "pick_artist")] and not fake_queue.jobs


@pytest.mark.parametrize("caption,lang,slug", [
    ("vincent", "en", "gogh"), ("정선", "ko", "jeongseon"), ("겸재 정선", "ko", "jeongseon"),
    ("my cat like monet", "en", "monet"), ("our dog, monet style", "en", "monet"),
    ("the cat in the style of klimt", "en", "klimt"), ("우리 고양이 고흐처럼", "ko", "gogh"),
    ("우리 집 고양이를 모네 스타일로 그려 주세요", "ko", "monet"),
])
async def test_a_caption_that_names_the_artist_or_asks_for_the_style_paints(layer, fake_queue, photo, caption, lang,
                                                                            slug):
    out = await say(layer, caption, images=[photo], locale=lang)
    assert out.images == [photo] and fake_queue.jobs[-1].styles[0].value == slug, out.texts


async def test_text_that_names_no_artist_still_gets_the_hint_or_the_buttons(layer, fake_queue, photo):
    assert (await say(layer, "hello there")).texts == [t("en", "text_hint")]
    assert (await say(layer, "what a nice day at the beach", images=[photo])).sent[0].buttons
    # a long message is not searched for names: "monet" in a story is no request
    long = "we went to the museum yesterday and saw a monet there, it was lovely"
    assert (await say(layer, long, images=[photo])).sent[0].buttons
    assert not fake_queue.jobs


async def test_in_groups_only_a_name_addressed_to_the_bot_paints(layer, fake_queue, photo):
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    assert (await say(layer, "gogh", images=[photo], **group)).sent == []       # chatter: "look, a gogh!"
    assert (await say(layer, "like monet", **group)).sent == []
    assert not fake_queue.jobs
    out = await say(layer, "@paintbot gogh", images=[photo], mentioned=True, **group)
    assert out.images == [photo] and fake_queue.jobs[-1].styles[0].value == "gogh"


# -- 3: /style or /hq without an artist (Telegram's command menu) -----------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("verb,key", [("/style", "pick_artist"), ("/hq", "pick_artist_hq")])
async def test_a_command_without_an_artist_shows_the_buttons_of_its_method(layer, fake_queue, photo, verb, key, lang):
    out = await say(layer, verb, images=[photo], locale=lang)
    assert out.texts == [t(lang, key)] and not fake_queue.jobs
    ref = " #" + photo_hash(photo)
    assert f"{verb} gogh{ref}" in commands_of(out.sent[0]) and len(commands_of(out.sent[0])) == 9
    await say(layer, f"{verb} gogh{ref}", locale=lang)                  # the tap
    assert fake_queue.jobs[-1].image == photo
    assert fake_queue.jobs[-1].method == ("gatys" if verb == "/hq" else "auto")


async def test_a_command_without_an_artist_uses_the_last_photo(layer, fake_queue, photo):
    await say(layer, "", images=[photo])                    # the buttons, then the menu's /style
    out = await say(layer, "/style")
    assert f"/style monet #{photo_hash(photo)}" in commands_of(out.sent[0])


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("verb", ["/style", "/hq"])
async def test_without_a_photo_either_it_asks_for_both_naming_the_command(layer, fake_queue, verb, lang):
    out = await say(layer, verb, locale=lang)
    assert out.texts == [t(lang, "no_style_no_photo", command=verb)] and not out.sent[0].buttons
    assert f"{verb} {dict(en='gogh', ko='고흐')[lang]}" in out.texts[0]     # (Korean examples: Korean names)


# -- 4: a mistyped command ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("text,meant", [("/stlye gogh", "/style gogh"), ("/stylize gogh", "/style gogh"),
                                        ("/setings", "/settings"), ("/hqq monet", "/hq monet")])
async def test_a_mistyped_command_offers_the_nearest_one(layer, fake_queue, photo, text, meant, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert not fake_queue.jobs
    assert out.texts == [t(lang, "unknown_command_near", command=text.split()[0][1:], suggestions=meant)]
    ref = f" #{photo_hash(photo)}" if meant.split()[0] in ("/style", "/hq") else ""
    assert commands_of(out.sent[0]) == [meant + ref]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_mistyped_artist_command_offers_the_artist(layer, fake_queue, lang):
    photo = make_photo(seed=6)
    out = await say(layer, "/gohg", images=[photo], locale=lang)
    gogh = layer.catalog.get("gogh").name(lang)
    assert out.texts == [t(lang, "unknown_command_near", command="gohg", suggestions=gogh)]
    assert commands_of(out.sent[0]) == [f"/style gogh #{photo_hash(photo)}"]
    await say(layer, "/style monet", images=[make_photo(seed=7)])          # another photo since
    await say(layer, commands_of(out.sent[0])[0], locale=lang)              # the tap
    assert fake_queue.jobs[-1].image == photo and fake_queue.jobs[-1].styles[0].value == "gogh"


async def test_an_unknown_artist_command_with_a_photo_points_to_the_list(layer, fake_queue, photo):
    out = await say(layer, "/picasso", images=[photo])
    assert out.texts == [t("en", "unknown_command_photo", command="picasso")] and "/styles" in out.texts[0]
    assert (await say(layer, "/xyzzy")).texts == [t("en", "unknown_command", command="xyzzy")]


async def test_styles_with_an_artist_and_a_photo_paints(layer, fake_queue, photo):
    out = await say(layer, "/styles gogh", images=[photo])
    assert out.images == [photo] and fake_queue.jobs[-1].styles[0].value == "gogh"
    assert "Vincent van Gogh" in (await say(layer, "/styles")).texts[0]        # the list, as before


@pytest.mark.parametrize("text", ["/ style gogh", "/  gogh"])
async def test_a_space_after_the_slash_is_no_matter(layer, fake_queue, photo, text):
    assert (await say(layer, text, images=[photo])).images == [photo]
    assert fake_queue.jobs[-1].styles[0].value == "gogh"


async def test_in_a_group_a_mistyped_command_addressed_to_the_bot_gets_the_suggestion(layer, fake_queue, photo):
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    out = await say(layer, "/gohg@paintbot", images=[photo], mentioned=True, **group)
    assert commands_of(out.sent[0]) == [f"/style gogh #{photo_hash(photo)}"]
    assert (await say(layer, "/gohg", images=[photo], **group)).sent == []     # maybe another bot's


@pytest.mark.parametrize("text,slugs,method,alpha", [
    ("/style_gogh", ["gogh"], "auto", None), ("/hq_monet", ["monet"], "gatys", None),
    ("/style_van_gogh 50%", ["gogh"], "auto", 0.5), ("/style_gogh_monet", ["gogh", "monet"], "auto", None),
    ("/style_gogh@paintbot", ["gogh"], "auto", None),
])
async def test_a_command_typed_with_an_underscore_as_telegram_users_tap_it(layer, fake_queue, photo, text, slugs,
                                                                          method, alpha):
    out = await say(layer, text, images=[photo])
    assert out.images == [photo], out.texts
    job = fake_queue.jobs[-1]
    assert [s.value for s in job.styles] == slugs and job.method == method
    assert alpha is None or job.alpha == pytest.approx(alpha)


async def test_an_underscored_command_sets_the_default_and_suggests_a_mistyped_artist(layer, store, fake_queue, photo):
    await say(layer, "/setstyle_monet")
    assert store.prefs("tg:1").default_style == "monet"
    out = await say(layer, "/style_gohg", images=[photo])
    assert commands_of(out.sent[0]) == [f"/style gogh #{photo_hash(photo)}"] and not fake_queue.jobs


async def test_an_album_with_an_underscored_command_paints_each_photo(layer, fake_queue):
    photos = [make_photo(seed=11), make_photo(seed=12)]
    await say(layer, "/style_gogh", images=photos)
    assert [job.image for job in fake_queue.jobs] == photos


async def test_in_a_group_an_underscored_command_paints_a_known_artist_only(layer, fake_queue, photo):
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    assert (await say(layer, "/style_gogh", images=[photo], **group)).images == [photo]      # as /gogh does
    assert (await say(layer, "/style_xyzzy", images=[photo], **group)).sent == []           # maybe another bot's


# -- 5: paintings in progress, under requests handled at once ----------------------------------------
async def test_buttons_tapped_at_once_make_no_more_jobs_than_the_limit(settings, store, photo):
    settings.MAX_PENDING_PER_USER = 2
    queue = FakeQueue(delay=0.2)
    layer = CommandLayer(settings, store, queue)
    await say(layer, "", images=[photo])
    taps = ["/style gogh", "/style monet", "/style klimt", "/style munch", "/hq turner", "/preview"]
    said = await asyncio.gather(*(say(layer, tap) for tap in taps))
    assert len({job.id for job in queue.jobs}) == 2, [o.texts for o in said]
    assert sum(bool(o.images) for o in said) == 2
    assert not layer.pending["tg:1"]                          # every slot given back
    assert (await say(layer, "/style gogh")).images              # and free again


async def test_a_slot_is_given_back_when_the_queue_fails_before_the_job_is_queued(settings, store, photo):
    class Broken(FakeQueue):
        async def submit(self, job):
            raise ConnectionError("the queue is away")

    settings.MAX_PENDING_PER_USER = 1
    layer = CommandLayer(settings, store, Broken())
    for _ in range(2):
        assert (await say(layer, "/style gogh", images=[photo])).texts == [t("en", "engine_error")]
    assert not layer.pending["tg:1"]


# -- 6: after a refusal, other requests are answered --------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_refusal_mutes_only_repeats_of_the_same_kind(settings, store, photo, lang):
    settings.RATE_LIMIT_JOBS = 2
    now = [1000.0]
    queue = FakeQueue()
    layer = CommandLayer(settings, store, queue, clock=lambda: now[0])
    slow = t(lang, "rate_limited", seconds=999).split("999")[0]       # the reply, up to its number

    async def texts(text, **kw):
        return (await say(layer, text, locale=lang, **kw)).texts

    for _ in range(2):
        await texts("/gogh", images=[photo])
    assert slow in (await texts("/gogh"))[0]
    assert await texts("/style monet") == [] and await texts("monet") == []      # the same kind: told already
    assert slow in (await texts("/preview"))[0]                                  # another kind: told
    assert await texts("/preview") == []
    assert slow in (await texts("/hq gogh"))[0]
    for command in ("/help", "/status", "/settings", "/styles"):                 # no painting: never muted
        assert (await texts(command)) and slow not in (await texts(command))[0], command
    assert len(queue.jobs) == 2


# -- 7: the in-process queue's estimates, per lane ----------------------------------------------------
class HqTakesLonger(FakeEngine):
    """The test engine of the queue tests, with /hq a second and a fast painting 20 ms."""

    def stylize(self, content, style, *, method="adain", **kw):
        return super().stylize(content, "sleep:1.0" if method == "gatys" else "quick", method=method, **kw)


class FirstTexts(Recorder):
    """The progress line as first sent, before edits replace it."""

    async def send(self, reply):
        self.first = getattr(self, "first", None) or reply.text
        return await super().send(reply)


async def test_the_in_process_queue_estimates_each_lane_by_its_own_times(settings, store, photo):
    from engine.queue.memory import InProcessQueue

    from engine.jobs import Job, StyleRef, run_job

    # the first painting of a process imports the image modules (a second): not a painting's time
    run_job(HqTakesLonger(), Job(user_id="warm", chat_id="warm", image=photo, styles=[StyleRef("artist", "gogh")]))
    queue = InProcessQueue(engine_factory=HqTakesLonger)
    await queue.start()
    try:
        layer = CommandLayer(settings, store, queue)
        await say(layer, "/style gogh", images=[photo])
        await say(layer, "/hq gogh", images=[photo])               # times learnt: 20 ms and 1 s
        assert layer.lane_seconds(queue.status(), "fast") < 0.1       # not their mean, 0.5 s (/status: "about 1 s")
        assert "about 1 s" in (await say(layer, "/status")).texts[0]
        first = asyncio.create_task(say(layer, "/hq monet", images=[photo], user="tg:2"))
        await asyncio.sleep(0.1)
        status = (await say(layer, "/status", user="tg:2")).texts[0]
        # the hq lane's own time: at least its painting's 1 s sleep (more on a loaded machine), not
        # the lanes' mean, 0.5 s; said in seconds with the unit (chat.duration_text)
        hq_seconds = re.search(r"high-quality painting takes about (\d+\.\d) s\.", status)
        assert hq_seconds and float(hq_seconds[1]) >= 1.0, status
        assert t("en", "queue_status_hq", waiting=0, running=1, hq_seconds=f"{hq_seconds[1]} s", mine=1) in status
        second = FirstTexts()
        await layer.handle(req("/hq monet", images=[photo], user="tg:3"), second)
        assert "position 1, about 2 s" in second.first       # what is left of the first /hq, then its own
        await first
    finally:
        await queue.stop()


# -- a strip is judged at the user's own painting size ----------------------------------------------
async def test_a_strip_too_thin_at_the_default_size_paints_at_a_larger_size(layer, fake_queue):
    strip = make_photo(4000, 32, fmt="PNG")      # 125:1: past 64:1 at the tests' 128 px, within 4096:1 at 1024
    out = await say(layer, "/style gogh", images=[strip])
    assert not fake_queue.jobs and out.texts[-1] == t("en", "image_too_thin", width=4000, height=32, ratio=64)
    await say(layer, "/size 1024")
    await say(layer, "/style gogh", images=[strip])
    assert fake_queue.jobs and fake_queue.jobs[-1].image == strip


def test_short_paintings_are_not_said_to_take_no_time():
    from bot.commands import seconds_text
    # a GPU paints in hundredths of a second: "about 0.0 s" read as a broken estimate
    assert [seconds_text(s) for s in (0.04, 0.001, 0.12, 1.26, 35.0, 0.0)] == \
        ["0.04", "0.01", "0.1", "1.3", "35.0", "0.0"]


# -- review: a suggested command that does not paint carries no arguments ----------------------------
@pytest.mark.parametrize("text,group", [("/forgetm yes", False), ("/forgetm@paintbot yes", True),
                                        ("/forgetme_ yes tg:5", False)])
async def test_a_suggested_forgetme_asks_before_deleting_whoever_taps_it(layer, fake_queue, photo, text, group):
    where = dict(chat="tg:-100", community="tg:-100", mentioned=True) if group else {}
    await say(layer, "/style gogh", images=[photo], user="tg:7", **where)
    out = await say(layer, text, user="tg:5", **where)
    assert commands_of(out.sent[0]) == ["/forgetme"]
    tap = await say(layer, commands_of(out.sent[0])[0], user="tg:7", **where)
    assert tap.texts == [t("en", "forget_confirm")] and fake_queue.forgotten_users == []
    assert layer.store.prefs("tg:7").last_styles


# -- review: chat text without a photo starts no painting ------------------------------------------
@pytest.mark.parametrize("text", ["do you like monet?", "can you do it like this monet", "is it a monet?",
                                  "the monet", "you like gogh"])
async def test_chat_about_an_artist_without_a_photo_paints_nothing(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])               # the artist buttons: a last photo to paint
    out = await say(layer, text)
    assert not fake_queue.jobs and not out.images, out.texts


@pytest.mark.parametrize("text,slug", [("paint it like monet", "monet"), ("monet please", "monet"),
                                       ("gogh 50%", "gogh"), ("고흐 그려줘", "gogh"), ("make it like monet", "monet")])
async def test_a_request_without_a_photo_paints_the_last_one(layer, fake_queue, photo, text, slug):
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert out.images == [photo] and fake_queue.jobs[-1].styles[0].value == slug, out.texts


# -- review: a group photo for another bot is not kept ------------------------------------------------
@pytest.mark.parametrize("caption", ["/sticker", "/sticker@otherbot", "/xyzzy make one"])
async def test_a_group_photo_sent_to_another_bot_is_not_the_last_photo(layer, fake_queue, caption):
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    ours, theirs = make_photo(seed=21), make_photo(seed=22)
    await say(layer, "/style gogh", images=[ours], **group)
    assert (await say(layer, caption, images=[theirs], **group)).sent == []
    await say(layer, "/style monet", **group)
    assert fake_queue.jobs[-1].image == ours
    await say(layer, "/style_gogh", images=[theirs], **group)          # ours: kept and painted
    await say(layer, "/style monet", **group)
    assert fake_queue.jobs[-1].image == theirs


# -- review: small ones ------------------------------------------------------------------------------
async def test_a_space_after_the_slash_makes_no_command_of_any_word(layer, fake_queue):
    assert (await say(layer, "/ hi there")).texts == [t("en", "text_hint")]
    assert (await say(layer, "/ settings")).texts != [t("en", "text_hint")]


def test_a_display_name_drops_bidi_marks():
    from bot.commands import display_name
    assert display_name("a\u200eb\u200fc\u061cd") == "a b c d"
