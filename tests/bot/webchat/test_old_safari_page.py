"""The phone header's hint (f9cc07a) listens for the screen's width with MediaQueryList's
addEventListener, which Safari has only from 14 (iOS 13.4 to 13.7 have addListener alone, and run
the rest of the page: its ?. and ??). It threw there, before the page connected: the whole chat
stayed offline. Such a browser is stood in for by taking addEventListener off MediaQueryList."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# (it is EventTarget's: MediaQueryList's own, undefined, hides it)
NO_LISTENER = "Object.defineProperty(MediaQueryList.prototype, 'addEventListener', {value: undefined});"


async def test_a_browser_whose_media_queries_take_only_add_listener_still_connects_and_cuts_the_hint(page):
    def run(driver):
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_LISTENER})
        driver.refresh()
        wait(driver, lambda d: d.execute_script("return typeof matchMedia('(max-width: 1px)').addEventListener") == "undefined")
        wait(driver, connected, timeout=10)
        say(driver, "/help")
        wait(driver, lambda d: "talking" in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        return errors

    assert await asyncio.to_thread(run, page) == []
