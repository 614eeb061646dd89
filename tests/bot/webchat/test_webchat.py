"""The web chat in a real headless Chromium (Debian's chromium + chromedriver, via Selenium),
with the real engine behind the in-process queue: upload a photo, type /style monet, see the
painting. Set PAINTBOT_SCREENSHOT=docs/webchat.png to refresh the README's screenshot."""
from __future__ import annotations

import asyncio
import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.bot.conftest import make_photo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (make system-deps)")


@pytest.fixture
async def web_url(real_layer):
    from aiohttp import web

    from bot.webchat import create_app

    runner = web.AppRunner(create_app(real_layer))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/"
    await runner.cleanup()


def _browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=900,1000", "--lang=en-US",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(flag)
    return webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))


def _drive(url: str, tmp_path: Path) -> dict:
    """The user's side, in a thread (Selenium blocks): returns what the page showed."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo at all\n" * 20)
    driver = _browser(tmp_path)
    seen = {}
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 90, poll_frequency=0.05)     # (its default: 0.5 s between looks)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-connected") == "1")
        # a first visit: the bot introduces itself
        wait.until(lambda d: "I turn your photos into paintings" in d.find_element(By.ID, "messages").text)
        # a photo with /style monet
        driver.find_element(By.ID, "file").send_keys(str(photo))
        wait.until(EC.visibility_of_element_located((By.ID, "attachment")))
        box = driver.find_element(By.ID, "text")
        box.send_keys("/style monet")
        box.send_keys(Keys.ENTER)
        painting = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot img.painting")))
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0",
                                              painting))
        seen["src"] = painting.get_attribute("src")
        seen["size"] = driver.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]",
                                             painting)
        seen["bot_texts"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot")]
        seen["buttons"] = [b.get_attribute("data-command") for b in
                           driver.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons button")]
        shot = os.environ.get("PAINTBOT_SCREENSHOT") or str(tmp_path / "webchat.png")
        Path(shot).parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(shot)
        seen["screenshot"] = shot
        # a text file: a clear error, and the chat keeps working
        # (Enter at once: the page waits until it has read the file)
        driver.find_element(By.ID, "file").send_keys(str(notes))
        box.send_keys("/style gogh")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "not an image" in d.find_element(By.ID, "messages").text)
        # a button: "Stronger"-style buttons send their command as a message
        before = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting"))
        weaker = driver.find_element(By.CSS_SELECTOR, '.msg.bot .buttons button[data-command^="/weaker "]')
        seen["pressed"] = weaker.text
        weaker.click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting")) > before)
        seen["my_bubble"] = driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text
        seen["after_button"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting"))
        # several paintings in one message (the file picker takes many): one community style
        second = tmp_path / "sunset.jpg"
        second.write_bytes(make_photo(150, 100, seed=3))
        driver.find_element(By.ID, "file").send_keys(str(photo) + "\n" + str(second))
        wait.until(lambda d: "+1" in d.find_element(By.ID, "attname").text)
        box.send_keys("/addstyle Pair")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "from 2 paintings" in d.find_element(By.ID, "messages").text)
        seen["mine_imgs"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
        # /lang ko: the replies, and the page's own words, are Korean from then on
        seen["send_before"] = driver.find_element(By.ID, "send").text
        box.send_keys("/lang ko")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "send").text == "보내기")
        seen["hint_after"] = driver.find_element(By.ID, "hint").text
    finally:
        driver.quit()
    return seen


@pytest.mark.slow
async def test_webchat_photo_to_painting_in_chromium(web_url, tmp_path):
    seen = await asyncio.wait_for(asyncio.to_thread(_drive, web_url, tmp_path), timeout=240)
    assert seen["src"].startswith("data:image/jpeg;base64,")
    assert seen["size"] == [128, 96]                   # MAX_SIDE=128 in the test settings, aspect kept
    import base64

    import numpy as np
    painted = np.asarray(Image.open(io.BytesIO(base64.b64decode(seen["src"].split(",", 1)[1]))).convert("RGB"),
                         dtype=np.float32)
    original = np.asarray(Image.open(io.BytesIO(make_photo(160, 120))).convert("RGB").resize((128, 96)),
                          dtype=np.float32)
    assert np.abs(painted - original).mean() > 10      # a painting, not the photo sent back
    assert any("Claude Monet" in text for text in seen["bot_texts"])
    assert any("done" in text for text in seen["bot_texts"])       # the progress line was edited
    assert {"/pick", "/hq", "/weaker"} <= {c.split()[0] for c in seen["buttons"]}
    assert seen["my_bubble"] == seen["pressed"] and "#" not in seen["my_bubble"]   # the label, not "/weaker #<id>"
    assert seen["after_button"] == 2
    assert seen["send_before"] == "Send" and "사진" in seen["hint_after"]
    assert seen["mine_imgs"] == 2
    with Image.open(seen["screenshot"]) as shot:
        assert shot.size[0] >= 800


def _drive_small_window(url: str, tmp_path: Path) -> dict:
    """A phone-sized window: the page follows a painting as it loads, wraps a long word, keeps a
    file over the limit out (the command typed with it is refused, not painted from the previous
    photo)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    photo = tmp_path / "portrait.jpg"
    photo.write_bytes(make_photo(120, 160))
    big = tmp_path / "huge.jpg"
    big.write_bytes(os.urandom(300_000))              # over twice MAX_UPLOAD_MB (set to 0.1 MB)
    driver = _browser(tmp_path)
    seen = {}
    paintings = "return document.querySelectorAll('.msg.bot img.painting').length"
    gap = "const m = document.getElementById('messages'); return m.scrollHeight - m.scrollTop - m.clientHeight"
    try:
        driver.set_window_size(420, 640)
        driver.get(url)
        wait = WebDriverWait(driver, 90, poll_frequency=0.05)     # (its default: 0.5 s between looks)
        wait.until(lambda d: "I turn your photos into paintings" in d.find_element(By.ID, "messages").text)
        box = driver.find_element(By.ID, "text")
        for i in range(2):                             # two paintings: taller than the window
            driver.find_element(By.ID, "file").send_keys(str(photo))
            wait.until(lambda d: d.find_element(By.ID, "attname").text)
            box.send_keys("/style gogh")
            box.send_keys(Keys.ENTER)
            wait.until(lambda d: d.execute_script(paintings) == i + 1)
            wait.until(lambda d: d.execute_script(
                "return [...document.querySelectorAll('img.painting')].every((i) => i.complete)"))
        seen["gap"] = driver.execute_script(gap)
        seen["tall"] = driver.execute_script("const m = document.getElementById('messages');"
                                             "return m.scrollHeight > 2 * m.clientHeight")
        box.send_keys("x" * 3000)
        box.send_keys(Keys.ENTER)
        # (just after a painting, text the bot cannot read gets after_painting_hint, 5b24c55)
        wait.until(lambda d: "For another version" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        seen["overflow"] = driver.execute_script("const m = document.getElementById('messages');"
                                                 "return m.scrollWidth - m.clientWidth")
        driver.find_element(By.ID, "file").send_keys(str(big))
        wait.until(lambda d: "huge.jpg" in d.find_element(By.ID, "attname").text)
        seen["attname"] = driver.find_element(By.ID, "attname").text
        box.send_keys("/style monet")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "too large" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        import time
        time.sleep(2)                                  # time enough for a painting, had one been asked for
        seen["paintings_after"] = driver.execute_script(paintings)
    finally:
        driver.quit()
    return seen


@pytest.mark.slow
async def test_webchat_follows_paintings_wraps_long_words_and_keeps_a_too_big_file_out(web_url, real_layer, tmp_path):
    real_layer.settings.MAX_UPLOAD_MB = 0.1
    seen = await asyncio.wait_for(asyncio.to_thread(_drive_small_window, web_url, tmp_path), timeout=240)
    assert seen["tall"] and seen["gap"] < 5, seen        # the last painting is in view, not 300 px below
    assert seen["overflow"] <= 1, seen                   # no sideways scrolling for a 3000-letter word
    assert "MB" in seen["attname"], seen
    assert seen["paintings_after"] == 2, seen            # /style monet did not paint the previous photo
