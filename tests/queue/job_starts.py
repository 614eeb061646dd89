"""How many times workers started a job, for tests that count take-overs. Its attempts key says it
while the job runs; once the bot's journal holds the job's outcome, the bot deletes its keys
(RedisQueue._settle), and the workers' events say it instead: each start after the first is a
"retry" event naming its attempt. (A start that paints nothing, answered at once as dead-lettered,
cancelled or expired, says no "retry": counted from the events, such a job shows one start less.)"""
import redis

from engine.queue.redis_streams import Keys

KEYS = Keys("paintbot")


def starts(r_or_url, job_id: str) -> int:
    r = redis.Redis.from_url(r_or_url) if isinstance(r_or_url, str) else r_or_url
    counted = r.get(KEYS.attempts(job_id))
    if counted is not None:
        return int(counted)
    began = 0
    for _, fields in r.xrange(KEYS.events):
        if fields.get(b"id", b"").decode() != job_id:
            continue
        if fields.get(b"type") == b"retry":
            began = max(began, int(fields[b"attempt"]))
        elif fields.get(b"type") in (b"started", b"done"):
            began = max(began, 1)
    return began
