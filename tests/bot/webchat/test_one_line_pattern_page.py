"""The pattern of the words the bubbles keep on one line (index.html's ONE_LINE, used by unbroken()
in every bot bubble), in the page's own browser: what it keeps together ("1745–c. 1806",
"J. C. Leyendecker", "약 43초", "1.4 s.", "painting… 50%", "↩ 답장을", "Gogh ·"), and that each
begins where a word or number begins: "예약 3개" (a reservation) is no "약 3", "XL. Send" no
initials. A long run of letters without a space (Chinese or Japanese words, a Korean one) was tried
from each of its letters, the time growing as its square: 12,000 Hangul took 2 s of the page's one
thread each time the bubble was drawn. Headless Chromium."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]

KEPT = {
    "(1745–c. 1806)": ["1745–c. 1806"],
    "화가 2–4명": ["2–4명"],
    "J. C. Leyendecker · 레이엔데커, J. M. W. Turner": ["J. C. Leyendecker ·", "J. M. W. Turner"],
    "Vincent van Gogh · 빈센트 반 고흐 (1853–1890)": ["Gogh ·", "1853–1890"],
    "Kim Hong-do (Danwon) · 단원 김홍도": ["(Danwon) ·"],
    # a word too long to be sure of a phone's line: left to break where it must
    "Supercalifragilisticexpialidocious · x": [],
    "대기 중 (3번째, 약 43초)…": ["약 43초"],
    "(약 5분 남음)": ["약 5분"],
    "done in 1.4 s.": ["1.4 s."],
    "2 min 33 s, 20 MB, 1,024 px": ["2 min", "33 s,", "20 MB,", "1,024 px"],
    "🎨 Vincent van Gogh: painting… 50%": ["painting… 50%"],
    "🎨 고흐: 그리는 중… 50%": ["중… 50%"],
    "그림 아래 ↩ 답장을 누르면": ["↩ 답장을"],
    # inside a word: none
    "예약 3개": [],
    "press XL. Send it": [],
    "5 sec, 3 hours": [],
}

# the page's pattern, its hits in each text, and the time it takes over a run of 12,000 Hangul
TRY = """
const src = [...document.scripts].map((s) => s.text).join("\\n");
const literal = src.match(/const ONE_LINE = \\/(.+)\\/([a-z]*);/);
if (!literal) return null;
const pattern = new RegExp(literal[1], literal[2]), hits = {};
for (const text of arguments[0]) hits[text] = [...text.matchAll(pattern)].map((m) => m[0]);
const run = "가".repeat(12000), start = performance.now();
const found = [...run.matchAll(pattern)].length;
return {hits, found, ms: performance.now() - start};
"""


async def test_one_line_pattern_keeps_its_words_and_begins_at_a_word(page):
    seen = await asyncio.to_thread(page.execute_script, TRY, list(KEPT))
    assert seen, "no ONE_LINE in the page"
    assert seen["hits"] == KEPT, seen["hits"]
    assert seen["found"] == 0 and seen["ms"] < 500, seen       # 2,000+ ms on fe67e1f's pattern, ~2 ms now
