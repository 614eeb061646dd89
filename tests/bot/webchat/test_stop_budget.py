"""The web chat's cut-off at a stop (stopping.py) keeps to its part of bot/__main__.py's CLOSE_S:
after it the pages get PAGES_CLOSE_S to close and aiohttp its shutdown_timeout (5 s, start_web).
The answers' wait, the wait for those cancelled to end and the telling took 2 + 1 + 1 s: with
those, 11 s, a second past CLOSE_S (and the STOP_GRACE a restart waits for)."""
from __future__ import annotations

import asyncio
import contextlib

from bot.__main__ import CLOSE_S
from bot.chat import Request
from bot.webchat import PAGES_CLOSE_S
from bot.webchat.stopping import ANSWERS_STOP_WAIT_S, STOP_S, Answering, AnswersUnderWay, tell_cut_off

SHUTDOWN_TIMEOUT_S = 5.0       # bot/__main__.py's start_web: AppRunner(shutdown_timeout=5)
MARGIN_S = 0.4                 # (a loaded machine's loop)


async def test_an_answer_that_will_not_end_and_a_page_that_will_not_take_its_word_hold_the_stop_no_longer():
    answers, stopped = AnswersUnderWay(), asyncio.Event()

    async def stubborn() -> None:            # ignores the cut-off's cancel until the test is over
        while not stopped.is_set():
            with contextlib.suppress(asyncio.CancelledError):
                await stopped.wait()

    async def page_that_hangs(answering: Answering, word: tuple[str, dict]) -> None:
        await asyncio.Event().wait()

    task = asyncio.create_task(stubborn())
    answers.track(task, Answering(Request(platform="web", user_id="web:lu", chat_id="web:lu"), None, "1", "q-lu"))
    loop = asyncio.get_running_loop()
    began = loop.time()
    try:
        cut = await answers.cut_off(ANSWERS_STOP_WAIT_S)
        await tell_cut_off(None, cut, page_that_hangs)
        took = loop.time() - began
    finally:
        stopped.set()
        await task
    assert [a.qid for a in cut] == ["q-lu"]
    assert took <= STOP_S + MARGIN_S, took
    assert STOP_S + PAGES_CLOSE_S + SHUTDOWN_TIMEOUT_S <= CLOSE_S
