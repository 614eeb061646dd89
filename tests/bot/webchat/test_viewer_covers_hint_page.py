"""On a phone, a painting's full-size viewer left the page showing through its backdrop, dimmed:
the header's hint, opened by a tap (four lines), stood behind the viewer's × close button. The
viewer hides the page: where the hint is, the screen shows the viewer's own black, one colour.
Headless Chromium."""
from __future__ import annotations

import asyncio
import io

from PIL import Image
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

OPEN = "return document.getElementById('viewer').open && document.getElementById('big').complete"
# the hint's box, left of the × button (the button itself is drawn over the viewer)
HINT_BOX = """
const hint = document.getElementById("hint").getBoundingClientRect(), shut = document.getElementById("shut").getBoundingClientRect();
return [hint.left, hint.top, Math.min(hint.right, shut.left - 2), hint.bottom].map(Math.round);
"""


def _viewer_over_open_hint(driver, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    driver.find_element(By.ID, "hint").click()              # the hint whole (a tap opens it)
    wait(driver, lambda d: "hint-open" in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
    driver.find_element(By.CSS_SELECTOR, ".tools button.full").click()
    wait(driver, lambda d: d.execute_script(OPEN))
    box = driver.execute_script(HINT_BOX)
    shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    return {"box": box, "colours": shot.crop(box).getcolors(maxcolors=4096)}


async def test_the_full_size_viewer_hides_the_header_hint_behind_it(page, tmp_path):
    seen = await asyncio.to_thread(_viewer_over_open_hint, page, tmp_path)
    assert seen["box"][3] - seen["box"][1] > 40, seen                # the hint open: several lines
    assert seen["colours"] is not None and len(seen["colours"]) == 1, seen["colours"][:8] if seen["colours"] else seen
