"""The load test's fairness bounds follow the queue's MAX_PENDING_PER_USER (each user's waiting jobs
no newcomer goes ahead of), which QueueSettings reads from the environment and .env as the bot
does: they used the scheduler's default 2, and a run on a host whose .env raised it failed bounds
the queue never promised."""
import pytest

from bench.load_test import report, run
from tests.queue.conftest import FAKE

pytestmark = pytest.mark.slow


async def test_the_bounds_follow_a_raised_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("MAX_PENDING_PER_USER", "4")
    fig = await run(jobs=60, users=8, side=64, factory=FAKE, late_users=1, db=str(tmp_path / "q.sqlite3"))
    assert fig["lost"] == 0 and fig["twice"] == 0 and fig["failed"] == 0
    assert fig["violations"] == []
    said = report(fig)
    assert "PASS" in said and "k + 4" in said, said
