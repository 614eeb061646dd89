"""Community styles' own adaptive models, trained in the background.

When an admin adds a style (/addstyle), the style paints at once with AdaIN (its descriptor).
The trainer then fits the style's own parameters of the shipped adaptive network
(docs/adaptive.md) in a low-priority subprocess, one style at a time:

    python -m engine train-artist KEY --descriptor STYLE.safetensors --out KEY.training \
        --export-style KEY.adaptive.safetensors --data PHOTOS ...

Its progress lines ("it 120/1500 ... ETA 12.3 min") go into the store, so /communitystyles shows
how far it is. The run is resumable: a bot restart picks queued and interrupted trainings up
where their last checkpoint left them. When it finishes, the exported file carries the verdict
(does the model beat AdaIN on validation photos?); the style's jobs then carry that file, and
the engine uses the model only when it won (else the descriptor inside it, through AdaIN).

A style's parameters fit only the shared network they were trained on. When a release ships a
new adaptive network, the next start finds the styles trained on the old one and trains them
again, from scratch; meanwhile they paint with AdaIN, as new styles do.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from pathlib import Path

from .settings import Settings
from .store import CommunityStyle, Store

log = logging.getLogger(__name__)

PROGRESS = re.compile(r"^it (\d+)/(\d+) .*ETA ([\d.]+) min")
ROOT = Path(__file__).resolve().parents[1]


def shipped_adaptive_model() -> Path:
    return ROOT / "engine" / "weights" / "adaptive.safetensors"


class StyleTrainer:
    def __init__(self, settings: Settings, store: Store):
        self.settings = settings
        self.store = store
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._task: asyncio.Task | None = None
        self._proc: asyncio.subprocess.Process | None = None
        self._training: CommunityStyle | None = None    # the style whose run is under way

    def why_unavailable(self) -> str | None:
        """None when community styles can be trained here, else the reason (for the log)."""
        if not self.settings.STYLE_TRAINING:
            return "STYLE_TRAINING is off"
        data = self.settings.style_training_data()
        if data is None or not (data / "content").is_dir():
            return f"no training photos ({self.settings.STYLE_TRAINING_DATA or 'STYLE_TRAINING_DATA'}/content)"
        if not shipped_adaptive_model().exists():
            return "no shipped adaptive model (engine/weights/adaptive.safetensors)"
        return None

    @property
    def available(self) -> bool:
        return self.why_unavailable() is None

    async def start(self) -> None:
        why = self.why_unavailable()
        if why:
            log.info("community styles will not get their own models: %s", why)
            return
        for style in self.store.styles_to_train():        # interrupted by a restart: resume
            self._queue.put_nowait(style.id)
        await self.retrain_outdated()
        self._task = asyncio.create_task(self._work(), name="style-trainer")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._kill()

    def enqueue(self, style_id: int) -> bool:
        """Queue a newly added style; False when training is not available here."""
        if not self.available:
            return False
        self.store.set_training(style_id, training="queued", progress=0.0, eta_s=None, adaptive_path=None)
        self._queue.put_nowait(style_id)
        return True

    async def retrain_outdated(self) -> list[CommunityStyle]:
        """Queue again the styles whose model was trained on another shared network than the
        shipped one (an older release's): their parameters no longer fit it."""
        from engine.adaptive import AdaptiveModel, AdaptiveStyle
        from engine.errors import EngineError

        styles = self.store.styles_with_models()
        if not styles:
            return []

        def outdated() -> list[CommunityStyle]:
            try:
                current = AdaptiveModel.load(shipped_adaptive_model()).net_id
            except EngineError as exc:     # a broken file: the engine says so on every job; keep the styles
                log.warning("cannot check the community styles' models: %s", exc)
                return []
            return [s for s in styles if AdaptiveStyle.net_id_of(self.store.data_dir / s.adaptive_path) != current]

        stale = await asyncio.to_thread(outdated)
        if stale:
            log.info("training %d community style(s) again: the shipped adaptive network changed", len(stale))
        for style in stale:
            self.store.remove_model_files(style)      # the old run's checkpoint holds the old network
            self.enqueue(style.id)
        return stale

    async def cancel(self, style_id: int) -> None:
        """Stop the run of a style that is being removed or replaced: it would go on for nobody,
        and report onto its id, which SQLite gives the next new style."""
        if self._training is not None and self._training.id == style_id:
            log.info("stopping the training of the style %r: removed", self._training.name)
            await self._kill()

    def _still(self, style: CommunityStyle) -> bool:
        """Whether the style's row is still this style (not removed, nor its id reused)."""
        row = self.store.get_style(style.id)
        return row is not None and row.key == style.key and row.created == style.created

    async def _work(self) -> None:
        while True:
            style_id = await self._queue.get()
            style = self.store.get_style(style_id)
            if style is None or style.training not in ("queued", "training"):
                continue                                   # removed (or re-added) meanwhile
            try:
                await self.train(style)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("training the style %r failed", style.name)
                self.store.set_training(style.id, training="failed", eta_s=None)

    async def train(self, style: CommunityStyle) -> None:
        s = self.settings
        run, model = self.store.model_paths(style)
        cmd = [sys.executable, "-m", "engine", "train-artist", style.key,
               "--descriptor", str(self.store.style_path(style)), "--out", str(run),
               "--export-style", str(model), "--data", str(s.style_training_data()),
               "--iterations", str(s.STYLE_TRAINING_ITERATIONS), "--batch", str(s.STYLE_TRAINING_BATCH),
               "--crop", str(s.STYLE_TRAINING_CROP), "--save-every", "50"]
        log.info("training the style %r (%d iterations)", style.name, s.STYLE_TRAINING_ITERATIONS)
        self.store.set_training(style.id, training="training")
        # Low priority: painting jobs come first; the run resumes from its last checkpoint if stopped.
        self._proc = await asyncio.create_subprocess_exec(
            *cmd, cwd=str(ROOT), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            preexec_fn=lambda: os.nice(s.STYLE_TRAINING_NICE))
        self._training = style
        try:
            await self._follow(style, model)
        finally:
            self._training = None

    async def _follow(self, style: CommunityStyle, model: Path) -> None:
        """Read the run's progress into the store until it ends, then record its outcome."""
        proc = self._proc
        tail: list[str] = []
        verdict = None
        async for raw in proc.stdout:
            line = raw.decode(errors="replace").strip()
            tail = (tail + [line])[-20:]
            m = PROGRESS.match(line)
            if m and self._still(style):
                done, total, eta = int(m[1]), int(m[2]), float(m[3])
                self.store.set_training(style.id, progress=done / total, eta_s=eta * 60)
            elif line.startswith("verdict for"):
                verdict = "used" if "adaptive model is used" in line else "kept_adain"
        rc = await proc.wait()
        if self._proc is proc:
            self._proc = None
        if not self._still(style):                      # removed (or replaced) while it trained
            self.store.remove_model_files(style)         # its checkpoint; the next run starts afresh
            return
        if rc == 0 and verdict and model.exists():
            self.store.set_training(style.id, training=verdict, progress=1.0, eta_s=None, adaptive_path=model)
            log.info("the style %r has its own model (%s)", style.name, verdict)
        else:
            log.warning("training the style %r failed (exit %s): %s", style.name, rc, " | ".join(tail[-5:]))
            self.store.set_training(style.id, training="failed", eta_s=None)

    async def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc and proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except asyncio.TimeoutError:
                proc.kill()
