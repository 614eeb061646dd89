"""The several-hosts queue over Redis Streams: the bot side (``RedisQueue``) and the worker loop
(``serve_redis``, run by ``python -m engine worker --redis URL``).

Keys, under ``REDIS_PREFIX`` (default "paintbot"):
  {p}:stream:fast, {p}:stream:hq   one entry {id} per job (the photo is in img:{id}); consumer
                                    group "workers"; the bot trims what no group needs any more
  {p}:job:{id}, {p}:img:{id}        the job (JSON) and the photo's bytes, with a TTL
  {p}:attempts:{id}                 how many times a worker started the job
  {p}:excused:{id}                  how many of those starts do not count against it (their
                                    worker gave its name up: it was paused, the job did not fail;
                                    or it died before the job's own work began: each start is
                                    excused until then)
  {p}:stopexcused:{id}              set (NX) when a worker asked to stop excused a start of the
                                    job: a stop excuses a job once only
  {p}:sharedpass:{id}               set while the job is in a batch pass with batch-mates (its start
                                    counted, as theirs): a crash there leaves it one try alone
  {p}:oomkilled:{id}                set by `engine worker`'s parent when the worker painting the job
                                    died of a SIGKILL it did not send (the kernel's out-of-memory
                                    killer): whoever takes the job over paints it smaller, or
                                    answers out_of_memory once its attempts are spent (take())
  {p}:result:{id}                   the result, written once (SET NX): results are idempotent by id
  {p}:cancel:{id}                   asks the worker running the job to stop
  Every key of a job above ({p}:job to {p}:cancel) lives REDIS_TTL at most, and all but its
  cancel key (a worker may paint on a job its bot gave up on, and must still find it cancelled) go
  as soon as the bot's journal holds the job's outcome (``RedisQueue._settle``): a bot restarted before that
  reads the result again from Redis, one restarted after delivers it from its journal. A result
  that no bot reads (its bot gone for good) expires. A worker that takes an entry of such a job
  (its worker died before the XACK; a Redis restored from an older snapshot) finds its photo gone
  and paints nothing; one that paints it all the same (taken before) is asked to stop by the bot.
  {p}:events                        progress and "done" notices for the bot (capped at
                                    EVENTS_MAXLEN: a bot back from a restart reads results from
                                    the result keys, not from old events)
  {p}:bots                         each running bot's last beat (Redis's clock), by host-pid: a bot
                                    warns when another one is active under its prefix (two
                                    deployments on one prefix paint each other's jobs)
  {p}:worker:{name}                 a worker's heartbeat (its name is its consumer name), for
                                    /healthz, status, and take-overs; one live worker per name
                                    (names.py: a second one is refused at start; each beat carries
                                    its process's token, and a worker paused while a successor
                                    claimed its name gives the name up and exits when it is back)
A worker holding an entry refreshes it (XCLAIM) while it works, as long as its painting moves: one
whose painting made no step for ``engine.worker.FROZEN_S`` stops beating and exits, and its jobs are taken over. An entry whose worker stopped
beating (``BEAT_GRACE`` without a heartbeat: killed, host lost, paused) is taken over by another
worker at once; any other entry only after ``REDIS_CLAIM_IDLE`` seconds idle (XAUTOCLAIM), so a
slow job of a live worker is never taken from it. Neither kind of take-over happens before a
worker has seen Redis answer for ``BEAT_GRACE`` on end: after an outage every beat looks old and
every entry idle. A worker that comes back and finds its entry
held by another stops painting that job and delivers nothing for it: each result is checked just
before it goes out (the entry still this worker's, the job not cancelled meanwhile), as a batch
paints its jobs without looking. (A painting finished while Redis was away, whose take-over the
worker learns of only once it is back, still counts: a result is written once.) A job started
more than ``QUEUE_MAX_ATTEMPTS`` times is dead-lettered, a start counting only if the worker died
during the job's own work (its photo's decode, the batch pass it was in, its painting alone): one
whose worker died while its photo was on the way, or in a batch-mate's decode or painting, did not
fail; nor did one stopped by its operator (a redeploy), once per job. A job with a start counted
against it is painted alone (never in a batch pass), so its next crash is its own; one whose last
counted start was a batch pass shared with batch-mates is painted alone once before it is
dead-lettered (with QUEUE_MAX_ATTEMPTS=1 a crash in the pass dead-lettered the whole batch).
Whatever excused them, a job started ``2 * QUEUE_MAX_ATTEMPTS + 2`` times is dead-lettered.
The bot keeps its own fair scheduler and journal and hands at most ``REDIS_IN_FLIGHT_*`` jobs per
lane to Redis at once; it shows a job whose worker stopped beating as waiting for another one.
A bot back from a restart reads in Redis where the jobs it resumes are (which worker holds each),
so their status is right from its start, not from the next event that names their worker.
Every ``TIDY_EVERY`` seconds it gives up entries stuck pending (longer than any job takes), trims
the job streams and deletes the consumers of workers that are gone and hold nothing.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import json
import logging
import os
import signal
import socket
import threading
import time

from ..build import current_build, differences, describe as describe_build
from ..jobs import Job, JobResult, file_bytes
from ..redis_worker_parent import DRAIN_SIGNAL, STOP_NOW_SIGNAL, RunningReport, memory_restarts
from . import metrics as m
from .base import JobStatus
from .link import Link, PayloadClients, client_options, is_outage, reason, refused
from .metrics import redact
from .names import NameClaim
from .oom_killed import out_of_memory_answer, photo_size_of, retried_smaller
from .scheduled import QueueUnavailable, ScheduledQueue
from . import durability
from .drain_steps import end_steps, steps_end
from .settings import QueueSettings
from .stops import RunStops
from .taking import NameLost, Taker
from .wire import dumps, job_from_dict, job_to_dict, result_from_dict, result_to_dict

log = logging.getLogger("engine.queue.redis")

GROUP = "workers"
EVENTS_MAXLEN = 100_000
LOOK_AROUND_SCANS = 20   # SCAN calls (of ~1000 keys) spent looking for workers under another prefix
LOOK_AROUND_EVERY = 60.0  # seconds between a job-less worker's looks for jobs under another prefix
BATCH_WINDOW = 0.05      # seconds a batching worker (CUDA) waits for more fast jobs to fill a batch
BEAT_EVERY = 2.0         # seconds between a worker's heartbeats (REDIS_CLAIM_IDLE / 3 when that is shorter)
BEAT_TTL = 30            # seconds a heartbeat key lives
BEAT_GRACE = 8.0         # a worker silent this long (four beats missed) is gone: its jobs are taken over
STUCK_MARGIN_S = 600.0   # an entry counts as stuck this long after its keys' REDIS_TTL at the earliest
FORGOTTEN_KEPT = 10_000   # forgotten users' job ids kept, so a painting ending later is deleted too
# settled jobs' ids kept (their outcome journaled, their keys deleted), so that a painting of one
# that starts or ends later (a Redis restored from an older snapshot: up to an hour of jobs) is
# stopped and its result deleted too
SETTLED_KEPT = 20_000
TIDY_EVERY = 60.0        # seconds between the bot's trims of the job streams (and of gone consumers)
BOT_BEAT_TTL = 30        # seconds a bot's beat in {p}:bots counts (it beats every watch round, 2 s)
# A worker whose painting made no step (a progress, a cancel check, the start or end of a job's own
# work) for engine.worker.FROZEN_S (the one-host worker's bound, read at each round) counts as
# frozen (a stuck driver or decoder that lets go of the GIL: its heartbeat thread beats on): it
# stops beating and exits EXIT_FROZEN, and another worker takes its job over.
EXIT_FROZEN = 4

# Refresh a held entry (reset its idle time) only if this worker still holds it; answer who holds
# it. Atomic: a worker back from a pause cannot take an entry back from the one that took it over.
REFRESH_IF_MINE = """
local row = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)[1]
if not row then return false end
if row[2] == ARGV[3] then redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID') end
return row[2]
"""

# Trim a job stream (KEYS[1]) below the oldest entry a consumer group still needs: its pending
# entries and those it has not read yet, so from its oldest pending entry on or, with none pending,
# from the last one it read (that one stays: acknowledged, harmless); with several groups, the
# oldest of those. Atomic: no entry is read between the look and the trim. Answers how many went.
TRIM_DONE = """
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  if tonumber(am) ~= tonumber(bm) then return tonumber(am) < tonumber(bm) end
  return tonumber(as) < tonumber(bs)
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local floor = nil
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  local keep = redis.call('XPENDING', KEYS[1], info['name'])[2] or info['last-delivered-id']
  if floor == nil or older(keep, floor) then floor = keep end
end
if floor == nil then return 0 end
return redis.call('XTRIM', KEYS[1], 'MINID', floor)
"""

# Give up entry ARGV[2] of job stream KEYS[1] (group ARGV[1]) as stuck, if it is still pending:
# acknowledge it and, unless its job (ARGV[5]) has a result (KEYS[2]) already, write one (ARGV[3],
# TTL ARGV[4] s) and say so on the events stream (KEYS[3], capped near ARGV[6]). Atomic: an entry
# its worker settles meanwhile is left alone. Answers 1 if given up.
GIVE_UP_STUCK = """
if not redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)[1] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'EX', ARGV[4]) then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'type', 'done', 'id', ARGV[5])
end
return 1
"""

# A bot's beat (ARGV[1]: its host-pid) in the hash KEYS[1] (its TTL ARGV[2] s), at Redis's time; the
# beats of the others older than ARGV[2] s (bots killed without an orderly stop) deleted. Answers
# the others' as [name, beat, ...].
BOT_BEAT = """
local now = tonumber(redis.call('TIME')[1])
redis.call('HSET', KEYS[1], ARGV[1], now)
redis.call('EXPIRE', KEYS[1], ARGV[2])
local others = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= ARGV[1] then
    local at = tonumber(all[i + 1]) or 0
    if now - at > tonumber(ARGV[2]) then
      redis.call('HDEL', KEYS[1], all[i])
    else
      table.insert(others, all[i])
      table.insert(others, at)
    end
  end
end
return others
"""

# Delete a worker's consumer (ARGV[2]) of group ARGV[1] on stream KEYS[1] if it holds no entry and
# its heartbeat (KEYS[2]; ARGV[3]: the key's TTL, ARGV[4]: the grace, in ms) is gone or older than
# the grace. Atomic: an entry it reads meanwhile is never dropped with it. Answers 1 if deleted.
FORGET_IF_GONE = """
local ttl = redis.call('PTTL', KEYS[2])
if ttl == -1 or (ttl >= 0 and tonumber(ARGV[3]) - ttl <= tonumber(ARGV[4])) then return 0 end
if redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2])[1] then return 0 end
redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
return 1
"""


class Keys:
    def __init__(self, prefix: str) -> None:
        self.p = prefix

    def stream(self, lane: str) -> str:
        return f"{self.p}:stream:{lane}"

    def job(self, job_id: str) -> str:
        return f"{self.p}:job:{job_id}"

    def img(self, job_id: str) -> str:
        return f"{self.p}:img:{job_id}"

    def attempts(self, job_id: str) -> str:
        return f"{self.p}:attempts:{job_id}"

    def excused(self, job_id: str) -> str:
        return f"{self.p}:excused:{job_id}"

    def stop_excused(self, job_id: str) -> str:
        return f"{self.p}:stopexcused:{job_id}"

    def shared_pass(self, job_id: str) -> str:
        return f"{self.p}:sharedpass:{job_id}"

    def result(self, job_id: str) -> str:
        return f"{self.p}:result:{job_id}"

    def oom_killed(self, job_id: str) -> str:
        return f"{self.p}:oomkilled:{job_id}"

    def cancel(self, job_id: str) -> str:
        return f"{self.p}:cancel:{job_id}"

    def of_job(self, job_id: str, cancel: bool = True) -> list[str]:
        """Every key a job has in Redis (none but the stream entry outlives it); ``cancel=False``:
        all but its cancel key (a settled job's: a worker may still paint it, and must see it)."""
        return [key(job_id) for key in (self.job, self.img, self.attempts, self.excused, self.stop_excused,
                                        self.shared_pass, self.oom_killed, self.result)
                + ((self.cancel,) if cancel else ())]

    @property
    def events(self) -> str:
        return f"{self.p}:events"

    def worker(self, name: str) -> str:
        return f"{self.p}:worker:{name}"

    @property
    def bots(self) -> str:
        return f"{self.p}:bots"


def _s(v) -> str:
    return v.decode() if isinstance(v, bytes) else v


def beat_age(pttl_ms: int) -> float:
    """Seconds since a worker last beat, from its heartbeat key's PTTL: Redis's own clock, so the
    clocks of the hosts do not matter. Infinite when the key is gone."""
    if pttl_ms == -2:
        return float("inf")
    if pttl_ms < 0:                     # no expiry: not a beat of ours; taken as live
        return 0.0
    return BEAT_TTL - pttl_ms / 1000


def claim_from_gone_worker(r, keys: Keys, stream: str, name: str, taker: Taker, grace: float = BEAT_GRACE):
    """One entry of ``stream`` whose worker stopped beating, claimed for worker ``name`` (through
    its ``taker``: only while the name is its own), as
    (entry id, fields, its worker); None when there is none. Entries pending under ``name`` itself
    count too: they were left by an earlier process of that name (a restarted container keeps its
    hostname and pid), as this one holds nothing between jobs. An entry must also have been idle
    BEAT_GRACE: XCLAIM with a min idle time is atomic per entry, so of two workers racing for it
    only one gets it (the winner's claim makes it idle no more). ``grace``: REDIS_BEAT_GRACE."""
    idle_ms = int(grace * 1000)
    for consumer in r.xpending(stream, GROUP)["consumers"]:
        owner = _s(consumer["name"])
        if owner != name and beat_age(r.pttl(keys.worker(owner))) <= grace:
            continue                    # a live worker: its entries keep the REDIS_CLAIM_IDLE rule
        for row in r.xpending_range(stream, GROUP, "-", "+", 10, consumername=owner, idle=idle_ms):
            for eid, fields in taker.claim(stream, row["message_id"], idle_ms):
                return _s(eid), fields, owner
    return None


# an oomkilled mark's value where no oom_kill counter confirmed the kill (else 1): take()'s lines say
# "likely ran out of memory" as the parent's did (a taker of an earlier release reads it as any mark)
LIKELY_OOM_MARK = b"likely"


def mark_killed_for_memory(url: str, settings: QueueSettings, job_ids: list[str], likely: bool = False) -> None:
    """Mark jobs whose worker was killed as the out-of-memory killer kills (redis_worker_parent):
    the worker that takes each over paints it smaller (take()). ``likely``: no oom_kill counter
    confirmed it. Raises redis's error when Redis does not take the mark (the jobs are then
    retried at their size, as any crash)."""
    import redis

    keys = Keys(settings.redis_prefix)
    with redis.Redis.from_url(url, **client_options(url)) as r:
        with r.pipeline(transaction=False) as pipe:
            for job_id in job_ids:
                pipe.set(keys.oom_killed(job_id), LIKELY_OOM_MARK if likely else 1, ex=settings.redis_ttl)
            pipe.execute()


def max_starts(settings: QueueSettings) -> int:
    """The most starts a job gets, whatever excused them (paused or stopped workers, deaths
    before its own work began): a worker dead-letters a job started this often, and the bot's
    look for entries stuck pending allows for this many (``RedisQueue._longest_pending``)."""
    return 2 * settings.queue_max_attempts + 2


def prefixes_with_jobs(r, keys: Keys, lanes) -> list[str]:
    """Other REDIS_PREFIXes whose job streams of ``lanes`` have had entries, while ours never had
    one: a worker started under a prefix other than its bot's serves empty streams, and would say
    nothing of it. (Empty when a job ever came under ours: a shared Redis is no typo.)"""
    for lane in lanes:
        if r.exists(keys.stream(lane)) and _s(r.xinfo_stream(keys.stream(lane))["last-generated-id"]) != "0-0":
            return []
    found: set[str] = set()
    for lane in lanes:
        cursor = 0
        for _ in range(LOOK_AROUND_SCANS):          # a budget: a shared Redis may hold millions of keys
            cursor, names = r.scan(cursor, match=f"*:stream:{lane}", count=1000, _type="stream")
            for name in map(_s, names):
                prefix = name.rsplit(f":stream:{lane}", 1)[0]
                if prefix != keys.p and _s(r.xinfo_stream(name)["last-generated-id"]) != "0-0":
                    found.add(prefix)
            if not cursor or len(found) >= 5:
                break
    return sorted(found)


# -- the bot's side ---------------------------------------------------------------------------------
class QueueSetupError(Exception):
    """The queue cannot work with its settings (Redis refused the password in REDIS_URL): a
    one-line error at start, not an outage to wait out."""


def setup_problem(exc: BaseException, url: str) -> str | None:
    """What an error of Redis at start says is wrong with REDIS_URL, in one line; None for an
    outage to wait out (no answer, or Redis refusing writes for now)."""
    import redis
    from redis.connection import parse_url

    if isinstance(exc, redis.AuthenticationError):
        return refused(exc, url)
    if is_outage(exc):
        return None
    if isinstance(exc, redis.ResponseError) and "DB index is out of range" in str(exc):
        db = parse_url(url).get("db", 0)
        return (f"redis at {redact(url)} has no database {db} (REDIS_URL's /DB: 0 to 15 on a Redis with "
                f"its default 'databases 16')")
    if isinstance(exc, redis.exceptions.InvalidResponse):
        return (f"{redact(url)} does not answer as Redis does ({reason(exc)}): check the host and port in "
                f"REDIS_URL")
    return f"redis at {redact(url)} refused the queue's set-up ({reason(exc)}); check REDIS_URL"


class RedisQueue(ScheduledQueue):
    """Jobs wait in the bot's fair scheduler and go to Redis (up to ``REDIS_IN_FLIGHT_*`` a lane)
    while Redis answers; while it is away, or no worker of their lane beats, they wait and say so."""

    watch_every = 2.0
    lost_after = 10.0        # seconds without news of a job whose entry Redis no longer has: lost
    beat_grace = BEAT_GRACE  # a worker counts this long after its last beat (its key gone or not)
    look_around_every = 30.0  # seconds between looks for workers under another REDIS_PREFIX
    # seconds after the bot's start before a lane no worker has served yet, with jobs waiting, is a
    # WARNING: workers started beside the bot (compose up, one script) beat only once their engine
    # is loaded (torch, the models: tens of seconds on a cold host), so an earlier one would be a
    # false alarm at most starts; two minutes is still short beside a job left waiting for ever
    unserved_grace = 120.0
    tidy_every = TIDY_EVERY   # seconds between trims of the job streams and of gone consumers
    stuck_after: float | None = None   # seconds an entry may be pending; None: _longest_pending()
    # a bot's queue beats in {p}:bots and warns of another bot there; `engine submit` (a check of
    # a deployment, not one) sets it False: it is no bot, nor does it warn of the one it checks,
    # nor of a lane no worker served "since the bot started" (its error line says so)
    beats_as_bot = True
    # its workers are `python -m engine worker` processes of their own (other hosts): a bot that
    # stops at once (a second Ctrl-C) leaves them painting, and the next start delivers their results
    workers_outlive_the_bot = True

    def __init__(self, settings: QueueSettings | None = None, journal=None, url: str | None = None) -> None:
        super().__init__(settings, journal)
        self.url = url or self.settings.redis_url
        self.keys = Keys(self.settings.redis_prefix)
        self.r = None
        self.payloads: PayloadClients | None = None   # the clients of the calls that carry photos and paintings
        self.link = Link(self.url, log)
        self.live: dict[str, int] = {}          # lane -> workers whose heartbeat is fresh
        self.lanes_lost: set[str] = set()       # lanes whose last worker went, said in the log: until one is back
        self.lanes_served: set[str] = set()     # lanes some live worker served since this start
        self.lanes_unserved: set[str] = set()   # lanes never served, with jobs waiting, said in the log
        self.began = time.monotonic()           # (start() sets it again): when this bot started
        self.grace_from = self.began            # when the grace above began: the start, or Redis back
        # heartbeat key -> (seen at, lanes, batch, the jobs it paints)
        self.beats: dict[str, tuple[float, list, int, list]] = {}
        self.other_prefixes: list[str] = []     # prefixes other workers beat under, while none beats under ours
        self.build: dict = {}                   # this bot's release and models (current_build), at start
        self.builds: dict[str, dict] = {}       # heartbeat key -> the build that worker says it runs
        self.other_builds: dict[str, list[str]] = {}   # live worker -> how its build differs from this bot's
        self.builds_said: set[tuple[str, str]] = set()  # (worker, difference) logged already: once each
        self._looked_around = float("-inf")
        self._tidied = float("-inf")
        self._trim_done = self._forget_if_gone = self._give_up_stuck = self._bot_beat = None   # Lua scripts
        self.instance = f"{socket.gethostname()}-{os.getpid()}"     # this bot, in {p}:bots
        self.other_bots: dict[str, int] = {}    # another bot under this prefix -> its last beat seen
        self.bots_said: set[str] = set()        # those said in the log already: once each
        self.capacity: dict[str, int] = {}      # lane -> jobs those workers paint at once
        self.handed: set[str] = set()          # running jobs whose entry reached Redis
        self.forgotten: set[str] = set()       # jobs of users who asked to be forgotten (/forgetme)
        # jobs handed to Redis whose outcome the journal holds now, appended on the journal's
        # thread (after that write: _finish), their keys deleted at the next watch round (_settle)
        self.journaled: list[str] = []
        # job -> whether a worker was asked to stop painting it: settled jobs (keys deleted), whose
        # late events are answered (a painting stopped, a result deleted), the last SETTLED_KEPT
        self.settled: dict[str, bool] = {}
        self._durability_said = False           # whether Redis runs without AOF was looked at
        self._delete_refused_said = False       # a refused DEL of settled keys (an ACL without it), said once
        self.started: dict[str, float] = {}     # job -> when a worker began it (its timeout counts from then)
        self.seen: dict[str, float] = {}        # job -> last news of it (hand-over, start, progress)
        self.painters: dict[str, str] = {}      # job -> the worker that said it paints it
        self.failed_starts: dict[str, int] = {}  # job -> its starts that count against it, at its last retry
        self.orphans: set[str] = set()          # jobs whose worker stopped beating: waiting for another
        self.resumed: set[str] = set()          # jobs resumed from the journal, not yet looked up in Redis
        self._last_event: str | None = None

    def _slots(self, lane: str) -> int:
        """Jobs handed to Redis at once: what the live workers paint at once, twice (the next
        batch waits in the stream, ready), at most REDIS_IN_FLIGHT_*; the rest wait in the bot's
        fair scheduler, where their place in line is known."""
        most = self.settings.redis_in_flight_hq if lane == "hq" else self.settings.redis_in_flight_fast
        return min(most, 2 * self.capacity.get(lane, 0))

    def _started_at(self, job_id: str) -> float | None:
        if job_id in self.orphans:      # its worker is gone: no timeout runs until another takes it over
            return None
        return self.started.get(job_id)

    def _status_of(self, job_id: str) -> JobStatus:
        st = self.states.get(job_id)
        if job_id in self.orphans and st is not None and st.state == "running":
            # its worker is gone and another starts it over: no frozen percentage meanwhile
            waiting = "takeover" if self._available(self.jobs[job_id].lane) else "engine"
            return JobStatus(job_id, "queued", position=0, waiting_for=waiting)
        return super()._status_of(job_id)

    def _free_slots(self, lane: str) -> int:
        if not self.link.up:
            return 0
        return self._slots(lane) - sum(1 for j in self.running if self.jobs[j].lane == lane)

    def _available(self, lane: str) -> bool:
        return self.link.up and self.live.get(lane, 0) > 0

    def _resume_running(self, job: Job) -> bool:
        self.handed.add(job.id)   # in Redis already: its result comes, or the watch finds it lost
        self.resumed.add(job.id)  # where it is in Redis is looked up as soon as Redis answers
        return True

    async def start(self) -> None:
        import redis.asyncio as aredis

        import redis

        self.began = self.grace_from = time.monotonic()
        self.r = aredis.Redis.from_url(self.url, **client_options(self.url))
        self.payloads = PayloadClients(self.url, aredis.Redis.from_url, self.r)
        self._trim_done = self.r.register_script(TRIM_DONE)
        self._forget_if_gone = self.r.register_script(FORGET_IF_GONE)
        self._give_up_stuck = self.r.register_script(GIVE_UP_STUCK)
        self._bot_beat = self.r.register_script(BOT_BEAT)
        self.build = await asyncio.to_thread(current_build)     # (reads the model files once)
        try:
            await self._refresh()
        except redis.RedisError as exc:
            problem = setup_problem(exc, self.url)
            if problem:                       # a setting to fix, not an outage to wait out
                await self.r.aclose()
                raise QueueSetupError(problem) from None
            if not is_outage(exc):
                raise
            self.link.failed(exc)             # the bot still starts: the chat works, jobs wait
        await super().start()
        # jobs whose outcome the journal held already (delivered after this start): a bot stopped
        # before it deleted their keys deletes them now, not after REDIS_TTL
        self.journaled += [job.id for job in self.recovered_jobs if job.id not in self.jobs]
        if self.link.up:
            try:
                await self._place_resumed()      # before anyone reads their status
            except redis.RedisError as exc:
                if not is_outage(exc):
                    raise
                self.link.failed(exc)
        self._tasks += [asyncio.create_task(self._listen()), asyncio.create_task(self._watch())]

    async def stop(self) -> None:
        """SIGTERM path, as on one host: no new jobs; the jobs workers are painting get up to
        DRAIN_TIMEOUT to finish and are delivered (the front-ends close after the queue); the
        others stay in the journal and are resumed after the next start."""
        self._stopping = True
        # the waiting jobs' users hear of it now, not after the drain
        await asyncio.gather(self._tell_restart(), self._drain(self.settings.drain_timeout))
        await super().stop()
        if self.r is not None:
            with contextlib.suppress(Exception):           # (Redis away: they expire after REDIS_TTL)
                await self._settle()        # the journal is flushed: what it holds now needs no key
            if self.beats_as_bot:
                with contextlib.suppress(Exception):       # (Redis away: the beat ages out)
                    await self.r.hdel(self.keys.bots, self.instance)
            await self.r.aclose()
        for client in self.payloads.made() if self.payloads is not None else []:
            await client.aclose()
        self.journal.close()

    async def _drain(self, timeout: float) -> None:
        """Wait for the results of the jobs being painted (at most ``timeout`` s), read from their
        result keys: the event listener ends with the stop. What is still painting then is held
        over: its user reads that it waits for the restart, and the next start delivers it."""
        deadline = time.monotonic() + timeout
        while self.r is not None and any(self._started_at(j) is not None for j in self.running) \
                and time.monotonic() < deadline:
            try:
                await self._collect()
            except Exception as exc:            # (as in _watch: the stop goes on)
                if not is_outage(exc):
                    log.warning("draining stopped: %s", reason(exc))
                    break
                self.link.failed(exc)
            await asyncio.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        painting = [j for j in self.running if self._started_at(j) is not None]
        if painting:
            log.info("%d job(s) still painting after DRAIN_TIMEOUT=%g s; delivered after the next start",
                     len(painting), timeout)
            for job_id in painting:
                self.started.pop(job_id, None)

    async def _start_job(self, job: Job) -> None:
        import redis

        ttl = self.settings.redis_ttl
        meta = dumps(job_to_dict(job, with_image=False))     # a style image's bytes too
        photo = file_bytes(job.image)                         # (its size in bytes, what redis-py sends)
        try:
            # one transaction, through a client that gives the photo time to travel (link.py)
            async with self.payloads.for_size(len(photo) + len(meta)).pipeline(transaction=True) as pipe:
                pipe.set(self.keys.img(job.id), photo, ex=ttl)
                pipe.set(self.keys.job(job.id), meta, ex=ttl)
                pipe.xadd(self.keys.stream(job.lane), {"id": job.id, "user": job.user_id})
                await pipe.execute()
        except redis.RedisError as exc:
            # (from None: redis-py's message quotes the command, the photo's bytes with it)
            if not is_outage(exc):
                raise RuntimeError(f"redis did not take the job: {reason(exc)}") from None
            self.link.failed(exc)
            raise QueueUnavailable(reason(exc)) from None
        self.handed.add(job.id)
        self.seen[job.id] = time.monotonic()

    async def _forget_jobs(self, job_ids: list[str]) -> None:
        """/forgetme: what Redis holds of the user's jobs (their photos and paintings, until
        REDIS_TTL) is deleted now. A job a worker was painting may still write its result: its
        done event deletes that too (``forgotten``)."""
        import redis

        self.forgotten.update(job_ids)
        while len(self.forgotten) > FORGOTTEN_KEPT:
            self.forgotten.pop()
        try:
            # not the cancel keys (no photo in them): cancel_user has just set those of the user's
            # running jobs, and without them their workers would paint the photos to the end
            await self._delete_keys(job_ids, cancel=False)
        except redis.RedisError as exc:      # Redis is away: the keys expire after REDIS_TTL
            if not is_outage(exc):
                raise
            self.link.failed(exc)
            log.warning("could not delete %d forgotten job(s) from redis; they expire after REDIS_TTL", len(job_ids))

    async def _delete_keys(self, job_ids: list[str], cancel: bool = True) -> None:
        for i in range(0, len(job_ids), 100):
            await self.r.delete(*[key for job_id in job_ids[i:i + 100] for key in self.keys.of_job(job_id, cancel)])

    def _finish(self, job_id: str, result: JobResult) -> None:
        handed = job_id in self.handed
        super()._finish(job_id, result)     # journals the outcome (on the journal's thread, in order)
        if handed:
            # run on the journal's thread after that write: once it is made, whatever comes (a
            # restart before delivery delivers from the journal) needs nothing of the job in Redis.
            # While the journal cannot be written it waits there, and the keys with it: a bot
            # restarted meanwhile resumes the job as running and reads its result from Redis.
            self._journal(self._note_journaled, job_id)

    def _note_journaled(self, job_id: str) -> None:
        """On the journal's thread, behind the write of the job's outcome: the job's keys may go
        only if the journal holds that outcome now. A write dropped as a bug (not SQLite's error,
        which stops the writes, this one with them) leaves the job running there: a restart
        resumes it and reads its result from Redis, so the keys stay (until REDIS_TTL)."""
        if self.journal.state(job_id) not in ("queued", "running"):
            self.journaled.append(job_id)

    async def _settle(self) -> None:
        """Delete the keys of the jobs whose outcome the journal holds (their result: up to a
        painting's size each, kept REDIS_TTL until now; DEL works while Redis is out of memory, too).
        With Redis away (or refusing even DEL: a read-only replica), they are tried again at the
        next round; the rest of the round goes on (the results in Redis are still delivered)."""
        import redis

        ids = self.journaled[:]
        if not ids or not (self.link.up or self.link.writes_refused):   # (away: a call waits up to 5 s)
            return
        try:
            # not the cancel key: a worker may paint on a job the bot gave up on (its timeout; it
            # ignored the cancel), and without the key it would deliver a painting nobody wants
            await self._delete_keys(ids, cancel=False)
        except redis.RedisError as exc:
            if is_outage(exc):
                return
            # refused for good (an ACL user without DEL): not raised, which would end every watch
            # round here (no worker's beat read, no result collected); said once, left to REDIS_TTL
            self._say_delete_refused(len(ids), exc)
        del self.journaled[:len(ids)]         # (only appended to meanwhile, on the journal's thread)
        for job_id in ids:
            self.settled[job_id] = False
        while len(self.settled) > SETTLED_KEPT:
            del self.settled[next(iter(self.settled))]

    def _say_delete_refused(self, jobs: int, exc: BaseException) -> None:
        if not self._delete_refused_said:
            self._delete_refused_said = True
            log.warning("redis refused to delete the keys of %d finished job(s) (%s): their paintings stay "
                        "until REDIS_TTL; give the bot's Redis user DEL (said once)", jobs, reason(exc))

    async def _late_event(self, job_id: str, kind: str) -> None:
        """An event of a settled job: a worker paints it again though its outcome is journaled (a
        Redis restored from an older snapshot brought its entry back; a worker that went on after
        its cancel could not be said). It is asked to stop, and what it writes is deleted."""
        import redis

        # (errors are not raised: that would drop the events read with this one)
        if kind == "done":
            try:
                await self._delete_keys([job_id])
            except redis.RedisError as exc:
                if not is_outage(exc):
                    self._say_delete_refused(1, exc)
            return
        if kind not in ("started", "retry", "progress") or self.settled[job_id]:
            return
        try:
            await self.r.set(self.keys.cancel(job_id), 1, ex=self.settings.redis_ttl)
        except redis.RedisError as exc:     # (a nicety: a painting that goes on is deleted when it ends)
            if is_outage(exc):
                return                      # asked again at its next event
            self.settled[job_id] = True     # refused for good: said once, not at each of its events
            log.warning("job %s: a worker paints it though this bot has its outcome already, and redis refused "
                        "to ask it to stop (%s)", job_id, reason(exc))
            return
        self.settled[job_id] = True
        log.info("job %s: a worker paints it though this bot has its outcome already (Redis restored from "
                 "an older snapshot?); it is asked to stop", job_id)

    async def _cancel_running(self, job_id: str) -> None:
        import redis

        try:
            await self.r.set(self.keys.cancel(job_id), 1, ex=self.settings.redis_ttl)
        except redis.RedisError as exc:
            if not is_outage(exc):
                raise
            # the worker cannot be told; the user is answered now and a late result is ignored
            self.link.failed(exc)
            self._complete(JobResult(job_id, False, error_key="cancelled"))

    async def _fetch(self, job_id: str) -> None:
        key = self.keys.result(job_id)
        raw = await self._read_result(key, await self.r.strlen(key))
        if raw is not None:
            self._complete(self._result_of(job_id, raw))

    def _result_of(self, job_id: str, raw: bytes) -> JobResult:
        """A result as a worker wrote it; one this bot cannot read (a worker of another release)
        fails its job alone, said once, instead of stopping the collection of every result after it."""
        try:
            result = result_from_dict(json.loads(raw))
            if result.job_id == job_id:
                return result
            problem = f"it names job {result.job_id}"
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        log.error("the result of job %s cannot be read by this bot (%s): is a worker on another release? "
                  "The job fails", job_id, problem)
        return JobResult(job_id, False, error_key="engine_error", error_params={"detail": "unreadable result"})

    async def _read_result(self, key: str, size: int):
        """A result key of ``size`` bytes (its STRLEN), read through a client that gives its
        painting time to travel (link.py); None when there is none."""
        return await self.payloads.for_size(size).get(key) if size else None

    async def _refresh(self) -> None:
        """Consumer groups (a Redis restarted empty lost them), the live workers per lane, and
        where the events stream ends the first time Redis answers."""
        for lane in self.sched.lanes:
            await _ensure_group_async(self.r, self.keys.stream(lane))
        now = time.monotonic()
        await self._read_beats(now)
        if not self.link.up:       # Redis back: the workers waited for it too, and beat only now
            self.grace_from = now
            # nor does the outage count against their beats (as against the jobs under way,
            # below): each has beat_grace from now to beat again before its lanes are said lost
            away = now - self.link.down_since
            self.beats = {k: (min(now, seen + away), *rest) for k, (seen, *rest) in self.beats.items()}
        if self.beats_as_bot:
            await self._beat_among_bots()
        # a worker counts until BEAT_GRACE after its last beat, as for take-overs: a killed one
        # stops counting then, not when its key expires (BEAT_TTL); and a beat missing for a moment
        # (Redis restarted empty) is not a worker gone: the bot would hand nothing over and
        # /healthz would say "no worker"
        self.beats = {k: b for k, b in self.beats.items() if now - b[0] <= self.beat_grace}
        self._compare_builds()
        live: dict[str, int] = {}
        capacity: dict[str, int] = {}
        for _, lanes, batch, _ in self.beats.values():
            for lane in lanes:
                live[lane] = live.get(lane, 0) + 1
                capacity[lane] = capacity.get(lane, 0) + (batch if lane == "fast" else 1)
        self._say_lanes_served(live)
        self.live, self.capacity = live, capacity
        if live:
            self.other_prefixes = []
        elif now - self._looked_around >= self.look_around_every:
            self._looked_around = now
            await self._look_for_other_prefixes()
        if not self.link.up:       # back after an outage: it does not count against running jobs
            now = time.monotonic()
            away = now - self.link.down_since
            self.started = {j: t + away for j, t in self.started.items()}
            self.seen = {j: now for j in self.seen}
        if self._last_event is None:
            last = await self.r.xrevrange(self.keys.events, count=1)
            self._last_event = _s(last[0][0]) if last else "0-0"
        if self.beats_as_bot and not self._durability_said:    # (`engine submit` checks a deployment)
            self._durability_said = await durability.check_async(self.r, log)
        self.link.ok()

    def _say_lanes_served(self, live: dict[str, int]) -> None:
        """A lane whose last live worker went is one WARNING (its users read that the painter is
        offline, /healthz says 503: the log said nothing), and one INFO when a worker serves it
        again; nothing more while either holds."""
        for lane in self.sched.lanes:
            if self.live.get(lane) and not live.get(lane):
                self.lanes_lost.add(lane)
                log.warning("lane %s has no live worker left (none beat in the last %.0f s under REDIS_PREFIX=%s): "
                            "its jobs wait and their users read that the painter is offline; start a worker "
                            "serving it (python -m engine worker --lanes %s)", lane, self.beat_grace, self.keys.p,
                            lane)
            elif live.get(lane) and lane in self.lanes_lost:
                self.lanes_lost.discard(lane)
                log.info("lane %s is served again (%d live worker%s)", lane, live[lane],
                         "" if live[lane] == 1 else "s")
            elif live.get(lane) and lane in self.lanes_unserved:
                self.lanes_unserved.discard(lane)
                log.info("lane %s is served now (%d live worker%s)", lane, live[lane],
                         "" if live[lane] == 1 else "s")
            if live.get(lane):
                self.lanes_served.add(lane)
        self._say_lanes_never_served(live)

    def _say_lanes_never_served(self, live: dict[str, int]) -> None:
        """A lane no worker served since this start (workers started for fast only, and a user
        sends /hq) is one WARNING once it has jobs waiting past ``unserved_grace``: the loss
        above is never said for it, and its jobs would wait for ever with nothing in the log.
        Not in `engine submit` (no bot, no users): its own error line names such a lane."""
        if not self.beats_as_bot or time.monotonic() - self.grace_from < self.unserved_grace:
            return
        for lane in self.sched.lanes:
            if live.get(lane) or lane in self.lanes_served or lane in self.lanes_unserved:
                continue
            waiting = self.sched.waiting(lane) + sum(1 for j in self.running if self.jobs[j].lane == lane)
            if not waiting:
                continue
            self.lanes_unserved.add(lane)
            log.warning("lane %s: no worker has served it since the bot started %.0f s ago (none beats for it "
                        "under REDIS_PREFIX=%s), and %d job%s waiting; their users read that it is offline; "
                        "start a worker serving it (python -m engine worker --lanes %s)", lane,
                        time.monotonic() - self.began, self.keys.p, waiting, "" if waiting == 1 else "s", lane)

    async def _beat_among_bots(self) -> None:
        """This bot's beat in {p}:bots, and a warning (once per bot) when another bot beats there
        too: two deployments under one REDIS_PREFIX share the job streams. Said when the other's
        beat moves on between two looks, so a bot killed just before this one started (its beat
        left behind) is not taken for a live one."""
        raw = await self._bot_beat(keys=[self.keys.bots], args=[self.instance, BOT_BEAT_TTL])
        beats = {_s(raw[i]): int(raw[i + 1]) for i in range(0, len(raw) - 1, 2)}
        for other, at in sorted(beats.items()):
            if other in self.other_bots and self.other_bots[other] != at and other not in self.bots_said:
                self.bots_said.add(other)
                log.warning("another bot (%s) is active under REDIS_PREFIX=%s on this Redis: both hand jobs to "
                            "the same streams, so either deployment's workers paint the other's jobs (and see "
                            "its users' photos); give each deployment its own REDIS_PREFIX", other, self.keys.p)
        self.other_bots = beats

    async def _read_beats(self, now: float) -> None:
        """When each worker last beat (its key's age, from the TTL: Redis's clock), its lanes
        and its batch, into ``self.beats``."""
        keys = [k async for k in self.r.scan_iter(match=self.keys.worker("*"), count=500)]
        if not keys:
            return
        async with self.r.pipeline(transaction=False) as pipe:
            pipe.mget(keys)
            for key in keys:
                pipe.pttl(key)
            raws, *ttls = await pipe.execute()
        for key, raw, ttl in zip(keys, raws, ttls):
            try:
                beat = json.loads(raw)
                lanes = beat.get("lanes") or list(self.sched.lanes)
                batch = max(1, int(beat.get("batch") or 1))
                painting = list(beat.get("ids") or [beat.get("job")])
                build = beat.get("build") if isinstance(beat.get("build"), dict) else {}
            except (TypeError, ValueError, AttributeError):
                continue                        # expired between SCAN and MGET, or not ours
            self.beats[_s(key)] = (now - beat_age(ttl), lanes, batch, painting)
            self.builds[_s(key)] = build

    def _compare_builds(self) -> None:
        """Live workers of another release or other models than this bot's: each said once in the
        log (after an upgrade, a host left behind paints differently, or fails jobs it cannot read)
        and listed in /healthz while it beats."""
        self.builds = {k: b for k, b in self.builds.items() if k in self.beats}
        others = {}
        for key, build in self.builds.items():
            found = differences(self.build, build)
            if not found:
                continue
            worker = key.rsplit(":worker:", 1)[-1]
            others[worker] = found
            said = (worker, "; ".join(found))
            if said not in self.builds_said:   # (a worker that comes and goes, or an outage: not again)
                if len(self.builds_said) > 1000:   # (each restart of a host-pid named worker is a name)
                    self.builds_said.clear()
                self.builds_said.add(said)
                log.warning("worker %s runs another build than this bot: %s; the same command may paint "
                            "differently there, or fail: give the bot and every worker the same release",
                            worker, "; ".join(found))
        self.other_builds = others

    async def _look_for_other_prefixes(self) -> None:
        """No worker beats under our prefix: do some beat under another one (a REDIS_PREFIX typo
        on either side leaves the workers idle and the jobs waiting, with nothing in any log)?"""
        found: set[str] = set()
        cursor = 0
        for _ in range(LOOK_AROUND_SCANS):          # a budget: a shared Redis may hold millions of keys
            cursor, keys = await self.r.scan(cursor, match="*:worker:*", count=1000)
            found |= {_s(k).rsplit(":worker:", 1)[0] for k in keys} - {self.keys.p}
            if not cursor or len(found) >= 5:
                break
        others = sorted(found)
        if others and others != self.other_prefixes:
            log.warning("no worker beats under REDIS_PREFIX=%s, but workers beat under %s: "
                        "check REDIS_PREFIX on the bot and the workers", self.keys.p, ", ".join(others))
        self.other_prefixes = others

    async def _listen(self) -> None:
        # not `while True`: redis-py (8.2) can swallow the cancel of a task waiting on a reply,
        # and stop() would then wait for ever; this way the loop ends within one round
        while not self._stopping:
            # a Redis that refuses writes still answers reads: the results workers wrote go out
            if self._last_event is None or not (self.link.up or self.link.writes_refused):
                await asyncio.sleep(0.5)          # the watch finds Redis again first
                continue
            try:
                res = await self.r.xread({self.keys.events: self._last_event}, count=500, block=1000)
                for _, entries in res or []:
                    for eid, fields in entries:
                        self._last_event = _s(eid)
                        job_id, kind = _s(fields.get(b"id")), _s(fields.get(b"type"))
                        if job_id not in self.running:
                            if job_id in self.forgotten and kind == "done":
                                await self._delete_keys([job_id])     # a forgotten user's job ended after all
                            elif job_id in self.settled:
                                await self._late_event(job_id, kind)
                            continue
                        self.seen[job_id] = time.monotonic()
                        self.orphans.discard(job_id)
                        if b"worker" in fields:              # "started" and "retry" name it
                            self.painters[job_id] = _s(fields[b"worker"])
                        if kind in ("started", "progress"):
                            self.started.setdefault(job_id, time.monotonic())
                        if kind == "retry":
                            attempt = int(fields.get(b"attempt", 2))
                            oom = fields.get(b"oom")      # (none from a worker of an earlier release)
                            self._retried(job_id, attempt, int(fields.get(b"failed", attempt - 1)),
                                          oom=None if oom is None else oom != b"0", likely=b"likely" in fields)
                        elif kind == "progress":
                            self._progress(job_id, float(fields.get(b"p", 0)))
                        elif kind == "done":
                            await self._fetch(job_id)
                            if job_id in self.forgotten:
                                await self._delete_keys([job_id])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_outage(exc):
                    await asyncio.sleep(self.link.failed(exc))
                    continue
                log.exception("reading events failed; retrying")
                await asyncio.sleep(1)

    async def _place_resumed(self) -> None:
        """Jobs resumed after a restart of the bot, placed as Redis has them now: the events that
        named their workers came before this start. One pending under a worker is that worker's:
        painting (its timeout counts from now) while it beats, else waiting for a take-over; one
        no worker has read yet waits in its stream, as it is shown already."""
        import redis

        ids = {j for j in self.resumed if j in self.running}
        if not ids:
            self.resumed = set()
            return
        now = time.monotonic()
        for lane in self.sched.lanes:
            stream, start = self.keys.stream(lane), "-"
            while True:
                try:
                    rows = await self.r.xpending_range(stream, GROUP, start, "+", 500)
                except redis.ResponseError:
                    break                   # NOGROUP: Redis restarted empty; _collect finds its jobs lost
                async with self.r.pipeline(transaction=False) as pipe:
                    for row in rows:
                        pipe.xrange(stream, row["message_id"], row["message_id"], count=1)
                    entries = await pipe.execute()
                for row, entry in zip(rows, entries):
                    job_id = _s(entry[0][1].get(b"id")) if entry else None
                    if job_id not in ids:
                        continue
                    self.painters.setdefault(job_id, _s(row["consumer"]))
                    self.started.setdefault(job_id, now)
                    # its last news: when its worker last refreshed the entry (Redis' clock)
                    last = now - row["time_since_delivered"] / 1000
                    self.seen[job_id] = max(self.seen.get(job_id, last), last)
                if len(rows) < 500:
                    break
                start = "(" + _s(rows[-1]["message_id"])
        self.resumed -= ids
        await self._find_orphans()          # a worker that died meanwhile: waiting for another one

    def _retried(self, job_id: str, attempt: int, failed: int, oom: bool | None = None,
                 likely: bool = False) -> None:
        """Another worker took over a job whose worker went silent (killed, host lost): a crash
        for the metrics, and the job starts over, with a fresh timeout. One whose worker was
        stopped (a second signal) or paused does not count: its start was excused (``failed``,
        the starts that count against the job, did not grow). ``oom``: its worker was killed for
        memory (`engine worker`'s parent marked it): True, it is painted smaller; False, at the
        same size (the smallest it can be painted at); None, not so. ``likely``: no oom_kill counter
        confirmed that kill (engine.oom_evidence), as its line says."""
        crashed = failed > self.failed_starts.get(job_id, 0)
        if oom is not None:
            log.warning("job %s %s on its worker; it is painted again %s", job_id,
                        "likely ran out of memory" if likely else "ran out of memory",
                        "smaller" if oom else "at the same size, the smallest it can be painted at")
        elif crashed:
            log.warning("job %s: its worker went silent; another one paints it again (attempt %d)", job_id, attempt)
        else:
            log.info("job %s: its worker was stopped; another one paints it again (attempt %d)", job_id, attempt)
        if crashed or oom is not None:
            m.WORKER_CRASHES.inc()
        self.failed_starts[job_id] = failed
        self.started[job_id] = time.monotonic()
        st = self.states.get(job_id)
        if st is not None:
            st.progress = 0.0

    async def _watch(self) -> None:
        """Every few seconds: is Redis there, which workers beat, and what became of the jobs
        handed over (results whose notice was missed; jobs a Redis restarted empty lost)."""
        while not self._stopping:               # (see _listen)
            wait = self.watch_every
            try:
                await self._settle()            # first: DEL frees memory even while writes are refused
                if self.link.writes_refused:    # reads go through: results written before still go out
                    await self._collect()       # (first: _refresh fails at XGROUP CREATE, a write)
                await self._refresh()
                await self._place_resumed()
                await self._collect()
                await self._find_orphans()
                await self._tidy()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_outage(exc):              # away, or refusing writes: one line, users told
                    wait = self.link.failed(exc)
                else:
                    log.exception("watching redis failed")
            self._wake.set()                     # a worker or Redis came back: dispatch
            await asyncio.sleep(wait)

    async def _collect(self) -> None:
        self.handed &= set(self.running)
        self.started = {j: t for j, t in self.started.items() if j in self.running}
        self.seen = {j: t for j, t in self.seen.items() if j in self.running}
        self.painters = {j: w for j, w in self.painters.items() if j in self.running}
        self.failed_starts = {j: n for j, n in self.failed_starts.items() if j in self.running}
        ids = list(self.handed)
        for i in range(0, len(ids), 200):
            chunk = ids[i:i + 200]
            # the job key first: a worker writes the result before deleting the job key, so a job
            # whose key is gone and whose result is not there (read after) was lost, not finished
            async with self.r.pipeline(transaction=False) as pipe:
                for job_id in chunk:
                    pipe.exists(self.keys.job(job_id))
                present = await pipe.execute()
            async with self.r.pipeline(transaction=False) as pipe:
                for job_id in chunk:
                    pipe.strlen(self.keys.result(job_id))
                sizes = await pipe.execute()
            raws = [await self._read_result(self.keys.result(j), size) for j, size in zip(chunk, sizes)]
            painted = {j for *_, jobs in self.beats.values() for j in jobs}    # what live workers say they paint
            for job_id, there, raw in zip(chunk, present, raws):
                if raw is not None:
                    self._complete(self._result_of(job_id, raw))
                elif not there and job_id in self.running and job_id not in painted and \
                        time.monotonic() - self.seen.get(job_id, 0.0) > self.lost_after:
                    # gone from Redis and no worker has said a word of it for a while (one still
                    # painting it sends progress, or names it in its beat: a slow /hq step, a big
                    # fast job, send none): hand it over again
                    log.warning("job %s is no longer in redis (restarted without its data?); handing it over again",
                                job_id)
                    self.handed.discard(job_id)
                    self.started.pop(job_id, None)
                    self._requeue(job_id)

    async def _find_orphans(self) -> None:
        """Jobs whose worker stopped beating (killed, host lost) and said nothing of them for
        BEAT_GRACE: they wait for another worker to take them over (at once when one is free),
        and their users read so instead of a percentage that does not move."""
        now = time.monotonic()
        quiet = [j for j in self.painters if now - self.seen.get(j, now) > BEAT_GRACE]
        names = sorted({self.painters[j] for j in quiet})
        if not names:
            self.orphans = set()
            return
        async with self.r.pipeline(transaction=False) as pipe:
            for worker in names:
                pipe.pttl(self.keys.worker(worker))
            ttls = await pipe.execute()
        gone = {worker for worker, ms in zip(names, ttls) if beat_age(ms) > BEAT_GRACE}
        self.orphans = {j for j in quiet if self.painters[j] in gone}

    async def _tidy(self) -> None:
        """Every ``tidy_every`` seconds: a few calls per lane, not one per job."""
        now = time.monotonic()
        if now - self._tidied < self.tidy_every:
            return
        self._tidied = now
        await self._give_up_stuck_entries()
        await self._trim_streams()
        await self._forget_gone_consumers()

    def _longest_pending(self) -> float:
        """Seconds an entry may be pending before it counts as stuck: REDIS_TTL (its photo is gone
        by then: no worker could paint it again), or what a job may take at most when that is
        longer: each of its starts (up to ``max_starts``: the ceiling the workers dead-letter at,
        excused starts included) runs out its timeout, a minute more before its worker gives up on
        it, and REDIS_CLAIM_IDLE before another takes it over."""
        s = self.settings
        start = max(s.job_timeout_fast, s.job_timeout_hq) + 60 + s.redis_claim_idle
        # (past REDIS_TTL by a tidy's round and more: a job the bot itself sent again when its
        # keys expired is another worker's to paint, not this rule's to fail at the same moment)
        return max(float(s.redis_ttl) + STUCK_MARGIN_S, max_starts(s) * start)

    async def _give_up_stuck_entries(self) -> None:
        """Entries pending longer than ``_longest_pending()``. Every other entry ends: one whose
        worker is gone is taken over, and each take counts towards its dead-letter; a worker that
        hangs in a painting exits. But one whose worker's main loop hangs outside a painting (a
        Redis call on a dead connection) while its heartbeat beats on and refreshes what it holds
        stays pending for ever, and trimming stops at the oldest pending entry: the stream kept
        every entry after it too. Each is acknowledged, and its job fails as "expired", which its
        user reads as any failure (a late result of its worker is dropped: a result is written once)."""
        import redis

        limit = self.stuck_after if self.stuck_after is not None else self._longest_pending()
        seconds, micros = await self.r.time()                   # entry ids are Redis's clock
        cutoff = seconds * 1000 + micros // 1000 - int(limit * 1000)
        if cutoff <= 0:
            return
        for lane in self.sched.lanes:
            stream = self.keys.stream(lane)
            try:
                rows = await self.r.xpending_range(stream, GROUP, "-", f"{cutoff}-0", 100)
            except redis.ResponseError:
                continue                        # NOGROUP: Redis restarted empty; _refresh makes it again
            for row in rows:
                eid = _s(row["message_id"])
                entry = await self.r.xrange(stream, eid, eid)
                job_id = _s(entry[0][1].get(b"id")) if entry and entry[0][1] else None
                if job_id is None:              # deleted (not by us): nothing to tell anyone
                    await self.r.xack(stream, GROUP, eid)
                    continue
                expired = dumps(result_to_dict(JobResult(job_id, False, error_key="expired")))
                if await self._give_up_stuck(keys=[stream, self.keys.result(job_id), self.keys.events],
                                             args=[GROUP, eid, expired, self.settings.redis_ttl, job_id,
                                                   EVENTS_MAXLEN]):
                    hours = (seconds * 1000 - int(eid.split("-")[0])) / 3_600_000
                    log.error("job %s: its entry in %s was pending %.1f h (held by worker %s, which refreshes "
                              "it but never finishes it): given up, the job fails as expired", job_id, stream,
                              hours, _s(row["consumer"]))

    async def _trim_streams(self) -> None:
        """Drop the entries of the job streams that no consumer group needs any more (acknowledged
        ones): the streams would otherwise keep one entry per job for ever."""
        for lane in self.sched.lanes:
            await self._trim_done(keys=[self.keys.stream(lane)])

    async def _forget_gone_consumers(self) -> None:
        """Delete from the consumer group the workers that are gone (silent ``beat_grace``) and
        hold no entry: each worker process adds one, and they would pile up for ever. One that
        holds an entry stays until another worker takes it over."""
        import redis

        grace_ms = int(self.beat_grace * 1000)
        for lane in self.sched.lanes:
            stream = self.keys.stream(lane)
            try:
                listed = await self.r.xinfo_consumers(stream, GROUP)
            except redis.ResponseError:
                continue                        # NOGROUP: Redis restarted empty; _refresh makes it again
            forgotten = []
            for consumer in listed:
                name = _s(consumer["name"])
                if consumer["pending"] or consumer["idle"] <= grace_ms:
                    continue
                if await self._forget_if_gone(keys=[stream, self.keys.worker(name)],
                                              args=[GROUP, name, BEAT_TTL * 1000, grace_ms]):
                    forgotten.append(name)
            if forgotten:
                log.info("deleted the consumers of gone workers from %s: %s", stream, ", ".join(forgotten))

    def status(self) -> dict:
        st = super().status()
        st["backend"] = "redis"
        st["redis"] = "up" if self.link.up else "down"
        st["live_workers"] = dict(self.live)
        if self.other_builds:
            st["workers_of_another_build"] = {w: "; ".join(d) for w, d in sorted(self.other_builds.items())}
        return st

    def health(self) -> dict:
        """Per lane, as the one-host queue's: a live worker of another lane paints none of this
        one's jobs. The base's problems ("the bot is stopping") stay with these."""
        h = super().health()
        problems = h["problems"]
        if not self.link.up:        # no lane is served, and who beats is not known: one line says it
            problems.append(m.redis_problem(self.link))
        else:
            if not self.live:
                problems.append(f"no worker has sent a heartbeat in the last {self.beat_grace:.0f} s")
                if self.other_prefixes:
                    problems.append(f"workers beat under REDIS_PREFIX={', '.join(self.other_prefixes)}, "
                                    f"not {self.keys.p}")
            for lane, st in h["lanes"].items():
                if (st["waiting"] or st["running"]) and not self.live.get(lane):
                    waiting = st["waiting"]
                    problems.append(f"lane {lane}: no worker ready" +
                                    (f", {waiting} job{'s' if waiting != 1 else ''} waiting" if waiting else ""))
        h["ok"] = not problems
        return h


async def _ensure_group_async(r, stream: str) -> None:
    import redis

    try:
        await r.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def _ensure_group(r, stream: str) -> None:
    import redis

    try:
        r.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


# -- the worker's side ------------------------------------------------------------------------------
class SteadyLink(Link):
    """A Link that knows since when Redis has answered without a break: from the first call that
    went through, at start or after an outage, whichever thread (main loop, heartbeat) made it."""

    def __init__(self, url: str, log: logging.Logger, grace: float = BEAT_GRACE) -> None:
        super().__init__(url, log)
        self.up_since: float | None = None
        self.grace = grace

    def ok(self, writes: bool = True) -> None:
        was_up = self.up
        super().ok(writes)
        if self.up and (not was_up or self.up_since is None):
            self.up_since = time.monotonic()

    def steady(self, now: float) -> bool:
        return self.up and self.up_since is not None and now - self.up_since >= self.grace


def batch_size(requested: int, engine) -> int:
    """Fast jobs a worker takes at once: as asked (> 0), else 8 on CUDA and 1 elsewhere (a CPU
    gains nothing from batching). An engine that refines (ENGINE_REFINE_STEPS) takes one: run_jobs
    would paint a batch one by one anyway, each job on the clock of the batch's start, without
    progress, while the jobs held after it wait for it instead of going to an idle worker."""
    if getattr(engine, "refine_steps", 0):
        return 1
    if requested > 0:
        return requested
    return 8 if getattr(getattr(engine, "device", None), "type", None) == "cuda" else 1


def setup_refused(url: str) -> str | None:
    """What a first quick call says is wrong with ``url`` (a password or database Redis refuses,
    a service that is not Redis), in one line: a worker checks it before loading its engine
    (seconds, about 1 GB) only to stop on it. None when Redis answers, or is away for now (an
    outage the worker waits out)."""
    import redis

    quick = {**client_options(url), "socket_timeout": 3.0, "socket_connect_timeout": 3.0}
    try:
        with redis.Redis.from_url(url, **quick) as probe:
            probe.ping()
    except redis.RedisError as exc:
        return setup_problem(exc, url)
    return None


def serve_redis(url: str, factory_path: str, device: str | None = None, lanes=("fast", "hq"),
                settings: QueueSettings | None = None, name: str | None = None, batch: int | None = None,
                refine_steps: int | None = None) -> int:
    import redis

    from ..jobs import run_job, run_jobs
    from .. import worker as engine_worker
    from ..worker import Stillness, build_engine, throttled

    s = settings or QueueSettings()
    keys = Keys(s.redis_prefix)
    r = redis.Redis.from_url(url, **client_options(url))
    payloads = PayloadClients(url, redis.Redis.from_url, r)    # for the results that carry a painting
    link = SteadyLink(url, log, s.redis_beat_grace)
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    lanes = [lane for lane in lanes if lane]
    streams = {lane: keys.stream(lane) for lane in lanes}
    claim_ms = int(s.redis_claim_idle * 1000)
    draining = threading.Event()
    ousted = threading.Event()                    # another process claimed this one's name (it was paused)
    held: dict[str, tuple[str, str]] = {}        # entry id -> (stream, job id), entries this worker holds
    counted: dict[str, str] = {}                 # entry id -> job id, held entries whose job began (their start counts)
    stop_excused: set[str] = set()              # counted entries excused since this worker was asked to stop
    most_starts = max_starts(s)                  # raw starts no excuse cancels: past them, dead-letter
    failures: dict[str, int] = {}                # entry id -> its job's earlier starts that count (take())
    lost: set[str] = set()                        # held entries another worker took over (this one was away)
    # the run under way: its jobs, and which of them it stops (cancelled, taken over) on the way
    current: dict = {"id": None, "ids": [], "stops": RunStops([], lambda job_id: False), "started": 0.0,
                     "lane": "fast"}
    # "moved": when the painting thread last made a step (the heartbeat tells a frozen one by it)
    state = {"jobs": 0, "last_loop": time.monotonic(), "moved": time.monotonic()}

    def moves() -> None:
        state["moved"] = time.monotonic()

    built: dict = {"engine": None}               # (a signal may come while the engine loads: none paints yet)

    def on_term(signum, frame):
        if not draining.is_set():
            drain(f"signal {signum}")
            return
        stop_now(f"signal {signum} again", 128 + signum)

    def drain(said: str) -> None:
        """The first stop: the running job finishes, no new one is taken."""
        if not draining.is_set():
            log.info("%s: draining (the running job finishes, no new one is taken; a second signal "
                     "stops at once)", said)
            draining.set()
            # an /hq (or refined) painting under way ends its steps in time to be handed over within
            # DRAIN_TIMEOUT, before docker's stop grace period (90 s) kills it and it is painted again
            if built["engine"] is not None:
                end_steps(built["engine"], steps_end(s.drain_timeout))
            # killed after this (docker stop's grace over) is no crash of the jobs under way
            try:
                excuse_at_stop()
            except Exception as exc:     # (excuse says when Redis does not take it)
                log.warning("the starts of the jobs under way could not be excused (%s)", exc)

    def stop_now(said: str, status: int) -> None:
        """The second stop: at once, as train-artist does (a painting may run up to JOB_TIMEOUT_HQ);
        the entries stay pending and another worker takes them over BEAT_GRACE after the last beat."""
        jobs = ",".join(sorted({job_id for _, job_id in held.values()})) or "none"
        log.warning("%s: stopping now; the job(s) under way (%s) are left to another worker", said, jobs)
        try:
            excuse_at_stop()
        finally:                         # whatever excusing met: the operator asked to stop now
            os._exit(status)

    def drain_under_parent(signum, frame) -> None:
        # under `engine worker`'s parent the parent alone counts the operator's stops: a stop sent to
        # the whole group reaches this process too (its own SIGTERM/SIGINT) besides the parent's
        # SIGUSR1, in either order (Python runs pending handlers by signal number), so these only
        # ever drain; stopping at once is the parent's SIGUSR2
        if signum == DRAIN_SIGNAL:
            drain("a stop (SIGTERM or SIGINT to the worker; passed on by its parent)")
        else:
            drain(f"signal {signum}")

    def stop_now_from_parent(signum, frame) -> None:
        stop_now("a second stop (SIGTERM or SIGINT to the worker; passed on by its parent)", 128 + signal.SIGTERM)

    def excuse_at_stop() -> None:
        """The starts of the jobs begun so far (and not excused yet) do not count against them:
        the operator asked this worker to stop, and it may be killed before they end (a second
        signal; `docker stop` past its grace period). A job that kills it while it drains is
        not counted either."""
        if ousted.is_set():              # (give_up_name excused them already)
            return
        eids = [eid for eid in list(counted) if eid not in stop_excused]
        excused = excuse_now({counted[eid] for eid in eids if eid in counted}, once=True)
        stop_excused.update(eid for eid in eids if counted.get(eid) in excused)

    def excuse_now(job_ids: set[str], once: bool = False) -> set[str]:
        """The starts of the jobs a second signal drops do not count against them: the worker was
        stopped, they did not fail (else a third worker may dead-letter one). Through a client of
        its own with a short timeout: the handler may interrupt a call of the main client (its pool
        lock held) or a take() holding ``giving_up``, and a stop at once must not wait on Redis.
        ``once``: only the jobs no stop excused before (see stop_excuse_once). Returns those it
        excused (or tried to)."""
        if job_ids:
            with redis.Redis.from_url(url, **{**client_options(url), "socket_timeout": 2.0,
                                              "socket_connect_timeout": 2.0}) as quick:
                if once:
                    job_ids = stop_excuse_once(job_ids, quick)
                if job_ids:
                    excuse(job_ids, quick)       # (which says so when Redis does not take it)
        return job_ids

    def stop_excuse_once(job_ids: set[str], client=None) -> set[str]:
        """Those of these jobs whose start a stop may excuse: each job once only. A job that gets
        its worker stopped and killed each time it runs (its memory use: earlyoom, a k8s eviction
        send SIGTERM, then SIGKILL) is no redeploy's victim: its next start counts. (Redis away:
        none is excused, as excuse() would not be able to either.)"""
        try:
            with (client or r).pipeline(transaction=False) as pipe:
                ordered = sorted(job_ids)
                for job_id in ordered:
                    pipe.set(keys.stop_excused(job_id), name, nx=True, ex=s.redis_ttl)
                firsts = pipe.execute()
        except redis.RedisError as exc:
            log.warning("the starts of jobs %s could not be excused (%s): they count against them",
                        ",".join(sorted(job_ids)), reason(exc))
            return set()
        again = [job_id for job_id, first in zip(ordered, firsts) if not first]
        if again:
            log.warning("job(s) %s: a worker was stopped during them before; this stop is not excused "
                        "(a job that gets its worker stopped each time counts towards QUEUE_MAX_ATTEMPTS)",
                        ",".join(again))
        return {job_id for job_id, first in zip(ordered, firsts) if first}

    report = RunningReport.from_environment()    # the jobs painted now, told to `engine worker`'s parent
    if report.active:
        for signum in (signal.SIGTERM, signal.SIGINT, DRAIN_SIGNAL):
            signal.signal(signum, drain_under_parent)
        signal.signal(STOP_NOW_SIGNAL, stop_now_from_parent)
    else:
        signal.signal(signal.SIGTERM, on_term)
        signal.signal(signal.SIGINT, on_term)

    restarts = memory_restarts()                 # counted by the parent: this process's metrics start afresh
    m.WORKER_MEMORY_RESTARTS.inc(restarts)
    if s.metrics_port:
        m.start_metrics_thread(s.metrics_host, s.metrics_port, lambda: m.worker_health(
            link, time.monotonic() - state["last_loop"], current["id"],
            worker=name, jobs=state["jobs"], draining=draining.is_set(), memory_restarts=restarts))

    problem = setup_refused(url)                 # before the engine: a setting to fix, not worth its load
    if problem:
        log.error("%s", problem)
        return 2
    engine = build_engine(factory_path, device, s.engine_refine_steps if refine_steps is None else refine_steps)
    built["engine"] = engine
    build = current_build(factory_path)          # in each beat: the bot tells a worker of another release
    batch = batch_size(s.worker_batch if batch is None else batch, engine)
    importlib.import_module("..images", __package__)   # run_job's imports (torch): not on the first job's clock

    def ensure_groups() -> None:
        for stream in streams.values():
            _ensure_group(r, stream)

    holder_age = None
    claim = NameClaim(r, keys.worker(name), BEAT_TTL)
    taker = Taker(r, claim, GROUP, name)          # reads and claims entries only while the name is this one's
    while not draining.is_set():          # Redis may start after the workers (or be away a while)
        try:
            ensure_groups()
            link.ok()
            # the name is this worker's consumer and heartbeat: no other live worker may use it
            holder_age = claim.claim({"job": None, "jobs": 0, "lanes": lanes, "batch": batch, "build": build}, draining, s.redis_beat_grace)
            break
        except redis.RedisError as exc:
            problem = setup_problem(exc, url)
            if problem:                                # a setting to fix: waiting would not help
                log.error("%s", problem)
                return 2
            if not is_outage(exc):
                raise
            draining.wait(link.failed(exc))
    if holder_age is not None:                         # a setting to fix: each worker needs its own name
        log.error("another live worker already uses the name %s (it beat %.1f s ago under REDIS_PREFIX=%s): "
                  "give each worker its own --name (the default, host-pid, is unique)", name, holder_age,
                  s.redis_prefix)
        return 2
    if draining.is_set():
        log.info("worker %s stopped before redis answered", name)
        return 0
    log.info("worker %s serving %s on %s under REDIS_PREFIX=%s (fast jobs in batches of up to %d; %s)", name,
             ",".join(lanes), m.redact(url), s.redis_prefix, batch, describe_build(build))
    def check_aof() -> bool:
        """Whether Redis's AOF setting is said (looked at now if need be): once per `engine worker`,
        not again by a child its parent restarted after a kill."""
        if report.aof_said_before():
            return True
        if durability.check(r, log):
            report.aof_said()
            return True
        return False

    aof_said = check_aof()                        # (Redis away: looked at once it answers)

    def timeout_of(lane: str) -> float:
        return s.job_timeout_hq if lane == "hq" else s.job_timeout_fast

    def publish(result: JobResult) -> None:
        data = dumps(result_to_dict(result))
        # through a client that gives the painting time to travel (link.py); the event is small
        if payloads.for_size(len(data)).set(keys.result(result.job_id), data, nx=True, ex=s.redis_ttl):
            r.xadd(keys.events, {"type": "done", "id": result.job_id}, maxlen=EVENTS_MAXLEN, approximate=True)
            m.WORKER_JOBS.labels("ok" if result.ok else (result.error_key or "failed")).inc()
        else:
            log.info("job %s already had a result; this one is dropped", result.job_id)

    refresh_if_mine = r.register_script(REFRESH_IF_MINE)

    def taken_over(eid: str, job_id: str, holder: str) -> None:
        """Another worker took this one's entry while it could not beat (paused, cut off from
        Redis): the job is the other's now, so this one stops painting it."""
        lost.add(eid)
        log.warning("job %s was taken over by worker %s while this one was away; it stops painting it",
                    job_id, holder)
        if job_id in current["ids"]:
            current["stops"].stop(job_id)

    def refresh_held() -> None:
        for eid, (stream, job_id) in list(held.items()):
            try:
                holder = refresh_if_mine(keys=[stream], args=[GROUP, eid, name])
            except redis.ResponseError:
                continue                 # NOGROUP: Redis restarted empty; the bot sends it again
            if holder is not None and _s(holder) != name and eid not in lost:
                taken_over(eid, job_id, _s(holder))

    giving_up = threading.Lock()

    def excuse(job_ids: set[str], client=None) -> None:
        """Starts of these jobs not to count towards their dead-letter (QUEUE_MAX_ATTEMPTS)."""
        try:
            with (client or r).pipeline(transaction=False) as pipe:
                for job_id in job_ids:
                    pipe.incr(keys.excused(job_id))
                    pipe.expire(keys.excused(job_id), s.redis_ttl)
                pipe.execute()
        except redis.RedisError as exc:
            log.warning("the starts of jobs %s could not be excused (%s): they count against them",
                        ",".join(sorted(job_ids)), reason(exc))

    def give_up_name() -> None:
        """Another process claimed this worker's name while it could not beat (paused, frozen): the
        consumer and its entries are that one's now. This one takes no more jobs, delivers and
        acknowledges nothing (the other takes the entries over) and exits. The starts of the jobs it
        drops do not count against them: it was paused, they did not fail."""
        # once, though the heartbeat and the main loop may both find out; and done before the main
        # loop may end (it ends the process, this thread with it)
        with giving_up:
            if ousted.is_set():
                return
            state["ousted_at"] = time.monotonic()
            ousted.set()
            lost.update(list(held))
            excuse({job_id for eid, job_id in counted.items() if eid not in stop_excused})
            log.error("worker %s: another worker process claimed the name %s while this one could not beat "
                      "(paused or frozen past %.0f s); this one takes no more jobs, drops what it was painting "
                      "(the other takes it over) and exits", name, name, s.redis_beat_grace)
            current["stops"].all.set()
            draining.set()

    def frozen(job_id, still: float) -> None:
        """The run under way has not moved for ``still`` s: no more beats, exit (its starts count:
        a job that freezes every worker is dead-lettered, QUEUE_MAX_ATTEMPTS)."""
        log.error("worker %s: its painting of job(s) %s has not moved for %.0f s (frozen: a stuck driver or "
                  "decoder?); it stops beating and exits, and another worker takes the job(s) over", name,
                  ",".join(current["ids"] or [job_id]), still)
        os._exit(EXIT_FROZEN)

    def heartbeat() -> None:
        every = max(0.2, min(BEAT_EVERY, s.redis_claim_idle / 3))
        stillness = Stillness(every)      # how long the run under way has not moved
        while True:
            still = stillness.round(current["id"] is not None, state["moved"])
            # Only /hq paintings, which make a step at least every minute or so: a fast painting is
            # one pass without a step (a 2048 px one, a batch pass, can take minutes on a CPU) and
            # its timeout (JOB_TIMEOUT_FAST, then the hang check) bounds it already.
            if current["id"] is not None and current["lane"] == "hq" and still > engine_worker.FROZEN_S and not ousted.is_set():
                frozen(current["id"], still)
            if ousted.is_set():
                if time.monotonic() - state["ousted_at"] > 30:       # its painting ignores the cancel
                    os._exit(0)
                time.sleep(every)
                continue
            try:
                # side by side, before any round trip
                job_id, ids, jobs = current["id"], list(current["ids"]), state["jobs"]
                # the beat first: a worker whose name another process holds now refreshes nothing
                if not claim.beat({"job": job_id, "ids": ids, "jobs": jobs, "lanes": lanes, "batch": batch,
                                    "build": build}):
                    give_up_name()
                    continue
                refresh_held()
                if job_id:
                    elapsed = time.monotonic() - current["started"]
                    if elapsed > timeout_of(current["lane"]) + 60:      # ignored its cancel
                        log.error("job %s hangs past its timeout; giving up and exiting", job_id)
                        others = {held[e][1] for e in lost if e in held}     # jobs another worker holds now
                        for hung in current["ids"] or [job_id]:
                            if hung not in others:
                                publish(JobResult(hung, False, error_key="timeout",
                                                  error_params={"seconds": int(timeout_of(current["lane"]))}))
                        for eid, (stream, _) in list(held.items()):
                            if eid not in lost:
                                r.xack(stream, GROUP, eid)
                        os._exit(3)
                link.ok()                    # said here too: the main loop may be busy painting
            except Exception as exc:
                if is_outage(exc):           # said once; the beat resumes with Redis
                    link.failed(exc)
                else:
                    log.exception("heartbeat failed")
            time.sleep(every)

    threading.Thread(target=heartbeat, daemon=True, name="heartbeat").start()

    def take(stream: str, eid: str, fields: dict) -> Job | JobResult | None:
        """An entry this worker now holds, checked: a Job to run, a JobResult it ends with
        unrun (dead-letter, cancelled, expired), or None when its result is there already."""
        job_id = _s(fields.get(b"id"))
        held[eid] = (stream, job_id)
        if r.exists(keys.result(job_id)):
            log.info("job %s already done; acknowledging", job_id)
            return None
        with giving_up:        # never a start after give_up_name's look
            if ousted.is_set():
                raise NameLost()
            # the start is excused until the job's own work begins (begun()): a worker that dies
            # while the photo comes or while the job waits its turn in a batch is not its fault
            # (and whether its last counted start was a batch pass with batch-mates: read once)
            with r.pipeline() as pipe:
                pipe.incr(keys.attempts(job_id)).incr(keys.excused(job_id))
                pipe.expire(keys.attempts(job_id), s.redis_ttl).expire(keys.excused(job_id), s.redis_ttl)
                pipe.get(keys.shared_pass(job_id)).delete(keys.shared_pass(job_id))
                # its last worker killed for memory (the mark of `engine worker`'s parent): read once
                pipe.get(keys.oom_killed(job_id)).delete(keys.oom_killed(job_id))
                attempts, excused, _, _, shared, _, oom_killed, _ = pipe.execute()
        likely = oom_killed == LIKELY_OOM_MARK     # (its lines say so, as the parent's did)
        # (the usual client: a blocking read times each recv, so a photo that comes slowly has its time)
        meta, image = r.get(keys.job(job_id)), r.get(keys.img(job_id))
        failed = attempts - excused           # earlier starts that count against it (this one does not yet)
        failures[eid] = failed
        if failed == s.queue_max_attempts and shared:
            # its last counted start was a pass it shared with batch-mates: which of them crashed it
            # is not known; painted alone now (failed > 0), a crash is its own
            log.warning("job %s: its worker died in a batch pass it shared; it is painted alone once more "
                        "before it is dead-lettered (QUEUE_MAX_ATTEMPTS=%d)", job_id, s.queue_max_attempts)
        elif failed >= s.queue_max_attempts:
            if oom_killed is not None and (answer := out_of_memory(job_id, meta, image, failed, likely)):
                return answer
            log.error("job %s was started %d times: dead-letter", job_id, failed)
            return JobResult(job_id, False, error_key="dead_letter", error_params={"attempts": failed})
        # whatever excused them (paused workers, stops, deaths before it began): a job started this
        # often is dead-lettered, not taken over by one worker after another until REDIS_TTL
        if attempts - 1 >= most_starts:
            if oom_killed is not None and (answer := out_of_memory(job_id, meta, image, failed, likely)):
                return answer
            log.error("job %s was started %d times (%d of them excused): dead-letter", job_id,
                      attempts - 1, attempts - 1 - failed)
            return JobResult(job_id, False, error_key="dead_letter", error_params={"attempts": attempts - 1})
        if r.exists(keys.cancel(job_id)):
            return JobResult(job_id, False, error_key="cancelled")
        if meta is None or image is None:
            return JobResult(job_id, False, error_key="expired")
        shrunk = None                        # killed for memory: whether it is painted smaller now
        try:
            if oom_killed is not None:
                job, shrunk = killed_for_memory(job_id, meta, image, likely)
            else:
                job = job_from_dict(json.loads(meta), image=image)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # written by a bot of another release (a field this one does not know): failed, not a
            # crash of this worker (and of every worker that takes it over after it)
            log.error("job %s cannot be read by this worker (%s: %s): is the bot on another release? "
                      "(this worker: %s)", job_id, type(exc).__name__, exc, describe_build(build))
            return JobResult(job_id, False, error_key="engine_error", error_params={"detail": "unreadable job"})
        if attempts > 1:
            # a job killed for memory is said once, by retried_smaller above (its attempts and crashes
            # counted apart would read as two contradicting counters)
            log.log(logging.DEBUG if oom_killed is not None else logging.WARNING, "job %s: attempt %d after a %s "
                    "worker", job_id, attempts, "lost" if failed else "stopped")
            # the bot shows the job starting over (its progress was frozen), and counts a crash when
            # the failed starts grew (a worker stopped by a second signal, or paused, was excused);
            # "oom": it ran out of memory, 1 painted smaller now, 0 at its size (its smallest), as the
            # bot then says (a bot of an earlier release ignores the field); "likely": no counter confirmed it
            event = {"type": "retry", "id": job_id, "attempt": attempts, "failed": failed, "worker": name}
            if shrunk is not None:
                event["oom"] = int(shrunk)
                if likely:
                    event["likely"] = 1
            r.xadd(keys.events, event, maxlen=EVENTS_MAXLEN, approximate=True)
        return job

    def out_of_memory(job_id: str, meta: bytes | None, image: bytes | None, failed: int,
                      likely: bool) -> JobResult | None:
        """The answer of a job whose last worker was killed for memory (its oomkilled mark) and that
        gets no more tries: out_of_memory, naming the size it was last tried at; None when its
        keys are gone or unreadable (then dead-lettered as before). ``failed``: its crashes."""
        try:
            job = job_from_dict(json.loads(meta), image=image) if meta is not None and image is not None else None
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        return out_of_memory_answer(job, failed, photo_size_of(job), likely) if job is not None else None

    def killed_for_memory(job_id: str, meta: bytes, image: bytes, likely: bool) -> tuple[Job, bool]:
        """A job whose last worker was killed for memory (its oomkilled mark), with tries left: the
        job painted smaller, that size written to its job key, so that a kill at that size halves it
        again and its answer names the size last tried; and whether it is smaller (not at its
        smallest size already)."""
        fields = json.loads(meta)
        job = job_from_dict(fields, image=image)
        smaller = retried_smaller(job, photo_size_of(job), likely)
        if smaller.max_side == job.max_side:
            return smaller, False
        fields["max_side"] = smaller.max_side           # (the bot's other fields kept as they are)
        r.set(keys.job(job_id), json.dumps(fields, separators=(",", ":")), xx=True, keepttl=True)
        return smaller, True

    at_work: set[str] = set()    # the jobs whose own work is under way (begun, not paused), told to the parent

    def tell_at_work(job_id: str | None, working: bool) -> None:
        """Tell `engine worker`'s parent which jobs are at work now: a kill then (the out-of-memory
        killer) shrinks those, not batch-mates waiting their turn (their starts excused too)."""
        if job_id is None:
            at_work.clear()
        elif working:
            at_work.add(job_id)
        else:
            at_work.discard(job_id)
        report.say(sorted(at_work))

    def begun(job: Job) -> None:
        """The job's own work (decoding its photo, painting it) begins: from now on a crash of this
        worker counts towards its dead-letter (QUEUE_MAX_ATTEMPTS); its start was excused at take().
        With Redis away just then it stays excused (said once per job): the painting goes on."""
        moves()
        tell_at_work(job.id, True)       # before its work: a kill in it finds it said
        eid = next((e for e, (_, held_id) in list(held.items()) if held_id == job.id and e not in counted), None)
        if eid is None:
            return
        with giving_up:                  # give_up_name excuses what counted holds: never both
            if ousted.is_set():
                return
            if draining.is_set() and stop_excuse_once({job.id}):
                stop_excused.add(eid)    # asked to stop: its start stays excused (excuse_at_stop), once
                counted[eid] = job.id
                return
            try:
                # (its TTL again: the bot deletes a settled job's keys, and a bare DECR would make
                # one that never expires)
                with r.pipeline() as pipe:
                    pipe.decr(keys.excused(job.id)).expire(keys.excused(job.id), s.redis_ttl).execute()
            except redis.RedisError as exc:
                if is_outage(exc):
                    link.failed(exc)
                log.warning("job %s: its start could not be counted (%s); a crash in it is not counted "
                            "towards QUEUE_MAX_ATTEMPTS", job.id, reason(exc))
                return
            counted[eid] = job.id
        if draining.is_set() and eid not in stop_excused:    # the stop came during the DECR
            excuse_at_stop()

    def paused(job: Job) -> None:
        """The job's own work stopped for now (its photo decoded, waiting for the batch pass; or
        painted, waiting for its batch-mates): its start is excused again, so a crash in another
        job's work is not counted against it (begun() counts it again at its next stretch)."""
        moves()
        tell_at_work(job.id, False)
        eid = next((e for e, (_, held_id) in list(held.items()) if held_id == job.id and e in counted), None)
        if eid is None or eid in stop_excused:     # (excused already: by the stop)
            return
        with giving_up:
            if ousted.is_set():
                return
            # out of counted first: a stop (excuse_at_stop, in the signal handler) meanwhile must
            # not excuse it a second time
            counted.pop(eid, None)
            try:
                with r.pipeline() as pipe:
                    pipe.incr(keys.excused(job.id)).expire(keys.excused(job.id), s.redis_ttl)
                    pipe.delete(keys.shared_pass(job.id)).execute()       # (the pass, if any, is over)
            except redis.RedisError as exc:
                if is_outage(exc):
                    link.failed(exc)
                log.warning("job %s: its start could not be excused again (%s); a crash in another job of "
                            "its batch would count against it", job.id, reason(exc))
                counted[eid] = job.id
        if draining.is_set() and eid in counted and eid not in stop_excused:   # the stop came meanwhile
            excuse_at_stop()

    def shared_pass(jobs: list[Job]) -> None:
        """A batch pass of these jobs begins (their starts counted): a crash in it is not known to
        be any one job's, so each gets one try alone before a dead-letter (take())."""
        try:
            with r.pipeline() as pipe:
                for job in jobs:
                    pipe.set(keys.shared_pass(job.id), 1, ex=s.redis_ttl)
                pipe.execute()
        except redis.RedisError as exc:
            if is_outage(exc):
                link.failed(exc)
            log.warning("jobs %s: their batch pass could not be marked (%s); a crash in it counts against "
                        "each as its own", ",".join(job.id for job in jobs), reason(exc))

    def finish(stream: str, eid: str, job_id: str, result: JobResult | None) -> None:
        """Hand the result over, waiting for Redis if it is away: a painting done during an outage
        is delivered when Redis is back, not painted again. (Stopping, it waits at most 30 s; the
        entry then stays pending and another worker paints it again.)"""
        give_up = None
        while True:
            try:
                if ousted.is_set():      # the entry is the process's that took this one's name
                    break
                if eid in lost:          # another worker holds the job now: the entry is its to settle
                    if result is not None and result.ok:
                        publish(result)  # a finished painting still counts (a result is written once)
                    break
                if result is not None:
                    publish(result)
                try:
                    r.xack(stream, GROUP, eid)
                except redis.ResponseError as exc:
                    if "NOGROUP" not in str(exc):
                        raise                    # NOGROUP: Redis restarted empty; nothing to ack
                r.delete(keys.img(job_id), keys.job(job_id))
                link.ok(writes=result is not None)
                break
            except redis.RedisError as exc:
                if not is_outage(exc):
                    raise
                wait = link.failed(exc)
                if draining.is_set():
                    give_up = give_up or time.monotonic() + 30
                    if time.monotonic() > give_up:
                        log.warning("job %s: redis is still away while stopping; its result is dropped "
                                    "and the job will be painted again", job_id)
                        break
                time.sleep(wait)
        held.pop(eid, None)
        counted.pop(eid, None)
        stop_excused.discard(eid)
        lost.discard(eid)

    def checked(stream: str, eid: str, job_id: str, result: JobResult) -> JobResult | None:
        """A result as it may go out now: None when another worker took its entry over while this
        one was away (the other delivers it), "cancelled" for a painting whose job was cancelled
        while it was painted (a batch does not look), else as it is. With Redis away it goes as it
        is: finish() waits for Redis, and learns of a take-over then."""
        if ousted.is_set():
            return None                  # not refreshed either: the successor takes the entry over
        try:
            if not claim.held():         # back from a pause before the heartbeat could tell
                give_up_name()
                return None
            holder = refresh_if_mine(keys=[stream], args=[GROUP, eid, name])
            if holder is not None and _s(holder) != name and eid not in lost:
                taken_over(eid, job_id, _s(holder))
            if eid in lost:
                return None
            if not result.ok and r.exists(keys.result(job_id)):
                return None              # stopped as another worker painted it meanwhile: that one counts
            if result.ok and r.exists(keys.cancel(job_id)):
                log.info("job %s was cancelled while it was painted; its painting is dropped", job_id)
                return JobResult(job_id, False, error_key="cancelled", seconds=result.seconds)
        except redis.RedisError as exc:
            if is_outage(exc):           # (finish() waits for it)
                link.failed(exc)
            # else NOGROUP: Redis restarted empty; the bot sends it again
        return result

    def announce(jobs: list[Job]) -> None:
        """A "started" event per job: the bot's timeout counts from it, and the job is shown as
        painting, not waiting. (With Redis away it is skipped: the first progress event does it.)"""
        try:
            for job in jobs:
                r.xadd(keys.events, {"type": "started", "id": job.id, "worker": name},
                       maxlen=EVENTS_MAXLEN, approximate=True)
        except redis.RedisError as exc:
            if not is_outage(exc):
                raise
            link.failed(exc)

    def look(job_id: str) -> bool:
        """Whether a job of the run under way is to be stopped, as Redis says now: cancelled, its
        result there already (another worker painted it while this one was away), or its entry
        taken over. False while Redis is away: a painting done meanwhile is checked at delivery."""
        if ousted.is_set():
            return True
        if not link.up:
            return False
        try:
            for eid, (stream, held_id) in list(held.items()):
                if held_id == job_id and eid not in lost:
                    holder = refresh_if_mine(keys=[stream], args=[GROUP, eid, name])
                    if holder is not None and _s(holder) != name:
                        taken_over(eid, job_id, _s(holder))
            return (any(held.get(eid, ("", ""))[1] == job_id for eid in lost)
                    or bool(r.exists(keys.cancel(job_id), keys.result(job_id))))
        except redis.RedisError as exc:
            if is_outage(exc):
                link.failed(exc)
            return False                 # else NOGROUP: Redis restarted empty; the bot sends it again

    def begin(jobs: list[Job], lane: str) -> RunStops:
        moves()
        stops = RunStops([job.id for job in jobs], look)
        current.update(id=jobs[0].id, ids=stops.ids, stops=stops, started=time.monotonic(), lane=lane)
        announce(jobs)
        return stops

    def stopped_or_timed_out(job: Job, lane: str) -> bool:
        moves()                          # asked between the steps of a painting
        return current["stops"](job.id) or time.monotonic() - current["started"] > timeout_of(lane)

    def timed_out(job: Job, result: JobResult, lane: str, stops: RunStops) -> JobResult:
        """A job cancelled for want of time answers "timeout"; one stopped for a reason, "cancelled"."""
        limit = timeout_of(lane)
        if result.error_key == "cancelled" and not stops.all.is_set() and job.id not in stops.stopped \
                and time.monotonic() - current["started"] > limit:
            return JobResult(job.id, False, error_key="timeout", error_params={"seconds": int(limit)},
                             seconds=result.seconds)
        return result

    def run_one(job: Job, lane: str) -> JobResult:
        stops = begin([job], lane)

        def cancelled() -> bool:
            return stopped_or_timed_out(job, lane)

        def send_progress(p: float) -> None:
            try:
                r.xadd(keys.events, {"type": "progress", "id": job.id, "p": round(p, 3)},
                       maxlen=EVENTS_MAXLEN, approximate=True)
            except redis.RedisError as exc:  # progress is a nicety: the painting goes on
                if not is_outage(exc):
                    raise
                link.failed(exc)

        throttled_progress = throttled(send_progress, 0.5)

        def progress(p: float) -> None:
            moves()
            throttled_progress(p)

        begun(job)
        try:
            result = run_job(engine, job, progress=progress, cancel=cancelled)
        except Exception as exc:
            log.exception("job %s failed", job.id)
            result = JobResult(job.id, False, error_key="engine_error", error_params={"detail": type(exc).__name__})
        return timed_out(job, result, lane, stops)

    def process(entries: list[tuple[str, str, dict]]) -> None:
        """Entries of one lane: each is checked, the runnable ones run (several fast ones as one
        batch), and each gets its own result, acknowledgement and cleanup."""
        try:
            todo: list[tuple[str, str, Job]] = []
            for stream, eid, fields in entries:
                taken = take(stream, eid, fields)
                if isinstance(taken, Job):
                    todo.append((stream, eid, taken))
                else:
                    finish(stream, eid, _s(fields.get(b"id")), taken)
            if not todo or ousted.is_set():
                return
            lane = next((ln for ln, st in streams.items() if st == todo[0][0]), "fast")
            # this worker stops a job at its own limit (timeout_of) whatever the bot's: a refining
            # deadline (Job.time_limit) ends before the nearer of the two (a bot of an older
            # release sends none; an operator may set JOB_TIMEOUT_* apart on the workers' hosts)
            limit = timeout_of(lane)
            jobs = [dataclasses.replace(job, time_limit=min(job.time_limit, limit) if job.time_limit > 0 else limit)
                    for _, _, job in todo]
            if len(jobs) == 1:
                results = [run_one(jobs[0], lane)]
            else:
                log.info("batch of %d %s jobs: %s", len(jobs), lane, ",".join(j.id for j in jobs))
                stops = begin(jobs, lane)
                # each job asked at its turn: one cancelled or taken over meanwhile is not painted
                # a job that may have crashed a batch pass before is painted alone (its crash its own)
                suspects = {held[eid][1] for eid, n in list(failures.items()) if n > 0 and eid in held}
                results = run_jobs(engine, jobs, cancel=lambda job: stopped_or_timed_out(job, lane),
                                   begin=begun, end=paused, alone=lambda job: job.id in suspects,
                                   together=shared_pass)
                results = [timed_out(job, result, lane, stops) for job, result in zip(jobs, results)]
            current.update(id=None, ids=[])
            tell_at_work(None, False)    # painted: a kill while delivering is no painting's
            state["jobs"] += len(jobs)
            for (stream, eid, job), result in zip(todo, results):
                finish(stream, eid, job.id, checked(stream, eid, job.id, result))
        finally:
            tell_at_work(None, False)
            for _, eid, _ in entries:
                held.pop(eid, None)
                failures.pop(eid, None)
                counted.pop(eid, None)
                stop_excused.discard(eid)
                lost.discard(eid)
            current.update(id=None, ids=[])

    def redis_steady(now: float) -> bool:
        """Redis has answered for BEAT_GRACE on end. Right after an outage every worker's beat
        looks old until it beats again, and every pending entry idle until its worker refreshes
        it (idle time counts on Redis's clock from the last delivery or refresh, and a Redis
        restarted from disk keeps those times, so its downtime counts too): no job is taken from
        a worker that merely could not beat or refresh. Live workers do both within BEAT_GRACE."""
        return link.steady(now)

    def take_from_gone_worker() -> list[tuple[str, str, dict]]:
        for stream in streams.values():             # lanes in priority order
            got = claim_from_gone_worker(r, keys, stream, name, taker, s.redis_beat_grace)
            if got is not None:
                eid, fields, owner = got
                job_id = _s(fields.get(b"id"))
                why = "an earlier worker of this name left it" if owner == name else f"worker {owner} stopped beating"
                # a job killed for memory: its WARNING is take()'s "ran out of memory" (one story, not
                # three lines). Only a line's level: Redis gone now must not drop the entry just claimed
                try:
                    oom = r.exists(keys.oom_killed(job_id))
                except redis.RedisError:
                    oom = False
                log.log(logging.INFO if oom else logging.WARNING, "took over job %s: %s", job_id, why)
                return [(stream, eid, fields)]
        return []

    looked = {"at": -LOOK_AROUND_EVERY, "said": []}

    def look_for_other_prefixes() -> None:
        """Until its first job: jobs that come under another REDIS_PREFIX (said once per set)."""
        now = time.monotonic()
        if state["jobs"] or now - looked["at"] < LOOK_AROUND_EVERY:
            return
        looked["at"] = now
        try:
            others = prefixes_with_jobs(r, keys, lanes)
        except redis.ResponseError:      # a stream deleted between the scan and its look: next time
            return
        if others and others != looked["said"]:
            log.warning("no job has come under REDIS_PREFIX=%s, but jobs come under REDIS_PREFIX=%s: check "
                        "REDIS_PREFIX on the bot and its workers (unless that is another deployment)",
                        keys.p, ", ".join(others))
        looked["said"] = others or looked["said"]

    last_claim = last_gone_check = 0.0
    while not draining.is_set():
        state["last_loop"] = time.monotonic()
        if link.writes_refused:          # no entry taken that could not be started; the heartbeat
            draining.wait(1.0)           # tries a write every beat and says when Redis takes them again
            continue
        try:
            entries: list[tuple[str, str, dict]] = []
            now = time.monotonic()
            steady = redis_steady(now)              # no take-over of either kind until then
            if steady and now - last_gone_check > BEAT_EVERY:
                last_gone_check = now
                entries = take_from_gone_worker()
                if entries:
                    last_gone_check = 0.0         # there may be more
            if not entries and steady and time.monotonic() - last_claim > s.redis_claim_idle / 2:
                last_claim = time.monotonic()
                for stream in streams.values():
                    for eid, fields in taker.autoclaim(stream, claim_ms):
                        log.warning("reclaimed job %s from a silent worker", _s(fields.get(b"id")))
                        entries = [(stream, _s(eid), fields)]
                        last_claim = 0.0          # there may be more
                    if entries:
                        break
            if not entries:
                look_for_other_prefixes()
                after: dict[str, bytes] = {}
                for lane, stream in streams.items():   # lanes in priority order
                    got, after[stream] = taker.read(stream, batch if lane == "fast" else 1)
                    if got:
                        entries = [(stream, _s(eid), f) for eid, f in got]
                        break
                else:                             # none: wait for one; the next round reads it
                    taker.wait(after, 1000)
            fast = streams.get("fast")
            if batch > 1 and 0 < len(entries) < batch and all(e[0] == fast for e in entries):
                time.sleep(BATCH_WINDOW)          # the bot hands jobs over one by one: let a batch fill
                got, _ = taker.read(fast, batch - len(entries))
                entries += [(fast, _s(eid), f) for eid, f in got]
            by_stream: dict[str, list] = {}
            for entry in entries:
                by_stream.setdefault(entry[0], []).append(entry)
            for group in by_stream.values():
                process(group)
            link.ok(writes=False)
            if not aof_said:
                aof_said = check_aof()
        except NameLost:                 # paused while another process claimed the name: not one job more
            give_up_name()
            break
        except redis.RedisError as exc:
            if is_outage(exc):
                draining.wait(link.failed(exc))
                continue
            # NOGROUP: the streams are gone (Redis restarted empty); UNBLOCKED: they went while this
            # worker waited on them (FLUSHALL, DEL, eviction)
            if "NOGROUP" not in str(exc) and "UNBLOCKED" not in str(exc):
                raise
            log.warning("redis has lost the job streams (restarted without its data?); recreating them")
            try:
                ensure_groups()
            except redis.RedisError as exc2:
                if not is_outage(exc2):
                    raise
                draining.wait(link.failed(exc2))
    if ousted.is_set():
        with giving_up:                  # (a give-up under way on the heartbeat: its excuse written first)
            pass
        return 0                         # said in give_up_name; the name's beat is the other's
    try:
        claim.release()
    except redis.RedisError as exc:
        if not is_outage(exc):
            raise
    log.info("worker %s drained; exiting", name)
    return 0
