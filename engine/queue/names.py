"""One live worker per name. A worker's name is its consumer name in the group and the key of its
heartbeat: two live workers under one name would take each other's jobs (their pending entries
and beats mix). At start a worker claims its name: free, or its last beat older than BEAT_GRACE
(a worker of that name that died: a restarted container keeps its hostname and pid, so its
successor takes its place and its jobs), it is this worker's; a beat younger than that is watched
until it either beats again (a live worker: the name is refused) or grows stale (a dead one).

A claim is one process's: each beat carries the process's token (``NameClaim``), and a beat goes
out only while the key holds that token (or none: expired, or Redis restarted empty). A worker
paused past the grace (SIGSTOP, a frozen VM) whose name a restarted successor claimed meanwhile
finds the other's token at its next beat: it gives the name up instead of beating under it too."""
from __future__ import annotations

import json
import threading
import uuid

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


# The key's holder, by the token in its beat: "" for a beat without one (not a beat of this
# version), nil for no key. Shared by the scripts below.
HOLDER = """
local function holder(key)
  local raw = redis.call('GET', key)
  if not raw then return nil end
  local ok, beat = pcall(cjson.decode, raw)
  if ok and type(beat) == 'table' and type(beat['token']) == 'string' then return beat['token'] end
  return ''
end
"""

# Beat (ARGV[1], TTL ARGV[3] s) under KEYS[1] unless another token than ARGV[2] holds it; answers
# the other token, or nil when beaten. Atomic: no claim falls between the look and the write.
BEAT_IF_MINE = HOLDER + """
local other = holder(KEYS[1])
if other and other ~= ARGV[2] then return other end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return false
"""

# Delete the beat KEYS[1] only if token ARGV[1] holds it: a drained worker must not delete the
# beat of the successor that took its name.
RELEASE_IF_MINE = HOLDER + """
if holder(KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class NameClaim:
    """One worker process's hold on its name: a token (uuid4) written with each of its beats."""

    def __init__(self, r, key: str, beat_ttl: int) -> None:
        self.r, self.key, self.ttl = r, key, beat_ttl
        self.token = uuid.uuid4().hex
        self._beat = r.register_script(BEAT_IF_MINE)
        self._release = r.register_script(RELEASE_IF_MINE)

    def payload(self, beat: dict) -> str:
        return json.dumps({**beat, "token": self.token})

    def claim(self, beat: dict, stop: threading.Event, grace: float) -> float | None:
        """As ``claim_name``, with this process's token in the first beat."""
        return claim_name(self.r, self.key, self.payload(beat), stop, self.ttl, grace)

    def beat(self, beat: dict) -> bool:
        """Beat; False (nothing written) when another process holds the name now."""
        return self._beat(keys=[self.key], args=[self.payload(beat), self.token, self.ttl]) is None

    def held(self) -> bool:
        """Whether the name is still this process's: its token in the beat, or no beat at all."""
        raw = self.r.get(self.key)
        if raw is None:
            return True
        try:
            return json.loads(raw).get("token") == self.token
        except (ValueError, AttributeError):
            return False

    def release(self) -> None:
        self._release(keys=[self.key], args=[self.token])
