"""In headless Chromium: a tab left open for days kept every bubble it was shown (the chat's DOM)
and each bot bubble's element in `nodes`, though the conversation it saves keeps the newest
KEEP_SHOWN to 2 x KEEP_SHOWN entries. The bubbles go with their entries now; what the user
scrolled to stays in place, and the newest bubble is in view at the bottom."""
from __future__ import annotations

import asyncio

import aiohttp
from selenium.webdriver.common.by import By

from bot.commands import Reply
from bot.webchat import HUB

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]
KEEP_SHOWN = 60           # index.html's


def _bubbles(driver) -> dict:
    return driver.execute_script("""
        const m = document.getElementById("messages"), all = m.querySelectorAll(".msg");
        return {bot: m.querySelectorAll(".msg.bot").length, me: m.querySelectorAll(".msg.me").length,
                last: all[all.length - 1].textContent,
                bottom: m.scrollHeight - m.scrollTop - m.clientHeight < 80};""")


async def test_the_chat_keeps_a_bounded_number_of_bubbles(page, server):
    hub = server.runner.app[HUB]
    user = page.execute_script("return localStorage.getItem('paintbot-user')")
    async with aiohttp.ClientSession() as session, session.ws_connect(server.url + "ws") as other:
        await other.receive_json()
        await other.send_json({"op": "hello", "user": user})
        for i in range(90):      # the user's messages from another tab: each shown here, with its answer
            await other.send_json({"user": user, "text": f"/help {i}", "locale": "en-US",
                                   "client_id": str(i), "qid": f"q{i}"})
            while (await other.receive_json())["op"] != "lang":
                pass
        for i in range(60):
            await hub.deliver(f"web:{user}", [Reply(f"note {i}")])
        await asyncio.to_thread(wait, page, lambda d: "note 59" in _bubbles(d)["last"])
    seen = await asyncio.to_thread(_bubbles, page)
    # 240 entries shown: the newest 60 to 120 of them kept (and the welcome)
    assert KEEP_SHOWN <= seen["bot"] + seen["me"] <= 2 * KEEP_SHOWN + 1, seen
    assert seen["me"] and seen["bottom"], seen


def _scrolled_up_then_more(driver, deliver) -> tuple[float, float, bool]:
    wait(driver, connected)
    target = driver.execute_script("""
        const m = document.getElementById("messages"), all = m.querySelectorAll(".msg.bot");
        m.style.overflowAnchor = "none";    // as Safari: the browser does not keep the view in place itself
        const el = all[all.length - 25]; el.id = "reading"; m.scrollTop = el.offsetTop - m.offsetTop - 20;
        return el.getBoundingClientRect().top;""")
    deliver()
    wait(driver, lambda d: "later 69" in _bubbles(d)["last"])
    el = driver.find_element(By.ID, "reading")
    return target, driver.execute_script("return arguments[0].getBoundingClientRect().top", el), \
        driver.execute_script("return document.querySelectorAll('#messages .msg').length")


async def test_what_the_user_scrolled_to_stays_in_place_as_old_bubbles_go(page, server):
    hub = server.runner.app[HUB]
    user = page.execute_script("return localStorage.getItem('paintbot-user')")
    chat = f"web:{user}"
    for i in range(100):
        await hub.deliver(chat, [Reply(f"note {i}")])
    await asyncio.to_thread(wait, page, lambda d: "note 99" in _bubbles(d)["last"])
    loop = asyncio.get_running_loop()

    def deliver():
        async def more():
            for i in range(70):          # past 2 x KEEP_SHOWN: the oldest go while scrolled up
                await hub.deliver(chat, [Reply(f"later {i}")])
        asyncio.run_coroutine_threadsafe(more(), loop).result(30)

    before, after, shown = await asyncio.to_thread(_scrolled_up_then_more, page, deliver)
    assert shown <= 2 * KEEP_SHOWN + 1
    assert abs(before - after) < 2, (before, after)
