"""Prometheus metrics of the queue and workers, and the /healthz + /metrics HTTP endpoint.

Metrics live in prometheus-client's default registry. ``serve_ops(queue, host, port)`` starts a
small aiohttp app on the bot's loop; ``start_metrics_thread(host, port, health)`` serves a standalone
worker (no event loop). Logs and metrics carry job ids and lanes, never tokens or URLs with passwords.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from ..log_secrets import split_userinfo

QUEUE_DEPTH = Gauge("paintbot_queue_depth", "Jobs waiting, by lane", ["lane"])
RUNNING = Gauge("paintbot_jobs_running", "Jobs running, by lane", ["lane"])
JOB_LATENCY = Histogram("paintbot_job_latency_seconds", "Submit to result, by lane", ["lane"],
                        buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800))
JOB_WAIT = Histogram("paintbot_job_wait_seconds", "Submit to start, by lane", ["lane"],
                     buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600))
JOBS_FINISHED = Counter("paintbot_jobs_finished_total", "Finished jobs by lane and outcome",
                        ["lane", "outcome"])
JOBS_REJECTED = Counter("paintbot_jobs_rejected_total", "Jobs refused as busy", ["reason"])
WORKER_CRASHES = Counter("paintbot_job_crashes_total", "Jobs whose worker died under them")
WORKER_RESTARTS = Counter("paintbot_worker_restarts_total", "Worker processes restarted", ["lane"])
WORKER_JOBS = Counter("paintbot_worker_jobs_total", "Jobs run by this worker process", ["outcome"])
# set at the start of `engine worker`'s painting process from its parent's count (redis_worker_parent):
# its other metrics start afresh at each restart, this one keeps counting across them
WORKER_MEMORY_RESTARTS = Counter("paintbot_worker_memory_restarts_total",
                                 "Restarts of this worker's painting process after an out-of-memory kill (SIGKILL)")


# query parameters whose values are hidden: ?password=, ?token=, ?api_key=, ?secret=, ?auth=...
SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|cred", re.IGNORECASE)


def redact(url: str) -> str:
    """A URL without its secrets, for logs and anything shown: the user info (user:PASSWORD@) and
    the values of secret-looking query parameters (?password=...) become ***."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    userinfo, rest = split_userinfo(rest)     # to the last @ outside a query value, / ? # or not
    end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    netloc, tail = ("***@" if userinfo else "") + rest[:end], rest[end:]
    tail, hash_, fragment = tail.partition("#")
    path, q, query = tail.partition("?")
    if q:
        query = "&".join(f"{key}=***" if eq and SECRET_PARAM.search(key) else f"{key}{eq}{value}"
                         for key, eq, value in (item.partition("=") for item in query.split("&")))
    return f"{scheme}://{netloc}{path}{q}{query}{hash_}{fragment}"


def redis_problem(link) -> str | None:
    """What /healthz lists while a Redis link (link.Link) is down, in one line; None while it is up.
    The bot's queue and each worker say the same."""
    if link.up:
        return None
    return ("redis needs a password and REDIS_URL has none" if link.no_password
            else "redis refuses the credentials in REDIS_URL" if link.refused
            else f"redis refuses writes ({link.writes_refused})" if link.writes_refused
            else "redis is unreachable")


def worker_health(link, loop_age: float, job: str | None, **fields) -> dict:
    """A Redis worker's /healthz: not ok while its Redis link is down (it serves no job, whatever its
    loop does) or while its loop has not turned in 30 s outside a job; ``fields`` shown as they are."""
    problems = [p for p in (redis_problem(link),) if p]
    if loop_age >= 30 and job is None:
        problems.append(f"the worker's loop has not turned in {loop_age:.0f} s")
    return {"ok": not problems, "problems": problems, "job": job, **fields}


def add_health_part(queue, part) -> None:
    """/healthz tells more than the queue: ``part()`` (the bot's front-ends) returns a dict whose
    ``problems`` join the queue's (any one makes it 503) and whose other fields are shown as they are."""
    if not hasattr(queue, "health_parts"):
        queue.health_parts = []
    queue.health_parts.append(part)


def full_health(queue) -> dict:
    """The queue's health() with its added parts (add_health_part)."""
    health = queue.health() if hasattr(queue, "health") else {"ok": True}
    for part in getattr(queue, "health_parts", ()):
        more = part()
        problems = health.setdefault("problems", [])
        problems.extend(more.get("problems", ()))
        health.update({key: value for key, value in more.items() if key != "problems"})
        health["ok"] = bool(health.get("ok")) and not problems
    return health


async def serve_ops(queue, host: str, port: int):
    """Start /healthz and /metrics for a queue on the running loop; returns the aiohttp runner."""
    from aiohttp import web

    async def healthz(request):
        health = full_health(queue)
        return web.json_response(health, status=200 if health.get("ok") else 503)

    async def metrics(request):
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app, access_log=None)     # a probe every few seconds is not news
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def start_metrics_thread(host: str, port: int, health) -> ThreadingHTTPServer:
    """/healthz and /metrics on a thread, for a worker process; ``health()`` returns a dict."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/metrics"):
                body, ctype, code = generate_latest(), CONTENT_TYPE_LATEST, 200
            elif self.path.startswith("/healthz"):
                h = health()
                body, ctype, code = json.dumps(h).encode(), "application/json", 200 if h.get("ok") else 503
            else:
                body, ctype, code = b"not found", "text/plain", 404
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="metrics").start()
    return server
