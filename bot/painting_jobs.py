"""Painting a request and what follows it: the job submitted with its progress line edited as
it goes (run_job), the painting sent with its caption and buttons (paint, result_reply), the
outcome line, the history row (record), and a job resumed after a restart (resume). A mixin of
``bot.commands.CommandLayer``, whose queue, store, settings, limits (_admit, _free) and request
order (_dropped_by_cancel, _submitted) it uses.

EDIT_INTERVAL_S is read from bot/layer_timing.py when used (tests set it there). STRENGTH_STEP and
said_key are this module's, imported by bot.commands.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from engine.jobs import Job, JobResult, StyleRef, file_bytes

from .arguments import mix_label, percent
from .chat import Button, ChatUnreachable, MaybeDelivered, Reply, Request, Responder, duration_text
from .command_names import BUTTON_COMMAND_MAX
from . import layer_timing
from .errors import BotError
from .messages import t
from .painted_size import painted_smaller
from .progress import GIVE_UP_AFTER, ProgressLine
from .status_recheck import StatusRecheck
from .status_wording import StartedOver, ahead_overran_text, done_text, running_text
from .store import Photo, photo_hash
from .time_left import TimeLeft, WaitLeft

if TYPE_CHECKING:       # (bot.commands imports this module)
    from .commands import Style

log = logging.getLogger("bot.commands")     # (the log lines' name, as before they moved here)

# a style file's contents as a job may carry them: a bytearray (or a view) is a file as much as bytes
BYTES_LIKE = (bytes, bytearray, memoryview)
# the states of a painting under way: /status lists only these (done, failed, cancelled are over)
LIVE_STATES = ("queued", "running")
STRENGTH_STEP = 0.25        # what /stronger and /weaker add or take (a painting's "weaker" button: above it)
BEFORE_QUEUE_SAID_S = 1.0   # a request's wait before its job began, said in the job's log line from this long
HELD_OVER_KEPT = 10_000     # requests whose job a stop held over, remembered for the front-ends (held_over)


def known_time(seconds: float) -> bool:
    """Whether a typical or estimated time can be said: a number above 0 (a queue with no mean
    says 0; one poisoned by a bad time NaN or inf)."""
    return math.isfinite(seconds) and seconds > 0


def said_key(key: str, params: dict | None) -> str:
    """The reply a refusal is said as, for its quiet slot (_said_already): the queue's "busy"
    while the bot stops is "I'm restarting" (error_text), another reply than "very busy",
    and was swallowed within QUIET_REFUSALS_S of it when both were keyed "busy"."""
    if key == "busy" and (params or {}).get("reason") == "stopping":
        return "busy_restarting"
    return key


def whole_safetensors(data: bytes) -> bool:
    """Whether ``data`` is a whole safetensors file (the safetensors library reads its layout;
    any dtype, no torch in the bot; a style's file is kilobytes)."""
    from safetensors import SafetensorError, deserialize

    try:
        deserialize(data)
    except (SafetensorError, ValueError, TypeError):
        return False
    return True


class PaintingJobs:
    """Running a painting's job, and telling and recording how it went."""

    def job_style(self, style: Style, weight: float) -> StyleRef:
        """What a job carries: a community style as its descriptor file's bytes (a worker on
        another host cannot read DATA_DIR), anything else as it is."""
        value = style.ref.value
        if style.ref.kind in ("descriptor", "adaptive") and not isinstance(value, BYTES_LIKE):
            try:
                value = Path(value).read_bytes()
            except OSError:
                log.warning("descriptor of the style %r is missing: %s", style.name, value)
                raise BotError("unknown_style", name=style.name, suggestions=[])
        if isinstance(value, (bytearray, memoryview)):
            value = bytes(value)        # (a memoryview is neither copied by the journal's row nor pickled)
        return StyleRef(style.ref.kind, value, float(weight))

    def _output_side(self, prefs, method: str, side: int | None = None) -> int:
        side = side or prefs.output_size or self.settings.MAX_SIDE
        side = min(side, self.settings.MAX_SIDE_LIMIT)
        if method == "gatys":
            side = min(side, self.settings.HQ_MAX_SIDE)
        return max(64, side)

    async def paint(self, req, out, lang, content: Photo, styles: list[tuple[Style, float]],
                    method: str = "auto", alpha: float | None = None, keep_colors: bool | None = None,
                    side: int | None = None) -> None:
        """keep_colors, side: a painting's own settings when its buttons repaint it; else the
        user's preferences. "auto": an artist with a winning adaptive model gets it, else AdaIN."""
        prefs = self.prefs_of(req)
        if alpha is None:
            alpha = prefs.strength if prefs.strength is not None else self.settings.DEFAULT_STRENGTH
        if keep_colors is None:
            keep_colors = bool(prefs.keep_colors)
        label = styles[0][0].label if len(styles) == 1 else mix_label([s.label for s, _ in styles], [w for _, w in styles])
        command = (req.text or "").strip()[:100]
        max_side = self._output_side(prefs, method, side)
        # meta: what delivering the result needs should the bot restart before it comes (resume)
        job = Job(user_id=req.user_id, chat_id=req.chat_id, image=content.data,
                  styles=[self.job_style(s, w) for s, w in styles],
                  alpha=float(alpha), preserve_color=keep_colors, method=method, max_side=max_side,
                  meta={"lang": lang, "label": label, "command": command, "names": [s.name for s, _ in styles],
                        "photo": content.hash,       # the journal drops the image once painted
                        # the size asked: a queue retrying the job smaller journals its smaller max_side
                        "asked_side": max_side,
                        **({"origin": req.origin} if req.origin else {})})
        if self._dropped_by_cancel(req):            # before its limits are charged
            return
        self._admit(req, job.id, job.lane)
        try:
            await self.store.off_loop.set_prefs(req.user_id, req.platform, last_styles=[[s.name, w] for s, w in styles],
                                                last_method=method, last_alpha=float(alpha))
            result = await self.run_job(req, out, lang, job, label, command, photo=content.hash)
        finally:
            self._free(req.user_id, job.id)
        if result is None:
            return
        smaller = await self._painted_smaller(job, result, content.data)
        try:
            await out.send(self.result_reply(lang, label, method, result, job.alpha, job.preserve_color, smaller))
            self._note_painted(req, content.hash)     # text soon after asks about this painting (_hint_key)
        except (ChatUnreachable, BotError):
            raise
        except MaybeDelivered as exc:    # it may be there: neither sent twice nor said to be missing
            log.warning("a painting may not have arrived (%s); not sent again", exc)
        except Exception as exc:         # the front-end gave up (its retries spent): painted, not sent
            log.warning("a painting could not be sent (%s: %s); its user is told so", type(exc).__name__, exc)
            raise BotError("send_failed") from None

    def result_reply(self, lang: str, label: str, method: str, result: JobResult, alpha: float = 1.0,
                     keep_colors: bool = False, smaller: tuple[int, int] | None = None) -> Reply:
        """The painting of a finished job, its caption and the follow-up buttons (which name it;
        no "stronger" at full strength, no "weaker" at the least). ``smaller``: (painted, asked)
        longer sides of a painting the server's memory made smaller (_painted_smaller), said on a
        line of its own: else its user took /size for broken."""
        ref = f" #{result.job_id}"
        buttons = [[Button(t(lang, "button_another"), "/pick" + ref)]]
        if method != "gatys":
            buttons.append([Button(t(lang, "button_hq"), "/hq" + ref)])
        strength = [Button(t(lang, "button_stronger"), "/stronger" + ref)] if alpha < 1.0 else []
        strength += [Button(t(lang, "button_weaker"), "/weaker" + ref)] if alpha > STRENGTH_STEP else []
        if strength:
            buttons.append(strength)
        caption = t(lang, "result_caption", style=label + self.painted_how(lang, method, alpha, keep_colors))
        if smaller is not None:
            caption += "\n" + t(lang, "painted_smaller_for_memory", side=smaller[0], asked=smaller[1])
        return Reply(caption, image=result.image, buttons=buttons)

    async def _painted_smaller(self, job: Job, result: JobResult, photo: bytes | None = None) -> tuple[int, int] | None:
        """painted_smaller of a finished ``job`` (its photo: ``photo``, else the job's, else the one
        kept under its meta "photo": the journal drops a finished job's image), at the size asked
        (meta "asked_side": a job retried smaller is journaled at its smaller max_side). On a
        thread: a HEIC photo's header takes tenths of a second, a kept photo is read from disk.
        Never raises: the painting goes out anyway, without the line."""
        meta = job.meta or {}
        asked = meta.get("asked_side", job.max_side)

        def judged() -> tuple[int, int] | None:
            data = photo if photo is not None else file_bytes(job.image)
            if not data and isinstance(meta.get("photo"), str):
                kept = self.store.photo_of(job.chat_id, meta["photo"])
                data = kept.data if kept is not None else None
            return painted_smaller(data, result.image, asked)

        try:
            return await asyncio.to_thread(judged)
        except Exception as exc:
            log.warning("job %s: whether its painting came out smaller could not be told (%s: %s)",
                        job.id, type(exc).__name__, exc)
            return None

    def painted_how(self, lang: str, method: str, alpha: float, keep_colors: bool) -> str:
        """" · strength 75% · high quality · colours kept": how a painting was made, where not
        the default (after /weaker or /hq the caption said only "Claude Monet", as before)."""
        notes = []
        if abs(alpha - self.settings.DEFAULT_STRENGTH) > 1e-6:
            notes.append(t(lang, "note_strength", percent=percent(alpha)))
        if method == "gatys":
            notes.append(t(lang, "note_hq"))
        if keep_colors:
            notes.append(t(lang, "note_colors_kept"))
        return "".join(" · " + note for note in notes)

    def outcome_text(self, lang: str, label: str, result: JobResult, seconds: float, job: Job | None = None) -> str:
        """The status line of a finished job: done in N s, or why it failed."""
        if result.ok and result.image:
            return done_text(lang, label, seconds)
        damaged = self._damaged_style(job, result.error_key == "style_file_damaged") \
            if result.error_key in ("engine_error", "bad_option", "style_file_damaged") else None
        if damaged is not None:     # "please try again" failed the same way each time
            log.warning("the community style %r cannot be painted: its file is damaged; it has to be "
                        "added again (/removestyle, /addstyle)", damaged)
            error = t(lang, "style_file_damaged", name=damaged)
        else:
            error = self.error_text(lang, result.error_key or "engine_error", result.error_params)
        return t(lang, "failed", style=label, error=error)

    @staticmethod
    def _damaged_style(job: Job | None, engine_says: bool = False) -> str | None:
        """The name of a community style of a failed ``job`` whose file (the bytes the job
        carries) is no whole safetensors file; None for none. The engine refuses such a file as
        a generic error (or a bad option), and each try fails alike. Where the engine said so
        itself (``engine_says``: style_file_damaged) by its own reading, which may refuse a file
        whose layout is sound (a tensor torch has no dtype for), the job's one community style."""
        names = ((job.meta or {}).get("names") or []) if job is not None else []
        carried = [(ref, name) for ref, name in zip(job.styles if job is not None else [], names)
                   if ref.kind in ("descriptor", "adaptive") and isinstance(ref.value, BYTES_LIKE)]
        for ref, name in carried:
            if not whole_safetensors(bytes(ref.value)):
                return name
        return carried[0][1] if engine_says and len(carried) == 1 else None

    async def record(self, job: Job, platform: str, command: str, seconds: float, result: JobResult | None,
                     created: float | None = None, photo: str | None = None, before_queue: float = 0.0) -> None:
        """One job in the history (for operators and /mydata); ``photo``: the photo_hash of its
        photo, when the caller has it; ``before_queue``: how long its request had waited before
        the job was begun (its row's seconds count from the submission). Never raises: a history
        row that cannot be written (the database locked, the disk full) must not cost the user a
        painting."""
        names = (job.meta or {}).get("names") or []
        self._log_finished(job, platform, names, seconds, result, before_queue)
        if job.created <= self.forgotten.get(job.user_id, 0.0):
            return                                  # the user asked /forgetme while it ran
        # each style by the name resolve_style takes back (the buttons under the painting re-use it)
        styles = [[s.kind, names[i] if i < len(names) else s.value if isinstance(s.value, str) else f"<{s.kind}>",
                   s.weight] for i, s in enumerate(job.styles)]
        if photo is None:      # a job resumed after a restart: its meta, or (older journals) its image
            photo = (job.meta or {}).get("photo") or (photo_hash(job.image) if job.image else None)
        try:
            await self.store.off_loop.record_job(
                id=job.id, user_id=job.user_id, chat_id=job.chat_id, platform=platform, command=command,
                method=job.method, alpha=job.alpha, max_side=job.max_side, styles=styles,
                created=time.time() - seconds if created is None else created, photo=photo,
                keep_colors=int(bool(job.preserve_color)), seconds=round(seconds, 3),
                # the painting alone (the queue's typical times, Store.typical_seconds): ``seconds``
                # include the wait in line
                paint_seconds=round(result.seconds, 3) if result is not None and result.seconds else None,
                ok=bool(result and result.ok), error_key=None if result is None else result.error_key)
        except (sqlite3.Error, OSError) as exc:
            log.error("job %s: its history row was not written (%s); the painting is delivered anyway",
                      job.id, exc)

    @staticmethod
    def _log_finished(job: Job, platform: str, names: list, seconds: float, result: JobResult | None,
                      before_queue: float = 0.0) -> None:
        """One INFO line per finished job, for operators: what was painted how, how long, how it
        ended. No user id, message text, image or token: the job's id finds the rest in the
        history. The styles are the catalog's names (a community style's is the one its admin
        gave it, as public as /communitystyles shows it), else the kind of an unnamed one."""
        styles = [str(name)[:40] for name in names] or [
            s.value[:40] if s.kind == "artist" and isinstance(s.value, str) else f"<{s.kind}>"
            for s in job.styles]     # (a /preview's tiles have no names: each its artist's slug)
        outcome = "no_result" if result is None else "ok" if result.ok else (result.error_key or "engine_error")
        if before_queue >= BEFORE_QUEUE_SAID_S:     # (a first painting took 11.8 s, and the line said 0.36 s)
            log.info("job %s finished: platform %s, method %s, styles %r, %.2f s, %s; its request waited "
                     "%.2f s before that", job.id, platform, job.method, styles, seconds, outcome, before_queue)
            return
        log.info("job %s finished: platform %s, method %s, styles %r, %.2f s, %s",
                 job.id, platform, job.method, styles, seconds, outcome)

    def label_of(self, job: Job, lang: str) -> str:
        """A job's style label rebuilt from its styles (for jobs journaled without meta)."""
        labels = []
        for s in job.styles:
            artist = self.catalog.get(s.value) if s.kind == "artist" and isinstance(s.value, str) else None
            labels.append(artist.name(lang) if artist else t(lang, "picture_label"))
        if len(labels) == 1:
            return labels[0]
        return mix_label(labels, [s.weight for s in job.styles])

    async def resume(self, job: Job, deliver: Callable[..., Awaitable[Any]],
                     edit_line: Callable[[str, Any, Reply], Awaitable[Any]] | None = None) -> JobResult | None:
        """A job submitted before the bot restarted: wait for its result, record it and deliver
        it to ``job.chat_id`` through ``deliver`` (the front-end of its platform) as a live job's
        would be: the outcome line, then the painting with its buttons, in the user's language.
        ``deliver(chat_id, replies, user_id=..., line=..., origin=...)``: ``user_id`` whom it is for
        (Discord mentions them, Telegram in groups), ``line`` the job's progress line from before
        the restart, if journaled, ``origin`` the request's (Request.origin), if it had one.
        Meanwhile ``edit_line(chat_id, line, reply)`` (the front-end's) keeps that line showing
        where the job stands, as a live job's is: frozen at "painting… 40%", it looked dead, and a
        web chat page that reconnected showed nothing until the result."""
        meta = job.meta or {}
        platform = job.chat_id.partition(":")[0]
        lang = meta.get("lang")
        if lang not in ("en", "ko"):
            lang = self.lang_of(Request(platform, job.user_id, job.chat_id))
        label = meta.get("label") or self.label_of(job, lang)
        command = meta.get("command") or ""
        line = meta.get("progress_line")          # the "painting… 40%" line sent before the restart
        progress = None
        if line is not None and edit_line is not None:
            # what the old line shows is not known: the first status replaces it at once; a line
            # gone since (deleted, not editable) is given up after a few failed edits
            progress = ProgressLine(lambda text: edit_line(job.chat_id, line, Reply(text, progress=True)),
                                    layer_timing.EDIT_INTERVAL_S, give_up_after=GIVE_UP_AFTER)

        waiting = True
        started_over, time_left, wait_left = StartedOver(), TimeLeft(), WaitLeft()

        async def on_status(st) -> None:
            st = wait_left.saw(st)           # (the painting ahead overran: said so, no creeping time)
            over = started_over.saw(st)
            left = time_left.saw(st, self.clock())
            if waiting:          # (a queue's callback late after the result: over, not listed again)
                self.shown[job.id] = (label, st, job.lane)          # /status lists it, as a live job
                self._note_started_over(job.id, over)
                self._note_time_left(job.id, left)
            if progress is not None:
                await progress.show(self._status_text(lang, label, st, job.lane, over, left=left),
                                    at_once=self._last_word(st))

        self.pending[job.user_id][job.id] = job.lane
        try:
            async with StatusRecheck(on_status) as recheck:     # (a stall moves the time left too)
                result = await self.queue.wait(job.id, recheck.on_status)
        finally:
            waiting = False
            self._free(job.user_id, job.id)
            self.shown.pop(job.id, None)
            self.started_over_jobs.discard(job.id)
            self.time_left_shown.pop(job.id, None)
            if progress is not None:
                await progress.close()          # a held-back status must not follow the result
        seconds = max(0.0, time.time() - job.created)
        await self.record(job, platform, command, seconds, result, created=job.created)
        if command == "/preview":          # one tile of a grid that no longer exists: nothing to show
            log.info("preview job %s finished after a restart; not delivered", job.id)
            return result
        waited = self._waited_since_received(job, seconds)
        replies = [Reply(self.outcome_text(lang, label, result, waited, job), buttons=self.retry_buttons(lang, job, result) or [])]
        if result.ok and result.image:
            smaller = await self._painted_smaller(job, result)
            replies.append(self.result_reply(lang, label, job.method, result, job.alpha, job.preserve_color, smaller))
        await deliver(job.chat_id, replies, user_id=job.user_id, **({"line": line} if line is not None else {}),
                      **({"origin": meta["origin"]} if meta.get("origin") else {}))
        return result

    @staticmethod
    def _waited_since_received(job: Job, seconds: float) -> float:
        """A resumed job's wait as its line says it: from when its request came (meta "received",
        run_job's) where journaled, else its ``seconds`` since the job was made (older journals)."""
        received = (job.meta or {}).get("received")
        if isinstance(received, (int, float)) and not isinstance(received, bool) and math.isfinite(received) \
                and received <= job.created:
            return max(seconds, time.time() - received)
        return seconds

    async def run_job(self, req, out, lang, job: Job, label: str, command: str,
                      photo: str | None = None) -> JobResult | None:
        """Submit, show progress in one edited message, record it (``photo``: the photo_hash of
        ``job.image``); the result when it worked. The caller holds the job's slot (_admit). Its
        line's "done in N s" counts from when the request came (ArrivalTimes), its history row's
        seconds from the submission, as before."""
        start = time.monotonic()
        since = self.arrivals.waited_since(req.seq, start)
        if since < start:       # for a delivery after a restart (resume): when the wait began, as a wall clock
            job.meta = {**(job.meta or {}), "received": time.time() - (start - since)}
        handle = None
        result = None
        progress = None
        held_over = False
        waiting = True           # until queue.wait returns: /status may list the job
        if self._dropped_by_cancel(req):
            return None
        try:
            status = await self.queue.submit(job)
            self._submitted(req)
            if status.state in ("failed", "cancelled"):       # refused at the door (e.g. "busy")
                result = await self.queue.wait(job.id)
                said = said_key(result.error_key or "engine_error", result.error_params)
                if self._said_already(req, said, out):    # "busy" for each photo
                    return None
                error = self.error_text(lang, result.error_key or "engine_error", result.error_params)
                await out.send(Reply(error, private=True))      # "busy": the asker's alone, as other refusals
                return None
            wait_left = WaitLeft()
            status = wait_left.saw(status)
            first = self._status_text(lang, label, status, job.lane)
            self.shown[job.id] = (label, status, job.lane)
            handle = await self._progress_line(out, first)
            note = getattr(self.queue, "note", None)      # a queue with a journal: a restart edits this line
            if note is not None and isinstance(handle, (int, str)):
                note(job.id, progress_line=handle)
            if handle is not None:
                progress = ProgressLine(lambda text: out.edit(handle, Reply(text, progress=True)),
                                        layer_timing.EDIT_INTERVAL_S, first)
            started_over, time_left = StartedOver(), TimeLeft()

            async def on_status(st) -> None:
                st = wait_left.saw(st)       # (the painting ahead overran: said so, no creeping time)
                over = started_over.saw(st)
                left = time_left.saw(st, self.clock())
                if waiting:      # (a queue's callback late after the result: over, not listed again)
                    self.shown[job.id] = (label, st, job.lane)
                    self._note_started_over(job.id, over)
                    self._note_time_left(job.id, left)
                if progress is not None:
                    await progress.show(self._status_text(lang, label, st, job.lane, over, left=left),
                                        at_once=self._last_word(st))

            async with StatusRecheck(on_status) as recheck:     # (a stall moves the time left too)
                result = await self.queue.wait(job.id, recheck.on_status)
        except ChatUnreachable:          # no one to show it to: not painted for no one
            if result is None:
                await self._cancel_quietly([job.id])
            raise
        except asyncio.CancelledError:
            # the bot is stopping: a queue with a journal paints or delivers the job after the
            # next start, which records it then; a row now said it failed ("no_result")
            held_over = result is None and getattr(self.queue, "note", None) is not None
            if held_over and req.seq is not None:
                self._held_seqs[req.seq] = req.album      # (an album's photos after it: album_rest_at_stop)
            raise
        finally:
            waiting = False
            self.shown.pop(job.id, None)
            self.started_over_jobs.discard(job.id)
            self.time_left_shown.pop(job.id, None)
            if progress is not None:
                await progress.close()          # a held-back status must not overwrite the outcome
            seconds = time.monotonic() - start
            if held_over:
                log.info("job %s held over for the next start (the journal keeps it)", job.id)
            else:
                await self.record(job, req.platform, command, seconds, result, photo=photo,
                                  before_queue=start - since)
        waited = time.monotonic() - since
        await self._end_line(out, handle, self.outcome_text(lang, label, result, waited, job), failed=not result.ok,
                             buttons=self.retry_buttons(lang, job, result))
        return result if result.ok and result.image else None

    def retry_buttons(self, lang: str, job: Job, result: JobResult) -> list[list[Button]] | None:
        """After an engine failure ("something went wrong… please try again"): a "Try again" button
        on its line, that repaints the same photo as the job was to paint it (its artists, strength, colours,
        size), the way "Another artist" repaints a painting: "/style NAME #<job id>" (the history
        row names the photo and settings, _as_painted). None where there is nothing to offer: no
        engine failure, a damaged community style (it fails alike each time), a style kept by no
        name, or the photo no longer kept (the tap could only say it is gone)."""
        if result.ok or (result.error_key or "engine_error") != "engine_error" or self._damaged_style(job) is not None:
            return None
        command = self._repaint_command(job)
        if command is None or len(command.encode()) > BUTTON_COMMAND_MAX:    # cut, it named another style
            return None
        try:
            if not self.store.keeps_photo(job.chat_id, job.id):     # (photo_of would read the whole file)
                return None
        except (sqlite3.Error, OSError):        # the store failing (locked, unreadable file): no button
            return None
        except Exception:       # a bug: said, and the failure's line still comes, without the button
            log.exception("job %s: whether its photo is kept could not be told; no 'Try again' button", job.id)
            return None
        return [[Button(t(lang, "button_retry"), command)]]

    @staticmethod
    def _repaint_command(job: Job) -> str | None:
        """The command painting ``job``'s styles again on the photo of its history row: "/style
        gogh #<id>", "/hq gogh #<id>", "/mix gogh 0.7 monet 0.3 #<id>"; None where a style has no
        name to give (a painting used as a style)."""
        names = [str(name) for name in ((job.meta or {}).get("names") or [])]
        if not names or len(names) != len(job.styles) or any(not n or n.startswith("<") for n in names):
            return None
        if len(names) == 1:
            verb = "/hq" if job.method == "gatys" else "/style"
            return f"{verb} {names[0]} #{job.id}"
        if job.method == "gatys" or any(" " in name for name in names):    # a mix of words is read apart
            return None
        shares = " ".join(f"{name} {style.weight:.4g}" for name, style in zip(names, job.styles))
        return f"/mix {shares} #{job.id}"

    def _note_started_over(self, job_id: str, over: bool) -> None:
        """Beside the job's last status in self.shown: whether it waits again after its engine
        crashed (StartedOver), which /status says as its progress line does, not "starting soon"."""
        if over:
            self.started_over_jobs.add(job_id)
        else:
            self.started_over_jobs.discard(job_id)

    def _note_time_left(self, job_id: str, left: float | None) -> None:
        """Beside the job's last status in self.shown: the time left its line says (TimeLeft), which
        /status says too; it listed a long painting's percent only."""
        if left is None:
            self.time_left_shown.pop(job_id, None)
        else:
            self.time_left_shown[job_id] = left

    def held_over(self, req: Request | int) -> bool:
        """Whether the request (or its number, Request.seq), cut off by a stop, left its painting
        held over for the next start: a queue with a journal paints or delivers it then (resume),
        so its user is not told to send it again (which painted it twice). Not one whose result
        the queue had handed over, its upload cut off: the journal marks it delivered as it hands
        it over, and never delivers it again; nor an album with photos still to come after it
        (album_rest_at_stop says what its user is told)."""
        seq = req if isinstance(req, int) else req.seq
        return seq in self._held_seqs and self.album_rest_at_stop(seq) is None

    def album_rest_at_stop(self, req: Request | int) -> tuple[str, dict] | None:
        """An album whose photo a stop held over (held_over) before its later photos were
        submitted: what its user is told of those, as a message key and its parameters. "Send
        the album again" painted the held-over photo twice, and not a word lost the rest."""
        seq = req if isinstance(req, int) else req.seq
        album = self._held_seqs.get(seq) if seq is not None else None
        if album is None or album[0] >= album[1]:
            return None
        held, count = album
        if held + 1 == count:
            return "album_last_restarting", {"n": held}
        return "album_rest_restarting", {"n": held, "first": held + 1, "count": count}

    async def _cancel_quietly(self, job_ids: list[str]) -> None:
        """Cancel jobs whose chat takes no more messages (ChatUnreachable): whatever the queue says."""
        for job_id in job_ids:
            with contextlib.suppress(Exception):
                await self.queue.cancel(job_id)

    async def _progress_line(self, out: Responder, text: str):
        """The job's progress line, or None where it could not be sent (or may have been, a
        timeout): the painting goes on without one (it was "something went wrong while painting"
        and the job painted for no one); a chat closed to the bot is the caller's to handle."""
        try:
            return await out.send(Reply(text, progress=True))
        except ChatUnreachable:
            raise
        except Exception as exc:
            log.warning("a progress line could not be sent (%s: %s); the painting goes on without it",
                        type(exc).__name__, exc)
            return None

    async def _edit(self, out, handle, text: str, progress: bool = False, buttons: list[list[Button]] | None = None) -> bool:
        """The line's outcome (``progress``: one more status of it): a front-end tells them apart.
        Whether the edit went through."""
        try:
            await out.edit(handle, Reply(text, progress=progress, buttons=buttons or []))
            return True
        except Exception:
            log.debug("edit failed", exc_info=True)
            return False

    async def _end_line(self, out, handle, text: str, failed: bool, buttons: list[list[Button]] | None = None) -> None:
        """A progress line's outcome, edited in (with ``buttons``: a failure's "Try again"); where
        there is no line (it could not be sent) or the edit did not go through (flood control past
        its patience), a failure is said in a message of its own: it is the only word of it (a
        success has its painting coming)."""
        if handle is not None and await self._edit(out, handle, text, buttons=buttons):
            return
        if failed:
            with contextlib.suppress(Exception):
                await out.send(Reply(text, buttons=buttons or []))

    @staticmethod
    def _last_word(st) -> bool:
        """A status the line must show now, past the edit limit: the bot is stopping, and a
        held-back edit would come after its front-ends closed."""
        return getattr(st, "waiting_for", None) == "restart"

    def _status_text(self, lang: str, label: str, st, lane: str = "fast", started_over: bool = False,
                     left: float | None = None) -> str:
        """The progress line's text for the status ``st``; ``started_over``: the job waits again after
        it was painting (StartedOver: its engine crashed), which a bare "starting…" left unexplained;
        ``left``: a painting's seconds left, where they are to be said (TimeLeft)."""
        if getattr(st, "waiting_for", None) == "restart":    # the bot stops; the job waits for its next start
            return t(lang, "waiting_for_restart", style=label)
        if getattr(st, "waiting_for", None) == "takeover":   # its worker was lost; another one starts it over
            return t(lang, "waiting_for_takeover", style=label)
        if getattr(st, "waiting_for", None) == "engine":     # no engine serves the lane right now
            if st.state == "running":                       # begun before it went out of reach
                return t(lang, "running_out_of_reach", style=label, percent=int(round(100 * (st.progress or 0))))
            return t(lang, "waiting_for_engine", style=label)
        if started_over and st.state == "queued":
            return t(lang, "running_started_over", style=label)
        overran = ahead_overran_text(lang, label, st)       # (WaitLeft's mark)
        if overran is not None:
            return overran
        if st.state == "queued" and not st.position and self._slot_free(lane):
            # first in line with an engine free: it starts at once, no wait in line to promise;
            # the time said is the painting's own
            eta = self._estimate(st.eta_seconds, 1, lane)
            if eta is None:              # no time known: none said ("about nan s" was)
                return t(lang, "starting_no_estimate", style=label)
            return t(lang, "starting", style=label, eta=duration_text(lang, eta, whole=True))
        if st.state == "queued":
            position = (st.position or 0) + 1
            eta = self._estimate(st.eta_seconds, position, lane)
            if eta is None:
                return t(lang, "queued_no_estimate", style=label, position=position)
            return t(lang, "queued", style=label, position=position, eta=duration_text(lang, eta, whole=True))
        if st.state == "running":
            return running_text(lang, label, int(round(100 * (st.progress or 0))), left)
        return t(lang, "running", style=label, percent=100)

    def _slot_free(self, lane: str) -> bool:
        """Whether the queue paints fewer of ``lane``'s jobs than it has slots for (its status's
        lanes; without them, whether it paints none): a job first in line starts at once."""
        try:
            status = self.queue.status()
        except Exception:           # (the queue cannot say: as before, a place in line)
            return False
        info = (status.get("lanes") or {}).get(lane)
        if info is None:
            return not status.get("lanes") and not status.get("running")
        return (info.get("running") or 0) < (info.get("slots") or 1)

    def _estimate(self, eta: float | None, position: int, lane: str) -> float | None:
        """A wait or painting time as its line says it, at least a second: the queue's ``eta``,
        or where it has none (or one that is no number: inf, NaN) the lane's typical time for
        each job up to ``position``; None where that is not known either (the line leaves the
        time out)."""
        if eta is None or not math.isfinite(eta):
            eta = position * self._lane_seconds_now(lane)
            if not known_time(eta):
                return None
        return max(1.0, eta)

    def _lane_seconds_now(self, lane: str) -> float:
        try:
            return self.lane_seconds(self.queue.status(), lane)
        except Exception:
            return 0.0
