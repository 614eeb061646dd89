"""In headless Chromium: a reloaded tab whose saved conversation was cut short (the browser's room)
got the user's older painting again at its bottom, below the newer one: out of order. Now it is
sent only paintings newer than the oldest message it shows."""
from __future__ import annotations

import asyncio
import time

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _trimmed_reload(driver, url, tmp_path) -> dict:
    for n in range(2):
        photo = tmp_path / f"p{n}.jpg"
        photo.write_bytes(make_photo(160, 120, seed=n))
        say(driver, "/style monet", photo)
        wait(driver, lambda d: len(paintings(d)) == n + 1)
    time.sleep(1)
    # the saved copy as the browser's room left it: from the second photo on (the first painting gone)
    driver.execute_script("""const d = JSON.parse(sessionStorage.getItem('paintbot-chat'));
        const mine = d.list.map((e, i) => e.me ? i : -1).filter((i) => i >= 0);
        d.list = d.list.slice(mine[mine.length - 1]);
        sessionStorage.setItem('paintbot-chat', JSON.stringify(d));
        Storage.prototype.setItem = function () {};      // not saved again as the page goes""")
    driver.get(url)
    wait(driver, connected)
    time.sleep(1.5)
    return {"paintings": len(paintings(driver))}


async def test_a_trimmed_tab_is_not_sent_its_older_painting_at_the_bottom(page, server, tmp_path):
    seen = await asyncio.to_thread(_trimmed_reload, page, server.url, tmp_path)
    assert seen["paintings"] == 1, seen
