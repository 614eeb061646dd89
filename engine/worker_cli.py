"""`python -m engine worker` and `python -m engine submit`: run and check a Redis Streams deployment.

    python -m engine worker --redis redis://host:6379/0 [--lanes fast,hq] [--device cuda] [--batch N]
    python -m engine submit --redis redis://host:6379/0 --style gogh -o OUTDIR PHOTO...

`submit` enqueues every photo, waits, writes one result per photo into OUTDIR (<name>.jpg) and
exits 0 when all arrived and succeeded, 1 otherwise (a failed photo is one line saying why, in the
bot's English words), 2 on bad arguments (checked before connecting), a password or database Redis
refuses (one line, as the worker says it) or a Redis that never answered in CONNECT_WINDOW_S (one
line; a Redis lost after it answered is waited for until --timeout).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
import time
from pathlib import Path

from .arguments import (STYLE_MIX_HELP, check_writable, checked_mix, fraction, non_negative_int, picture_side,
                        positive_float, style_mix)


def lane_list(text: str) -> list[str]:
    """argparse type of --lanes: "fast,hq", "hq", ...; an unknown lane is an error at once (a
    worker on it would wait forever for jobs that never come)."""
    from .jobs import LANES

    lanes = list(dict.fromkeys(lane.strip() for lane in text.split(",") if lane.strip()))
    unknown = [lane for lane in lanes if lane not in LANES]
    if unknown or not lanes:
        what = f"unknown lane {', '.join(map(repr, unknown))}" if unknown else f"no lane in {text!r}"
        raise argparse.ArgumentTypeError(f"{what}; the lanes are {' and '.join(LANES)}")
    return lanes


def redis_url(text: str) -> str:
    """argparse type of --redis: a URL redis-py accepts (redis://, rediss://, unix://). The
    message leaves the URL out: it may hold a password."""
    from redis.connection import parse_url

    try:
        parse_url(text)
    except ValueError as exc:    # redis-py's reason may quote part of the URL (a password with a "/")
        option = re.fullmatch(r"Invalid value for '(\w+)' in connection URL\.", str(exc))
        if option:               # names the option only, never the URL
            raise argparse.ArgumentTypeError(f"the value of ?{option[1]}= in the Redis URL is not valid "
                                             "(a number of seconds, a count, or true/false)") from None
        raise argparse.ArgumentTypeError("not a Redis URL (redis://[:PASSWORD@]HOST:PORT/DB, rediss://, "
                                         "unix://); a password with / # ? @ must be %-encoded") from None
    return text


def _checked_url(url: str, setting: str = "REDIS_URL") -> str:
    """The URL to use, checked: REDIS_URL from the environment gets the same check as --redis."""
    from .errors import EngineError

    try:
        return redis_url(url)
    except argparse.ArgumentTypeError as exc:
        raise EngineError(f"{setting}: {exc}") from None


def refuse_painting_files(styles: list[tuple[str, float]]) -> None:
    """submit sends artists' names: a painting's or a descriptor's file (a worker reads no file a
    job names) would fail each photo as an unknown style after the queue's round trip; a
    BadOptionError (one line, exit 2) before connecting instead."""
    from .errors import BadOptionError
    from .images import looks_like_path

    for name, _ in styles:
        if looks_like_path(name):
            raise BadOptionError(detail=f"submit paints with artists (gogh, monet:0.3), not a file ({name[:80]!r}); "
                                        "paint with a painting's file by `python -m engine stylize`")


def refuse_unknown_artists(styles: list[tuple[str, float]], factory: str) -> None:
    """EngineError (one line with the catalog's suggestions, exit 2) for a name no artist of the
    catalog has, before connecting, as `engine stylize`'s engine says it: the shipped engine
    (``factory``, ENGINE_FACTORY as the workers read it) paints an artist's name by the release's
    catalog (community styles travel as their files' bytes, never by name), so such a job would
    only fail after the queue's round trip. Workers with an engine of their own know names this
    host cannot check: theirs to judge, as are all names where this host has no readable catalog."""
    from styles import load_catalog

    from .errors import EngineError, UnknownStyleError
    from .worker import SHIPPED_FACTORY

    if factory != SHIPPED_FACTORY:
        return
    try:
        catalog = load_catalog()
    except (OSError, ValueError, KeyError) as exc:     # (tomllib's errors are ValueErrors)
        logging.getLogger("engine.submit").debug("no catalog to check --style by (%s)", exc)
        return
    for name, _ in styles:
        try:
            catalog.resolve(name)
        except UnknownStyleError as exc:
            raise EngineError(f"{exc} (submit sends the catalog's artists: `python -m engine styles`; workers "
                              f"with an ENGINE_FACTORY of their own: set it for submit too)") from None


def failure_text(key: str | None, params: dict | None) -> str:
    """A failed job's reason in English, as the bot says it (bot/messages/en.toml) when the bot's
    package is importable here; else its key and parameters."""
    params = dict(params or {})
    try:
        from bot.messages import has, t
        from bot.name_lists import names_or
    except ImportError:
        return f"{key} {params}"
    if not key or not has(key):
        return f"{t('en', 'engine_error')} ({key} {params})"
    text = t("en", key, **params)
    if key == "unknown_style" and params.get("suggestions"):       # alternatives: "monet or mondrian"
        text += " " + t("en", "did_you_mean", suggestions=names_or("en", params["suggestions"]))
    return text


def add_worker_parsers(sub) -> None:
    p = sub.add_parser(
        "worker", help="run an engine worker on the Redis Streams queue",
        description="Paint the jobs of a bot running QUEUE_BACKEND=redis: take them from its Redis, paint "
                    "them, hand the results back. SIGINT or SIGTERM drains (the job under way finishes, no new "
                    "one is taken); a second signal stops at once, leaving the job to another worker.",
        epilog="Settings from the environment or .env: REDIS_URL (keeps the password out of ps), REDIS_PREFIX, "
               "WORKER_BATCH, REDIS_CLAIM_IDLE, REDIS_BEAT_GRACE, DRAIN_TIMEOUT, REDIS_TTL, JOB_TIMEOUT_FAST, JOB_TIMEOUT_HQ, QUEUE_MAX_ATTEMPTS, "
               "ENGINE_FACTORY, ENGINE_DEVICE, ENGINE_REFINE_STEPS, ENGINE_OOM_KILL_COUNTERS, METRICS_PORT, METRICS_HOST, LOG_LEVEL, LOG_FORMAT (json unless set; see .env.example). "
               "Exit status: 0 drained (or its name taken by another worker while it was paused), 2 a bad "
               "argument or setting (one line: a Redis URL, password or database it refuses, a name another live "
               "worker uses), 3 a job hung past its timeout, 4 its painting made no step for 120 s (frozen: a stuck "
               "driver or decoder; another worker takes the job over), 130/143 stopped at once by a second SIGINT/SIGTERM, "
               "128+N its painting process died of signal N other than SIGKILL (139: SIGSEGV, a crash in native "
               "code; logged, not restarted: a SIGKILL, out of memory, is).")
    p.add_argument("--redis", type=redis_url, default=None, help="Redis URL (default: REDIS_URL)")
    p.add_argument("--lanes", type=lane_list, default="fast,hq",
                   help="lanes to serve (fast, hq), in priority order")
    p.add_argument("--engine-factory", default=None, help="module:callable (default: ENGINE_FACTORY)")
    p.add_argument("--device", default=None,
                   help="cpu, cuda, cuda:N (default: ENGINE_DEVICE, else CUDA when there is one, else the CPU)")
    p.add_argument("--name", default=None, help="consumer name (default: host-pid)")
    p.add_argument("--batch", type=non_negative_int, default=None,
                   help="fast jobs to paint at once (default: WORKER_BATCH; 0 = 8 on CUDA, 1 elsewhere)")
    p.add_argument("--no-supervise", action="store_true",
                   help="paint in this process itself, with no parent process watching it (by default a parent "
                        "restarts a worker the kernel's out-of-memory killer ended, and its jobs are painted smaller)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("submit", help="send photos through the Redis queue and wait for the paintings",
                       description="Send photos through a Redis Streams queue (the one a bot with "
                                   "QUEUE_BACKEND=redis uses), wait for its workers' paintings and write them "
                                   "to -o. Exit status: 0 all painted, 1 a photo failed or a result did not "
                                   "arrive in --timeout, 2 a bad argument (checked before connecting), a "
                                   "Redis URL whose password or database Redis refuses, or a Redis that did not "
                                   f"answer in its first {CONNECT_WINDOW_S:.0f} s (one line).")
    p.add_argument("photos", nargs="+", type=Path, help="the photos to paint")
    p.add_argument("--redis", type=redis_url, default=None, help="Redis URL (default: REDIS_URL)")
    p.add_argument("--style", type=style_mix, action="extend",
                   help="an artist (name or alias), optionally :WEIGHT; " + STYLE_MIX_HELP + " (default: gogh)")
    p.add_argument("-o", "--out", type=Path, required=True, help="folder for the results (<photo name>.jpg)")
    p.add_argument("--alpha", type=fraction, default=1.0, help="strength, 0 (the photo) to 1 (the full painting)")
    p.add_argument("--max-side", type=picture_side, default=512, help="the paintings' longer side, 64..2048")
    p.add_argument("--hq", action="store_true", help="the /hq method (Gatys)")
    p.add_argument("--timeout", type=positive_float, default=600.0, help="seconds to wait for all results")
    p.set_defaults(func=cmd_submit)


def cmd_worker(args) -> int:
    from .queue.redis_streams import serve_redis
    from .redis_worker_parent import PARENT_PID_ENV, can_supervise, die_with_parent
    from .env_file import env_warnings, unreadable_env_file
    from .errors import EngineError
    from .queue.settings import QueueSettings
    from .log_secrets import hide_in_logs, url_secrets
    from .worker import check_engine_settings, setup_logging

    logging.getLogger("dotenv.main").setLevel(logging.ERROR)    # said once below, naming file and setting
    try:
        s = QueueSettings()
    except UnicodeDecodeError as exc:      # a .env in UTF-16: one line, exit 2 (main)
        raise EngineError(unreadable_env_file(exc)) from None
    url = args.redis or _checked_url(s.redis_url)
    hide_in_logs(*url_secrets(url))        # a password as ?password=... is not redacted from the URL
    factory, device = args.engine_factory or s.engine_factory, args.device or s.engine_device
    # before connecting: a worker that cannot build its engine says so in one line, exit 2
    check_engine_settings(factory, device,
                          factory_setting="--engine-factory" if args.engine_factory else "ENGINE_FACTORY",
                          device_setting="--device" if args.device else "ENGINE_DEVICE",
                          refine_steps=s.engine_refine_steps)
    check_metrics_port(s)
    setup_logging(s.log_level, s.log_format)     # LOG_LEVEL, LOG_FORMAT from the environment or .env
    a_parents_child = PARENT_PID_ENV in os.environ
    if not a_parents_child:                # (its parent said them)
        for line in env_warnings():        # misspelt names (the bot's too: often its .env), broken lines
            logging.getLogger("engine.worker").warning("%s", line)
    if args.no_supervise or not can_supervise():      # (Windows: no parent)
        die_with_parent()                  # (a parent's child only)
        return serve_redis(url, factory, device=device, lanes=args.lanes,
                           settings=s, name=args.name, batch=args.batch)
    return run_under_parent(args, url, s)


def run_under_parent(args, url: str, s) -> int:
    """The worker as the child of this process (redis_worker_parent): restarted under its name
    when the out-of-memory killer ends it, its jobs marked to be painted smaller. The URL goes in
    the child's environment, never on its command line (ps shows that)."""
    import socket

    from .queue.redis_streams import mark_killed_for_memory
    from .redis_worker_parent import WorkerParent

    name = args.name or f"{socket.gethostname()}-{os.getpid()}"    # one name for every child
    argv = [sys.executable, "-m", "engine", "worker", "--no-supervise", "--name", name, "--lanes", ",".join(args.lanes)]
    for flag, value in (("--engine-factory", args.engine_factory), ("--device", args.device), ("--batch", args.batch)):
        if value is not None:
            argv += [flag, str(value)]
    env = dict(os.environ, REDIS_URL=url)
    return WorkerParent(argv, env, lambda job_ids, likely: mark_killed_for_memory(url, s, job_ids, likely), name,
                        mark_grace=s.redis_beat_grace, oom_kill_counters=s.engine_oom_kill_counters).run()


def check_metrics_port(s) -> None:
    """EngineError unless /healthz and /metrics can listen on METRICS_HOST:METRICS_PORT (when set):
    the worker would otherwise stop on an OSError that names neither."""
    import socket

    from .errors import EngineError

    if not s.metrics_port:
        return
    try:
        infos = socket.getaddrinfo(s.metrics_host or None, s.metrics_port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except (OSError, OverflowError) as exc:
        raise EngineError(f"METRICS_PORT={s.metrics_port}: /healthz and /metrics cannot listen on "
                          f"{s.metrics_host}:{s.metrics_port}: {getattr(exc, 'strerror', None) or exc}") from None


def cmd_submit(args) -> int:
    return asyncio.run(_submit(args))


# how long submit waits for a Redis it never reached before it says so (exit 2): an operator checking
# a deployment with a wrong URL learns it at once, not after --timeout (600 s by default)
CONNECT_WINDOW_S = 10.0


def _first_contact_link(url: str, log: logging.Logger):
    """submit's Link (the queue's connection state): quiet until Redis first answers, remembering
    why it did not (submit then fails in one line, not a warning that jobs wait); once reached,
    an outage is logged and waited out as the bot's is. A Redis that answers but refuses writes
    for now (out of memory, a read-only replica) was reached: said, and waited out."""
    from .queue.link import Link, refuses_writes

    class FirstContact(Link):
        def __init__(self) -> None:
            quiet = logging.Logger("engine.submit.unreached")
            quiet.disabled = True              # (a bare Logger would fall back to logging's lastResort)
            super().__init__(url, quiet)
            self.reached = False
            self.why: BaseException | None = None

        def reach(self) -> None:
            self.reached, self.log = True, log

        def failed(self, exc: BaseException) -> float:
            if not self.reached:
                if refuses_writes(exc):
                    self.reach()
                else:
                    self.why = exc
            return super().failed(exc)

        def ok(self, writes: bool = True) -> None:
            super().ok(writes)
            if self.up and not self.reached:
                self.reach()

    return FirstContact()


async def _reached(link, window: float) -> bool:
    """Whether Redis answered within ``window`` seconds (the queue's watch retries meanwhile)."""
    deadline = time.monotonic() + window
    while not (link.up or link.reached) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    if link.up:
        link.ok()                              # (a first call that went through: reached)
    return link.reached


def _named_by(message: str, setting: str) -> str:
    """The queue's start error names REDIS_URL; the URL may have come from --redis."""
    return message if setting == "REDIS_URL" else message.replace("REDIS_URL", setting)


def why_not_arrived(q, lanes: list[str]) -> str:
    """Why ``submit``'s results did not come, when the queue knows (else ""): a worker beating
    for fast only leaves an --hq job waiting for ever, which "no worker" alone did not say."""
    if not q.link.up:
        return "; redis refuses writes (see above)" if q.link.writes_refused else "; redis is unreachable"
    if not q.live:
        return "; no worker is serving this queue (start `python -m engine worker` with REDIS_URL set)"
    unserved = [lane for lane in dict.fromkeys(lanes) if not q.live.get(lane)]
    if not unserved:
        return ""
    lane = unserved[0]                     # one submit's jobs share one lane (--hq or not)
    served = ", ".join(sorted(q.live))
    flag = "--hq; " if lane == "hq" else ""
    return (f"; no live worker serves the {lane} lane ({flag}the live workers serve {served} only): "
            f"start one with `python -m engine worker --lanes {lane}`")


async def _submit(args) -> int:
    from .jobs import Job, StyleRef
    from .queue.redis_streams import QueueSetupError, RedisQueue, log as queue_log
    from .queue.settings import QueueSettings

    from .env_file import env_warnings, unreadable_env_file
    from .errors import EngineError
    from .log_secrets import hide_in_logs, url_secrets

    styles = checked_mix(args.style or [("gogh", 1.0)])    # one above 0, over every --style: before connecting
    refuse_painting_files(styles)
    logging.getLogger("dotenv.main").setLevel(logging.ERROR)    # said once below, naming file and setting
    # metrics_port=0: a check from the host of a worker (or bot) with METRICS_PORT in its .env
    # would otherwise stop on that port, taken by them; drain_timeout=0: what has not arrived by
    # --timeout is not waited for again at the stop
    try:
        s = QueueSettings(queue_db=":memory:", queue_max_per_user=1_000_000, queue_max_waiting=1_000_000,
                          metrics_port=0, drain_timeout=0)
    except UnicodeDecodeError as exc:      # a .env in UTF-16: one line, exit 2 (main)
        raise EngineError(unreadable_env_file(exc)) from None
    for line in env_warnings():            # the same checks as the worker's: a check should not hide them
        print(f"warning: {line}", file=sys.stderr)
    refuse_unknown_artists(styles, s.engine_factory)
    url = args.redis or _checked_url(s.redis_url)
    hide_in_logs(*url_secrets(url))        # its warnings ("redis ... is unreachable") show the URL
    check_writable(args.out, folder=True)
    images = [photo.read_bytes() for photo in args.photos]      # a missing photo: before connecting
    setting = "--redis" if args.redis else "REDIS_URL"
    q = RedisQueue(s, url=url)
    q.link = _first_contact_link(url, queue_log)
    q.beats_as_bot = False                 # a check of the deployment: no bot beside its bot
    try:
        await q.start()
    except QueueSetupError as exc:         # a password or database Redis refuses: one line, exit 2 (main)
        raise EngineError(_named_by(str(exc), setting)) from None
    window = min(CONNECT_WINDOW_S, args.timeout)
    if not await _reached(q.link, window):    # never reached: a wrong URL, or Redis not running
        from .queue.link import reason

        why = f" ({reason(q.link.why)})" if q.link.why else ""
        await q.stop()
        raise EngineError(f"redis at {q.link.url} did not answer in {window:.0f} s{why}; check {setting} "
                          "and that Redis is running")
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    try:
        jobs = []
        for photo, image in zip(args.photos, images):
            job = Job(user_id="cli:submit", chat_id="cli", image=image,
                      styles=[StyleRef("artist", name, weight) for name, weight in styles],
                      alpha=args.alpha, method="gatys" if args.hq else "auto", max_side=args.max_side)
            await q.submit(job)
            jobs.append((photo, job))
        try:
            results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for _, j in jobs)), args.timeout)
        except asyncio.TimeoutError:
            why = why_not_arrived(q, [job.lane for _, job in jobs])
            print(f"error: not all results arrived in {args.timeout:.0f} s{why}", file=sys.stderr)
            return 1
        used: set[str] = set()
        failed = 0
        for (photo, job), result in zip(jobs, results):
            stem, n = photo.stem, 1
            while stem in used:
                n += 1
                stem = f"{photo.stem}-{n}"
            used.add(stem)
            if result.ok:
                (args.out / f"{stem}.jpg").write_bytes(result.image)
                print(f"{photo} -> {args.out / (stem + '.jpg')} ({result.seconds:.2f} s)")
            else:
                failed += 1
                print(f"{photo}: failed: {failure_text(result.error_key, result.error_params)}", file=sys.stderr)
        print(f"{len(jobs) - failed}/{len(jobs)} results in {time.monotonic() - start:.1f} s")
        return 0 if failed == 0 else 1
    finally:
        await q.stop()
