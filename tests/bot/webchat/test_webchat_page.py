"""The web chat page as a first-time user meets it, in headless Chromium (as test_webchat.py), with
the fake queue (a painting is the photo sent back, at once): the server going down and coming
back, the keyboard and screen readers, a painting's full-size view and download, a photo the
browser cannot draw (HEIC), Korean wrapped at spaces."""
from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from aiohttp import web

from bot.webchat import create_app

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat import CHROMEDRIVER, CHROMIUM, _browser

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                 reason="needs Debian's chromium and chromium-driver (make system-deps)")]
POLL_S = 0.05       # a wait looks at the page this often (Selenium's default: 0.5 s, most of a test's time)


class Server:
    """The web chat on one port, which can be stopped and started again (a restart)."""

    def __init__(self, layer):
        self.layer, self.runner, self.port = layer, None, 0

    async def start(self) -> str:
        self.runner = web.AppRunner(create_app(self.layer))
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}/"

    async def stop(self) -> None:
        await self.runner.cleanup()


@pytest.fixture
async def server(layer):
    s = Server(layer)
    s.url = await s.start()
    yield s
    await s.stop()


@pytest.fixture
async def page(server, tmp_path):
    """A browser on the page, connected (the first visit's welcome shown), on a phone's screen."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def open_page():
        driver = _browser(tmp_path)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        driver.get(server.url)
        WebDriverWait(driver, 30, poll_frequency=POLL_S).until(
            lambda d: connected(d) and "/help" in d.find_element(By.ID, "messages").text)
        return driver

    driver = await asyncio.to_thread(open_page)
    yield driver
    await asyncio.to_thread(driver.quit)


def connected(driver) -> bool:
    return driver.execute_script("return document.body.dataset.connected") == "1"


def wait(driver, cond, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=POLL_S).until(cond)


def say(driver, words: str, photo: Path | None = None) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    if photo:
        driver.find_element(By.ID, "file").send_keys(str(photo))
        wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    box = driver.find_element(By.ID, "text")
    box.send_keys(words)
    box.send_keys(Keys.ENTER)


def paintings(driver):
    from selenium.webdriver.common.by import By
    return driver.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting")


async def test_the_page_says_the_server_is_down_and_sends_what_waited_once_it_is_back(server, page):
    from selenium.webdriver.common.by import By
    offline = page.find_element(By.ID, "offline")
    assert not offline.is_displayed()
    await server.stop()                             # the bot stops (a restart, a crash)
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await asyncio.to_thread(wait, page, lambda d: offline.is_displayed())
    assert "reconnecting" in offline.text
    await asyncio.to_thread(say, page, "/status")
    mine = page.find_elements(By.CSS_SELECTOR, ".msg.me")[-1]
    assert "queued" in mine.get_attribute("class")           # shown as not sent yet
    await server.start()                            # back on the same port
    await asyncio.to_thread(wait, page, lambda d: "Queue:" in d.find_element(By.ID, "messages").text)
    assert not offline.is_displayed()
    assert "queued" not in mine.get_attribute("class")


async def test_the_keyboard_reaches_the_photo_picker_and_every_control_has_a_name(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def back_from_the_text_box():
        page.find_element(By.ID, "text").click()
        ActionChains(page).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        return page.execute_script("return document.activeElement.id")

    assert await asyncio.to_thread(back_from_the_text_box) == "file"      # was skipped: hidden
    for element in ("file", "text", "send"):
        assert page.find_element(By.ID, element).accessible_name, element
    assert page.find_element(By.ID, "clear").get_attribute("aria-label")     # "✕" (shown with an attachment)
    assert page.find_element(By.ID, "messages").get_attribute("role") == "log"


async def test_a_painting_opens_at_full_size_and_downloads(page, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    tall = tmp_path / "tower.jpg"
    tall.write_bytes(make_photo(60, 480))   # 8:1, the thinnest a 128-px painting takes
    await asyncio.to_thread(say, page, "/style gogh", tall)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    painting = paintings(page)[0]
    bubble = painting.find_element(By.XPATH, "..")
    save = bubble.find_element(By.CSS_SELECTOR, "a.download")
    assert save.get_attribute("href") == painting.get_attribute("src")
    assert save.get_attribute("download") == "paintbot-Vincent-van-Gogh.jpg"
    await asyncio.to_thread(bubble.find_element(By.CSS_SELECTOR, "button.full").click)
    big = page.find_element(By.ID, "big")
    await asyncio.to_thread(wait, page, lambda d: d.execute_script(
        "return document.getElementById('viewer').open && arguments[0].complete", big))
    natural = page.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", painting)
    assert big.size["height"] > painting.size["height"]          # bigger than in the chat
    # a strip: the phone's height, all of it (scaled up, aspect kept)
    assert big.size["height"] == 844 and abs(big.size["width"] - 844 * natural[0] / natural[1]) <= 1
    assert page.execute_script("const v = document.getElementById('viewer');"
                               "return v.scrollHeight - v.clientHeight") == 0        # nothing to scroll to
    await asyncio.to_thread(lambda: ActionChains(page).send_keys(Keys.ESCAPE).perform())
    await asyncio.to_thread(wait, page, lambda d: not d.execute_script("return document.getElementById('viewer').open"))
    assert not [e for e in page.get_log("browser") if e["level"] == "SEVERE"]


async def test_a_heic_photo_shows_as_the_photo_and_a_broken_one_as_a_placeholder(page, tmp_path):
    """Chromium draws no HEIC: the user's own message showed a placeholder where their photo was.
    The server's JPEG of it takes the placeholder's place; a HEIC it cannot read keeps it."""
    from pillow_heif import register_heif_opener
    from PIL import Image
    from selenium.webdriver.common.by import By

    register_heif_opener()
    heic = tmp_path / "IMG_0001.heic"
    Image.open(io.BytesIO(make_photo(120, 90))).save(heic, "HEIF")
    await asyncio.to_thread(say, page, "/style gogh", heic)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    mine = page.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1]
    await asyncio.to_thread(wait, page, lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].src.startsWith('data:image/jpeg')", mine))
    assert page.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", mine) == [120, 90]
    assert "unshown" not in mine.get_attribute("class") and mine.get_attribute("alt") == "IMG_0001.heic"
    broken = tmp_path / "IMG_0002.heic"
    broken.write_bytes(heic.read_bytes()[:-400])
    await asyncio.to_thread(say, page, "/style monet", broken)
    await asyncio.to_thread(wait, page, lambda d: "incomplete" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    cut = page.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1]
    await asyncio.to_thread(wait, page, lambda d: "unshown" in cut.get_attribute("class"))
    assert page.execute_script("return arguments[0].naturalWidth", cut) > 0     # the placeholder, not broken
    assert cut.get_attribute("alt") == "IMG_0002.heic"


async def test_korean_wraps_between_words(page):
    from selenium.webdriver.common.by import By
    await asyncio.to_thread(say, page, "/lang ko")
    await asyncio.to_thread(wait, page, lambda d: d.find_element(By.ID, "send").text == "보내기")
    await asyncio.to_thread(say, page, "/help")
    await asyncio.to_thread(wait, page, lambda d: "내 데이터" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    # each Hangul word on one line: a word cut in two has two boxes
    split = page.execute_script("""
        const out = [];
        document.querySelectorAll('.msg.bot .text').forEach((el) => {
          const node = el.firstChild, re = /[가-힣]+/g; let m;
          while ((m = re.exec(node.data))) {
            const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
            if (r.getClientRects().length > 1) out.push(m[0]);
          }
        });
        return out;""")
    assert split == []


async def test_a_painting_is_replied_to_from_the_keyboard(page, fake_queue, tmp_path):
    """Reply-to was a click on the picture only: no keyboard way, and nothing said it was there."""
    import base64

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    first, second = tmp_path / "first.jpg", tmp_path / "second.jpg"
    first.write_bytes(make_photo(120, 90, seed=1))
    second.write_bytes(make_photo(120, 90, seed=4))
    await asyncio.to_thread(say, page, "/style gogh", first)
    await asyncio.to_thread(wait, page, lambda d: len(paintings(d)) == 1)
    await asyncio.to_thread(say, page, "/style monet", second)      # the last photo is now another one
    await asyncio.to_thread(wait, page, lambda d: len(paintings(d)) == 2)
    painting = paintings(page)[0]
    reply = painting.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.reply")
    await asyncio.to_thread(reply.send_keys, Keys.ENTER)
    await asyncio.to_thread(wait, page, lambda d: d.find_element(By.ID, "replying").text)
    assert reply.get_attribute("aria-pressed") == "true"
    assert page.execute_script("return document.activeElement.id") == "text"    # type the command at once
    await asyncio.to_thread(lambda: page.switch_to.active_element.send_keys("/style hokusai", Keys.ENTER))
    await asyncio.to_thread(wait, page, lambda d: len(paintings(d)) == 3)
    assert fake_queue.jobs[-1].image == base64.b64decode(painting.get_attribute("src").split(",", 1)[1])
    assert fake_queue.jobs[-1].image != fake_queue.jobs[1].image


async def test_a_newcomer_who_lost_the_connection_before_the_welcome_still_gets_it(server, layer, tmp_path):
    """The first-visit flag was set as the page asked for /start: a connection lost before the
    welcome came (the bot restarting) and the newcomer never saw it, then or on any later visit."""
    from selenium.webdriver.common.by import By

    asked, gate = asyncio.Event(), asyncio.Event()
    handle = layer.handle

    async def start_held(req, out):              # the first /start is not answered before the restart
        if req.text == "/start" and not gate.is_set():
            asked.set()
            await gate.wait()
            return
        await handle(req, out)

    layer.handle = start_held
    driver = await asyncio.to_thread(_browser, tmp_path)
    try:
        await asyncio.to_thread(driver.get, server.url)
        await asyncio.wait_for(asked.wait(), 30)
        assert driver.execute_script("return localStorage.getItem('paintbot-welcomed')") is None
        await server.stop()                          # the connection is lost: the welcome never comes
        gate.set()
        await asyncio.to_thread(wait, driver, lambda d: not connected(d))
        await server.start()
        await asyncio.to_thread(wait, driver, lambda d: "I turn your photos into paintings"
                                in d.find_element(By.ID, "messages").text)
        await asyncio.to_thread(wait, driver, lambda d: d.execute_script(
            "return localStorage.getItem('paintbot-welcomed')") == "1")
        await asyncio.to_thread(driver.refresh)      # a later visit: welcomed already, not again
        await asyncio.to_thread(wait, driver, connected)
        await asyncio.sleep(1)
        # (the welcome shown is kept with the tab's conversation: once, not asked for again)
        assert driver.find_element(By.ID, "messages").text.count("I turn your photos") == 1
    finally:
        await asyncio.to_thread(driver.quit)


async def test_the_users_message_is_shown_on_their_other_open_tab_above_the_painting(page, tmp_path):
    """A second tab got the painting (c0a1158) but not the photo and command it answers: it came
    out of nowhere there. The tab that sent it shows it once."""
    from selenium.webdriver.common.by import By

    photo = tmp_path / "beach.jpg"
    photo.write_bytes(make_photo(120, 90, seed=2))
    first, url = page.current_window_handle, page.current_url
    await asyncio.to_thread(page.switch_to.new_window, "tab")          # the same user (localStorage)
    second = page.current_window_handle
    await asyncio.to_thread(page.get, url)
    await asyncio.to_thread(wait, page, connected)
    await asyncio.sleep(0.5)                                          # its hello reached the server
    await asyncio.to_thread(page.switch_to.window, first)
    await asyncio.to_thread(say, page, "/style gogh", photo)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    sent = page.find_elements(By.CSS_SELECTOR, ".msg.me")
    assert [e.text for e in sent] == ["/style gogh"]                   # once here
    await asyncio.to_thread(page.switch_to.window, second)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    there = page.find_elements(By.CSS_SELECTOR, "#messages > .msg")
    mine = [e for e in there if "me" in e.get_attribute("class").split()]
    assert [e.text for e in mine] == ["/style gogh"], [e.text for e in there]
    assert there.index(mine[0]) < there.index(paintings(page)[0].find_element(By.XPATH, ".."))
    img = mine[0].find_element(By.TAG_NAME, "img")
    assert img.get_attribute("alt") == "beach.jpg"
    assert img.get_attribute("src").startswith("data:image/jpeg;base64,")


async def test_a_progress_line_is_busy_for_screen_readers_until_it_is_the_outcome(page, tmp_path):
    """The messages are a live log: each edit of a painting's progress line ("painting… 40%")
    could be read out again. The line is aria-busy while in progress, not once it is the outcome."""
    from selenium.webdriver.common.by import By

    page.execute_script("""
        window.busy = [];
        new MutationObserver(() => document.querySelectorAll('#messages .msg.progress').forEach(
            (el) => window.busy.push([el.textContent, el.getAttribute('aria-busy')]))
        ).observe(document.getElementById('messages'), {childList: true, subtree: true, attributes: true});""")
    photo = tmp_path / "park.jpg"
    photo.write_bytes(make_photo(120, 90, seed=3))
    await asyncio.to_thread(say, page, "/style gogh", photo)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    line = page.find_elements(By.CSS_SELECTOR, "#messages .msg.progress")[-1]
    await asyncio.to_thread(wait, page, lambda d: line.get_attribute("aria-busy") is None)
    assert "done" in line.text
    seen = page.execute_script("return window.busy")
    assert any(busy == "true" and "done" not in text for text, busy in seen), seen     # while in progress
    assert paintings(page)[0].find_element(By.XPATH, "..").get_attribute("aria-busy") is None


async def test_a_small_painting_at_full_size_is_scaled_up_to_the_screen(page, tmp_path):
    """"Full size" showed a painting at its own pixel size: a small one was no bigger there than in
    the chat. It fills the screen now, whole, aspect kept, smoothly scaled."""
    from selenium.webdriver.common.by import By

    small = tmp_path / "small.jpg"
    small.write_bytes(make_photo(120, 90))
    await asyncio.to_thread(say, page, "/style gogh", small)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    painting = paintings(page)[0]
    nw, nh = page.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", painting)
    assert nw <= 128                                            # smaller than the phone's screen
    await asyncio.to_thread(painting.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.full").click)
    big = page.find_element(By.ID, "big")
    await asyncio.to_thread(wait, page, lambda d: d.execute_script(
        "return document.getElementById('viewer').open && arguments[0].complete", big))
    await asyncio.to_thread(wait, page, lambda d: big.size["width"] > nw)
    width, height = big.size["width"], big.size["height"]
    assert width == 390 and height <= 844                       # the screen's width, all of it in view
    assert abs(height - width * nh / nw) <= 1                   # not stretched
    box = page.execute_script("const r = document.getElementById('viewer').getBoundingClientRect();"
                              "return [r.left, r.top, r.right, r.bottom]")
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= 390 and box[3] <= 844     # nothing cut off
    assert page.execute_script("return getComputedStyle(arguments[0]).imageRendering", big) == "auto"


async def test_a_long_strip_at_full_size_fits_the_screen_whole(page, tmp_path):
    """A strip longer than 3:1 filled the screen's short side at "Full size" and scrolled: the
    picture was never seen whole. It fits the screen now, like any other, aspect kept."""
    from selenium.webdriver.common.by import By

    strip = tmp_path / "panorama.jpg"
    strip.write_bytes(make_photo(480, 120))       # 4:1 (the fake queue sends the photo back as it is)
    await asyncio.to_thread(say, page, "/style gogh", strip)
    await asyncio.to_thread(wait, page, lambda d: paintings(d))
    painting = paintings(page)[0]
    await asyncio.to_thread(painting.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.full").click)
    big = page.find_element(By.ID, "big")
    await asyncio.to_thread(wait, page, lambda d: d.execute_script(
        "return document.getElementById('viewer').open && arguments[0].complete && arguments[0].style.width", big))
    width, height = big.size["width"], big.size["height"]
    assert width == 390 and abs(height - 390 / 4) <= 1            # the screen's width, aspect kept
    scroll = page.execute_script("const v = document.getElementById('viewer');"
                                 "return [v.scrollWidth - v.clientWidth, v.scrollHeight - v.clientHeight,"
                                 "        document.documentElement.scrollWidth - window.innerWidth]")
    assert scroll == [0, 0, 0], scroll                            # nothing to scroll to
    box = page.execute_script("const r = document.getElementById('big').getBoundingClientRect();"
                              "return [r.left, r.top, r.right, r.bottom]")
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= 390 and box[3] <= 844, box     # all of it in view
