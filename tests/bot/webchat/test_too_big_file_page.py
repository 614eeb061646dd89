"""A file over MAX_UPLOAD_MB picked with 📷 held every message back: Enter said its refusal again
(another bubble each time) and /status never went out until ✕ was pressed, which nothing said.
The refusal is said once, in the attachment bar, when it is picked; Enter sends the words (the
file is not in them), and the server refuses it again only for a command that would have painted
it. Headless Chromium."""
from __future__ import annotations

import asyncio
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.settings import Settings

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=1,
                    TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


def refusals(driver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if "too large" in e.text]


def _status_with_a_big_file(driver, tmp_path) -> dict:
    big = tmp_path / "big.jpg"
    big.write_bytes(os.urandom(1_600_000))
    say(driver, "/status", big)
    wait(driver, lambda d: "Queue:" in d.find_element(By.ID, "messages").text)
    box = driver.find_element(By.ID, "text")
    box.send_keys(Keys.ENTER)                     # again: nothing left to send, nothing said
    box.send_keys(Keys.ENTER)
    import time
    time.sleep(1)
    return {"mine": [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.me")],
            "refusals": refusals(driver), "box": box.get_attribute("value"),
            "bar": driver.find_element(By.ID, "attname").text}


async def test_status_goes_out_with_a_file_too_big_attached(page, tmp_path):
    seen = await asyncio.to_thread(_status_with_a_big_file, page, tmp_path)
    assert seen["mine"] == ["/status"], seen
    assert seen["refusals"] == [] and seen["box"] == "" and seen["bar"] == "", seen


def _style_with_a_big_file(driver, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: len(paintings(d)) == 1)
    big = tmp_path / "big.jpg"
    big.write_bytes(os.urandom(1_600_000))
    driver.find_element(By.ID, "file").send_keys(str(big))
    wait(driver, lambda d: "big.jpg" in d.find_element(By.ID, "attname").text)
    seen = {"bar": driver.find_element(By.ID, "attname").text}
    say(driver, "/style monet")
    wait(driver, lambda d: refusals(d))
    import time
    time.sleep(1.5)                                  # time enough for a painting, had one been asked for
    seen.update(paintings=len(paintings(driver)), refusals=refusals(driver),
                mine=driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text)
    return seen


async def test_a_painting_command_with_a_file_too_big_is_refused_once_not_painted(page, tmp_path):
    seen = await asyncio.to_thread(_style_with_a_big_file, page, tmp_path)
    assert "big.jpg: That file is too large (1.5 MB; the limit is 1 MB)." in seen["bar"], seen
    assert seen["refusals"] == ["That file is too large (1.5 MB; the limit is 1 MB)."], seen
    assert seen["paintings"] == 1, seen                 # the previous photo was not painted as monet
    assert seen["mine"] == "/style monet", seen
