"""In headless Chromium, a photo being painted as the bot stops: the page had its ack, so it never
sent it again, and the stop closed the page without a word (the painting lost). Now the stop says
"again" for it, and the page sends it again once connected to the restarted bot, which paints it:
nothing for the user to do, no "send it again" under it. (The server's side: test_cut_off_at_stop.)"""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from bot.messages import t

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

BUSY = "return [...document.querySelectorAll('#messages [aria-busy]')].map((e) => e.textContent)"


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=60.0)         # never done before the stop: the stop cuts its answer off


def _under_way(driver, tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: any("%" in line for line in d.execute_script(BUSY)))       # acked, painting


def _bubble(driver) -> str:
    return driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text


def _painted_after_the_restart(driver) -> dict:
    wait(driver, connected)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "img.painting"))
    return {"bubble": _bubble(driver), "queued": driver.execute_script(
        "return document.querySelectorAll('.msg.me.queued').length")}


async def test_a_photo_cut_off_by_a_stop_is_sent_again_by_the_page_and_painted(page, server, fake_queue, tmp_path):
    await asyncio.to_thread(_under_way, page, tmp_path)
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    held = await asyncio.to_thread(lambda: page.execute_script(
        "return document.querySelectorAll('.msg.me.queued').length"))
    assert held == 1                                  # waiting to go out again (⏳), not "send it again"
    fake_queue.delay = 0.0
    await server.start()                              # (same port: the page reconnects, no reload)
    seen = await asyncio.to_thread(_painted_after_the_restart, page)
    assert t("en", "busy_restarting") not in seen["bubble"], seen
    assert seen["queued"] == 0, seen
    assert len(fake_queue.jobs) == 2                  # the one cut off, and its copy, painted


def _text_under_way(driver, tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "", photo)                                       # a photo alone: the artist buttons
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons"))
    say(driver, "/style monet")                                  # a text that paints it
    wait(driver, lambda d: any("%" in line for line in d.execute_script(BUSY)))


async def test_a_text_cut_off_by_a_stop_is_sent_again_by_the_page_too(page, server, fake_queue, tmp_path):
    await asyncio.to_thread(_text_under_way, page, tmp_path)
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    bubble = await asyncio.to_thread(_bubble, page)
    assert "/style monet" in bubble and t("en", "busy_restarting") not in bubble, bubble
    fake_queue.delay = 0.0
    await server.start()
    seen = await asyncio.to_thread(_painted_after_the_restart, page)
    assert t("en", "busy_restarting") not in seen["bubble"], seen
    assert len(fake_queue.jobs) == 2                  # the text cut off, and its copy, painted


def _queued(driver) -> int:
    return driver.execute_script("return document.querySelectorAll('.msg.me.queued').length")


async def test_a_message_cut_off_by_stop_after_stop_is_sent_again_twice_then_left_to_the_user(
        page, server, fake_queue, tmp_path):
    # a bot stopped again and again before it answered it: sent again at each restart, for ever
    await asyncio.to_thread(_under_way, page, tmp_path)
    for restart in range(2):
        await server.stop()
        await asyncio.to_thread(wait, page, lambda d: not connected(d))
        assert await asyncio.to_thread(_queued, page) == 1, restart          # held to be sent again
        sent = len(fake_queue.jobs)
        await server.start()
        await asyncio.to_thread(wait, page, lambda d: len(fake_queue.jobs) > sent)   # its copy, under way
    await server.stop()                       # the third cut-off: no more copies, the words instead
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await asyncio.to_thread(wait, page, lambda d: t("en", "busy_restarting") in _bubble(d))
    assert await asyncio.to_thread(_queued, page) == 0
    assert len(fake_queue.jobs) == 3
