"""A message with a big photo, sent while the connection was lost, waits in the page to go out once
it is back; the page keeps such messages over a reload, but a photo that big does not fit in the
tab's storage, and a reload lost the whole message: the words typed with it too, unsaid. Now its
words come back in the message box and the page says the photo was not sent and should be attached
again (in the page's language). Headless Chromium."""
from __future__ import annotations

import asyncio
import io
import random

from PIL import Image
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _big_photo(path):
    """A photo of about 1 MB (noise: it does not compress), past what the tab keeps."""
    rng = random.Random(3)
    im = Image.frombytes("RGB", (640, 560), bytes(rng.getrandbits(8) for _ in range(640 * 560 * 3)))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


async def test_a_big_photo_queued_offline_leaves_its_words_after_a_reload(server, page, tmp_path):
    photo = _big_photo(tmp_path / "beach.png")
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await asyncio.to_thread(say, page, "/style gogh", photo)
    await asyncio.to_thread(wait, page, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me.queued"))
    await asyncio.to_thread(page.refresh)          # the bot is down: the browser's error page
    await server.start()
    await asyncio.to_thread(page.refresh)
    await asyncio.to_thread(wait, page, connected)
    await asyncio.to_thread(wait, page, lambda d: "beach.png" in d.find_element(By.ID, "messages").text, 10)
    said = page.find_element(By.ID, "messages").text
    assert "attach it again" in said, said
    assert page.find_element(By.ID, "text").get_attribute("value") == "/style gogh"
    assert not page.find_elements(By.CSS_SELECTOR, ".msg.me")     # not shown as if it had been sent
    # the words are kept as the draft: another reload still has them
    await asyncio.to_thread(page.refresh)
    await asyncio.to_thread(wait, page, connected)
    assert page.find_element(By.ID, "text").get_attribute("value") == "/style gogh"
    assert page.find_element(By.ID, "messages").text.count("beach.png") == 1      # said once
