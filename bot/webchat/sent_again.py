"""A page's photo sent again after a lost connection, which the bot had before a restart.

The page keeps a photo it sent until the server's "ack" (index.html's unacked) and sends it again
once connected: a connection lost mid-upload lost it. Where the bot had it whole but the ack never
reached the page (the bot stopped, or the connection dropped, just after), the copy came to a
restarted bot, whose memory of the ids it answered (WebChatHub.handled) was empty: the photo was
painted twice (the journal painted the first again too). The photo's message id is kept in the
store's seen_messages (as Discord's messages acted on are), for the minutes a page resends in.

A message whose answer a stop cut off is marked so there (``keep_cut_off``): the page sends it again
to the restarted bot (stopping.py), which answers it; once answered, it is had again.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3

from ..store import SEEN_MESSAGE_KEEP_S, StorageError, Store

log = logging.getLogger(__name__)

# the newest rows of seen_messages kept (the whole table, Discord's too: the same bound as its
# REMEMBERED_MESSAGES, so neither front-end cuts the other's rows short)
REMEMBERED_ROWS = 2000
# a row's key: the message was had (answered), or a stop cut its answer off (answered when sent again)
HAD, CUT_OFF = "web_had", "web_cut_off"


def _row(chat_id: str, qid: str) -> str:
    return f"{chat_id}:{qid}"          # "web:<user>:<qid>": no Discord row ("dc:<id>") is like it


def answered_before_restart(store: Store, chat_id: str, qid: str) -> bool:
    """Whether a bot before this one had this message of the user's (the retention job forgets it
    SEEN_MESSAGE_KEEP_S on: a page sends it again as soon as it is connected). The store failing:
    not known (as before: this process's memory alone)."""
    try:
        seen = store.seen_message(_row(chat_id, qid))
        return seen is not None and seen[1] != CUT_OFF
    except (StorageError, sqlite3.Error) as exc:
        log.debug("web chat: messages had before a restart not readable in the store: %s", exc)
        return False


def keep_answered(store: Store, chat_id: str, qid: str, tasks: set) -> None:
    """Remember in the store that this message was had (user_id: /forgetme deletes it); written
    off the loop, in order; a failure (a full disk) is this process's memory alone."""
    task = asyncio.ensure_future(store.off_loop.keep_seen_message(
        _row(chat_id, qid), chat_id, HAD, True, keep_s=SEEN_MESSAGE_KEEP_S, most=REMEMBERED_ROWS))
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    task.add_done_callback(_kept)


async def keep_cut_off(store: Store, chat_id: str, qid: str, within: float) -> bool:
    """Remember in the store that a stop cut this message's answer off: the page's copy, sent
    after the restart, is answered (answered_before_restart: not had). Whether it is remembered
    within ``within`` s (a stop waits no longer; not: the copy would be acked alone, as had, so its
    user is told to send it again instead)."""
    try:
        await asyncio.wait_for(store.off_loop.keep_seen_message(
            _row(chat_id, qid), chat_id, CUT_OFF, True, keep_s=SEEN_MESSAGE_KEEP_S, most=REMEMBERED_ROWS), within)
        return True
    except Exception as exc:            # (TimeoutError too)
        log.warning("web chat: a message cut off by the stop was not marked so in the store (%s): "
                    "its user is told to send it again", type(exc).__name__)
        return False


def _kept(task: asyncio.Future) -> None:
    exc = None if task.cancelled() else task.exception()
    if exc is not None:
        log.debug("web chat: a message had was not kept in the store: %s: %s", type(exc).__name__, exc)
