"""The command layer on its own (fake queue): parsing, aliases in both languages, preferences,
rate limits, admin rules, bad input, the user's data."""
from __future__ import annotations

import asyncio
import io
import json
import re
import struct
import time
import zipfile
import zlib

import pytest

from bot.commands import STRENGTH_STEP, CommandLayer, Request, parse_command
from bot.messages import table, t
from bot.store import PHOTOS_KEPT, photo_hash
from engine.options import MAX_MIX_STYLES

from tests.bot.conftest import FakeQueue, Recorder, make_photo


def req(text="", images=(), reply=(), user="tg:1", chat=None, community=None, locale="en", admin=None, **kw):
    async def is_admin():
        return bool(admin)

    return Request(platform=user.split(":")[0], user_id=user, chat_id=chat or user, text=text,
                   images=list(images), reply_to_images=list(reply), locale=locale,
                   community_id=community, is_admin=is_admin, bot_username="paintbot", **kw)


async def say(layer, *args, **kw) -> Recorder:
    out = Recorder()
    await layer.handle(req(*args, **kw), out)
    return out


def test_parse_command():
    assert parse_command("/style van gogh") == ("style", "van gogh")
    assert parse_command("/Style@PaintBot monet", "paintbot") == ("style", "monet")
    assert parse_command("/style@otherbot monet", "paintbot") is None
    assert parse_command("/style@otherbot monet", "paintbot", only_bot=True) == ("style", "monet")   # the web chat
    assert parse_command("/gogh") == ("gogh", "")
    assert parse_command("hello /style") is None
    assert parse_command("/mix\ngogh 0.7 monet") == ("mix", "gogh 0.7 monet")
    assert parse_command("/") is None


@pytest.mark.parametrize("text,slug", [
    ("/style gogh", "gogh"), ("/gogh", "gogh"), ("/style van gogh", "gogh"), ("/style Van Gogh", "gogh"),
    ("/style 김홍도", "kimhongdo"), ("/style 반 고흐", "gogh"), ("/monet", "monet"), ("/style 모네", "monet"),
    ("/style hokusai", "hokusai"),
])
async def test_style_aliases_in_both_languages(layer, fake_queue, photo, text, slug):
    out = await say(layer, text, images=[photo])
    assert len(fake_queue.jobs) == 1, out.texts
    job = fake_queue.jobs[0]
    assert [(s.kind, s.value, s.weight) for s in job.styles] == [("artist", slug, 1.0)]
    assert job.image == photo and job.method == "auto" and job.max_side == 128   # adaptive model if it wins
    assert out.images == [photo]                        # the result comes back as an image
    commands = {b.command for row in out.sent[-1].buttons for b in row}
    assert f"/weaker #{job.id}" in commands and f"/hq #{job.id}" in commands
    assert f"/stronger #{job.id}" not in commands                 # at full strength already
    assert not out.sent[0].progress and "✅" in out.sent[0].text   # the progress line ends as "done": an outcome


async def test_unknown_style_suggests(layer, fake_queue, photo):
    out = await say(layer, "/style gohg", images=[photo])
    assert not fake_queue.jobs
    assert "gohg" in out.texts[0] and "Vincent van Gogh" in out.texts[0] and "Did you mean" in out.texts[0]
    out = await say(layer, "/style 고흐흐", images=[photo], locale="ko")
    assert "모르겠어요" in out.texts[0]


async def test_command_without_photo(layer, fake_queue):
    out = await say(layer, "/style gogh")
    assert out.texts == [t("en", "no_photo")]
    out = await say(layer, "/style gogh", user="tg:2", locale="ko-KR")
    assert out.texts == [t("ko", "no_photo")]
    assert not fake_queue.jobs


async def test_reply_to_photo_and_last_photo(layer, fake_queue, photo):
    other = make_photo(80, 80, seed=3)
    await say(layer, "/style monet", reply=[photo])
    assert fake_queue.jobs[-1].image == photo
    await say(layer, "/style klimt", images=[other])
    out = await say(layer, "/gogh")                     # no photo: the last one
    assert fake_queue.jobs[-1].image == other and out.images


async def test_bare_photo_buttons_then_default_style(layer, fake_queue, photo):
    out = await say(layer, "", images=[photo])
    assert not fake_queue.jobs
    commands = [b.command for row in out.sent[0].buttons for b in row]
    ref = " #" + photo_hash(photo)                      # each button names the photo it paints
    assert "/style gogh" + ref in commands and "/style monet" + ref in commands and len(commands) == 9
    await say(layer, "/setstyle monet")
    await say(layer, "", images=[photo])
    assert fake_queue.jobs[-1].styles[0].value == "monet"
    await say(layer, "/setstyle off")
    out = await say(layer, "", images=[photo])
    assert len(fake_queue.jobs) == 1 and out.sent[0].buttons


async def test_button_command_uses_last_photo(layer, fake_queue, photo):
    await say(layer, "", images=[photo])
    out = await say(layer, "/style hokusai")            # what a button press sends
    assert fake_queue.jobs[-1].image == photo and out.images


async def test_preferences(layer, fake_queue, photo):
    assert "60%" in (await say(layer, "/strength 0.6")).texts[0]      # (said as captions say it)
    await say(layer, "/keepcolors on")
    await say(layer, "/size 256")
    await say(layer, "/style gogh", images=[photo])
    job = fake_queue.jobs[-1]
    assert job.alpha == pytest.approx(0.6) and job.preserve_color and job.max_side == 256
    settings_text = (await say(layer, "/settings")).texts[0]
    assert "60%" in settings_text and "256" in settings_text and "on" in settings_text
    assert "English" in settings_text and ": en" not in settings_text     # the language by name
    bad = (await say(layer, "/strength 150")).texts[0]         # 7 is 7%; 150 is neither
    assert "150" in bad and "too high" in bad
    assert (await say(layer, "/strength")).texts == [t("en", "strength_usage")]     # not "'?' is not a number"
    assert "small (384 px), medium" in (await say(layer, "/size huge")).texts[0]
    await say(layer, "/size large")                     # 768 is within MAX_SIDE_LIMIT
    await say(layer, "/style gogh 0.3", images=[photo])    # a strength for this painting only
    assert fake_queue.jobs[-1].max_side == 768 and fake_queue.jobs[-1].alpha == pytest.approx(0.3)
    await say(layer, "/hq gogh", images=[photo])
    assert fake_queue.jobs[-1].method == "gatys" and fake_queue.jobs[-1].max_side == 64   # HQ_MAX_SIDE


async def test_language_preference_and_locale(layer):
    assert (await say(layer, "/help", locale="ko")).texts[0].startswith("명령어")
    assert (await say(layer, "/help", locale="en-GB")).texts[0].startswith("Commands")
    for junk in (7, ["ko"], {"x": 1}):           # what a hand-made web chat client may send
        assert (await say(layer, "/help", locale=junk)).texts[0].startswith("Commands")
    assert (await say(layer, "/lang ko")).texts == [t("ko", "lang_done")]
    assert (await say(layer, "/help", locale="en")).texts[0].startswith("명령어")   # preference wins
    assert (await say(layer, "/lang fr")).texts == [t("ko", "lang_usage")]
    assert "/gogh" in (await say(layer, "/start")).texts[0] or "/style gogh" in (await say(layer, "/start")).texts[0]


async def test_mix(layer, fake_queue, photo):
    await say(layer, "/mix gogh 0.7 monet", images=[photo])
    assert [(s.value, round(s.weight, 2)) for s in fake_queue.jobs[-1].styles] == [("gogh", 0.7), ("monet", 0.3)]
    await say(layer, "/mix van gogh 김홍도")
    assert [(s.value, s.weight) for s in fake_queue.jobs[-1].styles] == [("gogh", 0.5), ("kimhongdo", 0.5)]
    n = len(fake_queue.jobs)
    assert (await say(layer, "/mix gogh")).texts == [t("en", "bad_mix")]
    assert (await say(layer, "/mix 0.5 gogh monet")).texts == [t("en", "bad_mix")]
    assert "Did you mean" in (await say(layer, "/mix gogh 0.5 monett klimtt")).texts[0]
    assert len(fake_queue.jobs) == n


async def test_painting_as_style(layer, fake_queue, photo):
    painting = make_photo(100, 90, seed=7)
    assert (await say(layer, "/style", reply=[painting])).texts == [t("en", "no_style_image")]
    await say(layer, "", images=[photo])
    out = await say(layer, "/style", reply=[painting])
    job = fake_queue.jobs[-1]
    assert job.image == photo and job.styles[0].kind == "image" and job.styles[0].value == painting
    assert out.images
    await say(layer, "/weaker")                         # re-runs with the same painting
    assert fake_queue.jobs[-1].styles[0].value == painting and fake_queue.jobs[-1].alpha == 0.75


async def test_stronger_weaker_hq_buttons(layer, fake_queue, photo):
    assert (await say(layer, "/stronger")).texts == [t("en", "no_previous")]
    await say(layer, "/style gogh 0.5", images=[photo])
    await say(layer, "/stronger")
    assert fake_queue.jobs[-1].alpha == 0.75 and fake_queue.jobs[-1].styles[0].value == "gogh"
    await say(layer, "/weaker")
    await say(layer, "/weaker")
    assert fake_queue.jobs[-1].alpha == 0.25
    assert (await say(layer, "/weaker")).texts == [t("en", "already_min")]
    await say(layer, "/hq")
    assert fake_queue.jobs[-1].method == "gatys" and fake_queue.jobs[-1].styles[0].value == "gogh"


async def test_rate_limit(settings, store, photo):
    settings.RATE_LIMIT_JOBS = 2
    now = [1000.0]
    q = FakeQueue()
    layer = CommandLayer(settings, store, q, clock=lambda: now[0])
    for _ in range(2):
        await say(layer, "/gogh", images=[photo])
    out = await say(layer, "/gogh", images=[photo])
    assert len(q.jobs) == 2
    assert re.search(r"Slow down.*in \d+ s", out.texts[0])
    other = await say(layer, "/gogh", images=[photo], user="tg:9")      # per user
    assert other.images
    now[0] += settings.RATE_LIMIT_WINDOW_S + 1
    assert (await say(layer, "/gogh")).images
    # /preview (9 tiles, costs 3) under a budget smaller than that: it takes the whole budget
    settings.RATE_LIMIT_JOBS = 1
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: now[0])
    assert (await say(layer, "/preview", images=[photo], user="tg:5")).images
    assert "Slow down" in (await say(layer, "/gogh", user="tg:5")).texts[0]


async def test_a_burst_past_a_limit_gets_one_reply_not_one_each(settings, store, photo):
    settings.RATE_LIMIT_JOBS = 2
    now = [1000.0]
    q = FakeQueue()
    layer = CommandLayer(settings, store, q, clock=lambda: now[0])
    said = [await say(layer, "/gogh", images=[photo]) for _ in range(30)]
    assert len(q.jobs) == 2 and sum(len(o.images) for o in said) == 2
    refusals = [text for o in said for text in o.texts if "Slow down" in text]
    assert len(refusals) == 1, refusals
    now[0] += 11                                 # a while later, still limited: told again
    assert any("Slow down" in text for text in (await say(layer, "/gogh", images=[photo])).texts)


async def test_pending_limit(settings, store, photo):
    import asyncio

    settings.MAX_PENDING_PER_USER = 1
    q = FakeQueue(delay=0.3)
    layer = CommandLayer(settings, store, q)
    first = asyncio.create_task(say(layer, "/gogh", images=[photo]))
    await asyncio.sleep(0.05)
    second = await say(layer, "/monet", images=[photo])
    assert "already have 1" in second.texts[0]
    assert (await first).images


async def test_engine_error_translated(settings, store, photo):
    layer = CommandLayer(settings, store, FakeQueue(error="truncated_image"))
    out = await say(layer, "/gogh", images=[photo], locale="ko")
    assert t("ko", "truncated_image") in out.sent[0].text and not out.images


async def test_bad_uploads(layer, fake_queue):
    out = await say(layer, "/style gogh", images=[b"this is a text file, not a photo\n" * 10])
    assert out.texts == [t("en", "not_an_image")]
    # a decompression bomb: a tiny PNG whose header claims 100000 x 100000 pixels
    def png_header(w, h):
        def chunk(kind, body):
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")

    for w, h in [(100000, 100000), (10000, 7000)]:     # past Pillow's own limit; past ours (64 MP)
        out = await say(layer, "/style gogh", images=[png_header(w, h)])
        assert "too large" in out.texts[0] and f"({round(w * h / 1e6)} " in out.texts[0], out.texts
        assert "the limit is 64 megapixels)" in out.texts[0], out.texts     # a PNG's limit, not a JPEG's 400
    # a 200 MP phone JPEG is not a bomb: the engine decodes JPEGs in draft mode (limit 400 MP)
    from bot.images import check_upload
    jpeg = bytearray(make_photo())
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5: sof + 9] = struct.pack(">HH", 12240, 16320)
    assert check_upload(bytes(jpeg), max_mb=20, max_megapixels=64) == (16320, 12240)
    tiny = make_photo(20, 20)
    assert "too small" in (await say(layer, "/style gogh", images=[tiny])).texts[0]
    out = await say(layer, "/style gogh", images=[make_photo()[:200]])
    assert out.texts[0] in (t("en", "truncated_image"), t("en", "not_an_image"))
    # cut short after a whole header: refused at once, and not kept as the last photo (every later
    # /style would paint it and fail)
    from PIL import Image

    for fmt in ("JPEG", "PNG"):
        buf = io.BytesIO()
        Image.open(io.BytesIO(make_photo(160, 120))).save(buf, fmt)
        out = await say(layer, "/style gogh", images=[buf.getvalue()[:-300]])
        assert out.texts == [t("en", "truncated_image")], (fmt, out.texts)
    assert (await say(layer, "/style gogh")).texts == [t("en", "no_photo")]
    assert not fake_queue.jobs
    assert (await say(layer, "/style gogh", images=[make_photo()])).images   # still works
    layer.settings.MAX_UPLOAD_MB = 0.001                 # about 1 kB
    assert "too large" in (await say(layer, "/style gogh", images=[make_photo()])).texts[0]
    layer.settings.MAX_UPLOAD_MB = 20
    # replying to a text file: only commands that use the file complain
    notes = [b"minutes of the meeting\n" * 10]
    assert (await say(layer, "/help", reply=notes)).texts[0].startswith("Commands")
    assert (await say(layer, "/style gogh", reply=notes)).texts == [t("en", "not_an_image")]
    assert (await say(layer, "/style", reply=notes)).texts == [t("en", "not_an_image")]
    assert (await say(layer, "/addstyle x", reply=notes)).texts == [t("en", "not_an_image")]


async def test_groups_ignore_chatter_and_other_bots(layer, fake_queue, photo):
    g = dict(user="tg:5", chat="tg:-100", community="tg:-100")
    assert (await say(layer, "hello everyone", **g)).sent == []
    assert (await say(layer, "", images=[photo], **g)).sent == []        # a holiday photo, not for us
    assert (await say(layer, "/style@otherbot gogh", images=[photo], **g)).sent == []
    assert (await say(layer, "/notacommand", **g)).sent == []
    assert (await say(layer, "/style@paintbot gogh", images=[photo], **g)).images
    assert (await say(layer, "/unknowncmd")).texts == [t("en", "unknown_command", command="unknowncmd")]


async def test_community_styles_admins_only(layer, store, fake_queue, photo):
    painting = make_photo(90, 90, seed=5)
    group = dict(chat="tg:-100", community="tg:-100")
    out = await say(layer, "/addstyle Watercolour", images=[painting], user="tg:5", admin=False, **group)
    assert out.texts == [t("en", "not_admin")] and not layer.described
    out = await say(layer, "/addstyle 수채화", images=[painting, painting], user="tg:5", admin=False,
                    locale="ko", **group)
    assert out.texts == [t("ko", "not_admin")]
    out = await say(layer, "/addstyle Watercolour", images=[painting, photo], user="tg:6", admin=True, **group)
    assert layer.described == [2] and "Watercolour" in out.texts[-1]
    # the style works in that group, by name and as a shortcut ...
    await say(layer, "/style watercolour", images=[photo], user="tg:7", **group)
    assert fake_queue.jobs[-1].styles[0].kind == "descriptor"
    # the job carries the descriptor's bytes, not a path under DATA_DIR (Redis workers elsewhere)
    path = store.style_path(store.find_style("tg:-100", "watercolour"))
    assert path.name == "watercolour.safetensors"
    assert fake_queue.jobs[-1].styles[0].value == path.read_bytes() == b"descriptor"
    await say(layer, "/watercolour", images=[photo], user="tg:7", **group)
    assert fake_queue.jobs[-1].styles[0].kind == "descriptor"
    assert "Watercolour" in (await say(layer, "/communitystyles", user="tg:7", **group)).texts[0]
    # ... and nowhere else
    out = await say(layer, "/style watercolour", images=[photo], user="tg:7", chat="tg:-200", community="tg:-200")
    assert "don't know" in out.texts[0]
    # names of catalog artists are taken, counts are checked
    assert "already an artist" in (await say(layer, "/addstyle gogh", images=[painting], user="tg:6",
                                             admin=True, **group)).texts[0]
    assert "1 to 10" in (await say(layer, "/addstyle empty", user="tg:6", admin=True, **group)).texts[0]
    assert "got 11" in (await say(layer, "/addstyle many", images=[make_photo(90 + i, 90, seed=i) for i in range(11)], user="tg:6",
                                  admin=True, **group)).texts[0]
    # global styles: operators only ("--global"); to anyone else "global" is a word of the name
    assert (await say(layer, "/addstyle --global Ink", images=[painting], user="tg:6", admin=True,
                      **group)).texts == [t("en", "not_operator")]
    await say(layer, "/addstyle Global Ink", images=[painting], user="tg:6", admin=True, **group)
    assert store.find_style("tg:-100", "globalink").name == "Global Ink" and store.find_style("global", "ink") is None
    await say(layer, "/addstyle global Ink", images=[painting], user="tg:1000")   # ADMIN_USER_IDS
    await say(layer, "/style ink", images=[photo], user="tg:8", chat="tg:-300", community="tg:-300")
    assert fake_queue.jobs[-1].styles[0].kind == "descriptor"
    # removing
    assert (await say(layer, "/removestyle watercolour", user="tg:5", admin=False, **group)).texts == [t("en", "not_admin")]
    assert "Removed" in (await say(layer, "/removestyle watercolour", user="tg:6", admin=True, **group)).texts[0]
    assert store.find_style("tg:-100", "watercolour") is None


async def test_private_chat_is_own_community(layer, fake_queue, photo):
    await say(layer, "/addstyle mine", reply=[make_photo(80, 80, seed=2)], user="tg:42")
    await say(layer, "/style mine", images=[photo], user="tg:42")
    assert fake_queue.jobs[-1].styles[0].kind == "descriptor"


async def test_community_style_with_spaces_has_a_working_shortcut(layer, fake_queue, photo):
    from bot.commands import TELEGRAM_COMMAND, parse_command

    out = await say(layer, "/addstyle My Style", images=[make_photo(90, 90, seed=5)])
    assert out.texts[-1].endswith("Try it: /my_style")          # not "/my style": Telegram stops at the space
    ko = (await say(layer, "/communitystyles", locale="ko")).texts[0]
    assert "/my_style — My Style" in ko
    assert "/my_style — My Style" in (await say(layer, "/styles")).texts[0]
    for text in ("/my_style", "/My_Style@paintbot", "/my-style", "/my style", "/my_style 0.5", "/my style 0.5"):
        n = len(fake_queue.jobs)
        await say(layer, text, images=[photo])
        assert len(fake_queue.jobs) == n + 1 and fake_queue.jobs[-1].styles[0].kind == "descriptor", text
    assert fake_queue.jobs[-1].alpha == 0.5
    assert TELEGRAM_COMMAND.match(parse_command("/my_style")[0])
    # a name Telegram cannot take as a command is suggested with /style, which works
    out = await say(layer, "/addstyle 수채화 붓", images=[make_photo(90, 90, seed=6)], locale="ko")
    assert out.texts[-1].endswith("/style 수채화 붓")
    assert "/style 수채화 붓 — 수채화 붓" in (await say(layer, "/communitystyles")).texts[0]
    await say(layer, "/style 수채화 붓", images=[photo])
    assert fake_queue.jobs[-1].styles[0].kind == "descriptor"
    # Discord has no /my_style command: it is told /style NAME
    out = await say(layer, "/addstyle Ink Wash", images=[make_photo(90, 90, seed=7)], user="dc:1")
    assert out.texts[-1].endswith("Try it: /style Ink Wash")
    assert "/style Ink Wash — Ink Wash" in (await say(layer, "/communitystyles", user="dc:1")).texts[0]


async def test_shortcut_of_follows_telegrams_command_rules():
    from bot.commands import shortcut_of

    assert shortcut_of("My Style") == "my_style" and shortcut_of("my-watercolours") == "my_watercolours"
    assert shortcut_of("Aquarelle  Été") == "aquarelle_ete"
    assert shortcut_of("수채화") is None and shortcut_of("x" * 33) is None
    assert shortcut_of("a" * 32) == "a" * 32


@pytest.mark.parametrize("text,key", [
    ("/addstyle help", "addstyle_usage"), ("/addstyle global help", "addstyle_usage"), ("/addstyle ?", "addstyle_usage"),
    ("/removestyle help", "removestyle_usage"), ("/style help", "style_usage"), ("/hq -h", "style_usage"),
    ("/setstyle help", "setstyle_usage"), ("/setstyle", "setstyle_usage"), ("/mix help", "bad_mix"),
    ("/strength help", "strength_usage"), ("/keepcolors help", "keepcolors_usage"), ("/lang help", "lang_usage"),
])
async def test_help_after_a_command_shows_its_usage(layer, fake_queue, photo, text, key):
    for lang in ("en", "ko"):
        out = await say(layer, text, images=[photo], user="tg:1000", locale=lang)    # an operator, with a painting
        assert out.texts == [t(lang, key)], text
    assert t("ko", key) == (await say(layer, text.replace("help", "도움말"), locale="ko")).texts[0]
    assert not fake_queue.jobs and not layer.described


async def test_help_after_a_command_without_arguments_does_nothing_else(layer, store, fake_queue, photo):
    await say(layer, "/strength 0.8")
    await say(layer, "", images=[photo])                  # the photo the buttons would paint
    for text in ("/forgetme help", "/cancel help", "/preview ?"):
        assert (await say(layer, text)).texts[0].startswith("Commands"), text
    assert store.prefs("tg:1").strength == 0.8 and store.last_photo("tg:1", "tg:1").data == photo
    assert not fake_queue.cancelled_users and not fake_queue.jobs
    size = (await say(layer, "/size help", locale="ko")).texts[0]
    assert size == t("ko", "size_usage", low=128, high=layer.settings.MAX_SIDE_LIMIT, **layer.size_names())
    assert "?" not in size


async def test_addstyle_names_a_command_as_a_command(layer):
    for name in ("start", "Pick", "my data"):
        out = await say(layer, f"/addstyle {name}", images=[make_photo(90, 90)])
        assert out.texts == [t("en", "addstyle_command", name=name)], name
    out = await say(layer, "/addstyle Van Gogh", images=[make_photo(90, 90)], locale="ko")
    assert out.texts == [t("ko", "addstyle_taken", name="Van Gogh")] and not layer.described


async def test_mydata_and_forgetme(layer, store, photo, fake_queue):
    await say(layer, "/strength 0.8", user="tg:77")
    await say(layer, "/gogh", images=[photo], user="tg:77")
    out = await say(layer, "/mydata", user="tg:77")
    name, body = out.sent[0].document
    archive = zipfile.ZipFile(io.BytesIO(body))
    data = json.loads(archive.read("mydata.json"))
    assert name == "mydata.zip" and data["user"]["strength"] == 0.8
    assert len(data["jobs"]) == 1 and data["jobs"][0]["ok"] == 1
    assert archive.read(f"photos/{photo_hash(photo)}.jpg") == photo       # the photo kept for the buttons
    assert [p["hash"] for p in data["photos"]] == [photo_hash(photo)] == [data["jobs"][0]["photo"]]
    assert store.usage()["jobs"] == 1
    group = await say(layer, "/mydata", user="tg:77", chat="tg:-5", community="tg:-5", locale="ko",
                      mentioned=True)
    assert group.texts == [t("ko", "mydata_private")] and not any(r.document for r in group.sent)
    asked = await say(layer, "/forgetme", user="tg:77", locale="ko")      # it asks first, deletes nothing
    assert asked.texts == [t("ko", "forget_confirm")] and store.export_user("tg:77")["jobs"]
    assert [b.command for row in asked.sent[0].buttons for b in row] == ["/forgetme yes tg:77", "/forgetme no"]
    assert fake_queue.forgotten_users == []
    other = await say(layer, "/forgetme yes tg:77", user="tg:78")            # pressed by someone else
    assert other.texts == [t("en", "forget_not_yours")] and fake_queue.forgotten_users == []
    await say(layer, "/forgetme yes tg:77", user="tg:77")
    assert fake_queue.forgotten_users == ["tg:77"]          # the queue's journal forgets them too
    data = store.export_user("tg:77")
    assert data["user"] is None and data["jobs"] == [] and data["photos"] == []
    assert store.export_files("tg:77") == [] and not (store.data_dir / "photos" / "tg_77").exists()
    assert (await say(layer, "/gogh", user="tg:77")).texts == [t("en", "no_photo")]


async def test_status_cancel_styles(layer, fake_queue):
    assert "Queue: 0 waiting" in (await say(layer, "/status")).texts[0]
    assert (await say(layer, "/cancel")).texts == [t("en", "nothing_to_cancel")]
    assert fake_queue.cancelled_users == ["tg:1"]
    text = (await say(layer, "/styles")).texts[0]
    assert "/gogh — Vincent van Gogh · 빈센트 반 고흐" in text or ("/gogh" in text and "고흐" in text)
    assert text.count("\n") >= 22


class LanesQueue(FakeQueue):
    """status() as engine/queue/scheduled.py gives it: a typical time per lane."""

    def status(self):
        lanes = {"fast": {"waiting": 0, "running": 0, "slots": 1, "mean_seconds": 2.8},
                 "hq": {"waiting": 0, "running": 0, "slots": 1, "mean_seconds": 41.0}}
        return {"waiting": 0, "running": 1, "mean_seconds": 2.8, "lanes": lanes}


async def test_status_quotes_the_lane_of_the_users_jobs(settings, store, photo):
    import asyncio

    layer = CommandLayer(settings, store, LanesQueue(delay=0.5))
    assert "about 2.8 s" in (await say(layer, "/status")).texts[0]
    hq = asyncio.create_task(say(layer, "/hq gogh", images=[photo]))
    await asyncio.sleep(0.1)
    for lang in ("en", "ko"):
        text = (await say(layer, "/status", locale=lang)).texts[0]
        queue_line, mine = text.split("\n")
        hq_seconds = {"en": "41.0 s", "ko": "41.0초"}[lang]      # the duration with its unit (chat.duration_text)
        assert queue_line == t(lang, "queue_status_hq", waiting=0, running=1, hq_seconds=hq_seconds, mine=1)
        # the user's painting as its progress line shows it
        assert mine == t(lang, "running", style=layer.catalog.get("gogh").name("en"), percent=50)
    assert "2.8" not in queue_line and "41.0" in queue_line
    assert "about 2.8 s" in (await say(layer, "/status", user="tg:2")).texts[0]    # someone without an hq job
    fast = asyncio.create_task(say(layer, "/monet"))
    await asyncio.sleep(0.1)
    text = (await say(layer, "/status")).texts[0]
    assert "about 2.8 s" in text and "about 41.0 s" in text and "Yours: 2" in text
    await asyncio.gather(hq, fast)
    assert "about 2.8 s" in (await say(layer, "/status")).texts[0]
    # a queue without lanes (in-process): its one mean, as before
    layer = CommandLayer(settings, store, FakeQueue(delay=0.3))
    hq = asyncio.create_task(say(layer, "/hq gogh", images=[photo]))
    await asyncio.sleep(0.1)
    assert "about 1.0 s. Yours: 1" in (await say(layer, "/status")).texts[0]
    await hq


async def test_status_says_when_the_painter_is_offline(settings, store):
    class Offline(LanesQueue):
        def __init__(self, offline):
            super().__init__()
            self.offline = offline

        def status(self):
            st = super().status()
            for lane, info in st["lanes"].items():
                info["online"] = lane not in self.offline
            return st

    for offline, key in (({"fast", "hq"}, "status_offline"), ({"hq"}, "status_offline_hq")):
        for lang in ("en", "ko"):
            text = (await say(CommandLayer(settings, store, Offline(offline)), "/status", locale=lang)).texts[0]
            assert text.endswith("\n" + t(lang, key))
    assert "⏸" not in (await say(CommandLayer(settings, store, Offline(set())), "/status")).texts[0]


async def test_a_queued_hq_job_without_an_eta_is_estimated_from_its_lane(settings, store, photo):
    from engine.queue.base import JobStatus

    class NoEta(LanesQueue):
        async def submit(self, job):
            self.jobs.append(job)
            return JobStatus(job.id, "queued", position=1, eta_seconds=None)

    class FirstTexts(Recorder):          # the progress line as first sent, before edits replace it
        async def send(self, reply):
            self.first = getattr(self, "first", None) or reply.text
            return await super().send(reply)

    out = FirstTexts()
    await CommandLayer(settings, store, NoEta()).handle(req("/hq gogh", images=[photo]), out)
    assert "position 2, about 1 min 22 s" in out.first           # 2 x the hq lane's 41 s, not 2 x 2.8 s


async def test_a_job_no_engine_serves_says_so_instead_of_a_position(settings, store, photo):
    from engine.queue.base import JobStatus

    class Offline(LanesQueue):            # what a Redis queue reports while Redis or its workers are away
        async def submit(self, job):
            self.jobs.append(job)
            return JobStatus(job.id, "queued", position=0, waiting_for="engine")

    class FirstTexts(Recorder):
        async def send(self, reply):
            self.first = getattr(self, "first", None) or reply.text
            return await super().send(reply)

    for lang, words in (("en", "painter is offline"), ("ko", "엔진이 잠시 쉬고")):
        out = FirstTexts()
        await CommandLayer(settings, store, Offline()).handle(req("/style gogh", images=[photo], locale=lang), out)
        assert words in out.first and "position" not in out.first and "번째" not in out.first


def test_a_job_begun_before_the_engine_went_out_of_reach_keeps_its_percentage_and_says_why(layer):
    from engine.queue.base import JobStatus

    st = JobStatus("j", "running", position=0, progress=0.4, waiting_for="engine")
    for lang, words in (("en", "out of reach"), ("ko", "연결이 끊겼어요")):
        text = layer._status_text(lang, "/style gogh", st)
        assert "40%" in text and words in text


async def test_an_artist_command_followed_by_help_explains_style(layer):
    for lang in ("en", "ko"):
        assert (await say(layer, "/gogh help", locale=lang)).texts[0] == t(lang, "style_usage")
    assert (await say(layer, "/gogh ?")).texts[0] == t("en", "style_usage")


async def test_help_and_styles_offer_artist_commands_only_where_they_exist(layer):
    """Telegram and the web chat take /gogh; Discord has only its registered slash commands."""
    for lang in ("en", "ko"):
        help_tg, styles_tg = [(await say(layer, c, locale=lang)).texts[0] for c in ("/help", "/styles")]
        assert "/monet" in help_tg and "\n/gogh — " in styles_tg
        help_dc, styles_dc = [(await say(layer, c, user="dc:1", locale=lang)).texts[0] for c in ("/help", "/styles")]
        assert "/monet" not in help_dc and "/gogh" not in help_dc and "gogh" in help_dc
        assert "\n/gogh" not in styles_dc and "\n/style gogh — " in styles_dc


async def test_store_migrations_idempotent(store):
    assert store.migrate() == []
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"users", "community_styles", "jobs", "migrations"} <= set(store.db.table_names())


def test_messages_complete_in_both_languages():
    from engine import errors

    en, ko = table("en"), table("ko")
    # English's texts for one ("KEY_one", bot.messages.t): Korean has no plural, and needs none
    singular = {key for key in en if key.endswith("_one") and key[:-len("_one")] in en}
    assert set(en) - singular == set(ko)
    for key in singular:
        assert set(re.findall(r"\{(\w+)\}", en[key])) <= set(re.findall(r"\{(\w+)\}", en[key[:-len("_one")]])), key
    en = {key: text for key, text in en.items() if key not in singular}
    keys = {cls.key for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.EngineError)}
    assert keys >= {"engine_error", "bad_image", "not_an_image", "truncated_image", "image_too_large",
                    "image_too_small", "unknown_style", "bad_option", "cancelled"}
    assert keys <= set(en)
    for key in en:
        fields = lambda s: set(re.findall(r"\{(\w+)\}", s))
        assert fields(en[key]) == fields(ko[key]), key
        assert re.search(r"[가-힣]", ko[key]) or key in ("result_caption", "failed", "styles_line"), key


async def test_queue_refusal_and_unknown_error_keys(settings, store, photo):
    from engine.jobs import JobResult
    from engine.queue.base import JobStatus

    class BusyQueue(FakeQueue):
        reason = "user"

        async def submit(self, job):
            self.jobs.append(job)
            return JobStatus(job.id, "failed")

        async def wait(self, job_id, on_status=None):
            return JobResult(job_id, False, error_key="busy", error_params={"minutes": 3, "reason": self.reason})

    busy = BusyQueue()
    out = await say(CommandLayer(settings, store, busy), "/gogh", images=[photo], locale="ko")
    assert out.texts == [t("ko", "busy", minutes=3)]
    busy.reason = "stopping"          # refused because the bot is restarting, not because it is crowded
    for lang, words in (("en", "a restart or maintenance"), ("ko", "재시작이나 점검")):
        out = await say(CommandLayer(settings, store, busy), "/gogh", images=[photo], locale=lang)
        assert out.texts == [t(lang, "busy_restarting")] and words in out.texts[0]
    out = await say(CommandLayer(settings, store, FakeQueue(error="some_new_key")), "/gogh", images=[photo])
    assert t("en", "engine_error") in out.sent[0].text


def test_bot_imports_no_torch_and_usage_cli(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys, bot.__main__, bot.commands, bot.telegram_bot, bot.discord_bot, bot.webchat, bot.store; "
            "print('torch' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(root), DATA_DIR=str(tmp_path / "d"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.stdout.strip() == "False", out.stderr
    from bot.store import Store

    Store(tmp_path / "d").close()                  # a bot that ran once: usage reads its database
    out = subprocess.run([sys.executable, "-m", "bot", "usage", "1"], capture_output=True, text=True, env=env,
                         cwd=tmp_path)
    assert json.loads(out.stdout) == {"jobs": 0, "users": 0, "failed": 0, "refused_busy": 0,
                                       "mean_seconds": 0.0}, out.stderr


async def test_a_default_style_that_was_removed_falls_back_to_the_buttons(layer, photo):
    await say(layer, "/addstyle Ink", images=[photo], user="tg:1000")
    await say(layer, "/setstyle ink", user="tg:1000")
    await say(layer, "/removestyle ink", user="tg:1000")
    out = await say(layer, "", images=[photo], user="tg:1000", locale="ko")
    assert out.texts[0] == t("ko", "default_style_missing", name="Ink")
    assert any(b.command.startswith("/style ") or b.command.startswith("/") for row in out.sent[-1].buttons for b in row)


def test_training_note_has_no_made_up_estimate_before_the_first_steps():
    from bot.store import CommunityStyle

    style = CommunityStyle(1, "tg:1", "Ink", "ink", "x", 1, "tg:1", 0.0, training="training", progress=0.0)
    assert CommandLayer._training_note("en", style) == " · " + t("en", "training_starting")
    style.progress, style.eta_s = 0.15, 420.0
    assert CommandLayer._training_note("ko", style) == " · " + t("ko", "training_running", percent=15, minutes=7)


# -- which photo a command, a button or a reply paints --------------------------------------------
async def test_a_photo_sent_in_one_chat_is_never_painted_in_another(layer, fake_queue):
    from tests.bot.conftest import make_photo

    await say(layer, "", images=[make_photo(seed=1)], user="tg:1", chat="tg:1")      # private
    group = dict(user="tg:1", chat="tg:-5", community="tg:-5")
    assert (await say(layer, "/style gogh", **group)).texts == [t("en", "no_photo")]
    assert not fake_queue.jobs
    await say(layer, "/style gogh", images=[make_photo(seed=2)], **group)
    await say(layer, "/weaker", **group)
    assert [j.image for j in fake_queue.jobs] == [make_photo(seed=2)] * 2
    assert (await say(layer, "/style monet", user="tg:1", chat="tg:1")).images       # the private one
    assert fake_queue.jobs[-1].image == make_photo(seed=1)


async def test_buttons_act_on_the_painting_they_are_under(layer, fake_queue):
    from tests.bot.conftest import make_photo

    red, blue = make_photo(seed=1), make_photo(seed=3)
    first = await say(layer, "/style gogh 0.6", images=[red])
    await say(layer, "/style monet", images=[blue])
    stronger = [b.command for row in first.sent[-1].buttons for b in row if b.command.startswith("/stronger")][0]
    assert stronger == f"/stronger #{fake_queue.jobs[0].id}"
    await say(layer, stronger)                             # pressed later, under the first painting
    job = fake_queue.jobs[-1]
    assert job.image == red and job.styles[0].value == "gogh" and job.alpha == pytest.approx(0.6 + STRENGTH_STEP)
    hq = [b.command for row in first.sent[-1].buttons for b in row if b.command.startswith("/hq")][0]
    await say(layer, hq)
    assert fake_queue.jobs[-1].image == red and fake_queue.jobs[-1].method == "gatys"
    # a reply to the painting (the front-end finds its id in the painting's buttons) does the same
    await layer.handle(req("/weaker", reply_ref=fake_queue.jobs[0].id), Recorder())
    assert fake_queue.jobs[-1].image == red and fake_queue.jobs[-1].alpha == pytest.approx(0.6 - STRENGTH_STEP)
    # someone else in another chat: the id reaches nothing there
    other = await say(layer, stronger, user="tg:2", chat="tg:2")
    assert other.texts == [t("en", "photo_gone", kept=20, days=30)]
    assert (await say(layer, f"/style gogh #{photo_hash(red)}", user="tg:2", chat="tg:2")).texts == \
        [t("en", "photo_gone", kept=20, days=30)]


async def test_artist_buttons_under_a_photo_paint_that_photo(layer, fake_queue):
    from tests.bot.conftest import make_photo

    photos = [make_photo(seed=i) for i in range(3)]
    outs = [await say(layer, "", images=[p]) for p in photos]          # three bare photos
    button = next(b.command for row in outs[0].sent[-1].buttons for b in row if b.command.startswith("/style gogh"))
    await say(layer, button)                                           # the first photo's button
    assert fake_queue.jobs[-1].image == photos[0]
    await say(layer, "/style monet")                                   # typed: the last photo
    assert fake_queue.jobs[-1].image == photos[2]


async def test_old_photos_make_way_and_their_buttons_say_so(layer, fake_queue, store):
    from bot.store import PHOTOS_KEPT
    from tests.bot.conftest import make_photo

    first = make_photo(seed=100)
    await say(layer, "", images=[first])
    for i in range(PHOTOS_KEPT):
        store.save_photo("tg:1", make_photo(seed=i, w=40 + i), "tg:1")
    for lang in ("en", "ko"):
        out = await say(layer, f"/style gogh #{photo_hash(first)}", locale=lang)
        assert out.texts == [t(lang, "photo_gone", kept=PHOTOS_KEPT, days=30)]
    assert len(list((store.data_dir / "photos" / "tg_1").iterdir())) == PHOTOS_KEPT


async def test_forgetme_while_a_job_runs_leaves_no_history_behind(settings, store, photo):
    import asyncio

    layer = CommandLayer(settings, store, FakeQueue(delay=0.5))
    painting = asyncio.create_task(say(layer, "/style gogh", images=[photo], user="tg:8"))
    await asyncio.sleep(0.1)
    await say(layer, "/forgetme yes", user="tg:8")
    await painting
    assert store.jobs_of("tg:8") == [] and store.export_user("tg:8")["photos"] == []


async def test_a_history_row_that_cannot_be_written_costs_no_painting(layer, store, photo, caplog):
    import sqlite3

    def locked(**row):
        raise sqlite3.OperationalError("database is locked")

    store.record_job = locked
    out = await say(layer, "/style gogh", images=[photo])
    assert out.images == [photo] and "history row was not written" in caplog.text


async def test_an_album_is_painted_photo_by_photo(layer, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "/style gogh", images=photos)
    assert [j.image for j in fake_queue.jobs] == photos and len(out.images) == 3
    await say(layer, "/monet", images=photos[:2])                      # a shortcut too
    assert [j.image for j in fake_queue.jobs[3:]] == photos[:2]
    out = await say(layer, "", images=photos[:2])        # no caption: one set of buttons, for the album
    refs = [{b.command.split("#")[-1] for row in r.buttons for b in row} for r in out.sent if r.buttons]
    assert refs == [{photo_hash(photos[0]) + "*"}]       # (its first photo, marked: test_album_buttons_tap)
    await say(layer, "/addstyle Two", images=photos[:2], user="tg:1000")   # paintings, taken together
    assert len(fake_queue.jobs) == 5


async def test_long_unknown_names_and_small_pixel_limits_read_well(settings, store, layer):
    from PIL import Image

    from bot.images import UploadError, check_upload

    text = (await say(layer, "/style " + "x" * 4000)).texts[0]
    assert len(text) < 200 and "…" in text
    buf = io.BytesIO()
    Image.new("RGB", (1000, 800)).save(buf, "PNG")
    with pytest.raises(UploadError) as err:
        check_upload(buf.getvalue(), 10, 0.5)
    assert err.value.params == {"pixels": "0.8", "limit": "0.5"}
    assert t("ko", err.value.key, **err.value.params) == "이미지가 너무 커요 (0.8메가픽셀, 최대 0.5메가픽셀)."


async def test_a_storage_problem_is_said_as_one(layer, store, caplog):
    from bot.store import StorageError

    def full(*args, **kw):
        raise StorageError("database or disk is full", store.data_dir / "bot.sqlite3")

    store.set_prefs = full
    for lang in ("en", "ko"):
        assert (await say(layer, "/setstyle monet", locale=lang)).texts == [t(lang, "storage_problem")]
    assert "storage problem: database or disk is full" in caplog.text and "Traceback" not in caplog.text


def buttons_of(reply) -> dict[str, str]:
    """A reply's buttons as {command word: full command}: {"/weaker": "/weaker #<id>", ...}."""
    return {b.command.split()[0]: b.command for row in reply.buttons for b in row}


async def test_buttons_repaint_the_painting_as_it_was(layer, fake_queue, store):
    red, blue, style1, style2 = (make_photo(seed=i) for i in (1, 2, 3, 4))
    # a painting used as a style: its buttons keep that painting, not the one used since
    first = await say(layer, "/style", images=[red], reply=[style1])
    await say(layer, "/style", images=[blue], reply=[style2])
    await say(layer, buttons_of(first.sent[-1])["/weaker"])
    job = fake_queue.jobs[-1]
    assert job.image == red and job.styles[0].kind == "image" and job.styles[0].value == style1
    assert store.last_photo("tg:1", "tg:1").data == blue                 # a style painting is never "the photo"
    # colours and size as painted, whatever the preferences say now; /hq keeps a light touch
    light = await say(layer, "/style gogh 0.1", images=[red])
    await say(layer, "/keepcolors on")
    await say(layer, "/size small")
    await say(layer, buttons_of(light.sent[-1])["/stronger"])
    again = fake_queue.jobs[-1]
    assert not again.preserve_color and again.max_side == fake_queue.jobs[-2].max_side
    assert again.alpha == pytest.approx(0.1 + STRENGTH_STEP)
    await say(layer, buttons_of(light.sent[-1])["/hq"])
    assert fake_queue.jobs[-1].method == "gatys" and fake_queue.jobs[-1].alpha == pytest.approx(0.1)
    assert "/weaker" not in buttons_of(light.sent[-1])                 # 0.1: nothing weaker to offer


async def test_preview_buttons_paint_the_previewed_photo(layer, fake_queue):
    shown, later = make_photo(seed=5), make_photo(seed=6)
    out = await say(layer, "/preview", images=[shown])
    await say(layer, "/style monet", images=[later])
    await say(layer, buttons_of(out.sent[-1])["/style"])
    assert fake_queue.jobs[-1].image == shown


async def test_buttons_of_a_forgotten_user_or_a_removed_style_say_so(layer, fake_queue, photo):
    out = await say(layer, "/style gogh 0.5", images=[photo], user="tg:9")
    await say(layer, "/forgetme yes", user="tg:9")
    assert (await say(layer, buttons_of(out.sent[-1])["/weaker"], user="tg:9")).texts == \
        [t("en", "photo_gone", kept=20, days=30)]
    await say(layer, "/addstyle Ink", images=[photo], user="tg:1000")
    out = await say(layer, "/style ink 0.5", images=[photo], user="tg:1000")
    await say(layer, "/removestyle ink", user="tg:1000")
    for lang in ("en", "ko"):
        text = (await say(layer, buttons_of(out.sent[-1])["/stronger"], user="tg:1000", locale=lang)).texts
        assert text == [t(lang, "style_gone", name="Ink")]
        typed = (await say(layer, "/stronger", user="tg:1000", locale=lang)).texts      # no button: the last painting
        assert typed == [t(lang, "style_gone", name="Ink")]


async def test_album_photos_are_numbered_and_a_limit_names_the_rest(settings, store, fake_queue):
    photos = [make_photo(seed=i) for i in range(4)]
    layer = CommandLayer(settings, store, fake_queue)
    out = await say(layer, "", images=photos[:2], locale="ko")
    assert [r.text for r in out.sent] == [t("ko", "pick_artist_album_all", count=2)]   # one for the album
    settings.RATE_LIMIT_JOBS = 2
    layer = CommandLayer(settings, store, fake_queue)
    out = await say(layer, "/style gogh", images=photos)
    assert len(out.images) == 2
    assert out.texts[-1].endswith("Photos 3 to 4 of the album were not painted; please send them again later.")
    layer = CommandLayer(settings, store, fake_queue)
    out = await say(layer, "/style gogh", images=photos[:3], user="tg:43")
    assert len(out.images) == 2             # only the last left: no "photos 3 to 3"
    assert out.texts[-1].endswith("The album's last photo was not painted; please send it again later.")


async def test_a_reply_to_the_bots_painting_never_makes_it_the_photo(layer, fake_queue):
    photo, other = make_photo(seed=1), make_photo(seed=2)
    out = await say(layer, "/style gogh 0.5", images=[photo])
    job_id = fake_queue.jobs[-1].id
    painting = out.images[-1]
    await say(layer, "", images=[other])                  # the user's last photo is another one now
    await layer.handle(req("/style monet", reply=[painting], reply_ref=job_id, reply_from_bot=True), Recorder())
    assert fake_queue.jobs[-1].image == photo              # the painting's own photo, not the painting
    await layer.handle(req("/style", reply=[painting], reply_ref=job_id, reply_from_bot=True), Recorder())
    job = fake_queue.jobs[-1]                             # "/style" on it: the painting as the style
    assert job.styles[0].kind == "image" and job.styles[0].value == painting and job.image == other
    await layer.handle(req("/hq monet", reply=[b"grid"], reply_from_bot=True), Recorder())   # no ref: /preview's grid
    assert fake_queue.jobs[-1].image == other


# -- community styles: names taken, caps, a private chat's own styles, the verdict's wait ---------
async def test_adding_a_name_again_is_refused_naming_the_style_to_remove_first(layer, store):
    painting = make_photo(90, 90, seed=5)
    await say(layer, "/addstyle my style", images=[painting])
    first = store.find_style("tg:1", "mystyle")
    descriptor = store.style_path(first).read_bytes()
    for name, lang in (("My-Style", "en"), ("MY STYLE", "ko")):
        out = await say(layer, f"/addstyle {name}", images=[painting, painting], locale=lang)
        assert out.texts == [t(lang, "addstyle_exists", name=name, existing="my style",
                               command="/removestyle my style")], out.texts
        assert "my style" in out.texts[0] and "/removestyle my style" in out.texts[0]
    assert layer.described == [1]                       # refused before studying the paintings
    assert [s.name for s in store.styles_in("tg:1")] == ["my style"]
    assert store.find_style("tg:1", "mystyle") == first and store.style_path(first).read_bytes() == descriptor
    # in a group, admin B's "Ink" does not replace admin A's
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    await say(layer, "/addstyle Ink", images=[painting], user="tg:5", **group)
    out = await say(layer, "/addstyle ink", images=[painting], user="tg:6", **group)
    assert out.texts == [t("en", "addstyle_exists", name="ink", existing="Ink", command="/removestyle Ink")]
    assert store.find_style("tg:-100", "ink").created_by == "tg:5"
    # an operator's global style too
    await say(layer, "/addstyle global Ink", images=[painting], user="tg:1000")
    out = await say(layer, "/addstyle global INK", images=[painting], user="tg:1000")
    assert "/removestyle global Ink" in out.texts[0]
    # removed first, the name is free again (the operator's for everyone too: a community's
    # style may not hide it, tests/bot/test_style_names.py)
    await say(layer, "/removestyle Ink", user="tg:5", **group)
    await say(layer, "/removestyle global Ink", user="tg:1000")
    out = await say(layer, "/addstyle ink", images=[painting], user="tg:6", **group)
    assert store.find_style("tg:-100", "ink").created_by == "tg:6" and "Added" in out.texts[-1]


async def test_a_store_never_replaces_a_style(store):
    from bot.store import StyleExists

    path = store.style_dir("tg:1") / "ink.safetensors"
    path.write_bytes(b"descriptor")
    first = store.add_style("tg:1", "Ink", "ink", path, 1, "tg:1")
    with pytest.raises(StyleExists) as exc:
        store.add_style("tg:1", "INK", "ink", path, 2, "tg:2")
    assert exc.value.existing.id == first and store.find_style("tg:1", "ink").name == "Ink"


async def test_a_name_taken_says_who_added_the_style_and_when(layer, store):
    """The adder's display name (as the front-end gives it) is kept with the style; a name taken
    names them and the day, and one's own style says so. Control characters and bidi overrides
    leave the name; an "@" in it mentions nobody. After the adder's /forgetme, the plain reply."""
    painting = make_photo(90, 90, seed=5)
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    await say(layer, "/addstyle Ink", images=[painting], user="tg:5", user_name="Alice \u202eSmith\n", **group)
    ink = store.find_style("tg:-100", "ink")
    assert ink.created_by_name == "Alice Smith"
    date = time.strftime("%Y-%m-%d", time.gmtime(ink.created))
    for lang in ("en", "ko"):
        out = await say(layer, "/addstyle INK", images=[painting], user="tg:6", user_name="Bob", locale=lang, **group)
        assert out.texts == [t(lang, "addstyle_exists_by", name="INK", existing="Ink", by="Alice Smith", date=date,
                               command="/removestyle Ink")], out.texts
        assert "Alice Smith" in out.texts[0] and date in out.texts[0]
    out = await say(layer, "/addstyle ink", images=[painting], user="tg:5", user_name="Alice Smith", **group)
    assert out.texts == [t("en", "addstyle_exists_yours", name="ink", existing="Ink", date=date,
                           command="/removestyle Ink")]
    await say(layer, "/addstyle Dots", images=[painting], user="tg:7", user_name="@everyone", **group)
    out = await say(layer, "/addstyle dots", images=[painting], user="tg:6", user_name="Bob", **group)
    assert "@\u2060everyone" in out.texts[0] and "@everyone" not in out.texts[0]
    assert layer.described == [1, 1]                        # refused before studying the paintings
    # /mydata shows the name kept; /forgetme takes it with the rest
    data = json.loads(zipfile.ZipFile(io.BytesIO((await say(layer, "/mydata", user="tg:5")).sent[0].document[1]))
                      .read("mydata.json"))
    assert [s["created_by_name"] for s in data["community_styles_added"]] == ["Alice Smith"]
    await say(layer, "/forgetme yes", user="tg:5")
    assert store.find_style("tg:-100", "ink").created_by_name is None
    out = await say(layer, "/addstyle ink", images=[painting], user="tg:6", user_name="Bob", **group)
    assert out.texts == [t("en", "addstyle_exists", name="ink", existing="Ink", command="/removestyle Ink")]


async def test_a_style_from_before_adders_names_were_kept_gets_the_plain_reply(settings, monkeypatch):
    """Migration 005 adds the adder's name to community styles; rows from before have none."""
    import bot.store as store_module
    from bot.store import Store

    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:4])
        old = Store(settings.DATA_DIR)
        path = old.style_dir("tg:-100") / "ink.safetensors"
        path.write_bytes(b"descriptor")
        old.db["community_styles"].insert({"scope": "tg:-100", "name": "Ink", "key": "ink", "paintings": 1,
                                           "path": str(path.relative_to(settings.DATA_DIR)),
                                           "created_by": "tg:5", "created": time.time()})
        assert "created_by_name" not in old.db["community_styles"].columns_dict
        old.close()
    store = Store(settings.DATA_DIR)
    try:
        assert store.find_style("tg:-100", "ink").created_by_name is None
        layer = CommandLayer(settings, store, FakeQueue(), describer=None)
        for user in ("tg:6", "tg:5"):                      # not even its adder hears "you added it"
            out = await say(layer, "/addstyle ink", images=[make_photo()], user=user, user_name="Bob",
                            chat="tg:-100", community="tg:-100", admin=True)
            assert out.texts == [t("en", "addstyle_exists", name="ink", existing="Ink", command="/removestyle Ink")]
    finally:
        store.close()


async def test_styles_are_capped_per_private_chat_and_per_community(layer, store, settings):
    assert settings.MAX_STYLES_PER_USER == 10 and settings.MAX_STYLES_PER_COMMUNITY == 50     # the defaults
    settings.MAX_STYLES_PER_USER, settings.MAX_STYLES_PER_COMMUNITY = 2, 3
    painting = make_photo(90, 90, seed=5)
    for name in ("one", "two"):
        await say(layer, f"/addstyle {name}", images=[painting], user="tg:42")
    for lang in ("en", "ko"):
        out = await say(layer, "/addstyle three", images=[painting], user="tg:42", locale=lang)
        assert out.texts == [t(lang, "addstyle_limit_own", count=2, limit=2)]
    assert "/removestyle" in out.texts[0] and len(layer.described) == 2
    await say(layer, "/addstyle mine", images=[painting], user="tg:43")   # another user's own styles: their own cap
    assert store.find_style("tg:43", "mine") is not None
    await say(layer, "/removestyle two", user="tg:42")
    assert "Added" in (await say(layer, "/addstyle three", images=[painting], user="tg:42")).texts[-1]
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    for i, user in enumerate(("tg:5", "tg:6", "tg:5")):                   # every admin's styles count
        await say(layer, f"/addstyle g{i}", images=[painting], user=user, **group)
    out = await say(layer, "/addstyle g9", images=[painting], user="tg:6", **group)
    assert out.texts == [t("en", "addstyle_limit", count=3, limit=3)]
    for i in range(4):                                                     # operators' global styles: no cap
        await say(layer, f"/addstyle global x{i}", images=[painting], user="tg:1000")
    assert len(store.styles_in("global")) == 4


async def test_a_private_chats_styles_are_the_users_own(layer, store):
    painting = make_photo(90, 90, seed=5)
    for lang in ("en", "ko"):
        assert t(lang, "community_none_own") == (await say(layer, "/communitystyles", user="tg:42",
                                                            locale=lang)).texts[0]
    out = await say(layer, "/addstyle Ink", images=[painting], user="tg:42")
    assert out.texts[-1] == t("en", "addstyle_done_own", name="Ink", count=1, command="/ink")
    assert "community" not in out.texts[-1]
    out = await say(layer, "/addstyle Wash", images=[painting], user="tg:42", locale="ko")
    assert out.texts[-1] == t("ko", "addstyle_done_own", name="Wash", count=1, command="/wash")
    assert "커뮤니티" not in out.texts[-1]
    await say(layer, "/addstyle global Dots", images=[painting], user="tg:1000")
    for lang in ("en", "ko"):
        lines = (await say(layer, "/communitystyles", user="tg:42", locale=lang)).texts[0].splitlines()
        assert lines[0] == t(lang, "community_header_own", count=2)
        assert lines[1].endswith(t(lang, "scope_own")) and lines[2].endswith(t(lang, "scope_own"))
        assert lines[3] == t(lang, "community_header_global", count=1)
        assert lines[4].endswith(t(lang, "scope_global")) and len(lines) == 5
    assert (await say(layer, "/removestyle Nope", user="tg:42")).texts == \
        [t("en", "removestyle_missing_own", name="Nope")]
    # a group is still a community
    group = dict(user="tg:5", chat="tg:-100", community="tg:-100", admin=True)
    out = await say(layer, "/addstyle Ink", images=[painting], **group)
    assert t("en", "scope_community") in out.texts[-1]
    listing = (await say(layer, "/communitystyles", **group)).texts[0].splitlines()
    assert listing[0] == t("en", "community_header", count=2) and listing[1].endswith(t("en", "scope_community"))
    assert (await say(layer, "/removestyle Nope", **group)).texts == [t("en", "removestyle_missing", name="Nope")]


def test_training_note_says_comparing_once_every_step_is_done():
    from bot.store import CommunityStyle

    style = CommunityStyle(1, "tg:1", "Ink", "ink", "x", 1, "tg:1", 0.0, training="training", progress=1.0,
                           eta_s=0.0)
    for lang in ("en", "ko"):
        assert CommandLayer._training_note(lang, style) == " · " + t(lang, "training_comparing")
    style.eta_s = None                                    # resumed after the last step: no new progress line
    assert CommandLayer._training_note("en", style) == " · " + t("en", "training_comparing")
    style.progress, style.eta_s = 0.99, 30.0
    assert CommandLayer._training_note("en", style) == " · " + t("en", "training_running", percent=99, minutes=1)


def test_places_in_line_are_ordinals():
    from bot.commands import ordinal

    assert [ordinal("en", n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]
    assert ordinal("ko", 3) == "3" and "3번째" in t("ko", "training_queued_place", place=ordinal("ko", 3))


@pytest.mark.parametrize("text", ["/hq gogh", "/hq_gogh", "/preview"])
async def test_a_strip_is_judged_at_the_size_hq_and_preview_paint(layer, fake_queue, text):
    """/hq and /preview paint smaller than the user's size (here 64 px, against 128): a strip
    that passes at 128 px (32:1) but not at 64 px is refused as it comes, as the engine would
    refuse it later with the same reply; /style paints it."""
    strip = make_photo(1024, 32, fmt="PNG")
    out = await say(layer, text, images=[strip])
    assert not fake_queue.jobs and out.texts == [t("en", "image_too_thin", width=1024, height=32, ratio=16)]
    out = await say(layer, "/style gogh", images=[strip])
    assert [job.image for job in fake_queue.jobs] == [strip] and out.images


@pytest.mark.parametrize("text,meant", [("/style gohg, monet", "/style gogh monet"),
                                        ("/hq monet, gohg", "/hq monet, gogh"),
                                        ("/style gohg,monet", "/style gogh monet"),
                                        ("/mix gohg, monet", "/mix gogh monet")])
async def test_a_suggestion_swaps_a_name_written_with_its_comma(layer, fake_queue, photo, text, meant):
    """The unknown name of a mix is read without the comma after it ("gohg" of "gohg, monet"):
    its button swapped nothing ("gohg," is the word as typed) and repeated "/style gohg, monet",
    which a tap refused again. Now the button is the mix meant, and a tap paints it."""
    out = await say(layer, text, images=[photo])
    assert not fake_queue.jobs and out.texts[0].startswith(t("en", "unknown_style", name="gohg") + " ")
    [button] = [b.command for row in out.sent[0].buttons for b in row]
    assert button == f"{meant} #{photo_hash(photo)}"
    await say(layer, button)
    [job] = fake_queue.jobs
    assert sorted(s.value for s in job.styles) == ["gogh", "monet"] and job.image == photo


def test_a_suggestion_that_finds_no_word_to_swap_is_no_suggestion():
    from bot.commands import replace_words

    assert replace_words(["monet", "50%", "mone"], "mone", "monet") == "monet 50% monet"
    assert replace_words(["gohg,", "monet"], "gohg", "gogh") is None       # not the text again


@pytest.mark.parametrize("words", [60, 400])
async def test_a_caption_of_hundreds_of_names_is_refused_without_trying_every_run(layer, fake_queue, photo, words):
    """"/style gogh gogh ..." (400 words fit a caption): every run of words was looked up as a name
    (each a database query), 20 s for 400 words on the event loop, every chat held up meanwhile.
    Only runs as long as a name can be are tried now."""
    looked_up = lookups_of(layer)
    out = await say(layer, "/style " + "gogh " * words, images=[photo])
    # 60: too many names for a mix (a fifth is not read); 400: more words than any mix has
    assert not fake_queue.jobs
    if words == 60:
        assert out.texts == [t("en", "mix_too_many", limit=MAX_MIX_STYLES)], out.texts
    else:
        assert out.texts[0].startswith("I don't know the style"), out.texts
    assert len(looked_up) <= 25 * words, len(looked_up)
    assert all(len(name) <= 40 for name in looked_up[1:])      # (the first: the whole name, once)


async def test_one_bad_file_in_an_album_is_said_and_the_others_are_painted(layer, fake_queue):
    """An album with "/style gogh" and one file that is no picture (a PDF named .jpg), and one the
    front-end could not fetch (too large): the whole album was refused with one "not an image",
    not saying which. Found by an adversarial run."""
    from bot.images import UploadError

    photos = [make_photo(seed=1), b"%PDF-1.4 not a picture", make_photo(seed=2)]
    too_large = UploadError("file_too_large", size=25.0, limit=20.0)
    out = await say(layer, "/style gogh", images=photos, upload_errors=[too_large])
    assert len(fake_queue.jobs) == 2 and len(out.images) == 2
    said = [text for text in out.texts if "one of the files you sent" in text]
    assert said == [t("en", "album_file_refused", error=t("en", "file_too_large", size=25.0, limit=20)),
                    t("en", "album_file_refused", error=t("en", "not_an_image"))], out.texts
    # all of them bad: the first one's error, as before
    out = await say(layer, "/style gogh", images=[b"%PDF-1.4", b"GIF89a"])
    assert out.texts == [t("en", "not_an_image")] and len(fake_queue.jobs) == 2


async def test_a_button_tapped_twice_paints_once(settings, store, photo):
    """"Stronger" tapped twice while it painted made two paintings at the same strength (both
    from the painting the button names). The second tap now says it is under way. Found by an
    adversarial run."""
    queue = FakeQueue(delay=0.3)
    layer = CommandLayer(settings, store, queue)
    out = await say(layer, "/style gogh 0.5", images=[photo])
    stronger = next(b.command for row in out.sent[-1].buttons for b in row if b.command.startswith("/stronger"))
    first, second = await asyncio.gather(say(layer, stronger), say(layer, stronger))
    assert len(queue.jobs) == 2 and [j.alpha for j in queue.jobs] == [0.5, 0.75]
    assert len(first.images) == 1 and second.texts == [t("en", "already_painting")]
    assert (await say(layer, stronger)).images            # once it is done, a tap paints again


async def test_pick_naming_a_photo_that_is_gone_says_so_at_once(layer, fake_queue):
    """/pick #<an unknown id> offered nine artist buttons that each then failed."""
    out = await say(layer, "/pick #" + "0" * 32)
    assert out.texts == [t("en", "photo_gone", kept=PHOTOS_KEPT, days=30)] and not out.sent[0].buttons


async def test_the_same_command_for_another_photo_is_not_taken_for_a_double_tap(settings, store):
    """"/style gogh" replying to photo A, then to photo B while A paints: B is another painting,
    not a tap again (it was refused "already painting"); nor is a request sent again after
    /cancel. Found by review."""
    queue = FakeQueue(delay=0.3)
    layer = CommandLayer(settings, store, queue)
    a, b = make_photo(seed=1), make_photo(seed=2)
    first, second = await asyncio.gather(say(layer, "/style gogh", reply=[a]), say(layer, "/style gogh", reply=[b]))
    assert [job.image for job in queue.jobs] == [a, b] and first.images and second.images
    out = await say(layer, "/style gogh 0.5", images=[a])
    stronger = next(bt.command for row in out.sent[-1].buttons for bt in row if bt.command.startswith("/stronger"))
    tap = asyncio.create_task(say(layer, stronger))
    await asyncio.sleep(0.05)
    await say(layer, "/cancel")
    again = await say(layer, stronger)                       # the same button, after "Cancelled"
    await tap
    assert again.images and again.texts[-1] != t("en", "already_painting")


async def test_a_mix_of_hundreds_of_names_split_by_numbers_stops_at_five(layer, fake_queue, photo):
    """"/mix 고흐 x80 1 고흐 x80 1 ..." read every piece between the numbers before counting the
    names: the cap on one name's words did not bound the whole. A mix has at most 4 names."""
    looked_up = lookups_of(layer)
    piece = " ".join(["고흐"] * 80)
    out = await say(layer, "/mix " + " 1 ".join([piece] * 16), images=[photo])
    assert out.texts == [t("en", "mix_too_many", limit=MAX_MIX_STYLES)] and not fake_queue.jobs
    assert len(looked_up) < 2000, len(looked_up)


def test_a_name_typed_letter_by_letter_is_measured_as_it_is_matched():
    """A 10-word Hangul style name (29 characters) typed by a keyboard that writes Hangul as
    letters (NFD) is 49 characters as typed; measured so, it was past the 40 a name may have,
    and never looked up."""
    import unicodedata

    from bot.commands import name_end

    words = unicodedata.normalize("NFD", "가나 다라 마바 사아 자차 카타 파하 가나 다라 마바").split()
    assert name_end(words, 0) == len(words)


def lookups_of(layer) -> list[str]:
    """The names ``layer`` looks up as styles from now on (each a database query)."""
    looked_up = []
    find = layer.find_style

    def counted(name, *args, **kwargs):
        looked_up.append(name)
        return find(name, *args, **kwargs)

    layer.find_style = counted
    return looked_up


@pytest.mark.parametrize("text, styles, alpha", [
    ("/style 고흐\n우리 고양이 🐱", [("gogh", 1.0)], 1.0),          # a note under the command
    ("/style gogh 0.5\r\nmy cat, last summer", [("gogh", 1.0)], 0.5),
    ("/style\ngogh\nmy cat", [("gogh", 1.0)], 1.0),                 # the artist under the command
    ("/style gogh\n0.5", [("gogh", 1.0)], 0.5),                      # lines that read together stay so
    ("/style van\ngogh", [("gogh", 1.0)], 1.0),
    ("/style gogh monet\n0.3", [("gogh", 0.5), ("monet", 0.5)], 0.3),
    ("/style gogh\n2024", [("gogh", 1.0)], 1.0),                    # a year under it is a note, no strength
])
async def test_a_note_under_the_command_is_left_out(layer, fake_queue, photo, text, styles, alpha):
    """A note under the command ("/style gogh" then "우리 고양이", as a caption often is) was read
    as part of the artist's name: "I don't know the style 우리". Found by the Telegram run; lines
    that read together are kept together (a review found a first version dropping them)."""
    out = await say(layer, text, images=[photo], locale="ko")
    assert fake_queue.jobs, out.texts
    job = fake_queue.jobs[-1]
    assert [(s.value, round(s.weight, 2)) for s in job.styles] == styles and job.alpha == alpha


class PaintingRefused(Recorder):
    """A front-end whose sending of the painting fails after its own retries (an outage)."""

    def __init__(self, also_texts: bool = False):
        super().__init__()
        self.also_texts = also_texts

    async def send(self, reply):
        if reply.image or (self.also_texts and self.sent):
            raise ConnectionError("the platform is away")
        return await super().send(reply)


async def test_a_painting_that_could_not_be_sent_says_so_not_that_painting_failed(layer, fake_queue, photo, caplog):
    """The painting was made, the front-end could not send it: the user read "Something went wrong
    while painting your picture". Found by the Telegram run."""
    for lang in ("en", "ko"):
        out = PaintingRefused()
        await layer.handle(req("/style gogh", images=[photo], locale=lang, user=f"tg:{lang}1"), out)
        assert out.texts[-1] == t(lang, "send_failed") and t(lang, "send_failed") != t("en", "engine_error")
    assert "a painting could not be sent (ConnectionError: the platform is away)" in caplog.text
    assert "Traceback" not in caplog.text


async def test_an_error_reply_that_cannot_be_sent_either_does_not_escape(layer, fake_queue, photo, caplog):
    out = PaintingRefused(also_texts=True)
    await layer.handle(req("/style gogh", images=[photo], user="tg:77"), out)     # handle never raises
    assert "a reply could not be sent either (ConnectionError: the platform is away)" in caplog.text


async def test_a_second_tap_and_a_busy_refusal_are_the_askers_alone(settings, store, photo):
    """On Discord "already painting" and "busy" went to the whole channel (they are not private
    as the other refusals are). Found by the Discord run."""
    from engine.jobs import JobResult
    from engine.queue.base import JobStatus

    queue = FakeQueue(delay=0.3)
    layer = CommandLayer(settings, store, queue)
    out = await say(layer, "/style gogh 0.5", images=[photo])
    stronger = next(b.command for row in out.sent[-1].buttons for b in row if b.command.startswith("/stronger"))
    _, second = await asyncio.gather(say(layer, stronger), say(layer, stronger))
    [note] = second.sent
    assert note.text == t("en", "already_painting") and note.private

    class Busy(FakeQueue):
        async def submit(self, job):
            self.jobs.append(job)
            return JobStatus(job.id, "failed")

        async def wait(self, job_id, on_status=None):
            return JobResult(job_id, False, error_key="busy", error_params={"reason": "global"})

    out = await say(CommandLayer(settings, store, Busy()), "/style gogh", images=[photo], user="tg:5")
    assert out.sent[-1].private and out.sent[-1].text == CommandLayer.error_text(layer, "en", "busy", {"reason": "global"})


async def test_an_album_is_painted_with_the_settings_of_when_it_came(settings, store):
    """A /size sent while an album's photos were painted one after another changed its later
    photos (128, 384, 384 px). Found by the Telegram run."""
    queue = FakeQueue(delay=0.2)
    layer = CommandLayer(settings, store, queue)
    photos = [make_photo(160, 120, seed=s) for s in range(3)]
    album = asyncio.create_task(say(layer, "/style gogh", images=photos))
    for _ in range(200):                     # its first photo is being painted
        if queue.jobs:
            break
        await asyncio.sleep(0.01)
    await say(layer, "/size 256")
    await album
    assert len(queue.jobs) == 3 and len({job.max_side for job in queue.jobs}) == 1, [j.max_side for j in queue.jobs]
    await say(layer, "/style gogh", images=[photos[0]])
    assert queue.jobs[-1].max_side == 256                    # what comes after it has the new size


async def test_a_strength_without_an_artist_is_kept(settings, store, photo):
    """Discord's /style with a strength and no artist: "/style 0.3" said "I don't know the style
    0.3" (the front-end then dropped the strength and painted at full). Now the default artist,
    or the artist buttons, at that strength. Found by the Discord run."""
    queue = FakeQueue()
    layer = CommandLayer(settings, store, queue)
    out = await say(layer, "/style 0.3", images=[photo])
    commands = [b.command for row in out.sent[-1].buttons for b in row]
    assert commands and all(c.startswith("/style ") and " 0.3 #" in c for c in commands), commands
    out = await say(layer, commands[0])
    assert queue.jobs[-1].alpha == 0.3, out.texts
    await say(layer, "/setstyle monet")
    await say(layer, "/style 30%", images=[photo])
    assert queue.jobs[-1].alpha == 0.3 and [s.value for s in queue.jobs[-1].styles] == ["monet"]
    await say(layer, "/hq 0.5")                                   # the last painting in high quality, at 0.5
    assert queue.jobs[-1].method == "gatys" and queue.jobs[-1].alpha == 0.5


async def test_a_preview_for_a_chat_closed_to_the_bot_cancels_its_tiles(layer, fake_queue, photo):
    """/preview's nine jobs painted on for no one when the chat refused the bot (blocked); /style
    cancelled its one. Found by a review."""
    from bot.chat import ChatUnreachable

    cancelled = []

    async def cancel(job_id):
        cancelled.append(job_id)
        return True

    fake_queue.cancel = cancel

    class Closed(Recorder):
        async def send(self, reply):
            raise ChatUnreachable("Forbidden: bot was blocked by the user")

    await layer.handle(req("/preview", images=[photo]), Closed())
    assert len(fake_queue.jobs) > 1 and sorted(cancelled) == sorted(job.id for job in fake_queue.jobs)


async def test_a_paintings_buttons_follow_its_group_to_the_supergroup(layer, fake_queue, photo, store):
    """After a group's upgrade (Store.move_chat) "Weaker" under an earlier painting said "I no
    longer have the photo": its job stayed under the old chat id. Found by a review."""
    await say(layer, "/style gogh", images=[photo], user="tg:5", chat="tg:-5", community="tg:-5")
    job = fake_queue.jobs[-1]
    store.move_chat("tg:-5", "tg:-1005")
    out = await say(layer, f"/weaker #{job.id}", user="tg:5", chat="tg:-1005", community="tg:-1005")
    assert fake_queue.jobs[-1].alpha == 0.75 and fake_queue.jobs[-1].image == photo, out.texts


class LinesRefused(Recorder):
    """A chat that refuses the progress lines (a Telegram group allowing photos but not text)."""

    async def send(self, reply):
        if reply.progress:
            raise ConnectionError("not enough rights to send text messages to the chat")
        return await super().send(reply)


class EditsRefused(Recorder):
    """A chat whose edits fail (flood control past their patience)."""

    async def edit(self, handle, reply):
        raise ConnectionError("Too Many Requests: retry after 15")


@pytest.mark.parametrize("command", ["/style gogh", "/preview"])
@pytest.mark.parametrize("responder", [LinesRefused, EditsRefused])
async def test_a_failure_is_said_where_its_line_could_not_say_it(settings, store, photo, command, responder):
    """A failed painting's only word is its line's outcome: with no line (it could not be sent) or
    an edit that did not go through, the user heard nothing. Found by a review."""
    layer = CommandLayer(settings, store, FakeQueue(error="engine_error"))
    out = responder()
    await layer.handle(req(command, images=[photo]), out)
    assert any(t("en", "engine_error") in text for text in out.texts), out.texts
