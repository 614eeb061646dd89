"""With QUEUE_MAX_ATTEMPTS=1, a worker that died in a batch pass (host OOM, a CUDA fault)
dead-lettered every job of the batch: the pass is the work of all of them, so each counted one
failed start and had none left, and the three innocent batch-mates' users got the apology with the
crasher's. A start counted in a batch pass with batch-mates now leaves the job one try alone (as
any job with a counted start is painted alone next time): the batch-mates are painted, and the
crasher, crashing alone too, is dead-lettered. Real redis-server, the ops17 batching fake engine."""
import pytest

from tests.queue.test_batch_counting import batch_then_takeover

pytestmark = pytest.mark.slow


async def test_with_one_attempt_a_crash_in_the_batch_pass_dead_letters_only_the_crasher(redis_url):
    crashed, others = await batch_then_takeover(redis_url, "crash-batch", "1")
    assert [(r.ok, r.error_key) for r in others] == [(True, None)] * 3, others
    assert crashed.error_key == "dead_letter", crashed
