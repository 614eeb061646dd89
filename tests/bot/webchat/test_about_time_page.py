"""A painting waiting in line, in Korean on a phone: "🎨 빈센트 반 고흐: 대기 중 (3번째, 약 43초)…" broke
between "약" (about) and its time at 360 px, "약" ending one line and "43초)…" beginning the next.
"약" stays with the time after it now, at phone widths. Headless Chromium; a fake queue that keeps
the painting waiting in line (third, about 43 s) until the test has looked."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from engine.queue.base import JobStatus
from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


class WaitingQueue(FakeQueue):
    """Each painting third in line, about 43 s away, until finish_now (no "running" status: the
    line stays the waiting one)."""

    async def wait(self, job_id, on_status=None):
        if on_status:
            await on_status(JobStatus(job_id, "queued", position=3, eta_seconds=43.0))
        return await super().wait(job_id, None)


@pytest.fixture
def fake_queue():
    return WaitingQueue(delay=30.0)


# "약" and the time after it ("약 43초"): on more than one line?
SPLIT = """
const line = [...document.querySelectorAll(".msg.bot.progress")].pop();
const walk = document.createTreeWalker(line, NodeFilter.SHOW_TEXT), nodes = [];
for (let node; (node = walk.nextNode());) nodes.push(node);
const text = nodes.map((n) => n.data).join(""), m = /약 \\d+\\S*/u.exec(text);
if (!m) return "no time: " + text;
const at = (i) => { for (const n of nodes) { if (i <= n.data.length) return [n, i]; i -= n.data.length; } };
const r = document.createRange(); r.setStart(...at(m.index)); r.setEnd(...at(m.index + m[0].length));
return new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.bottom))).size;
"""


async def test_about_stays_with_its_time(page, fake_queue, tmp_path):
    photo = tmp_path / "park.jpg"
    photo.write_bytes(make_photo(120, 90))

    def run(driver):
        say(driver, "/lang ko")
        wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/style gogh", photo)
        wait(driver, lambda d: any("약 43초" in el.text for el in d.find_elements(By.CSS_SELECTOR, ".msg.bot.progress")))
        split = {}
        for width in range(240, 424, 2):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            lines = driver.execute_script(SPLIT)
            if lines != 1:
                split[width] = lines
        return split

    try:
        split = await asyncio.to_thread(run, page)
    finally:
        fake_queue.finish_now()
    assert split == {}, split
