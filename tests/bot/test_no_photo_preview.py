""""/preview" without a photo was answered "Send a photo first …, e.g. a photo with the caption
/style gogh", as /hq and /mix were before 514f02d and f6bcd30: another command. It shows the
command sent now, as typed ("/미리보기"), alone (a preview names no artist), in each front-end's
wording."""
from __future__ import annotations

import pytest

from bot.chat import Reply, reworded
from bot.images import UploadError
from bot.messages import t
from bot.webchat import WEB_WORDING
from tests.bot.test_commands import say


@pytest.mark.parametrize("text,locale,lang,example", [("/preview", "en-US", "en", "/preview"),
                                                      ("/preview", "ko-KR", "ko", "/preview"),
                                                      ("/미리보기", "en-US", "ko", "/미리보기")])
async def test_a_preview_without_a_photo_is_its_own_example(layer, fake_queue, text, locale, lang, example):
    out = await say(layer, text, locale=locale)
    assert not fake_queue.jobs
    assert out.texts == [t(lang, "no_photo_for", example=example)], out.texts
    assert "gogh" not in out.texts[0] and "고흐" not in out.texts[0]
    web = reworded(Reply(out.texts[0]), WEB_WORDING).text
    assert web == t(lang, "web_no_photo_for", example=example)


async def test_a_preview_with_a_photo_kept_still_paints(layer, fake_queue, photo):
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, "/preview")
    assert len(fake_queue.jobs) == 1 + 9, out.texts


async def test_a_preview_of_a_file_that_is_no_image_says_so(layer, fake_queue):
    """Only "no photo" becomes the command's example: "/preview" replying to a file that is no
    image, or to a painting whose photo is no longer kept, is told that, not "send a photo first"."""
    out = await say(layer, "/preview", reply_errors=[UploadError("not_an_image")])
    assert out.texts == [t("en", "not_an_image")], out.texts
    out = await say(layer, "/preview", reply_ref="ab" * 16, reply_from_bot=True)
    assert not fake_queue.jobs
    assert len(out.texts) == 1 and out.texts[0].startswith(t("en", "photo_gone", kept=1, days=1)[:40]), out.texts


@pytest.mark.parametrize("text", ["미리보기", "/ 미리보기", "/미리보기"])
async def test_a_preview_is_named_as_its_example_names_it(layer, fake_queue, photo, text):
    """Its grid's line names the command as its no-photo example does (typed_verb): "미리보기"
    alone in a private chat and "/ 미리보기" were "✅ /preview" there, "/미리보기" in the example."""
    out = await say(layer, text, locale="ko")
    assert out.texts == [t("ko", "no_photo_for", example="/미리보기")], out.texts
    out = await say(layer, text, images=[photo], locale="ko")
    assert len(fake_queue.jobs) == 9, out.texts
    assert any(line.startswith("✅ /미리보기") for line in out.texts), out.texts
    assert not [line for line in out.texts if "/preview" in line], out.texts
