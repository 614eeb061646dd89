"""Load test of the one-host queue: many jobs from many users through the real ProcessQueue and a
real engine worker process, at a small image size. Not a unit test: run it by hand.

    python -m bench.load_test                     # 1000 jobs, 50 users, 64 px, writes bench/load_test_results.md
    python -m bench.load_test --jobs 100 --users 10 --engine-factory tests.queue.fakes:make_engine

Checks: no job lost or delivered twice, and the fairness bound of the round-robin scheduler: a job
that is its user's k-th waiting job (k from 0) starts after at most k + sum over other users of
min(their waiting jobs, k + T) other jobs, T the queue's MAX_PENDING_PER_USER (a newcomer waits
behind each user's first T waiting jobs, told their place). Late users (one photo each, arriving
mid-run) must start after at most T photos of each user then waiting. Figures: throughput, p50/p99 wait and latency.
"""
from __future__ import annotations

import argparse
import asyncio
import io
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path


def photo(seed: int, side: int) -> bytes:
    from PIL import Image

    rnd = random.Random(seed)
    im = Image.new("RGB", (side, side), tuple(rnd.randrange(256) for _ in range(3)))
    for _ in range(6):
        x, y = rnd.randrange(side), rnd.randrange(side)
        im.paste(tuple(rnd.randrange(256) for _ in range(3)), (x, y, min(side, x + side // 3), min(side, y + side // 3)))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def pct(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


async def run(jobs: int = 1000, users: int = 50, side: int = 64, factory: str = "engine:load_engine",
              styles=("gogh", "monet", "hokusai"), workers: int = 1, late_users: int = 5,
              db: str | None = None) -> dict:
    from engine.jobs import Job, StyleRef
    from engine.queue.process import ProcessQueue
    from engine.queue.settings import QueueSettings

    db = db or str(Path(tempfile.mkdtemp(prefix="paintbot-load-")) / "queue.sqlite3")
    s = QueueSettings(queue_db=db, engine_factory=factory, workers_fast=workers, workers_hq=0,
                      queue_max_per_user=jobs, queue_max_waiting=jobs * 2, job_timeout_fast=600)
    told = s.max_pending_per_user      # each user's waiting jobs no newcomer goes ahead of (.env may set it)
    q = ProcessQueue(s)
    await q.start()
    while not all(w.ready for w in q.workers):
        await asyncio.sleep(0.1)
    rnd = random.Random(5)
    early_users = users - late_users
    early_jobs = jobs - late_users
    # skewed: user 0 sends a flood, the rest share what is left unevenly
    counts = [1] * early_users
    counts[0] += early_jobs // 5
    for _ in range(early_jobs - sum(counts)):
        counts[1 + int(rnd.paretovariate(1.2)) % (early_users - 1)] += 1
    images = [photo(i, side) for i in range(16)]

    def make(user: int, n: int) -> Job:
        return Job(user_id=f"load:{user}", chat_id=f"c{user}", image=images[(user + n) % len(images)],
                   styles=[StyleRef("artist", styles[(user + n) % len(styles)])], max_side=side)

    submitted: dict[str, tuple[str, int, float]] = {}     # job id -> (user, k, submit time)
    # job id -> jobs already taken from the line when it joined it: a submit waits for its journal
    # write (on the journal's thread), so a worker starts on the first photos of a wave before
    # the last ones are in
    taken_before: dict[str, int] = {}
    waiting_at_submit: dict[str, Counter] = {}
    all_jobs: list[Job] = []
    t0 = time.time()
    for user in range(early_users):                        # each user's batch arrives at once
        for n in range(counts[user]):
            job = make(user, n)
            await q.submit(job)
            submitted[job.id] = (job.user_id, n, time.time())
            taken_before[job.id] = len(submitted) - q.sched.waiting()
            all_jobs.append(job)
    results: dict[str, list] = defaultdict(list)

    async def follow(job):
        results[job.id].append(await q.wait(job.id))

    tasks = [asyncio.create_task(follow(j)) for j in all_jobs]
    late_ids = []
    for i in range(late_users):                            # one photo each, mid-run
        await asyncio.sleep(3.0)
        job = make(early_users + i, 0)
        waiting_at_submit[job.id] = Counter(q.jobs[j].user_id for j in q.jobs if j not in q.running)
        await q.submit(job)
        submitted[job.id] = (job.user_id, 0, time.time())
        late_ids.append(job.id)
        all_jobs.append(job)
        tasks.append(asyncio.create_task(follow(job)))
    await asyncio.gather(*tasks)
    elapsed = time.time() - t0
    await q.stop()

    con = sqlite3.connect(db)
    rows = {r[0]: (r[1], r[2], r[3]) for r in con.execute("SELECT id, state, started, finished FROM jobs")}
    order = sorted(rows, key=lambda j: rows[j][1])
    start_index = {j: i for i, j in enumerate(order)}
    lost = [j.id for j in all_jobs if len(results.get(j.id, [])) == 0]
    twice = [j for j, r in results.items() if len(r) > 1]
    failed = [r[0] for r in results.values() if r and not r[0].ok]

    # fairness bound for the jobs of the first wave (all submitted before any late user)
    per_user = Counter(u for j, (u, _, _) in submitted.items() if j not in late_ids)
    violations = []
    for j, (user, k, _) in submitted.items():
        if j in late_ids:
            continue
        bound = taken_before[j] + k + sum(min(n, k + told) for u, n in per_user.items() if u != user)
        bound += sum(1 for late in late_ids if start_index[late] < start_index[j])   # late users cut in once
        if start_index[j] > bound + s.workers_fast:
            violations.append((j, start_index[j], bound))
    late_ahead = []
    for j in late_ids:
        sub_t = submitted[j][2]
        ahead = sum(1 for o in rows if rows[o][1] is not None and sub_t < rows[o][1] < rows[j][1])
        late_ahead.append(ahead)
        told_ahead = sum(min(n, told) for n in waiting_at_submit[j].values())
        if ahead > told_ahead + s.workers_fast:
            violations.append((j, ahead, told_ahead))
    waits = [rows[j][1] - submitted[j][2] for j in submitted]
    lat = [rows[j][2] - submitted[j][2] for j in submitted]
    return {"jobs": len(all_jobs), "users": users, "side": side, "factory": factory, "workers": workers, "told": told,
            "elapsed": elapsed, "throughput": len(all_jobs) / elapsed, "lost": len(lost), "twice": len(twice),
            "failed": len(failed), "failed_keys": Counter(r.error_key for r in failed),
            "violations": violations, "late_ahead": late_ahead, "flood": counts[0],
            "wait_p50": pct(waits, .5), "wait_p99": pct(waits, .99), "lat_p50": pct(lat, .5),
            "lat_p99": pct(lat, .99), "service_mean": statistics.mean(
                [rows[j][2] - rows[j][1] for j in rows]) if rows else 0.0}


def report(fig: dict) -> str:
    ok = fig["lost"] == 0 and fig["twice"] == 0 and fig["failed"] == 0 and not fig["violations"]
    return f"""# Load test: {fig['jobs']} jobs from {fig['users']} users through the one-host queue

`python -m bench.load_test` ({time.strftime('%Y-%m-%d %H:%M')}): the real `ProcessQueue` (SQLite
journal, fair scheduler) and {fig['workers']} real worker process(es) running `{fig['factory']}`,
photos of {fig['side']} px. User 0 floods {fig['flood']} photos at once; the other early users send
a few to many each; {len(fig['late_ahead'])} late users send one photo each, 3 s apart, mid-run.

| figure | value |
|---|---|
| result | {'PASS' if ok else 'FAIL'} |
| jobs lost / delivered twice / failed | {fig['lost']} / {fig['twice']} / {fig['failed']} {dict(fig['failed_keys']) or ''} |
| fairness-bound violations | {len(fig['violations'])} |
| jobs started before each late user's one photo | {fig['late_ahead']} |
| wall time | {fig['elapsed']:.1f} s |
| throughput | {fig['throughput']:.2f} jobs/s |
| wait (submit to start) p50 / p99 | {fig['wait_p50']:.1f} s / {fig['wait_p99']:.1f} s |
| latency (submit to result) p50 / p99 | {fig['lat_p50']:.1f} s / {fig['lat_p99']:.1f} s |
| mean service time per job (dispatch to result) | {fig['service_mean'] * 1000:.0f} ms |

Fairness bound: the k-th waiting photo of a user (k from 0) starts after at most
k + sum over other users of min(their photos, k + {fig['told']}) others (plus the photos already running or
taken from the line before it joined it, and one per late user that arrived before it started).
A late user's one photo starts after at most {fig['told']} photos of each user then waiting (their place told).
Measured on a 2-core CPU machine that was also training a decoder, so absolute figures are low;
the bounds and the zero counts are what the test asserts.
"""


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load_test")
    p.add_argument("--jobs", type=int, default=1000)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--side", type=int, default=64)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--engine-factory", default="engine:load_engine")
    p.add_argument("--out", type=Path, default=Path(__file__).with_name("load_test_results.md"))
    args = p.parse_args(argv)
    fig = asyncio.run(run(args.jobs, args.users, args.side, args.engine_factory, workers=args.workers))
    text = report(fig)
    args.out.write_text(text)
    print(text)
    return 0 if (fig["lost"] == 0 and fig["twice"] == 0 and fig["failed"] == 0 and not fig["violations"]) else 1


if __name__ == "__main__":
    sys.exit(main())
