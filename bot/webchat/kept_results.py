"""What the web chat keeps for a user's next visit, in the store, so that it outlives a restart.

A painting (or a failure) that finished while its user had no page open waited in the hub's
memory (WebChatHub.waiting, .unseen) for their next visit. After a restart the reopened page got
only "settled" for its line, which went on saying "waiting in line…", and the painting never
came, though the user had been told "no need to send it again". The journal cannot keep it for
them: it marks a result delivered as it hands it to the bot, whoever takes it then. So the hub
keeps its memory of a user's results in the store (web_results) as it changes: the outcome of each
of their progress lines ("done in 3 s"; ``unseen`` where no page got it) and the replies no page
took, each picture once. A restarted bot reads a user's back the first time it needs them (their
page opening, a delivery to them). Bounded as the memory is (KEEP_LINES, KEEP_REPLIES a user), the
store's WEB_REPLIES_KEPT replies in all within WEB_PICTURES_KEPT_BYTES, and WEB_RESULTS_KEEP_DAYS
(retention.py); /forgetme deletes them at once. The store's calls go in the order the hub asks
(_in_turn), and a keep that changes nothing writes nothing.

A line from before a restart that a page names, and that the bot has no word of (nothing kept,
and no job of the journal's resumed on it), is lost: said so, and to send the photo again.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Callable

from ..bounded import Newest
from ..chat import Button, Reply
from ..messages import t
from ..store import Store

log = logging.getLogger(__name__)

LOST_KEY = "web_line_lost"
STORED_DIGESTS = 10_000      # users whose rows' digest is remembered (an unchanged keep writes nothing)


def reply_row(reply: Reply) -> tuple[str, str, bytes | None]:
    """A reply as kept: (its digest, its text and buttons as JSON, its picture)."""
    body = json.dumps({"text": reply.text, "progress": reply.progress, "private": reply.private,
                       "buttons": [[{"label": b.label, "command": b.command} for b in row] for row in reply.buttons]},
                      ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(body.encode() + b"\0" + (reply.image or b"")).hexdigest()
    return digest, body, reply.image


def _digest(lines, replies) -> bytes:
    """The rows of a user as kept: (line id, JSON, unseen) and (digest, JSON, picture), the
    replies by their digest (which covers the picture)."""
    rows = [[mid, body, bool(unseen)] for mid, body, unseen in lines], [key for key, _, _ in replies]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).digest()


def reply_of(body: str, image: bytes | None) -> Reply:
    data = json.loads(body)
    return Reply(text=data.get("text") or "", image=image or None, progress=bool(data.get("progress")),
                 private=bool(data.get("private")),
                 buttons=[[Button(b["label"], b["command"]) for b in row] for row in data.get("buttons") or []])


class KeptResults:
    """The store's side of a hub's memory of its users' results (WebChatHub.keeper). ``lang_of(chat_id,
    locale)``: the user's language (where the store cannot say it too); ``queue``: the job queue,
    whose jobs resumed from its journal name the lines they edit (``recovered``)."""

    def __init__(self, store: Store, lang_of: Callable[[str, str | None], str], queue=None) -> None:
        self.store, self.lang_of, self.queue = store, lang_of, queue
        self._last: asyncio.Future | None = None      # the store call asked last (_in_turn)
        self._pending: set[asyncio.Future] = set()     # (held: the loop keeps only weak references to tasks)
        # user -> a digest of their rows as the store has them (read or written): a keep that
        # would write the same is no write. Only touched on the store's thread
        self._stored: Newest = Newest(STORED_DIGESTS)

    def _in_turn(self, fn, *args) -> asyncio.Future:
        """``fn(*args)`` on the store's thread after the calls asked before it, in the order they
        were asked, from the moment it is asked (OffLoop queues a call only as its coroutine first
        runs: a keep's write, its task not yet begun, went after a /forgetme asked after it, and
        put back what the user had just had deleted). Runs to its end whoever awaits it."""
        before = self._last

        async def call():
            if before is not None:
                await asyncio.wait([before])
            return await self.store.off_loop.call(fn, *args)

        self._last = task = asyncio.ensure_future(call())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task

    async def read(self, chat_id: str) -> tuple[list[tuple[str, dict, bool]], list[Reply]] | None:
        """(lines: (id, outcome, unseen), replies) kept for the user, the oldest first; None where
        the store cannot say (the memory alone, as before). After the writes asked before it."""
        try:
            lines, replies = await asyncio.shield(self._in_turn(self._read_rows, chat_id))
            return ([(mid, json.loads(body), unseen) for mid, body, unseen in lines],
                    [reply_of(body, image) for _, body, image in replies])
        except Exception as exc:
            log.warning("web chat: the results kept for a user's next visit could not be read (%s: %s)",
                        type(exc).__name__, exc)
            return None

    def _read_rows(self, chat_id: str):
        lines, replies = self.store.web_results(chat_id)
        self._stored[chat_id] = _digest(lines, replies)
        return lines, replies

    async def keep(self, chat_id: str, lines: list[tuple[str, dict, bool]], replies: list[Reply]) -> None:
        """The user's results as they are now, written in place of what was kept (no write where
        the store has them so already): asked of the store at once, in turn with the hub's other
        calls, and finished even where the caller is cancelled (a stop cutting an answer off as it
        settles its lines). A failure is a line: the memory still has them (lost at a restart, as
        before)."""
        write = self._in_turn(self._write_rows, chat_id, [(mid, dict(p), unseen) for mid, p, unseen in lines],
                              list(replies))
        try:
            await asyncio.shield(write)
        except Exception as exc:
            log.warning("web chat: the results kept for a user's next visit could not be written (%s: %s); "
                        "kept in memory only", type(exc).__name__, exc)

    def _write_rows(self, chat_id: str, lines, replies) -> None:
        """(On the store's thread: the pictures' digests and the JSON are made there.) Replies with
        a document (/mydata's zip) are not kept: asked for again, it is made again."""
        lines = [(mid, json.dumps(p, ensure_ascii=False), unseen) for mid, p, unseen in lines]
        replies = [reply_row(r) for r in replies if r.document is None]
        digest = _digest(lines, replies)
        if self._stored.get(chat_id) == digest:
            return
        self._stored.pop(chat_id, None)           # (unknown until written: a failed write is tried again)
        self.store.keep_web_results(chat_id, lines, replies)
        self._stored[chat_id] = digest

    async def forget(self, chat_id: str) -> None:
        """/forgetme (the store's forget_user deletes them too; this comes after the hub's memory
        was cleared, and after the writes of it asked before, which it undoes)."""
        try:
            await asyncio.shield(self._in_turn(self._forget_rows, chat_id))
        except Exception as exc:
            log.warning("web chat: the results kept for a user's next visit could not be deleted (%s: %s)",
                        type(exc).__name__, exc)

    def _forget_rows(self, chat_id: str) -> None:
        self._stored.pop(chat_id, None)
        self.store.forget_web_results(chat_id)

    async def lost(self, chat_id: str, lines: list[str], locale: str | None) -> tuple[list[str], str]:
        """Of ``lines`` (from before this start, of which nothing is kept), those lost, and the
        words saying so in the user's language. Not a line a job resumed from the journal edits
        (it comes as it stands once the job says); none where the queue cannot say which."""
        recovered = getattr(self.queue, "recovered", None)
        resumed: set[str] = set()
        if recovered is not None:
            try:
                resumed = {str(job.meta["progress_line"]) for job in await recovered()
                           if job.chat_id == chat_id and "progress_line" in (job.meta or {})}
            except Exception as exc:
                log.debug("web chat: the jobs resumed could not be listed (%s): no line said lost", exc)
                return [], ""
        lost = [line for line in lines if line not in resumed]
        if not lost:
            return [], ""
        return lost, t(self.lang_of(chat_id, locale), LOST_KEY)
