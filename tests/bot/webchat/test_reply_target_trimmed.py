"""e421dd2 keeps the picture a message is written in reply to (↩ Reply) over a reload, by finding
it among the messages the tab shows again. The tab shows its last 60 only (and fewer where the
browser's room is short): a picture further up was not found, the reply target was dropped
without a word, and the command typed for it (the draft, kept) went to the user's last photo,
the very fault e421dd2 fixed. The target is kept though its picture is not shown (the bar says
"replying to a picture", ✕ clears it); the bot still has the picture."""
from __future__ import annotations

import asyncio

from bot.commands import RateLimiter

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, paintings, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark                           # (a browser: skipped without one)


def _reply_then_talk_then_reload(driver, tmp_path) -> str:
    from selenium.webdriver.common.by import By
    for n, seed in enumerate((1, 4)):
        photo = tmp_path / f"p{seed}.jpg"
        photo.write_bytes(make_photo(120, 90, seed=seed))
        say(driver, "/style gogh", photo)
        wait(driver, lambda d: len(paintings(d)) == n + 1)
    for n in range(32):                     # 64 messages since: the first painting is not kept for the tab
        say(driver, "/status")
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= 6 + n)
    first = paintings(driver)[0]            # (still on the page: scrolled up to)
    src = first.get_attribute("src")
    first.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.reply").click()
    driver.find_element(By.ID, "text").send_keys("/style hokusai")       # the draft, for that painting
    driver.refresh()
    wait(driver, connected)
    return src


async def test_a_reply_target_no_longer_shown_is_kept_over_a_reload(page, server, fake_queue, tmp_path):
    from selenium.webdriver.common.by import By
    server.layer.chatter = RateLimiter(1000, 20.0, server.layer.clock)    # (no "slow down" here)
    src = await asyncio.to_thread(_reply_then_talk_then_reload, page, tmp_path)
    assert not [p for p in paintings(page) if p.get_attribute("src") == src]       # not shown again
    assert page.find_element(By.ID, "replying").text                                # still replying to it
    await asyncio.to_thread(say, page, "")                                        # Enter: the draft goes
    await asyncio.to_thread(wait, page, lambda d: len(fake_queue.jobs) == 3)
    assert fake_queue.jobs[-1].image == fake_queue.jobs[0].image       # the photo of the painting replied to
    assert not page.find_element(By.ID, "replying").text
