"""The web chat's answers at a stop (Ctrl-C, SIGTERM, a restart): a message is never lost without a word.

bot/__main__.py closes the web chat (runner.cleanup, its on_shutdown) after the queue's drain and
the layer's DELIVERY_S, side by side with the other front-ends, within CLOSE_S (10 s). There the
answers still under way get ANSWERS_STOP_WAIT_S, then are cut off (cancelled), and each one's user is
told within CUT_OFF_TELL_S, before the pages are closed (PAGES_CLOSE_S, then aiohttp's
shutdown_timeout of 5 s for a frozen one: 1.5 + 0.5 + 1 + 2 + 5 s at the most, within CLOSE_S). Not told:
an answer the layer was done with (cut off as it settled its lines), a request the layer kept for after the restart (held_over: the journal paints and delivers it then;
sent again, it was painted twice) or that the user's /cancel or /forgetme had dropped (dropped_by:
told so already). The words as Telegram and Discord say them (bot/cut_off_word.py, word_at_stop).

Sent again, not told, where it can be: the page that sent it, still open, gets busy_restarting with
"again" (create_app's tell_restarting). It keeps each message it sent a while after the server had it
(index.html's answers), and sends that one again once connected to the restarted bot, which answers
it: nothing for the user to do (a picture's id is marked cut off in the store, sent_again.keep_cut_off,
or its copy was taken as had and only acked). The words show where the page no longer has it (a
reload since). Told instead, as Telegram's users are: a page closed since (its user's other pages
are), an /addstyle (its training may have begun: sent again unasked, it trained twice), a message
a painting of whose answer went out already (told to send again only the photos whose paintings
they did not get), or whose answer did not end when cancelled (held over, maybe): sent again
unasked, either was painted twice (may_send_again).

A message that comes once the answers are cut off (``closing``) is not begun: a photo is not acked
nor recorded, so the page sends it again once connected (its unacked); a text is told as above.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any, Awaitable, Callable

from ..commands import CommandLayer, Request
from ..cut_off_word import cut_off_word

log = logging.getLogger(__name__)

# what a stop waits for the answers still under way: the layer had DELIVERY_S already (answers_sent)
ANSWERS_STOP_WAIT_S = 1.5
CUT_OFF_SETTLE_S = 0.5     # for those cut off to end (their lines settled, the layer's held_over noted)
CUT_OFF_TELL_S = 1.0       # one try, every page at once, to say "restarting, send it again"
CUT_OFF_MARK_S = 0.5       # ... of which marking a picture cut off in the store may take this much (sent_again)
# all of it, before the pages are closed (PAGES_CLOSE_S, then aiohttp's shutdown_timeout): within
# bot/__main__.py's CLOSE_S with those (the cancelled answers' wait took a second more, past it)
STOP_S = ANSWERS_STOP_WAIT_S + CUT_OFF_SETTLE_S + CUT_OFF_TELL_S


@dataclasses.dataclass
class Answering:
    """A message being answered: its request, the page that sent it, its bubble there
    (``client_id``: None for a message the page showed none for) and its own id (``qid``)."""
    req: Request
    out: Any                # (a WebResponder)
    client_id: Any
    qid: str | None
    # the layer was done with it (its handle returned): a stop that cuts off what follows (its
    # lines settled, the page's language) cut nothing the user waits for
    answered: bool = False
    # a painting of its answer was being sent (set before the send: cut off mid-send, it may be
    # there): sent again unasked, it may have been painted twice (may_send_again)
    painting_maybe_out: bool = False
    # a painting of its answer reached the page (it took it): its user has it (word_at_stop)
    painting_out: bool = False
    # cancelled by the stop, and not ended within CUT_OFF_SETTLE_S: whether the layer held its
    # painting over is not known yet (sent again, it may be painted twice)
    still_running: bool = False


def may_send_again(answering: Answering) -> bool:
    """Whether the page may send a message cut off by the stop again unasked ("again"): not where
    a painting of its answer went out already, or was going out (it may be there), nor where its
    answer had not ended (held over, maybe). Those are told busy_restarting, and the user decides,
    as on Telegram."""
    return not (answering.painting_out or answering.painting_maybe_out or answering.still_running)


class AnswersUnderWay:
    """The web chat's answer tasks, each with what it answers, for a stop to wait for and cut off."""

    def __init__(self) -> None:
        self.tasks: dict[asyncio.Task, Answering] = {}
        self.closing = False        # the answers are cut off: a message that comes now is not begun

    def track(self, task: asyncio.Task, answering: Answering) -> None:
        self.tasks[task] = answering
        task.add_done_callback(lambda done: self.tasks.pop(done, None))

    async def cut_off(self, limit: float) -> list[Answering]:
        """Wait up to ``limit`` s for the answers under way, then cancel the rest (their finally
        settles their progress lines); what they were answering."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while self.tasks and loop.time() < deadline:
            await asyncio.wait(list(self.tasks), timeout=deadline - loop.time())
        self.closing = True
        cut = dict(self.tasks)
        for task in cut:
            task.cancel()
        if cut:
            # bounded: a task that would not end holds the stop no longer (its user is told anyway)
            await asyncio.wait(list(cut), timeout=CUT_OFF_SETTLE_S)
        for task, answering in cut.items():
            answering.still_running = not task.done()
        return list(cut.values())


def word_at_stop(layer: CommandLayer, answering: Answering) -> tuple[str, dict] | None:
    """What the user of an answer cut off is told, as on Telegram and Discord (cut_off_word): nothing
    where the layer kept its painting for after the restart (held_over) or their /cancel or
    /forgetme dropped it (dropped_by); an album one of whose photos the stop held over before its
    later ones were submitted: which of those to send again (album_rest_at_stop: the layer leaves
    the telling to the front-end that cut it off); one a painting of whose answer went out: to send
    again only the photos whose paintings they did not get (album_cut_off_restarting), nothing for
    a message of one picture (its painting is there); else busy_restarting. Never raises (the stop
    goes on): unsure, the user is told."""
    return cut_off_word(layer, answering.req.seq, painting_sent=answering.painting_out,
                        photos=len(answering.req.images or ()))


async def tell_cut_off(layer: CommandLayer, cut: list[Answering],
                       tell: Callable[[Answering, tuple[str, dict]], Awaitable[None]]) -> None:
    """Each answer cut off that the layer was not done with, and neither kept nor dropped, to its
    user (``tell``, with its words, word_at_stop: sent again by its page, or told); all at once,
    within CUT_OFF_TELL_S."""
    words = [(answering, word) for answering in cut
             if not answering.answered and (word := word_at_stop(layer, answering)) is not None]
    if not words:
        return
    log.warning("stopping: %d web chat message(s) still being answered cut off; their pages send them "
                "again after the restart (or their users are asked to)", len(words))
    telling = [asyncio.ensure_future(tell(answering, word)) for answering, word in words]
    done, late = await asyncio.wait(telling, timeout=CUT_OFF_TELL_S)
    for task in late:
        task.cancel()
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            log.warning("stopping: a web chat page could not be told of its message cut off: %s",
                        type(task.exception()).__name__)
