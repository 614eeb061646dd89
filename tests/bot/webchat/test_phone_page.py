"""The web chat on a Korean user's phone, in headless Chromium (QA with screenshots): at 320×568 the
page was 337 px wide (it scrolled sideways) and 보내기 broke into three lines, cut off; links and
buttons were 18 to 28 px tall under a finger; there was no dark mode; a line under way was in
italics (a browser slants Hangul, which has none); /mydata's zip link was the browser's blue; the
header's hint took 92 px of the screen all along."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# what the page's own words, in Korean, and its parts measure
MEASURE = """
const box = (el) => el.getBoundingClientRect(), send = document.getElementById("send");
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
        sendText: send.textContent, sendHeight: box(send).height, sendRight: box(send).right,
        sendLine: parseFloat(getComputedStyle(send).lineHeight) || 1.4 * parseFloat(getComputedStyle(send).fontSize),
        sendPadding: parseFloat(getComputedStyle(send).paddingTop) + parseFloat(getComputedStyle(send).paddingBottom),
        hint: box(document.getElementById("hint")).height, header: box(document.querySelector("header")).height,
        cut: document.getElementById("hint").scrollHeight > document.getElementById("hint").clientHeight + 1};
"""


def _korean_at_320(driver) -> dict:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 568, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
    return driver.execute_script(MEASURE)


async def test_at_320_px_nothing_overflows_and_send_is_one_line(page):
    seen = await asyncio.to_thread(_korean_at_320, page)
    assert seen["sendText"] == "보내기", seen
    assert seen["inner"] == 320 and seen["scroll"] <= seen["inner"], seen     # no sideways scroll
    assert seen["sendRight"] <= seen["inner"], seen                # the button whole on the screen
    assert seen["sendHeight"] - seen["sendPadding"] < 1.5 * seen["sendLine"], seen    # one line


async def test_on_a_phone_the_hint_is_one_line_once_the_user_spoke_and_a_tap_shows_it_whole(page):
    def run(driver):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        say(driver, "/lang ko")
        wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        one_line = driver.execute_script(MEASURE)
        driver.find_element(By.ID, "hint").click()
        whole = driver.execute_script(MEASURE)
        driver.find_element(By.ID, "hint").click()
        again = driver.execute_script(MEASURE)
        driver.set_window_size(1000, 900)                          # (a wide screen: all of it, always)
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
        wide = driver.execute_script(MEASURE)
        return one_line, whole, again, wide

    one_line, whole, again, wide = await asyncio.to_thread(run, page)
    assert one_line["hint"] < 24 and one_line["cut"], one_line      # 13 px words, one line of them
    assert whole["hint"] > 2 * one_line["hint"] and not whole["cut"], whole
    assert again["hint"] == one_line["hint"], again
    assert not wide["cut"], wide                         # a wide screen: all of it, always


TAPPED = """
const tall = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect().height);
return {coarse: matchMedia("(pointer: coarse)").matches,
        tools: tall(".tools a, .tools button"), buttons: tall(".buttons button"),
        clear: tall("#clear"), send: tall("#send, label.file"), commands: tall(".text button.command"),
        gaps: (() => { const r = [...document.querySelectorAll(".tools")].pop().children;
                       return [...r].slice(1).map((e, i) => e.getBoundingClientRect().left - r[i].getBoundingClientRect().right); })(),
        font: getComputedStyle(document.querySelector(".tools button")).fontSize};
"""


async def test_under_a_finger_each_thing_tapped_is_44_px_tall(page, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))

    def run(driver):
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "pointer", "value": "coarse"}]})
        say(driver, "/style monet", photo)
        wait(driver, lambda d: paintings(d))
        driver.find_element(By.CSS_SELECTOR, ".tools button.reply").click()     # (the ✕ shows)
        return driver.execute_script(TAPPED)

    seen = await asyncio.to_thread(run, page)
    assert seen["coarse"], seen
    for part in ("tools", "buttons", "clear", "send"):
        assert seen[part] and min(seen[part]) >= 44, (part, seen)
    assert min(seen["gaps"]) >= 4, seen                 # apart, not touching
    # a command in a reply's words 32 px tall, its padding taken back (test_command_tap_target_page:
    # 44 px had its reply's lines 33 px apart, the others' 21)
    assert seen["commands"] and min(seen["commands"]) >= 32, seen
    assert seen["font"] == "13px", seen                 # padding, not bigger words


DARK = """
const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; });
                     return .2126 * r + .7152 * g + .0722 * b; };
const style = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
const pair = (sel, bg) => [lum(style(bg || sel, "backgroundColor")), lum(style(sel, "color"))];
const bot = document.querySelector(".msg.bot");
return {body: pair("body"), bubble: [lum(getComputedStyle(bot).backgroundColor), lum(getComputedStyle(bot).color)],
        link: [lum(getComputedStyle(bot).backgroundColor), lum(style(".msg.bot .text button.command", "color"))],
        input: pair("#text"), form: lum(style("form", "backgroundColor")),
        placeholder: lum(getComputedStyle(document.getElementById("text"), "::placeholder").color)};
"""


def contrast(pair: list[float]) -> float:
    dark, light = sorted(pair)
    return (light + .05) / (dark + .05)


async def test_in_dark_mode_the_page_is_dark_with_light_words(page):
    def run(driver):
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        return driver.execute_script(DARK)

    seen = await asyncio.to_thread(run, page)
    assert seen["body"][0] < 0.05 and seen["body"][1] > 0.6, seen      # a dark page, light words
    assert seen["bubble"][0] < 0.05 and seen["input"][0] < 0.05 and seen["form"] < 0.05, seen
    for part in ("body", "bubble", "link", "input"):
        assert contrast(seen[part]) >= 4.5, (part, seen)               # readable (WCAG AA)
    assert contrast([seen["input"][0], seen["placeholder"]]) >= 4.5, seen


async def test_a_line_under_way_is_not_italic_and_the_zip_link_is_styled_as_the_others(page):
    def run(driver):
        return driver.execute_script("""
          const line = document.createElement("div"); line.className = "msg bot progress"; line.lang = "ko";
          line.textContent = "그리는 중… 40%"; document.getElementById("messages").appendChild(line);
          const zip = document.createElement("a"); zip.href = "data:application/zip;base64,"; zip.textContent = "⬇ mydata.zip";
          const bubble = document.createElement("div"); bubble.className = "msg bot"; bubble.appendChild(zip);
          document.getElementById("messages").appendChild(bubble);
          const bot = getComputedStyle(document.querySelector(".msg.bot:not(.progress)"));
          return {style: getComputedStyle(line).fontStyle, lineColor: getComputedStyle(line).color, text: bot.color,
                  zip: getComputedStyle(zip).color,
                  command: getComputedStyle(document.querySelector(".msg.bot .text button.command")).color};""")

    seen = await asyncio.to_thread(run, page)
    assert seen["style"] == "normal", seen
    assert seen["lineColor"] != seen["text"], seen          # set apart by its colour
    assert seen["zip"] == seen["command"], seen
