"""`python -m engine worker` and `python -m engine submit`: run and check a Redis Streams deployment.

    python -m engine worker --redis redis://host:6379/0 [--lanes fast,hq] [--device cuda] [--batch N]
    python -m engine submit --redis redis://host:6379/0 --style gogh -o OUTDIR PHOTO...

`submit` enqueues every photo, waits, writes one result per photo into OUTDIR (<name>.jpg) and
exits 0 when all arrived and succeeded (1 otherwise).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path


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


def add_worker_parsers(sub) -> None:
    p = sub.add_parser("worker", help="run an engine worker on the Redis Streams queue")
    p.add_argument("--redis", default=None, help="Redis URL (default: REDIS_URL)")
    p.add_argument("--lanes", type=lane_list, default="fast,hq",
                   help="lanes to serve (fast, hq), in priority order")
    p.add_argument("--engine-factory", default=None, help="module:callable (default: ENGINE_FACTORY)")
    p.add_argument("--device", default=None, help="cuda, cpu, mps (default: ENGINE_DEVICE or best)")
    p.add_argument("--name", default=None, help="consumer name (default: host-pid)")
    p.add_argument("--batch", type=int, default=None,
                   help="fast jobs to paint at once (default: WORKER_BATCH; 0 = 8 on CUDA, 1 elsewhere)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("submit", help="send photos through the Redis queue and wait for the paintings")
    p.add_argument("photos", nargs="+", type=Path)
    p.add_argument("--redis", default=None, help="Redis URL (default: REDIS_URL)")
    p.add_argument("--style", default="gogh", help="artist, or artist:weight,artist:weight")
    p.add_argument("-o", "--out", type=Path, required=True, help="folder for the results")
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--max-side", type=int, default=512)
    p.add_argument("--hq", action="store_true", help="the /hq method (Gatys)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for all results")
    p.set_defaults(func=cmd_submit)


def cmd_worker(args) -> int:
    from .queue.redis_streams import serve_redis
    from .queue.settings import QueueSettings
    from .worker import setup_logging

    s = QueueSettings()
    setup_logging(s.log_level)             # LOG_LEVEL from the environment or .env
    return serve_redis(args.redis or s.redis_url, args.engine_factory or s.engine_factory,
                       device=args.device or s.engine_device, lanes=args.lanes,
                       settings=s, name=args.name, batch=args.batch)


def _styles(text: str):
    from .jobs import StyleRef

    refs = []
    for part in text.split(","):
        name, _, weight = part.strip().partition(":")
        refs.append(StyleRef("artist", name, float(weight) if weight else 1.0))
    return refs


def cmd_submit(args) -> int:
    return asyncio.run(_submit(args))


async def _submit(args) -> int:
    from .jobs import Job
    from .queue.redis_streams import RedisQueue
    from .queue.settings import QueueSettings

    s = QueueSettings(queue_db=":memory:", queue_max_per_user=1_000_000, queue_max_waiting=1_000_000)
    q = RedisQueue(s, url=args.redis or s.redis_url)
    await q.start()
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    try:
        jobs = []
        for photo in args.photos:
            job = Job(user_id="cli:submit", chat_id="cli", image=photo.read_bytes(), styles=_styles(args.style),
                      alpha=args.alpha, method="gatys" if args.hq else "auto", max_side=args.max_side)
            await q.submit(job)
            jobs.append((photo, job))
        try:
            results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for _, j in jobs)), args.timeout)
        except asyncio.TimeoutError:
            why = ("; redis is unreachable" if not q.link.up else
                   "; no worker is serving this queue (start `python -m engine worker --redis URL`)"
                   if not q.live else "")
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
                print(f"{photo}: failed: {result.error_key} {result.error_params}", file=sys.stderr)
        print(f"{len(jobs) - failed}/{len(jobs)} results in {time.monotonic() - start:.1f} s")
        return 0 if failed == 0 else 1
    finally:
        await q.stop()
