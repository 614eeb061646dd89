""""redis at ... is reachable again" (and "takes writes again") was logged at WARNING: the end of
an outage is no problem any more, and an operator's alert on warnings fired for it. INFO now; the
outage itself stays a WARNING."""
import logging

import redis

from engine.queue.link import Link


def test_the_end_of_an_outage_is_info_its_start_a_warning(caplog):
    link = Link("redis://127.0.0.1:6379/0", logging.getLogger("engine.queue.redis"))
    with caplog.at_level(logging.INFO, "engine.queue.redis"):
        link.failed(redis.ConnectionError("Connection refused"))
        link.ok()
        link.failed(redis.exceptions.OutOfMemoryError("command not allowed when used memory > 'maxmemory'."))
        link.ok()
    said = [(r.levelno, r.getMessage().split(" (")[0].split(" after ")[0]) for r in caplog.records]
    assert said == [(logging.WARNING, "redis at redis://127.0.0.1:6379/0 is unreachable"),
                    (logging.INFO, "redis at redis://127.0.0.1:6379/0 is reachable again"),
                    (logging.WARNING, "redis at redis://127.0.0.1:6379/0 refuses writes"),
                    (logging.INFO, "redis at redis://127.0.0.1:6379/0 takes writes again")], said
