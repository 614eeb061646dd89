"""A Redis worker's own JOB_TIMEOUT_FAST (set on its host) shorter than the bot's, or a bot of
a release before Job.time_limit (which sends none): the worker stops a refining job at its own
limit all the same, so the refining's deadline has to end before that one too, else the user
reads 'timeout' where the painting so far was there to deliver."""
from __future__ import annotations

import pytest

from tests.queue.deadline_helpers import assert_painted_within, redis_worker_and_bot

FACTORY = "tests.queue.test_refine_timeout:make_slow_engine"


@pytest.mark.slow
async def test_a_worker_with_a_shorter_limit_than_the_bots_delivers_the_painting(redis_url):
    worker_limit = 10.0
    async with redis_worker_and_bot(redis_url, FACTORY, {"job_timeout_fast": 120.0},
                                    ENGINE_REFINE_STEPS="200", JOB_TIMEOUT_FAST=str(worker_limit)) as q:
        await assert_painted_within(q, worker_limit)
