"""Community styles' own adaptive models, trained in the background.

When an admin adds a style (/addstyle), the style paints at once with AdaIN (its descriptor).
The trainer then fits the style's own parameters of the shipped adaptive network
(docs/adaptive.md) in a low-priority subprocess, one style at a time:

    python -m engine train-artist KEY --descriptor STYLE.safetensors --out KEY.training \
        --export-style KEY.adaptive.safetensors --data PHOTOS ...

Its progress lines ("it 120/1500 ... ETA 12.3 min") go into the store, so /communitystyles shows
how far it is (and each waiting style's place in the line). The run is resumable: a bot restart
picks queued and interrupted trainings up where their last checkpoint left them (KEY.training/,
a copy of the shared network and the optimiser's state). When it finishes, the exported file
carries the verdict (does the model beat AdaIN on validation photos?); the style's jobs then
carry that file, and the engine uses the model only when it won (else the descriptor inside it,
through AdaIN). KEY.training/ is deleted then: only the exported file is needed.

The run is a session of its own: a Ctrl-C on the bot's terminal (SIGINT to the bot's process
group) does not reach it; the bot stops it itself (StyleTrainer.stop). A run that ends by a
signal, or while the trainer stops, was interrupted, not failed: the style stays queued and is
resumed at the next start. Only a run that fails by itself marks the style "failed".

A style's parameters fit only the shared network they were trained on. When a release ships a
new adaptive network, the next start finds the styles trained on the old one and trains them
again, from scratch; meanwhile they paint with AdaIN, as new styles do.
"""
from __future__ import annotations

import asyncio
import ctypes
import errno
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Awaitable, Callable

from engine.errors import TRY_AGAIN
from engine.train_split import JUDGED_ON_TRAINED

from .chat import ChatUnreachable, MaybeDelivered
from .settings import Settings
from .store import CommunityStyle, Store, storage_problem

log = logging.getLogger(__name__)

PROGRESS = re.compile(r"^it (\d+)/(\d+) .*ETA ([\d.]+) min")
ROOT = Path(__file__).resolve().parents[1]
# Exit statuses of a run stopped by SIGINT or SIGTERM: train-artist's own 130 and 143 after it saved
# its iteration, or -2 and -15 when the signal killed it. Any other signal (-9 from the OOM killer,
# -11 a crash) is a failure: resumed, it would fail again at every start.
INTERRUPTED = (130, 143, -2, -15)
# train-artist's TRY_AGAIN (engine/errors.py: a full disk, another run still training in the
# style's folder past --wait-for-run): the style goes back in line after RETRY_AFTER_S, as for the
# bot's own storage problems, and its folder is kept.
# A style whose training could not be recorded (bot.sqlite3 locked by an operator's shell, a full
# disk) goes back in line after this pause: the storage's problem, not the style's.
RETRY_AFTER_S = 60.0
# A run that writes nothing this long (it logs every 10 iterations; at its low priority under a
# busy bot that can take minutes, never half an hour) hangs: it is stopped and the style failed,
# instead of holding the line of every style behind it for good.
STALL_S = 1800.0
# How long a run waits for an earlier run of the same style to end (train-artist --wait-for-run):
# stopped by SIGTERM, at low priority under a busy bot, it finishes its iteration and saves it.
RUN_WAIT_S = 300.0
# Put after the outcome told (on_outcome: "used+on_trained_photos") when the run's verdict was taken
# on photos it trained on (a folder of one photo: export_style's JUDGED_ON_TRAINED): the message to
# the style's adder says so (community_commands.style_outcome). The style's training stays the verdict.
ON_TRAINED_PHOTOS = "+on_trained_photos"


def has_training_photos(folder: Path) -> bool:
    """Whether ``folder`` holds a photo train-artist trains on (its train split: a folder whose
    only readable photos the split holds out for validation trains on them too)."""
    from engine.train_split import list_images       # (no torch: the bot's process has none)

    return folder.is_dir() and bool(list_images(folder, "train"))


def has_validation_photos(folder: Path) -> bool:
    """Whether ``folder`` holds a readable photo of the validation split: each trained style's
    verdict (does its model beat AdaIN?) is taken on those, never on photos it trained on (one
    that cannot be read is left out of it; with none readable, train-artist refuses to start).
    Opens them in order until one can be read: usually one."""
    from engine.train_split import first_readable, list_images

    return folder.is_dir() and first_readable(list_images(folder, "val")) is not None


def shipped_adaptive_model() -> Path:
    return ROOT / "engine" / "weights" / "adaptive.safetensors"


def child_setup(nice: int) -> None:
    """In the training run, before it starts: low priority, and a SIGTERM when the bot dies. The
    run is a session of its own (a Ctrl-C for the bot must not reach it), so a bot killed with
    SIGKILL (or crashed) no longer takes it along: it trained on, unseen, and could write the same
    checkpoint as the run a restarted bot resumes. On SIGTERM it saves its iteration and exits."""
    os.nice(nice)
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))


def interrupted(returncode: int, stopping: bool = False) -> bool:
    """Whether a run's end was an interruption (resume it later), not a failure of the training."""
    return stopping or returncode in INTERRUPTED


class _Line(asyncio.Queue):
    """The ids of the styles waiting to train, in order; ``waiting()`` looks without taking."""

    def waiting(self) -> list[int]:
        return list(self._queue)


class StyleTrainer:
    def __init__(self, settings: Settings, store: Store, shared_network: Path | None = None):
        self.settings = settings
        # the shipped adaptive network the styles' parameters are fitted to (its id says which
        # styles a new release must train again)
        self.shared_network = shared_network or shipped_adaptive_model()
        self.store = store
        self._queue: _Line = _Line()
        self._task: asyncio.Task | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._training: CommunityStyle | None = None    # the style whose run is under way
        self._removing: int | None = None               # the style cancel() stopped, being removed
        self._stopping = False
        self.retry_after_s = RETRY_AFTER_S
        self.stall_s = STALL_S
        # told how each training came out ("used", "kept_adain", "failed"): the bot says so in
        # the chat the style was added in (nobody learnt it but by asking /communitystyles)
        self.on_outcome: Callable[[CommunityStyle, str], Awaitable[None]] | None = None

    def why_unavailable(self) -> str | None:
        """None when community styles can be trained here, else the reason (for the log). It lists
        the training photos and opens a validation photo: blocking, so the bot's coroutines call
        it in a thread (``asyncio.to_thread``)."""
        if not self.settings.STYLE_TRAINING:
            return "STYLE_TRAINING is off"
        data = self.settings.style_training_data()
        # photos, not only a folder: an empty one promised every new style its own model, and
        # each run then failed ("no training photos"), the style marked failed for good
        if data is None or not has_training_photos(data / "content"):
            return self._no_photos_reason()
        if not has_validation_photos(data / "content"):
            # each run trained for minutes, then its verdict (on these photos) could only keep AdaIN
            return (f"no validation photos in {data / 'content'} that can be read (the tenth whose file names "
                    "the split holds out judges each style's model); add photos")
        if not self.shared_network.exists():
            return "no shipped adaptive model (engine/weights/adaptive.safetensors)"
        return None

    def _no_photos_reason(self) -> str:
        """Why no training photos were found, naming the folder actually looked at (it said
        "STYLE_TRAINING_DATA/content" when the setting was not set, a path that is nowhere)."""
        folder = self.settings.style_training_folder()
        if self.settings.STYLE_TRAINING_DATA is None:
            return (f"no training photos in {folder / 'content'} (STYLE_TRAINING_DATA is not set: that is its "
                    "default); set STYLE_TRAINING_DATA to a folder with a content/ folder of photos")
        if not folder.is_dir():
            return f"no training photos: STYLE_TRAINING_DATA={self.settings.STYLE_TRAINING_DATA} is no folder ({folder})"
        return f"no training photos in {folder / 'content'} (STYLE_TRAINING_DATA); add photos there"

    def _operator_asked(self) -> bool:
        """Whether the operator set STYLE_TRAINING_DATA (training left off by a missing folder is
        then their mistake, a WARNING; unset, a checkout without photos, it is only said)."""
        return self.settings.STYLE_TRAINING and self.settings.STYLE_TRAINING_DATA is not None

    @property
    def available(self) -> bool:
        return self.why_unavailable() is None

    @property
    def running(self) -> bool:
        """Whether styles are being trained here (start found everything it needs)."""
        return self._task is not None and not self._task.done()

    def is_training(self, style_id: int) -> bool:
        return self._training is not None and self._training.id == style_id

    async def places_in_line(self) -> dict[int, int]:
        """Style id -> 1 for the style that trains next, 2 for the one after, ...; a style not
        waiting here (training now, finished, removed, or not in this run's line) has none. One
        lookup of the styles still to train, on the store's thread."""
        if not self.running:
            return {}
        line = [sid for sid in self._queue.waiting() if not self.is_training(sid)]    # as it is now
        still = {s.id for s in await self.store.off_loop.styles_to_train()}
        places: dict[int, int] = {}
        for sid in line:
            if sid in still and sid not in places:
                places[sid] = len(places) + 1
        return places

    async def start(self) -> None:
        removed = await self.store.off_loop.prune_training_runs()     # finished runs of an older version
        if removed:
            log.info("deleted the training folders of %d finished community style(s)", removed)
        why = await asyncio.to_thread(self.why_unavailable)        # it opens a photo: not on the loop
        if why:
            level = logging.WARNING if self._operator_asked() else logging.INFO
            log.log(level, "community styles will not get their own models: %s", why)
            return
        # Interrupted by a stop or restart: resume, the runs already under way first.
        for style in sorted(self.store.styles_to_train(), key=lambda s: s.training != "training"):
            self._queue.put_nowait(style.id)
        await self.retrain_outdated()
        # added while styles were not trained here (STYLE_TRAINING off, the photos' volume not
        # mounted): they waited for good, painted with AdaIN, with nothing to say so
        untrained = self.store.styles_never_trained()
        if untrained:
            log.info("training %d community style(s) added while training was off", len(untrained))
        for style in untrained:
            await self.enqueue(style.id)
        self._task = asyncio.create_task(self._work(), name="style-trainer")

    async def stop(self) -> None:
        self._stopping = True                      # whatever the run's exit now, it was interrupted
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._kill()

    async def enqueue(self, style_id: int) -> bool:
        """Queue a newly added style; False when training is not available here."""
        # Off the loop: it lists the photos and decodes a validation photo (a large one took the
        # bot's every chat and job waiting meanwhile), as /addstyle queued each new style.
        if await asyncio.to_thread(self.why_unavailable) is not None:
            return False
        await self.store.off_loop.set_training(style_id, training="queued", progress=0.0, eta_s=None,
                                               adaptive_path=None)
        self._queue.put_nowait(style_id)
        return True

    async def retrain_outdated(self) -> list[CommunityStyle]:
        """Queue again the styles whose model was trained on another shared network than the
        shipped one (an older release's): their parameters no longer fit it."""
        styles = self.store.styles_with_models()
        if not styles:
            return []
        # only now: engine.adaptive imports torch (~200 MB), which a bot with no community style
        # model never needs (README: bot/ imports no torch but for /addstyle)
        from engine.adaptive import AdaptiveModel, AdaptiveStyle
        from engine.errors import EngineError

        def outdated() -> list[CommunityStyle]:
            try:
                current = AdaptiveModel.load(self.shared_network).net_id
            except EngineError as exc:     # a broken file: the engine says so on every job; keep the styles
                log.warning("cannot check the community styles' models: %s", exc)
                return []
            return [s for s in styles if AdaptiveStyle.net_id_of(self.store.data_dir / s.adaptive_path) != current]

        stale = await asyncio.to_thread(outdated)
        if stale:
            log.info("training %d community style(s) again: the shipped adaptive network changed", len(stale))
        for style in stale:
            await self.store.off_loop.remove_model_files(style)      # the old run's checkpoint holds the old network
            await self.enqueue(style.id)
        return stale

    async def cancel(self, style_id: int) -> None:
        """Stop the run of a style that is being removed or replaced: it would go on for nobody,
        and report onto its id, which SQLite gives the next new style."""
        if self._training is not None and self._training.id == style_id:
            log.info("stopping the training of the style %s: removed", self._called_now(self._training))
            self._removing = style_id     # its run's end is no interruption to resume (the row goes next)
            await self._kill()

    def _still(self, style: CommunityStyle) -> bool:
        """Whether the style's row is still this style (not removed, nor its id reused); renamed
        (/renamestyle), it is: its files, where its run writes, keep their key."""
        return self._now(style) is not None

    def _now(self, style: CommunityStyle) -> CommunityStyle | None:
        """The style's row as it is now, where it is still this style (_still); else None."""
        row = self.store.get_style(style.id)
        if row is None or row.files_key != style.files_key or row.created != style.created or \
                self._removing == style.id:
            return None
        return row

    @staticmethod
    def _called(style: CommunityStyle, now: CommunityStyle | None) -> str:
        """The style as a log line names it: 'Ink', or 'Ink' → 'Wash' where a /renamestyle came
        since its run began (the lines kept the old name: the operator found no style so called)."""
        if now is None or now.name == style.name:
            return repr(style.name)
        return f"{style.name!r} → {now.name!r}"

    def _called_now(self, style: CommunityStyle) -> str:
        """_called with the style's row as it reads now ('Ink' → 'Wash' after a /renamestyle during
        its run: the stop at its removal said 'Wash' alone, a failure 'Ink' alone); its name as
        its run began where the row cannot be read (the store failing)."""
        try:
            now = self._now(style)
        except Exception:
            now = None
        return self._called(style, now)

    async def _work(self) -> None:
        """Train the styles of the line one by one. Nothing one style meets ends the loop: it
        ended at a storage error (bot.sqlite3 locked, a full disk), and no style trained again
        until the next start, every waiting one shown as on a bot that trains none."""
        while True:
            style_id = await self._queue.get()
            try:
                await self._train_one(style_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                problem = storage_problem(exc)
                if problem is None:
                    log.exception("training the style %s: unexpected error", self._named(style_id))
                    continue
                # (the store failing, its name may not be read: then its id)
                log.error("training the style %s: storage problem (%s); it goes back in line in %.0f s",
                          self._named(style_id), problem, self.retry_after_s)
                await asyncio.sleep(self.retry_after_s)
                self._queue.put_nowait(style_id)

    def _named(self, style_id: int) -> str:
        """The style as the other lines name it ('Ink'), or by its id where its row cannot be read."""
        try:
            style = self.store.get_style(style_id)
        except Exception:
            style = None
        return repr(style.name) if style is not None else f"#{style_id}"

    async def _train_one(self, style_id: int) -> None:
        style = self.store.get_style(style_id)
        if style is None or style.training not in ("queued", "training"):
            return                                         # removed (or re-added) meanwhile
        try:
            await self.train(style)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if storage_problem(exc) is not None:
                raise                                      # not the style's failure: _work retries it
            log.exception("training the style %s failed", self._called_now(style))
            await self.store.off_loop.set_training(style.id, training="failed", eta_s=None)
            await self._tell(style, "failed")

    async def _tell(self, style: CommunityStyle, outcome: str) -> None:
        if self.on_outcome is None:
            return
        now = self.store.get_style(style.id)     # as it is now: its adder may have /forgetme'd meanwhile
        if now is None or not self._still(style):
            return
        try:
            await self.on_outcome(now, outcome)
        except (ChatUnreachable, MaybeDelivered) as exc:    # the chat closed to the bot, or it may be there
            log.info("how the training of the style %s came out was not said there (%s)", self._called(style, now), exc)
        except Exception:                  # the training's outcome is recorded; only the message is lost
            log.exception("could not say how the training of the style %s came out", self._called(style, now))

    async def train(self, style: CommunityStyle) -> None:
        s = self.settings
        run, model = self.store.model_paths(style)
        cmd = [sys.executable, "-m", "engine", "train-artist", style.files_key,
               "--descriptor", str(self.store.style_path(style)), "--out", str(run),
               "--export-style", str(model), "--data", str(s.style_training_data()),
               "--iterations", str(s.STYLE_TRAINING_ITERATIONS), "--batch", str(s.STYLE_TRAINING_BATCH),
               "--crop", str(s.STYLE_TRAINING_CROP), "--save-every", str(s.STYLE_TRAINING_SAVE_EVERY),
               # a run of this style still saving its iteration (stopped by a restart, or left by a
               # bot killed with SIGKILL, which sends it SIGTERM): waited for, not the style failed
               "--wait-for-run", str(RUN_WAIT_S)]
        log.info("training the style %r (%d iterations)", style.name, s.STYLE_TRAINING_ITERATIONS)
        self._training = style
        try:
            # eta_s: a resumed run's estimate from before the restart is none of this run's
            await self.store.off_loop.set_training(style.id, training="training", eta_s=None)
            # Low priority: painting jobs come first; the run resumes from its last checkpoint if
            # stopped. A session of its own: a Ctrl-C meant for the bot does not kill it (the bot
            # stops it, in stop()). Unbuffered: each progress line reaches the bot as it is written.
            self._proc = await asyncio.create_subprocess_exec(
                *cmd, cwd=str(ROOT), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                env=dict(os.environ, PYTHONUNBUFFERED="1"), start_new_session=True,
                preexec_fn=lambda: child_setup(s.STYLE_TRAINING_NICE))
            await self._follow(style, model)
        finally:
            self._training = self._removing = None
            # Left by an error (its progress not written): no run trains on, unseen, while the
            # next one starts, both writing checkpoints.
            if self._proc is not None and self._proc.returncode is None:
                await self._kill()

    async def _follow(self, style: CommunityStyle, model: Path) -> None:
        """Read the run's progress into the store until it ends, then record its outcome."""
        proc = self._proc
        tail: list[str] = []
        verdict = None
        on_trained = False           # the verdict was taken on photos the run trained on
        stalled = False
        tenth_logged = 0             # the log's last progress line, in tenths of the run
        while True:
            try:
                raw = await asyncio.wait_for(proc.stdout.readline(), self.stall_s)
            except asyncio.TimeoutError:
                stalled = True
                tail.append(f"no output for {self.stall_s:g} s: stopped")
                await self._kill()
                break
            if not raw:
                break
            line = raw.decode(errors="replace").strip()
            tail = (tail + [line])[-20:]
            m = PROGRESS.match(line)
            now = self._now(style) if m or line.startswith("note:") else None
            if m and now is not None:
                done, total, eta = int(m[1]), int(m[2]), float(m[3])
                await self.store.off_loop.set_training(style.id, progress=done / total, eta_s=eta * 60)
                # the log showed nothing between start and end (an hour, on some CPUs): a line per
                # tenth, not one per progress line (every 10 iterations)
                tenth = done * 10 // total if total else 0
                if tenth_logged < tenth < 10:
                    tenth_logged = tenth
                    # the percent of the iteration shown: "10% (iteration 10 of 60)" said the tenth passed
                    log.info("training the style %s: %d%% (iteration %d of %d, about %.0f min left)",
                             self._called(style, now), done * 100 // total, done, total, eta)
            elif line.startswith("verdict for"):
                verdict = "used" if "adaptive model is used" in line else "kept_adain"
                on_trained = JUDGED_ON_TRAINED in line
            elif line.startswith("note:"):
                # what the run did otherwise than asked (its optimiser's state lost: resumed from its
                # weights; its only photos the validation ones): seen only in a failure's tail before
                log.info("training the style %s: %s", self._called(style, now), line)
        rc = await proc.wait()
        if self._proc is proc:
            self._proc = None
        now = self._now(style)
        if now is None:                                 # removed (or replaced) while it trained
            await self.store.off_loop.remove_model_files(style)     # its checkpoint; the next run starts afresh
            return
        called = self._called(style, now)
        if rc == 0 and verdict and model.exists():
            await self.store.off_loop.set_training(style.id, training=verdict, progress=1.0, eta_s=None,
                                                   adaptive_path=model)
            await self.store.off_loop.remove_training_run(style)    # the exported file is all its jobs need
            # (it said "has its own model (kept_adain)" of a model that lost and is not used)
            log.info("%s%s", (f"the style {called} has its own model now: it beat AdaIN on the validation "
                              "photos, and its paintings use it") if verdict == "used" else
                     (f"the style {called} finished training, but its model did not beat AdaIN on the "
                      "validation photos: it is not used, and the style paints with AdaIN as before"),
                     "; judged on the photos it trained on: add training photos" if on_trained else "")
            await self._tell(style, verdict + (ON_TRAINED_PHOTOS if on_trained else ""))
        elif interrupted(rc, self._stopping) and not stalled:
            # Its checkpoint stays: the next start resumes it. While the bot runs on, it waits
            # for that start as "queued" (it is in no line here), not as a stale "training".
            log.warning("the training of the style %s was interrupted (exit %s); it resumes at the next start",
                        called, rc)
            if not self._stopping:
                await self.store.off_loop.set_training(style.id, training="queued", eta_s=None)
        elif rc == TRY_AGAIN and not stalled:
            # Not the style's failure: failing it (and deleting its run) lost the training for good
            # over a disk an operator frees in minutes, or deleted the folder another run (one a
            # killed bot left, still saving) trains in. _work puts it back in line after a pause.
            await self.store.off_loop.set_training(style.id, training="queued", eta_s=None)
            raise OSError(errno.EAGAIN, f"cannot train the style now: {tail[-1] if tail else 'exit 75'}",
                          str(self.store.model_paths(style)[0]))
        else:
            log.warning("training the style %s failed (exit %s): %s", called, rc, " | ".join(tail[-5:]))
            await self.store.off_loop.set_training(style.id, training="failed", eta_s=None)
            await self.store.off_loop.remove_training_run(style)    # nothing resumes a failed run
            await self._tell(style, "failed")

    async def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc and proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except asyncio.TimeoutError:
                proc.kill()
