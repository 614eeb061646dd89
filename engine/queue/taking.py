"""How a Redis worker takes entries of the job streams: only while its name is its own.

Each read (XREADGROUP) and each claim (XCLAIM, XAUTOCLAIM) is one script that first looks at the
token in the worker's beat (names.py): a worker paused until a successor claimed its name, and
woken between two looks at its beat, would otherwise read a new entry under the name it lost, and
the successor would take that entry over only once it is idle BEAT_GRACE. Nor does a worker wait
for new entries with a blocking XREADGROUP: Redis would hand an entry added during the wait to a
worker paused in it. It waits with XREAD, which reads and takes nothing, and then reads as above.
(Every idle worker wakes for a new entry, and all but one then read nothing: a call each per job.)
"""
from __future__ import annotations

from .names import HOLDER

# The scripts below: KEYS[1] the name's beat, KEYS[2] the stream; ARGV[1] the worker's token,
# ARGV[2] the group, ARGV[3] the consumer. Each answers {0} (and does nothing) when another token
# holds the name; else {1, the entries taken}.
_UNLESS_OUSTED = HOLDER + """
local other = holder(KEYS[1])
if other and other ~= ARGV[1] then return {0} end
"""

# Up to ARGV[4] new entries; with none, {1, {}, the stream's last id}: a wait for new ones starts there.
READ_IF_NAMED = _UNLESS_OUSTED + """
local got = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4], 'STREAMS', KEYS[2], '>')
if got then return {1, got[1][2]} end
local info = redis.call('XINFO', 'STREAM', KEYS[2])
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then return {1, {}, info[i + 1]} end
end
return {1, {}, '0-0'}
"""

# Entry ARGV[4], if it has been idle ARGV[5] ms.
CLAIM_IF_NAMED = _UNLESS_OUSTED + """
return {1, redis.call('XCLAIM', KEYS[2], ARGV[2], ARGV[3], ARGV[5], ARGV[4])}
"""

# The first entry idle ARGV[4] ms, if any.
AUTOCLAIM_IF_NAMED = _UNLESS_OUSTED + """
return {1, redis.call('XAUTOCLAIM', KEYS[2], ARGV[2], ARGV[3], ARGV[4], '0-0', 'COUNT', 1)[2]}
"""


class NameLost(Exception):
    """Another process holds the worker's name now: nothing was taken."""


def _entries(rows) -> list[tuple[bytes, dict]]:
    """A script's raw entries ([id, [field, value, ...]]) as redis-py gives XREADGROUP's. A deleted
    entry (nil, or no fields) is left out."""
    out = []
    for row in rows or []:
        if row and row[1]:
            flat = iter(row[1])
            out.append((row[0], dict(zip(flat, flat))))
    return out


class Taker:
    """The reads and claims of one worker process, each made only while ``name_claim`` (its
    ``NameClaim``) holds its name; ``NameLost`` when another process does."""

    def __init__(self, r, name_claim, group: str, consumer: str) -> None:
        self.r, self.name_claim, self.group, self.consumer = r, name_claim, group, consumer
        self._read = r.register_script(READ_IF_NAMED)
        self._claim = r.register_script(CLAIM_IF_NAMED)
        self._autoclaim = r.register_script(AUTOCLAIM_IF_NAMED)

    def _run(self, script, stream: str, *args) -> list:
        held = self.name_claim
        answer = script(keys=[held.key, stream], args=[held.token, self.group, self.consumer, *args])
        if not answer[0]:
            raise NameLost()
        return answer

    def read(self, stream: str, count: int) -> tuple[list[tuple[bytes, dict]], bytes | None]:
        """Up to ``count`` new entries; with none, the stream's last id as well (for ``wait``)."""
        answer = self._run(self._read, stream, count)
        return _entries(answer[1]), (answer[2] if len(answer) > 2 else None)

    def claim(self, stream: str, entry_id, min_idle_ms: int) -> list[tuple[bytes, dict]]:
        """The entry, if it has been idle ``min_idle_ms`` (atomic: of two workers, one gets it)."""
        return _entries(self._run(self._claim, stream, entry_id, min_idle_ms)[1])

    def autoclaim(self, stream: str, min_idle_ms: int) -> list[tuple[bytes, dict]]:
        """The first entry of the stream idle ``min_idle_ms``, if any (XAUTOCLAIM)."""
        return _entries(self._run(self._autoclaim, stream, min_idle_ms)[1])

    def wait(self, after: dict[str, bytes], block_ms: int) -> None:
        """Until an entry is added to one of the streams after its id in ``after`` (the ids
        ``read`` answered), or ``block_ms`` passed. Takes nothing: the next ``read`` does."""
        self.r.xread(after, count=1, block=block_ms)
