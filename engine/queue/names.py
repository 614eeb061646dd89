"""One live worker per name. A worker's name is its consumer name in the group and the key of its
heartbeat: two live workers under one name would take each other's jobs (their pending entries
and beats mix). At start a worker claims its name: free, or its last beat older than BEAT_GRACE
(a worker of that name that died: a restarted container keeps its hostname and pid, so its
successor takes its place and its jobs), it is this worker's; a beat younger than that is watched
until it either beats again (a live worker: the name is refused) or grows stale (a dead one)."""
from __future__ import annotations

import threading

# Write the first beat (ARGV[1], TTL ARGV[2] s) unless a worker beat under the key (KEYS[1]) within
# the grace (ARGV[3], in ms). Atomic: of two workers claiming a free name at once, one gets it.
CLAIM_NAME = """
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 or (ttl >= 0 and tonumber(ARGV[2]) * 1000 - ttl <= tonumber(ARGV[3])) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""

WATCH_EVERY = 0.2      # seconds between looks at a beat that may be a live worker's


def claim_name(r, key: str, beat: str, stop: threading.Event, beat_ttl: int, grace: float) -> float | None:
    """Claim the heartbeat key ``key`` with the first beat ``beat``. None when claimed (or when
    ``stop`` is set meanwhile); else the seconds since the live holder's latest beat. Waits at
    most about ``grace``: a live worker beats far more often than that."""
    claim = r.register_script(CLAIM_NAME)
    last = None                  # the age of the beat seen at the previous look
    watched = 0.0
    while not stop.is_set():
        if claim(keys=[key], args=[beat, beat_ttl, int(grace * 1000)]):
            return None
        pttl = r.pttl(key)
        if pttl == -2:
            continue             # it expired or its worker drained meanwhile: claim it now
        age = beat_ttl - pttl / 1000 if pttl >= 0 else 0.0
        if last is not None and age < last - 0.1:
            return age           # it beat again: a live worker holds the name
        if watched > grace + 1:  # no expiry (not a beat of ours) nor a new beat: taken as live
            return age
        last = age
        stop.wait(WATCH_EVERY)
        watched += WATCH_EVERY
    return None
