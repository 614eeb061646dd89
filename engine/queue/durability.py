"""Whether Redis keeps what the queue wrote across its own crash or restart, said once at start by
the bot and by each worker. Without AOF (``appendonly no``, redis-server's default) a Redis that
crashes comes back from its last RDB snapshot (minutes to an hour old) or empty: jobs delivered
since the snapshot are pending again there, and a worker paints them again (an /hq one: minutes);
results written since are gone. The bot and the workers recover from either, at that cost."""
from __future__ import annotations

import logging

from .link import is_outage, reason

NO_AOF = ("redis runs without AOF (appendonly no): after a crash or restart it comes back from its last "
          "snapshot or empty, so jobs delivered since may be painted again and paintings not yet read "
          "are painted again or lost; turn it on with 'appendonly yes' (redis.conf, or CONFIG SET appendonly "
          "yes then CONFIG REWRITE; docker-compose.yml's redis runs with --appendonly yes)")


def _appendonly(answer) -> str | None:
    """CONFIG GET appendonly's value ("yes"/"no"), as redis-py answers it (a dict); None if absent."""
    value = (answer or {}).get("appendonly", (answer or {}).get(b"appendonly"))
    return value.decode() if isinstance(value, bytes) else value


def say(answer, log: logging.Logger) -> None:
    """One WARNING when ``answer`` (CONFIG GET appendonly's) says AOF is off; nothing otherwise."""
    if _appendonly(answer) == "no":
        log.warning("%s", NO_AOF)


def say_unknown(exc: BaseException, log: logging.Logger) -> bool:
    """CONFIG refused (a managed Redis disables or renames it, an ACL user without it): one INFO
    line, True. False for an outage (the caller tries again once Redis answers)."""
    if is_outage(exc):
        return False
    log.info("redis does not say whether it runs with AOF (CONFIG GET appendonly: %s); without it, jobs "
             "may be painted twice or lost after a Redis crash", reason(exc))
    return True


def check(r, log: logging.Logger) -> bool:
    """The worker's look (a blocking client); True once it is said (or need not be)."""
    import redis

    try:
        say(r.config_get("appendonly"), log)
    except redis.RedisError as exc:
        return say_unknown(exc, log)
    return True


async def check_async(r, log: logging.Logger) -> bool:
    """The bot's look (an asyncio client); True once it is said (or need not be)."""
    import redis

    try:
        say(await r.config_get("appendonly"), log)
    except redis.RedisError as exc:
        return say_unknown(exc, log)
    return True
