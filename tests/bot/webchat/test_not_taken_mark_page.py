"""In headless Chromium: a flood of photos past the user's paintings at once (QA finding 4). The
burst's one refusal ("You already have 2 paintings in progress…") stays, said once; but each photo
it turned away was marked "No reply of its own: see the bot's answer above", an answer that could be
screens above, past paintings of photos sent after it. Now each refused photo says on itself that it
was not taken (dimmed, the words over it), the one told the refusal too; the painted ones say
nothing; and so it stays over a reload. In English and in Korean."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from bot import webchat
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_flood import Gated
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]
PHOTOS = 5          # 2 painted (MAX_PENDING_PER_USER), the third told the refusal, 2 refused unsaid


@pytest.fixture
def layer(settings, store):
    """The paintings stay under way until the test lets them go (queue.gate)."""
    return CommandLayer(settings.model_copy(update={"MAX_PENDING_PER_USER": 2}), store, Gated())


def _photos(driver) -> list[dict]:
    """Each of the user's photo bubbles: its words on the photo (a mark inside its frame), whether
    it is dimmed, and whether the mark lies over the photo."""
    return driver.execute_script("""
        return [...document.querySelectorAll('.msg.me')].filter((b) => b.querySelector('img')).map((b) => {
          const img = b.querySelector('img'), note = b.querySelector('.unanswered');
          const i = img.getBoundingClientRect(), n = note && note.getBoundingClientRect();
          return {note: note ? note.textContent : '', notTaken: b.classList.contains('not-taken'),
                  dim: Number(getComputedStyle(img).opacity) < 1,
                  over: Boolean(n) && n.top >= i.top && n.bottom <= i.bottom + 1 && n.left >= i.left - 1 &&
                        n.right <= i.right + 1};
        });""")


def _flood(driver, lang: str, photo) -> dict:
    if lang == "ko":
        say(driver, "/lang ko")
        wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    for _ in range(PHOTOS):
        say(driver, "/style gogh", photo)
    wait(driver, lambda d: sum(p["note"] != "" for p in _photos(d)) == PHOTOS - 2, 15)
    seen = {"marked": _photos(driver)}
    driver.refresh()
    wait(driver, connected)
    wait(driver, lambda d: len(_photos(d)) == PHOTOS)
    seen["reloaded"] = _photos(driver)
    driver.refresh()                    # (and again: the page saved what it restored, the mark too)
    wait(driver, connected)
    wait(driver, lambda d: len(_photos(d)) == PHOTOS)
    seen["reloaded twice"] = _photos(driver)
    return seen


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_each_photo_a_flood_turned_away_says_so_on_itself(lang, page, server, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    try:
        seen = await asyncio.to_thread(_flood, page, lang, photo)
    finally:
        server.layer.queue.gate.set()
    refusals = [b.text for b in page.find_elements(By.CSS_SELECTOR, ".msg.bot")
                if t(lang, "too_many_pending", count=2)[:12] in b.text]
    assert len(refusals) == 1, refusals            # the burst's one refusal stays
    taken = {"note": "", "notTaken": False, "dim": False, "over": False}
    refused = {"note": t(lang, "web_not_taken"), "notTaken": True, "dim": True, "over": True}
    expected = [taken] * 2 + [refused] * (PHOTOS - 2)
    assert seen["marked"] == expected, seen["marked"]
    assert seen["reloaded"] == expected, seen["reloaded"]
    assert seen["reloaded twice"] == expected, seen["reloaded twice"]
    # the two taken are painted, and stay unmarked
    await asyncio.to_thread(wait, page, lambda d: len(paintings(d)) == 2, 15)
    assert _photos(page) == expected



def _small_and_several(driver, tiny, photo, other) -> list[dict]:
    """Two photos under way, the page's cap reached: the third told "still answering", a 32-px
    photo (drawn 48 px: its words are taller than it) and two photos in one message refused too."""
    for _ in range(3):
        say(driver, "/style gogh", photo)
    say(driver, "/style gogh", tiny)
    driver.find_element(By.ID, "file").send_keys(f"{photo}\n{other}")
    wait(driver, lambda d: "+1" in d.find_element(By.ID, "attname").text)
    say(driver, "/style gogh")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered")) == 3, 15)
    return driver.execute_script("""
        const bubbles = [...document.querySelectorAll('.msg.me')].filter((b) => b.querySelector('img'));
        return bubbles.slice(-2).map((b) => {
          const before = b.previousElementSibling.getBoundingClientRect(), box = b.getBoundingClientRect();
          const img = b.querySelector('img').getBoundingClientRect(), note = b.querySelector('.unanswered');
          const n = note.getBoundingClientRect();
          const top = document.elementFromPoint(n.left + n.width / 2, n.top + n.height / 2);
          return {pictures: b.querySelectorAll('img').length,
                  dimmed: [...b.querySelectorAll('img')].every((i) => Number(getComputedStyle(i).opacity) < 1),
                  inBubble: n.top >= box.top && n.bottom <= box.bottom && box.top >= before.bottom,
                  fromPhotoTop: n.top >= img.top - 1, shown: note.contains(top)};
        });""")


async def test_the_words_stay_in_a_small_photos_bubble_and_every_picture_is_dimmed(page, server, tmp_path,
                                                                                   monkeypatch):
    """(Laid absolutely, the words on a 48-px photo ran 120 px up, over the bubble above it, and
    under the dimmed photo; of a message of two photos the first alone was dimmed.)"""
    monkeypatch.setattr(webchat, "IN_FLIGHT_SPARE", 0)     # the page's cap: the 2 paintings at once
    monkeypatch.setattr(webchat, "BUSY_QUIET_S", 600.0)
    photo, other, tiny = tmp_path / "p.jpg", tmp_path / "q.jpg", tmp_path / "tiny.jpg"
    photo.write_bytes(make_photo(160, 120))
    other.write_bytes(make_photo(120, 160))
    tiny.write_bytes(make_photo(32, 32))
    try:
        small, several = await asyncio.to_thread(_small_and_several, page, tiny, photo, other)
    finally:
        server.layer.queue.gate.set()
    marked = {"dimmed": True, "inBubble": True, "fromPhotoTop": True, "shown": True}
    assert small == {"pictures": 1, **marked}, small
    assert several == {"pictures": 2, **marked}, several
