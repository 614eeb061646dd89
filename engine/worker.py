"""The engine process: takes Jobs, calls the Engine, reports progress and results.

Two ways in:
- ``--pipe``: a child of the bot's ``ProcessQueue`` (one host). JSON lines on stdin/stdout.
- ``--redis URL``: a worker on a GPU host reading the Redis Streams queue
  (``python -m engine worker --redis URL``; see ``engine.queue.redis_streams``).
The engine is built once, by an engine factory (``module:callable``, default ``engine:load_engine``).
SIGTERM drains: no new job is taken, the running one finishes, then the process exits 0.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import queue as queue_mod
import re
import signal
import sys
import threading
import time
from collections import deque

from .errors import EngineError
from .log_format import checked_format, formatter
from .log_secrets import hide_in_logs, url_secrets

log = logging.getLogger("engine.worker")

PROGRESS_EVERY = 0.25      # seconds between progress messages
# seconds between "beat" messages while a job runs: a worker heard from for none of
# WORKER_SILENT_S (frozen, or stuck in code that holds the GIL) is killed and its job retried
BEAT_EVERY = 2.0
# seconds a painting may go without a step (a progress, a cancel check) before its worker counts as
# frozen (a stuck driver or decoder that lets go of the GIL, which the beat thread would beat
# through): it beats no more, and the supervisor kills it after WORKER_SILENT_S and retries its job.
# Far above any one step of a painting (a CPU forward pass, a decode). The Redis worker's bound too
# (redis_streams reads it from here): one setting, one place to change it.
FROZEN_S = 120.0


EXIT_SETUP = 2             # exit status of a worker whose engine settings are wrong: restarting will not help
SHIPPED_FACTORY = "engine:load_engine"
# the devices the shipped engine takes (engine.core.pick_device), checked without importing torch
DEVICE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


class EngineSetupError(EngineError):
    """ENGINE_FACTORY or ENGINE_DEVICE is wrong: a setting to fix, said in one line (no traceback)."""


def load_factory(path: str, setting: str = "ENGINE_FACTORY"):
    """The engine factory named ``module:callable``, or EngineSetupError saying why not."""
    module, _, attr = path.partition(":")
    attr = attr or "load_engine"
    try:
        factory = getattr(importlib.import_module(module), attr)
    except AttributeError:
        raise EngineSetupError(f"{setting}={path!r} cannot be loaded: the module {module!r} has no {attr!r}; "
                               "it names module:callable, e.g. engine:load_engine") from None
    except (ImportError, ValueError, TypeError) as exc:     # ValueError: no module name
        raise EngineSetupError(f"{setting}={path!r} cannot be loaded ({type(exc).__name__}: {exc}); "
                               "it names module:callable, e.g. engine:load_engine") from None
    if not callable(factory):
        raise EngineSetupError(f"{setting}={path!r} is not callable; it names module:callable, "
                               "e.g. engine:load_engine")
    return factory


def check_engine_settings(factory_path: str, device: str | None, *, factory_setting: str = "ENGINE_FACTORY",
                          device_setting: str = "ENGINE_DEVICE", refine_steps: int = 0) -> None:
    """EngineSetupError unless the factory loads and (for the shipped engine) the device is one it
    takes: what a worker would otherwise find out only when it starts, and die of. Imports the
    factory's module, not torch: whether this machine has CUDA is the worker's to find out."""
    factory = load_factory(factory_path, factory_setting)
    _check_refine_steps(factory, factory_path, refine_steps)
    if device and factory_path == SHIPPED_FACTORY and not DEVICE.match(device):
        raise EngineSetupError(f"{device_setting}={device!r} is not a device of the engine: cpu, cuda, "
                               "cuda:N (the Nth GPU), or auto / empty (CUDA when there is one, else the CPU)")


def build_engine(factory_path: str, device: str | None = None, refine_steps: int = 0):
    """The engine, built once per worker. A factory that cannot be loaded and a device the engine
    refuses (BadOptionError: "tpu", "cuda" on a machine without CUDA) are EngineSetupError; other
    failures are bugs and keep their traceback. ``refine_steps`` (ENGINE_REFINE_STEPS) is handed
    to the factory only when set: an operator's own factory need not know it otherwise."""
    from .errors import BadOptionError

    from .options import refine_steps as checked_steps

    try:                               # (before the call: the engine's refusal would blame the device)
        refine_steps = checked_steps(refine_steps)
    except BadOptionError as exc:
        raise EngineSetupError(f"ENGINE_REFINE_STEPS (or the worker's --refine-steps): {exc.params.get('detail', exc)}") \
            from None
    factory = load_factory(factory_path)
    _check_refine_steps(factory, factory_path, refine_steps)
    kwargs = {"device": device} if device else {}
    if refine_steps:
        kwargs["refine_steps"] = refine_steps
    try:
        engine = factory(**kwargs)
    except BadOptionError as exc:      # "cuda" on a machine without CUDA, "tpu"
        raise EngineSetupError(f"{exc.params.get('detail', exc)} (ENGINE_DEVICE, or the worker's --device)"
                               if device
                               else f"ENGINE_FACTORY={factory_path!r}: {exc}") from None
    log.info("engine: %s", describe_engine(engine, factory_path))
    return engine


def _check_refine_steps(factory, factory_path: str, refine_steps: int) -> None:
    if refine_steps and "refine_steps" not in _parameters(factory):
        raise EngineSetupError(f"ENGINE_REFINE_STEPS={refine_steps} is set, but ENGINE_FACTORY={factory_path!r} "
                               "takes no refine_steps: unset it, or let the factory take it")


class Stillness:
    """How long the painting under way has not moved (its stamp unchanged), counted in a beat
    thread's rounds, each at most two beats long: a process paused whole (SIGSTOP, a frozen VM)
    has not frozen its painting. ``round(busy, stamp)`` once a round gives the seconds so far."""

    def __init__(self, every: float):
        self.every, self.seconds, self._stamp, self._last = every, 0.0, None, time.monotonic()

    def round(self, busy: bool, stamp: float) -> float:
        now = time.monotonic()
        if busy and stamp == self._stamp:
            self.seconds += min(now - self._last, 2 * self.every)
        else:
            self.seconds, self._stamp = 0.0, stamp
        self._last = now
        return self.seconds


def _parameters(factory) -> set[str]:
    """The keyword names ``factory`` takes (every name when it takes **kwargs)."""
    import inspect

    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):          # a builtin without a signature: let the call decide
        return {"refine_steps"}
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return {"refine_steps"}
    return {p.name for p in params}


def describe_engine(engine, factory_path: str) -> str:
    """What an operator wants to know of a worker's engine: its device and precision, and where
    it came from (the factory, when not the shipped one)."""
    parts = [f"device {getattr(engine, 'device', '?')}"]
    if getattr(engine, "precision", None):
        parts.append(f"precision {engine.precision}")
    if getattr(engine, "refine_steps", 0):
        parts.append(f"{engine.refine_steps} refine steps after each fast painting")
    if factory_path != SHIPPED_FACTORY:
        parts.append(f"ENGINE_FACTORY={factory_path}")
    return ", ".join(parts)


def _log_uncaught(exc_type, exc, tb) -> None:
    """An exception nobody caught ends up a record like any other, not a raw traceback."""
    log.critical("uncaught %s: %s", exc_type.__name__, exc, exc_info=(exc_type, exc, tb))


def _log_uncaught_in_thread(args) -> None:
    if args.exc_type is not SystemExit:        # what the default hook ignores too
        _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _log_format_of_environment() -> str:
    """LOG_FORMAT as the bot hands it to the workers it starts (checked there); json otherwise."""
    try:
        return checked_format(os.environ.get("LOG_FORMAT"), "json")
    except ValueError:
        return "json"


def setup_logging(level: str = "INFO", log_format: str = "json") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level, handlers=[handler])
    logging.captureWarnings(True)           # warnings.warn (torch's, say) as records too
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread


def throttled(send, every: float = PROGRESS_EVERY):
    last = [0.0]

    def progress(p: float) -> None:
        now = time.monotonic()
        if now - last[0] >= every or p >= 1.0:
            last[0] = now
            send(p)
    return progress


# -- one host: a child process on pipes -----------------------------------------------------------
def serve_pipe(factory_path: str, device: str | None = None, refine_steps: int = 0) -> int:
    importlib.import_module(f"{__package__}.images")     # decode/encode ready before the first job
    from .jobs import JobResult, run_job
    from .queue.drain_steps import end_steps, steps_end
    from .queue.wire import dumps, job_from_dict, result_to_dict

    out = os.fdopen(os.dup(1), "w", buffering=1)   # the protocol channel
    os.dup2(2, 1)                                  # anything else printed goes to stderr
    sys.stdout = sys.stderr
    lock = threading.RLock()      # RLock: the SIGTERM handler may send while the main thread is
    orphaned = threading.Event()  # the bot is gone: nobody reads what this worker says any more

    def send(msg: dict) -> None:
        with lock:
            try:
                out.write(dumps(msg) + "\n")
                out.flush()
            except (BrokenPipeError, ValueError):     # the pipe (or the file) closed under us
                orphaned.set()

    inbox: "queue_mod.Queue[dict | None]" = queue_mod.Queue()
    draining = threading.Event()
    current = {"id": None, "cancel": threading.Event(), "lane": "fast"}
    # Cancels that came before their job started (it was still in the inbox); bounded, since a
    # cancel that comes after its job ended lands here too and is never claimed.
    cancelled_early: deque[str] = deque(maxlen=64)
    current_lock = threading.RLock()     # re-entered: claim_early_cancel inside the job's start

    def claim_early_cancel(job_id: str) -> bool:
        """Whether the job was cancelled before it started (and forget that cancel)."""
        with current_lock:
            if job_id in cancelled_early:
                cancelled_early.remove(job_id)
                return True
            return False

    def on_term(signum, frame):
        if not draining.is_set():
            draining.set()
            send({"op": "draining"})
            inbox.put(None)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def reader() -> None:
        for line in sys.stdin:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("op") == "cancel":
                with current_lock:
                    if current["id"] == msg.get("id"):
                        current["cancel"].set()
                    else:
                        cancelled_early.append(msg.get("id"))
            elif msg.get("op") == "drain":
                within = msg.get("within")
                if isinstance(within, (int, float)) and within >= 0:     # (a bot of before: none)
                    end_steps(engine, steps_end(within))     # an /hq under way is delivered in time
                draining.set()
                inbox.put(None)
            else:
                inbox.put(msg)
        # stdin closed: the bot is gone (killed; an orderly stop drains instead). Nobody can take
        # a result now, and its journal runs the job again at its next start: stop the job under
        # way instead of painting on for nobody beside the next bot's workers.
        orphaned.set()
        with current_lock:
            current["cancel"].set()
        draining.set()
        inbox.put(None)

    moved = [time.monotonic()]   # when the painting last made a step (progress, a cancel check)

    def beater() -> None:
        """While a job runs, a beat every BEAT_EVERY seconds (torch and Pillow let go of the GIL
        while they work, so a slow job beats on): the supervisor tells a live, slow job (which
        gets its timeout) from a frozen worker (restarted, and its job retried). A painting that
        made no step for FROZEN_S (counted in this thread's rounds: a process paused whole has not
        frozen its painting) is frozen: no beat for it."""
        stillness, said = Stillness(BEAT_EVERY), None
        while not orphaned.is_set():
            time.sleep(BEAT_EVERY)
            job_id = current["id"]
            still = stillness.round(job_id is not None, moved[0])
            # /hq only (its steps stamp): a fast painting is one pass with no step inside, bounded by
            # its timeout already (the supervisor's), however long a big one takes on a CPU
            if job_id is not None and current["lane"] == "hq" and still > FROZEN_S:
                if said != job_id:
                    said = job_id
                    log.error("the painting of job %s has not moved for %.0f s (frozen: a stuck driver or "
                              "decoder?); no more beats: the bot restarts this worker and retries the job",
                              job_id, still)
                continue
            if job_id is not None:
                send({"op": "beat", "id": job_id})

    engine = build_engine(factory_path, device, refine_steps)
    threading.Thread(target=reader, daemon=True, name="stdin").start()
    threading.Thread(target=beater, daemon=True, name="beat").start()
    send({"op": "ready", "pid": os.getpid()})
    while True:
        msg = inbox.get()
        if msg is None or draining.is_set():
            if msg is not None:      # a job that arrived while draining: hand it back unrun...
                job_id = msg["job"]["id"]
                if claim_early_cancel(job_id):    # ...unless it was cancelled: that is its answer, not a rerun
                    send({"op": "result", "result": result_to_dict(JobResult(job_id, False, error_key="cancelled"))})
                else:
                    log.info("draining: job %s not started", job_id)
            break
        job = job_from_dict(msg["job"])
        flag = threading.Event()
        with current_lock:      # claimed and published at once: no cancel can fall between the two
            if claim_early_cancel(job.id):
                flag.set()
            current["id"], current["cancel"], current["lane"] = job.id, flag, job.lane
        moved[0] = time.monotonic()
        said_progress = throttled(lambda p: send({"op": "progress", "id": job.id, "p": round(p, 3)}))

        def progress(p: float) -> None:
            moved[0] = time.monotonic()
            said_progress(p)

        def cancelled(flag=current["cancel"]) -> bool:     # asked between the steps of a painting
            moved[0] = time.monotonic()
            return flag.is_set()

        try:
            result = run_job(engine, job, progress=progress, cancel=cancelled)
        except Exception as exc:      # an engine bug: report it, keep the worker
            log.exception("job %s failed", job.id)
            result = JobResult(job.id, False, error_key="engine_error", error_params={"detail": type(exc).__name__})
        with current_lock:
            current["id"] = None
        if orphaned.is_set():
            log.info("the bot is gone; job %s is left to its journal", job.id)
            break
        send({"op": "result", "result": result_to_dict(result)})
    return 0


def main(argv=None) -> int:
    from .worker_cli import lane_list

    p = argparse.ArgumentParser(prog="python -m engine.worker")
    p.add_argument("--pipe", action="store_true", help="serve a supervising bot on stdin/stdout")
    p.add_argument("--redis", help="serve the Redis Streams queue at this URL")
    p.add_argument("--lane", default="fast", help="(pipe) the lane this worker serves; for logs")
    p.add_argument("--lanes", type=lane_list, default="fast,hq",
                   help="(redis) lanes to take jobs from (fast, hq), in priority order")
    p.add_argument("--engine-factory", default="engine:load_engine")
    p.add_argument("--device", default=None)
    p.add_argument("--refine-steps", type=int, default=None,
                   help="ENGINE_REFINE_STEPS, as the bot passes it (default: the setting, else 0)")
    p.add_argument("--batch", type=int, default=None, help="(redis) fast jobs to paint at once")
    args = p.parse_args(argv)
    setup_logging(os.environ.get("LOG_LEVEL", "INFO"), _log_format_of_environment())
    hide_in_logs(*url_secrets(args.redis))
    try:
        if args.pipe:
            return serve_pipe(args.engine_factory, args.device, args.refine_steps or 0)
        if args.redis:
            from .queue.redis_streams import serve_redis
            return serve_redis(args.redis, args.engine_factory, device=args.device, lanes=args.lanes,
                               batch=args.batch, refine_steps=args.refine_steps)
    except EngineSetupError as exc:          # one line, and a status that says "a setting, not a crash"
        log.error("%s", exc)
        return EXIT_SETUP
    p.error("one of --pipe or --redis is required")
    return 2


if __name__ == "__main__":
    # the importable module's main (`python -m engine.worker` runs this file as __main__, a second
    # copy): its globals (FROZEN_S) are the ones engine.worker and the Redis worker have
    from engine.worker import main as module_main

    sys.exit(module_main())
