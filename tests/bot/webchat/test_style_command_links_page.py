"""A command named in a reply is a link that sends it (test_command_links); for a style whose name
has a space or is Korean, the reply names "/style 푸른 물결" ("써 보세요: /style 푸른 물결", and
/communitystyles' "/style 푸른 물결 — 푸른 물결, …"), and the page linked "/style" alone: a click
sent a bare /style, which showed the catalog's artists. The server names such commands with their
words ("whole"), and the page links the whole command. A Korean particle glued after a command
("/help에서", "/기록삭제를") is not part of its link: "/help에서" was no link at all. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.chat import Reply

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

STYLE = "푸른 물결"
GLUED = "전체 명령어는 /help에서 볼 수 있어요. 기록은 /기록삭제를 보내면 지워요."


def last_bot(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]


def links(bubble) -> list[str]:
    return [a.text for a in bubble.find_elements(By.CSS_SELECTOR, ".text button.command")]


def _add_list_click(driver, tmp_path) -> dict:
    painting = tmp_path / "wave.jpg"
    painting.write_bytes(make_photo(160, 120))
    say(driver, f"/화풍추가 {STYLE}", painting)
    wait(driver, lambda d: "써 보세요" in last_bot(d).text)
    seen = {"added": links(last_bot(driver))}
    say(driver, "/communitystyles")
    wait(driver, lambda d: f"{STYLE} —" in last_bot(d).text)
    listing = last_bot(driver)
    seen["listed"] = links(listing)
    whole = [a for a in listing.find_elements(By.CSS_SELECTOR, ".text button.command") if a.text == f"/style {STYLE}"]
    if whole:
        whole[0].click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text.startswith("/style"))
    seen["sent"] = driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text
    say(driver, "/glued")
    wait(driver, lambda d: "/기록삭제" in last_bot(d).text)
    glued = last_bot(driver)
    seen["glued"] = links(glued)
    seen["glued_text"] = glued.find_element(By.CSS_SELECTOR, ".text").text
    return seen


async def test_a_style_named_with_a_space_or_in_korean_is_linked_whole(page, layer, tmp_path):
    handle = layer.handle

    async def with_a_glued_particle(req, out):       # a reply whose particles are glued to its commands
        if req.text == "/glued":
            return await out.send(Reply(GLUED))
        return await handle(req, out)

    layer.handle = with_a_glued_particle
    seen = await asyncio.to_thread(_add_list_click, page, tmp_path)
    assert f"/style {STYLE}" in seen["added"], seen
    assert f"/style {STYLE}" in seen["listed"] and "/style" not in seen["listed"], seen
    assert seen["sent"] == f"/style {STYLE}", seen                       # the whole command sent
    assert seen["glued"] == ["/help", "/기록삭제"], seen                  # the particles left out
    assert seen["glued_text"] == GLUED, seen                             # and the words read as before
