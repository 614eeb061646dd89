"""`python -m bot` (what `make run` calls): every front-end that has a token, else the web chat.
`python -m bot usage [DAYS]` prints what the job history says about use.

Reads the settings once, opens the store, starts the job queue, then Telegram (TELEGRAM_TOKEN),
Discord (DISCORD_TOKEN) and the local web chat (when no token is set, or WEB_ENABLED=true),
and runs until Ctrl-C.
"""
from __future__ import annotations

import os
import signal
import sys

if __name__ == "__main__":
    # `python -m bot`: a Ctrl-C (or SIGTERM) while the imports below and the settings are read
    # (about 1.5 s, before main's event loop takes the signals over) stops it as quietly as later,
    # not with a KeyboardInterrupt traceback. Nothing is open or started yet: nothing to close.
    def _stopped_before_starting(signum, frame):
        # the lines logged already, once the log thread runs (bot/log_queue.py): os._exit skips atexit
        log_queue = sys.modules.get("bot.log_queue")
        if log_queue is not None:
            log_queue.flush_logs(0.5)
        print(_in_log_shape("stopped before starting"), file=sys.stderr, flush=True)
        os._exit(0)

    def _in_log_shape(line: str) -> str:
        # LOG_FORMAT=json: one JSON object, as the log's lines; engine.log_format is imported from
        # the first milliseconds on (below): a signal before that gets the plain line
        log_format = sys.modules.get("engine.log_format")
        try:
            return log_format.in_log_shape(line, log_format.log_format_setting(), "bot", 20)    # INFO
        except Exception:
            return line

    signal.signal(signal.SIGINT, _stopped_before_starting)
    signal.signal(signal.SIGTERM, _stopped_before_starting)

import asyncio
import contextlib
import errno
import functools
import logging
import re
import sqlite3
import time
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from engine.log_format import formatter, in_log_shape, log_format_setting
from engine.queue.metrics import add_health_part
from engine.queue.redis_streams import QueueSetupError
from engine.env_file import env_warnings, unreadable_env_file
from engine.queue.settings import setting_errors

from .chat import ChatUnreachable, MaybeDelivered
from .commands import CommandLayer, engine_describer
from .frontend_start import FrontendStarts, Platform
from .stop_signals import AGAIN_HINT, StopSignals
from .style_training import StyleTrainer
from .private_files import (group_share_warnings, keep_group_read_where_data_dir_gives_it, keep_new_files_private,
                            open_to_others)
from .logs import quiet_http_logs, redact, redact_url, scrub
from .log_queue import flush_logs, write_logs_off_the_loop
from .settings import Settings, finite_number_needed, non_finite
from .retention import forget_old_data
from .single_instance import (LOCK_FILE, DataDirInUse, hold_data_dir, hold_journal, journal_lock, mark_stopping,
                              stopping_holder)
from .store import StorageError, Store
from .web_port import WebPortUnusable, reserve_web_port

log = logging.getLogger("bot")


def setup_logging(settings: Settings, queue_settings=None) -> None:
    logging.basicConfig(level=settings.LOG_LEVEL)
    for handler in logging.getLogger().handlers:      # tracebacks are scrubbed too
        handler.setFormatter(formatter(settings.LOG_FORMAT))
    # httpx logs every request URL, and Telegram's URLs contain the bot token: keep it quiet,
    # and redact the tokens (and REDIS_URL's password) from any record that might still carry one.
    quiet_http_logs()
    redact(*(s.get_secret_value() for s in (settings.TELEGRAM_TOKEN, settings.DISCORD_TOKEN) if s))
    if queue_settings is not None:
        redact_url(queue_settings.redis_url)


def queue_settings_of(settings: Settings):
    """The queue's settings (engine/queue/settings.py: the environment and .env), with the bot's
    DATA_DIR (where the journal lives unless QUEUE_DB says otherwise), LOG_LEVEL and LOG_FORMAT (its
    workers log so; read from .env too, which the worker processes do not see), and MAX_PENDING_PER_USER
    (the queue keeps that many of each user's waiting jobs in their places). A bad one raises
    pydantic's ValidationError, as the bot's own do."""
    from engine.queue.settings import QueueSettings

    return QueueSettings(data_dir=str(settings.DATA_DIR), log_level=settings.LOG_LEVEL,
                         log_format=settings.LOG_FORMAT, max_pending_per_user=settings.MAX_PENDING_PER_USER)


def check_queue_settings(qs) -> None:
    """What would otherwise fail later, in a worker or with a traceback, checked before anything
    starts: the engine factory and device the worker processes build their engine with (memory,
    process), and REDIS_URL's form (redis). One line and exit 2 when wrong."""
    from engine.errors import EngineError

    try:
        if qs.queue_backend in ("memory", "process"):
            from engine.worker import check_engine_settings

            check_engine_settings(qs.engine_factory, qs.engine_device, refine_steps=qs.engine_refine_steps)
        elif qs.queue_backend == "redis":
            from engine.worker_cli import _checked_url

            _checked_url(qs.redis_url)
    except EngineError as exc:
        exit_with(f"error: {exc}")


def describe_start(settings: Settings, qs) -> str:
    """The start line of the log: what runs here, for an operator reading it."""
    from engine.queue.metrics import redact as redact_password

    if qs.queue_backend == "process":
        queue = (f"queue process (engine workers: fast {qs.workers_fast}, hq {qs.workers_hq}; "
                 f"journal {qs.queue_db})")
    elif qs.queue_backend == "redis":
        queue = (f"queue redis at {redact_password(qs.redis_url)} (REDIS_PREFIX={qs.redis_prefix}; "
                 f"journal {qs.queue_db})")
    else:
        queue = "queue memory (the engine on a thread of the bot; no journal: nothing resumed after a restart)"
    engine = ""
    if qs.queue_backend != "redis":          # redis: each worker names its own device
        engine = f", engine {qs.engine_factory} on {qs.engine_device or 'the best device (CUDA if any, else CPU)'}"
    try:
        from styles import load_catalog

        artists = f", {len(load_catalog().artists)} catalog artists"
    except Exception:                      # the catalog is the engine's to report; not a reason to stop
        artists = ""
    return (f"paintbot starting: {queue}{engine}{artists}, DATA_DIR {settings.DATA_DIR}, "
            f"log level {settings.LOG_LEVEL}")


@functools.lru_cache(maxsize=1)
def shared_engine():
    """One engine per process, for the in-process queue and for describing community styles."""
    from engine import load_engine

    return load_engine()


def build_queue(settings: Settings | None = None, queue_settings=None):
    """The job queue: engine.queue.make_queue (QUEUE_BACKEND) when present, else in-process.
    Its settings are ``queue_settings_of(settings)`` unless given."""
    try:
        from engine.queue import make_queue
    except ImportError:
        make_queue = None
    if make_queue is not None:
        if queue_settings is None and settings is not None:
            queue_settings = queue_settings_of(settings)
        return make_queue(queue_settings)
    from engine.queue.memory import InProcessQueue

    return InProcessQueue(engine_factory=shared_engine)


async def start_web(layer: CommandLayer, settings: Settings, hub=None, sockets=None):
    """The web chat, on ``sockets`` (reserve_web_port's) or else on WEB_HOST:WEB_PORT."""
    from aiohttp import web

    from .webchat import create_app

    app = create_app(layer, admin=settings.WEB_ADMIN, hub=hub)     # (it closes its open pages at shutdown)
    # At shutdown the queue has drained already (run()), so open pages need not hold the exit for
    # aiohttp's default 60 s.
    # no access log: page loads and socket upgrades would drown what matters in the log
    runner = web.AppRunner(app, shutdown_timeout=5, access_log=None)
    await runner.setup()
    if sockets:
        for sock in sockets:
            await web.SockSite(runner, sock).start()
    else:
        await web.TCPSite(runner, settings.WEB_HOST, settings.WEB_PORT).start()
    host = "localhost" if settings.WEB_HOST in ("127.0.0.1", "0.0.0.0", "::") else settings.WEB_HOST
    if ":" in host:                        # an IPv6 address: in brackets in a URL (http://[::1]:8080/)
        host = f"[{host}]"
    where = "  (on every address of this machine)" if settings.WEB_HOST in ("0.0.0.0", "::") else ""
    # (stdout, as it was; with LOG_FORMAT=json a JSON object like every other line)
    print(in_log_shape(f"Web chat: http://{host}:{settings.WEB_PORT}/  (drop a photo, type /style gogh){where}",
                       settings.LOG_FORMAT, "bot", logging.INFO), flush=True)
    return runner


async def resume_jobs(layer: CommandLayer, queue, frontends: dict, only=None, starting=()) -> list[asyncio.Task]:
    """Jobs submitted before a restart (queues with a journal have ``recovered``): each result
    is delivered, when it comes, through the front-end of the job's platform ("tg:", "dc:",
    "web:"), whose ``edit_line`` keeps the job's old progress line showing where it stands
    meanwhile. Jobs of a platform not running now stay in the journal for a later start.
    ``only``: the platforms whose jobs are resumed (all by default); ``starting``: platforms whose
    start is tried again in the background: their jobs are resumed once they start."""
    recovered = getattr(queue, "recovered", None)
    if recovered is None:
        return []

    async def one(job, frontend):
        try:
            await layer.resume(job, frontend.deliver, getattr(frontend, "edit_line", None))
        except asyncio.CancelledError:
            raise
        except ChatUnreachable as exc:     # blocked, removed since: no one to deliver it to
            log.info("job %s from before the restart is not delivered: the chat takes no messages from the "
                     "bot (%s)", job.id, exc)
        except MaybeDelivered as exc:
            log.warning("job %s from before the restart may not have arrived (%s); not sent again", job.id, exc)
        except Exception:
            log.exception("could not deliver job %s after the restart", job.id)

    tasks = []
    for job in await recovered():
        platform = job.chat_id.partition(":")[0]
        if (only is not None and platform not in only) or (platform in starting and platform not in frontends):
            continue
        frontend = frontends.get(platform)
        if frontend is None:
            log.warning("job %s is for %s, which is not running; it stays in the journal", job.id,
                        job.chat_id.partition(":")[0] or "?")
            continue
        tasks.append(asyncio.create_task(one(job, frontend)))
    if tasks:
        log.info("%d job(s) from before the restart: each delivered once its painting is done", len(tasks))
    return tasks


async def tell_style_outcome(layer: CommandLayer, frontends: dict, style, outcome: str) -> None:
    """How a community style's training came out, said in the chat it was added in, through the
    front-end of its platform (as a job's result after a restart)."""
    told = layer.style_outcome(style, outcome)
    if told is None:
        return
    chat_id, replies, user_id = told
    frontend = frontends.get(chat_id.partition(":")[0])
    if frontend is None:
        log.info("the style %r finished training (%s); %s is not running to say so", style.name, outcome,
                 chat_id.partition(":")[0])
        return
    await frontend.deliver(chat_id, replies, user_id=user_id)


def error_lines(exc: ValidationError) -> list[str]:
    """One line per bad setting; one about several settings (MAX_SIDE above MAX_SIDE_LIMIT) is
    its message alone, not "SETTINGS={...}"."""
    return [f"error: {err['msg'].removeprefix('Value error, ')}" if not err["loc"]
            else non_finite_line(err) or line.replace(": Value error, ", ": ", 1)
            for err, line in zip(exc.errors(), setting_errors(exc))]


FLOAT_CHECKS = ("finite_number", "greater_than", "greater_than_equal", "less_than", "less_than_equal")


def non_finite_line(err: dict) -> str | None:
    """A float setting given nan or inf: said so, not as the bound pydantic checked it against
    ("JOB_TIMEOUT_FAST='nan': Input should be less than or equal to 86400"). None otherwise."""
    # (an integer setting given "inf" is told it needs an integer: "int_parsing", left as it is)
    if err.get("type") not in FLOAT_CHECKS or not non_finite(err.get("input")):
        return None
    name = ".".join(str(part) for part in err["loc"]).upper()
    return f"error: {name}={err['input']!r}: {finite_number_needed(name)}"


def exit_with(message: str) -> NoReturn:
    """A set-up problem (a setting, DATA_DIR, the journal, Redis' password): its line(s), exit 2.
    Secrets are scrubbed as in the log (a password given as REDIS_URL's ?password=...). With
    LOG_FORMAT=json each line is a JSON object, as the log's (a settings error's too: LOG_FORMAT
    is read from the environment or .env as the settings read it)."""
    flush_logs()                               # the log's lines before it, in order
    print(in_log_shape(scrub(message), log_format_setting(), "bot"), file=sys.stderr)
    raise SystemExit(2)


def open_store(settings: Settings) -> Store:
    """The store, or one line saying why DATA_DIR cannot be used (read-only, full, not a folder,
    bot.sqlite3 unopenable) and exit 2, as for a bad setting: not a traceback."""
    try:
        store = Store(settings.DATA_DIR)
    except StorageError as exc:
        exit_with(f"error: DATA_DIR={str(settings.DATA_DIR)!r} cannot be used: {exc}")
    # a read-only bot.sqlite3 opens (and reads): the bot served, and told every user with a photo
    # that it could not save anything
    if not os.access(store.path, os.W_OK):
        store.close()
        exit_with(f"error: {read_only(store.path)}")
    return store


def read_only(path) -> str:
    return (f"{path} is read-only: the bot cannot save to it; make it writable (a file made immutable: "
            f"chattr -i), or point DATA_DIR (or QUEUE_DB) elsewhere")


def journal_file(queue_settings) -> str | None:
    """The job journal's file (QUEUE_DB), or None for a queue without one: QUEUE_BACKEND=memory,
    QUEUE_DB=:memory:, or no queue settings. What open_queue checks is writable and
    hold_journal_or_exit locks."""
    if queue_settings is None or getattr(queue_settings, "queue_backend", "") == "memory":
        return None
    journal = getattr(queue_settings, "queue_db", None)
    return journal if journal and journal != ":memory:" else None


def open_queue(settings: Settings, store: Store, queue_settings=None):
    """The job queue, or one line saying why its journal (queue.sqlite3) cannot be opened, and exit 2."""
    try:
        queue = build_queue(settings, queue_settings)
    except (OSError, sqlite3.Error) as exc:
        store.close()
        exit_with(f"error: the job journal cannot be opened: {exc}")
    journal = journal_file(queue_settings)
    if journal and os.path.exists(journal) and not os.access(journal, os.W_OK):
        store.close()                  # (its jobs would be queued, then lost: "queued" is written first)
        exit_with(f"error: the job journal cannot be used: {read_only(journal)}")
    return queue


async def start_queue(queue, store: Store, web_port: int | None = None) -> None:
    """queue.start(), or one line and exit 2: Redis refused the password; /healthz and /metrics
    cannot listen on METRICS_HOST:METRICS_PORT (taken, out of range, not an address here).
    ``web_port``: the port the web chat holds already (reserve_web_port): METRICS_PORT set to it is
    said as that, not as a port some other program holds."""
    qs = getattr(queue, "settings", None)
    try:
        await queue.start()
    except QueueSetupError as exc:              # e.g. Redis refused the password
        why = f"error: {exc}"
    except (OSError, OverflowError) as exc:     # the /healthz + /metrics listener (the only one it opens)
        if not (qs is not None and getattr(qs, "metrics_port", 0)):
            raise
        why = f"error: {metrics_port_unusable(qs.metrics_host, qs.metrics_port, exc)}"
        if qs.metrics_port == web_port and getattr(exc, "errno", None) == errno.EADDRINUSE:
            why = (f"error: METRICS_PORT={web_port} is WEB_PORT too: /healthz and /metrics and the web chat "
                   "need a port each; set one of them to another")
    else:
        return
    with contextlib.suppress(Exception):        # its journal (and Redis connection) closed
        await queue.stop()
    store.close()
    exit_with(why)


def metrics_port_unusable(host: str, port: int, exc: Exception) -> str:
    """Why /healthz and /metrics cannot listen, and the setting to change, as WEB_PORT's error says
    it: asyncio's own words ("error while attempting to bind on address ('127.0.0.1', 9100): address
    already in use") named no way out."""
    why = getattr(exc, "strerror", None) or str(exc)
    why = re.sub(r"^error while attempting to bind on address .*?\): ", "", why)
    if getattr(exc, "errno", None) == errno.EADDRNOTAVAIL:
        fix = "set METRICS_HOST to an address of this machine"
    elif getattr(exc, "errno", None) == errno.EADDRINUSE:
        fix = "set METRICS_PORT to a free port (or stop what uses it)"
    else:
        fix = "set METRICS_PORT to a free port, or METRICS_HOST to an address of this machine"
    return f"METRICS_PORT={port}: /healthz and /metrics cannot listen on {host}:{port}: {why}; {fix}"


def hold_data_dir_or_exit(settings: Settings):
    """DATA_DIR for this bot alone (single_instance.py), or one line naming the bot that holds it
    and exit 2; before the store opens (a newer bot would migrate the running one's database).
    None where it cannot be taken otherwise: a DATA_DIR that cannot be used is open_store's to say;
    a file system without locks is said and the bot goes on."""
    try:
        return hold_data_dir(settings.DATA_DIR)
    except DataDirInUse as exc:
        holder = f" (pid {exc.holder})" if exc.holder.isdigit() else ""
        exit_with(f"error: another bot{holder} is running with DATA_DIR={str(settings.DATA_DIR)!r}: stop it "
                  "first, or give this one a DATA_DIR of its own (two would paint and answer everything twice)")
    except OSError as exc:
        if settings.DATA_DIR.is_dir() and os.access(settings.DATA_DIR, os.W_OK):
            log.warning("DATA_DIR=%s cannot be locked (%s): nothing stops a second bot from using it too",
                        settings.DATA_DIR, exc.strerror or exc)
        return None


def hold_journal_or_exit(queue_settings):
    """QUEUE_DB for this bot alone, or one line naming the bot that uses it and exit 2 (None for a
    queue without a journal file, or one that cannot be locked: said, as for DATA_DIR, and the bot
    goes on; opening it says what else is wrong)."""
    journal = journal_file(queue_settings)
    if journal is None:
        return None
    try:
        return hold_journal(Path(journal))
    except DataDirInUse as exc:
        holder = f" (pid {exc.holder})" if exc.holder.isdigit() else ""
        exit_with(f"error: another bot{holder} is running with QUEUE_DB={journal!r}: stop it first, "
                  "or give this one a QUEUE_DB of its own (two would resume and deliver each other's jobs)")
    except OSError as exc:               # (a folder it cannot be in: opening the journal says so)
        folder = Path(journal).resolve().parent
        if folder.is_dir() and os.access(folder, os.W_OK):
            log.warning("QUEUE_DB=%s cannot be locked (%s): nothing stops a second bot from using it too",
                        journal, exc.strerror or exc)
        return None


# What a stopping bot may take beyond its DRAIN_TIMEOUT to close its front-ends, training and store
# before a restart waiting for it gives up (and says another bot is running).
STOP_GRACE = 30.0
# What a painting handed over at the drain's end (a job resumed after the last restart) may take,
# once the queue has stopped, to reach its chat before the front-ends close: an upload (within STOP_GRACE)
DELIVERY_S = 10.0
# the longest a front-end or the trainer takes to close after that (Discord's client, the trainer's
# process: 10 s each, side by side): the delivery wait leaves it within STOP_GRACE
CLOSE_S = 10.0


async def wait_for_a_stopping_bot(settings: Settings, queue_settings, stop: asyncio.Event) -> None:
    """A restart (`kill $PID; python -m bot`) found the previous bot still holding DATA_DIR or
    QUEUE_DB while it finishes its running jobs (the drain): wait, saying so once, until it has let
    them go, its DRAIN_TIMEOUT (and STOP_GRACE) are over, or this bot is stopped itself. A bot
    running as usual is not waited for: hold_*_or_exit refuse to start beside it."""
    journal = journal_file(queue_settings)
    paths = [Path(settings.DATA_DIR) / LOCK_FILE] + ([journal_lock(Path(journal))] if journal else [])
    said = False
    for path in paths:
        while not stop.is_set() and (holder := stopping_holder(path)) is not None \
                and time.time() < holder.since + holder.drain_timeout + STOP_GRACE:
            if not said:
                log.warning("waiting for the previous bot (pid %s) to finish its jobs (up to DRAIN_TIMEOUT=%g s)",
                            holder.pid, holder.drain_timeout)
                said = True
            await asyncio.sleep(0.2)


async def say_stopping(stop: asyncio.Event, locks, drain_timeout: float) -> None:
    """Once this bot is told to stop, mark its locks stopping, so a restart waits for its drain."""
    await stop.wait()
    for held in locks:
        with contextlib.suppress(OSError, ValueError):
            mark_stopping(held, drain_timeout)


async def run(settings: Settings, stop: asyncio.Event, queue_settings=None,
              signals: StopSignals | None = None) -> None:
    """The bot until ``stop``; ``signals``: main's signal handler, whose second signal kills the
    engine workers of this bot's queue (none in tests that set ``stop`` themselves)."""
    await wait_for_a_stopping_bot(settings, queue_settings, stop)
    if stop.is_set():                  # told to stop while it waited: nothing to start (nor an error)
        log.info("stopped before starting")
        return
    # (before it is made here: a new one is private). Made group-readable and closed to others, it
    # is shared with its group on purpose (a backup group): kept so for what the bot creates, said
    # only where its group may write it too, or would not get the new files
    if keep_group_read_where_data_dir_gives_it(settings.DATA_DIR):
        shared = group_share_warnings(settings.DATA_DIR)
    else:
        shared = [line for line in [open_to_others(settings.DATA_DIR)] if line]
    lock = hold_data_dir_or_exit(settings)
    journal_held = hold_journal_or_exit(queue_settings)
    held = [lock for lock in (lock, journal_held) if lock is not None]
    marker = asyncio.create_task(say_stopping(stop, held, getattr(queue_settings, "drain_timeout", 60.0)))
    web_sockets: list = []
    try:
        # before the store, the queue and its workers: a port in use is said at once (exit 2)
        web_sockets = reserve_web_port_or_exit(settings)
        store = open_store(settings)
        await serve(settings, store, stop, queue_settings, web_sockets, signals, shared)
    finally:
        for sock in web_sockets:           # (the web chat's already, when it ran: closed twice is fine)
            sock.close()
        marker.cancel()
        for lock in held:
            lock.close()                   # (the process's end releases it too, however it ends)


def reserve_web_port_or_exit(settings: Settings) -> list:
    """WEB_HOST:WEB_PORT taken for the web chat when it is to run (else nothing), or one line
    naming the setting to change, and exit 2."""
    if not settings.web_enabled():
        return []
    try:
        return reserve_web_port(settings.WEB_HOST, settings.WEB_PORT)
    except WebPortUnusable as exc:
        exit_with(f"error: {exc}")


async def serve(settings: Settings, store: Store, stop: asyncio.Event, queue_settings=None,
                web_sockets=None, signals: StopSignals | None = None, warnings: list[str] | None = None) -> None:
    """The bot, its store open, until ``stop``; ``warnings``: lines said once it has started (after
    the set-up errors, each of which is its one line: a DATA_DIR open to others)."""
    queue = open_queue(settings, store, queue_settings)
    if signals is not None:
        signals.kill_workers_at_stop_now(queue)
    engine_failed: list[str] = []      # the engine workers could not start at all: exit 2, saying why

    def engine_cannot_start(why: str | None) -> None:
        engine_failed.append(engine_setup_line(why, settings.LOG_LEVEL))
        stop.set()

    if getattr(queue, "engine_setup", None) is not None:
        queue.engine_setup.on_failure_at_start = engine_cannot_start
    # the engine workers this bot starts (QUEUE_BACKEND=process) may yet fail to build their engine:
    # "serving" says they are starting until each lane has one ready, and that is said when it comes
    engine_setup = (queue.engine_setup if getattr(queue_settings, "queue_backend", None) == "process"
                    and getattr(queue, "engine_setup", None) is not None else None)

    said_starting: list[bool] = []

    def engine_note() -> str:
        if engine_setup is None or not engine_setup.starting():
            return ""
        said_starting.append(True)
        return " (the engine is starting: paintings wait until it is ready)"

    def engine_ready() -> None:
        if said_starting:              # (else "serving" has not been said, or said nothing of it)
            log.info("the engine is ready: paintings start")

    if engine_setup is not None:
        engine_setup.on_every_lane_served = engine_ready
    await start_queue(queue, store, settings.WEB_PORT if web_sockets else None)
    if queue_settings is not None:     # after the set-up errors, each of which is its one line
        log.info("%s", describe_start(settings, queue_settings))
    for line in warnings or ():
        log.warning("%s", line)
    trainer = StyleTrainer(settings, store)
    layer = CommandLayer(settings, store, queue, describer=engine_describer(shared_engine), trainer=trainer)
    cleanups = []
    frontends: dict = {}               # platform -> front-end with deliver(chat_id, replies)
    trainer.on_outcome = functools.partial(tell_style_outcome, layer, frontends)
    await trainer.start()
    # (with both 0 too: the Discord messages acted on are kept for the edit window only)
    retention = asyncio.create_task(forget_old_data(store, settings.PHOTO_KEEP_DAYS, settings.JOB_HISTORY_DAYS))
    failed: list[str] = []             # a front-end that failed for good (a revoked token): exit 1

    def give_up(why: str) -> None:     # so docker's restart policy, and the operator, see it
        failed.append(why)
        stop.set()

    resumed: list[asyncio.Task] = []
    resumed_at_start = False

    async def started(platform: Platform, late: bool) -> None:
        cleanups.append(platform.frontend.stop)
        frontends[platform.key] = platform.frontend
        if platform.key == "tg":
            log.info("Telegram bot @%s is polling", platform.frontend.username)
        else:
            log.info("%s bot started", platform.name)
        if late:
            log.info("serving: %s%s", serving(frontends), engine_note())
        if late and resumed_at_start:      # its jobs from before the restart waited for it
            resumed.extend(await resume_jobs(layer, queue, frontends, only={platform.key}))

    def refused_late(why: str) -> None:    # nothing else runs, nor can: said as at start, exit 1
        if not frontends and not starts.retrying:
            log.error("Nothing started: %s", why)
            give_up(why)

    starts = FrontendStarts(on_started=started, on_refused=refused_late)
    add_health_part(queue, starts.health)      # /healthz: a configured front-end not up is a problem
    try:
        if settings.TELEGRAM_TOKEN:
            from .telegram_bot import TelegramFrontend

            tg = TelegramFrontend(layer, settings, on_fatal=give_up)
            await starts.start(Platform("tg", "Telegram", "TELEGRAM_TOKEN", tg), stop)
        if settings.DISCORD_TOKEN:
            from .discord_bot import DiscordFrontend

            dc = DiscordFrontend(layer, settings)
            await starts.start(Platform("dc", "Discord", "DISCORD_TOKEN", dc, reopen=dc.reopen), stop)
        if settings.web_enabled():
            from .webchat import WebChatHub

            hub = WebChatHub()
            runner = await start_web(layer, settings, hub, web_sockets)
            frontends["web"] = hub
            starts.states["web"] = "up"
            cleanups.append(runner.cleanup)
        if not frontends and not starts.retrying and not stop.is_set():   # (stopped while starting: no error)
            why = scrub(f"Nothing started: {nothing_started(starts.refused)}")   # (a wrong token is a secret too)
            print(in_log_shape(why, settings.LOG_FORMAT, "bot"))
            raise SystemExit(1)
        if frontends and not stop.is_set():    # (told to stop while starting: it stops, serving nobody)
            log.info("serving: %s%s", serving(frontends), engine_note())
        if starts.retrying:
            log.warning("not serving %s yet: trying again in the background (see above)",
                        " nor ".join({"tg": "Telegram", "dc": "Discord"}[k] for k in starts.retrying))
        resumed.extend(await resume_jobs(layer, queue, frontends, starting=starts.retrying))
        resumed_at_start = True
        await stop.wait()
        log.info("stopping: %s", drain_note(queue))
    finally:
        stopping_since = time.monotonic()
        await starts.stop()                # a start tried again meanwhile: no longer
        # Telegram stops fetching first: updates left at Telegram reach the next instance. Then
        # the queue: it takes no new jobs and lets the running ones finish (the drain) while the
        # front-ends are still up to deliver them; then the front-ends close. (Discord and the web
        # chat keep answering during the drain: they cannot leave a message for later.)
        for frontend in frontends.values():
            if hasattr(frontend, "stop_receiving"):
                with contextlib.suppress(Exception):
                    await frontend.stop_receiving()
        try:
            await queue.stop()
        except Exception:                  # the front-ends and the store still close
            log.exception("stopping the queue failed")
        # A painting the drain finished is handed over (journaled as such) as the queue stops, its
        # upload still under way: it gets DELIVERY_S to reach its chat before the front-ends close
        # (less where the queue's stop took so long that STOP_GRACE would be passed: delivery_window)
        drain_timeout = getattr(queue_settings, "drain_timeout", 60.0)     # (say_stopping's too)
        await answers_sent(layer, resumed, delivery_window(stopping_since, drain_timeout))
        # the jobs resumed at the start: only now (their lines got the restart notice)
        for task in resumed:
            task.cancel()
        await asyncio.gather(*resumed, return_exceptions=True)
        # the front-ends and the training close side by side: one after another they took up to
        # 5 (web) + 10 (Discord) + 10 (the trainer's process) s after the drain and DELIVERY_S,
        # past STOP_GRACE and docker's stop grace period; together, the longest of them
        # (an interrupted training resumes at the next start)
        await close_side_by_side([*reversed(cleanups), trainer.stop])
        retention.cancel()
        await asyncio.gather(retention, return_exceptions=True)
        store.close()
        if signals is not None:
            signals.forget_queue(queue)
    log.info("stopped")
    if engine_failed:                      # a setting, as those refused before the start: exit 2
        exit_with(engine_failed[0])
    if failed:                             # the front-end has logged why
        raise SystemExit(1)


def engine_setup_line(why: str | None, log_level: str = "INFO") -> str:
    """The line a bot whose engine workers cannot build their engine at its start stops with: the
    worker's own reason ("device 'cuda': this machine has no CUDA GPU ... (ENGINE_DEVICE, ...)").
    Without one (a worker logs it at ERROR: LOG_LEVEL=CRITICAL hides it), how to read it."""
    if why is None:
        hidden = logging.getLevelName(str(log_level).upper())
        why = (f"their reason is logged at ERROR, which LOG_LEVEL={log_level} does not show: start the bot "
               "with LOG_LEVEL=ERROR to read it" if isinstance(hidden, int) and hidden > logging.ERROR
               else "they logged no reason")
    return (f"error: the engine workers cannot start: {why}; fix ENGINE_DEVICE or ENGINE_FACTORY and start "
            "the bot again")


async def answers_sent(layer: CommandLayer, resumed: list[asyncio.Task], within: float) -> None:
    """After the queue's stop, up to ``within`` s for the jobs resumed at the start and for the
    requests the layer is still answering (``layer.answering``: each request counts until its
    replies are sent) to end: a painting handed over at the drain's end is still being uploaded (seconds to
    Discord or Telegram), and a front-end closed under it lost it."""
    end = time.monotonic() + within
    if resumed:
        await asyncio.wait(resumed, timeout=within)
    while layer.answering and time.monotonic() < end:
        await asyncio.sleep(0.05)


def delivery_window(stopping_since: float, drain_timeout: float, now: float | None = None) -> float:
    """How long the stop waits for the replies under way once the queue has stopped: DELIVERY_S,
    or what is left of DRAIN_TIMEOUT + STOP_GRACE after the closing (CLOSE_S), where the queue's
    stop took that long (a full drain, then its notices and loops: up to 15 s more). Waited in
    full there, the bot ran past STOP_GRACE, and docker's stop grace period killed it closing."""
    now = time.monotonic() if now is None else now
    left = stopping_since + drain_timeout + STOP_GRACE - CLOSE_S - now
    return max(0.0, min(DELIVERY_S, left))


async def close_side_by_side(closers: list) -> None:
    """Run each of ``closers`` (coroutine functions) at once and wait for all: the stop after the
    drain takes the longest of them, not their sum; one that fails leaves the others to finish."""
    async def closing(close) -> None:
        try:
            await close()
        except Exception as exc:           # (the store still closes)
            log.warning("closing %s failed: %s: %s", getattr(close, "__qualname__", close), type(exc).__name__, exc)
    await asyncio.gather(*(closing(close) for close in closers))


def serving(frontends: dict) -> str:
    return ", ".join({"tg": "Telegram", "dc": "Discord", "web": "the web chat"}[k] for k in frontends)


def nothing_started(refused: list[str]) -> str:
    """Why no front-end runs, for the last line: the tokens refused, or none set."""
    if refused:
        return "; ".join(refused) + "."
    return "set TELEGRAM_TOKEN or DISCORD_TOKEN, or WEB_ENABLED=true."


def drain_note(queue) -> str:
    """What a stop waits for: the running jobs get DRAIN_TIMEOUT to finish; the waiting ones stay
    in the journal for the next start."""
    try:
        st = queue.status()
        running, waiting = int(st.get("running", 0)), int(st.get("waiting", 0))
    except Exception:
        return "no new jobs are taken"
    qs = getattr(queue, "settings", None)
    limit = f" (up to DRAIN_TIMEOUT={qs.drain_timeout:g} s)" if qs is not None and running else ""
    journaled = getattr(queue, "journal", None) is not None
    # a painting may take minutes: the way out of the drain is said where it is waited for
    again = (f"; {AGAIN_HINT}, leaving them to the journal for the next start" if journaled
             else f"; {AGAIN_HINT}, losing them: the in-process queue keeps no journal")
    parts = [f"{running} running job(s) finish{limit}{again}" if running else "no job is running"]
    if waiting and getattr(queue, "journal", None) is None:     # QUEUE_BACKEND=memory
        parts.append(f"{waiting} waiting job(s) are refused (the in-process queue keeps no journal; "
                     "their users are asked to send them again)")
    elif waiting:
        parts.append(f"{waiting} waiting job(s) stay in the journal for the next start")
    return "; ".join(parts)


def usage(settings: Settings, days: float) -> None:
    """`python -m bot usage [DAYS]`: jobs, users, failures and mean seconds, for operators."""
    import json
    import time

    db = settings.DATA_DIR / "bot.sqlite3"
    if not db.is_file():      # a mistyped DATA_DIR: opening the Store would create an empty one
        exit_with(f"error: no database at {db.absolute()} (check DATA_DIR)")
    store = open_store(settings)
    try:
        print(json.dumps(rounded(store.usage(since=time.time() - days * 86400)), indent=2))
    finally:
        store.close()


def rounded(figures: dict) -> dict:
    """Seconds to hundredths ("mean_seconds": 8.48, not 8.478064516129031)."""
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


USAGE = ("usage: python -m bot              start the front-ends (settings: the environment or .env)\n"
         "       python -m bot usage [DAYS]  jobs and users of the last DAYS (7)")


def usage_days(args: list[str]) -> float:
    """`usage [DAYS]`: 7 by default; anything but one positive number is a one-line error."""
    try:
        days = float(args[0]) if args else 7.0
    except ValueError:
        days = 0.0
    if len(args) > 1 or not 0 < days < float("inf"):
        exit_with(f"error: usage takes a number of days, not {' '.join(args)!r}")
    return days


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]) or argv[:2] in (["usage", "-h"], ["usage", "--help"]):
        print(USAGE)                           # asked for: exit 0, before any setting is read
        return
    if argv[:1] not in ([], ["usage"]):        # before the settings: their errors would hide it
        print(f"{USAGE}\nerror: unknown command {argv[0]!r}", file=sys.stderr)     # (argparse's order)
        raise SystemExit(2)
    keep_new_files_private()                   # before anything is created: photos, databases, locks
    # python-dotenv's "could not parse statement" came once per settings read, naming no file:
    # env_warnings says it once, after the log is set up
    logging.getLogger("dotenv.main").setLevel(logging.ERROR)
    try:
        settings = Settings()
    except ValidationError as exc:             # one line per bad setting, not a traceback
        exit_with("\n".join(error_lines(exc)))
    except UnicodeDecodeError as exc:          # a .env saved as UTF-16 (Notepad's "Unicode")
        exit_with(f"error: {unreadable_env_file(exc)}")
    if argv[:1] == ["usage"]:
        return usage(settings, usage_days(argv[1:]))
    try:
        queue_settings = queue_settings_of(settings)
    except ValidationError as exc:             # QUEUE_BACKEND, WORKERS_FAST, METRICS_PORT, ...: the same
        exit_with("\n".join(error_lines(exc)))
    redact_url(queue_settings.redis_url)       # before any line that might show it, the checks' included
    check_queue_settings(queue_settings)
    setup_logging(settings, queue_settings)
    # the log written by a thread: a stderr nobody reads (a paused pager) must not stall the chats
    write_logs_off_the_loop(formatter(settings.LOG_FORMAT))
    for line in env_warnings(bot_settings=Settings.model_fields):   # ignored: the bot would run on the default
        log.warning("%s", line)
    for line in settings.start_warnings():     # taken otherwise than they say (MAX_IMAGE_MEGAPIXELS above 64)
        log.warning("%s", line)

    async def _main():
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        on_signal = StopSignals(stop)          # the first drains; a second stops at once
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, on_signal, sig)
        await run(settings, stop, queue_settings, on_signal)

    asyncio.run(_main())


if __name__ == "__main__":
    main()
