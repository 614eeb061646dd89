"""A /preview typed in Korean (/미리보기) was answered "✅ /preview: ...초 만에 완성했어요" (the English
name); and its nine tiles' INFO lines each said styles ['<artist>'], so an operator could not tell
one tile from another. The lines name the command as typed, the log each tile's artist."""
from __future__ import annotations

import logging

from bot.messages import t

from tests.bot.test_commands import say
from tests.bot.test_info_log import info_lines


async def test_a_korean_preview_is_named_as_typed(layer, fake_queue, photo):
    out = await say(layer, "/미리보기", images=[photo], locale="ko")
    said = [text for text in out.texts if "/미리보기" in text]
    assert said and not [text for text in out.texts if "/preview" in text], out.texts
    assert said[-1].startswith("✅"), out.texts
    english = await say(layer, "/preview", images=[photo])
    assert any(text.startswith("✅ /preview") for text in english.texts), english.texts


async def test_each_preview_tile_logs_its_artist(layer, fake_queue, photo, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        await say(layer, "/preview", images=[photo])
    tiles = [job for job in fake_queue.jobs]
    assert len(tiles) == 9
    for job in tiles:
        [line] = [line for line in info_lines(caplog) if job.id in line]
        assert repr([job.styles[0].value]) in line and "<artist>" not in line, line
    assert t("en", "done", style="/preview", seconds="0").split(":")[0] == "✅ /preview"
