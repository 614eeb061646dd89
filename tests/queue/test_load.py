"""The load test's code on a small scale with the fake engine (the real run: `python -m bench.load_test`)."""
import pytest

from bench.load_test import report, run
from tests.queue.conftest import FAKE

pytestmark = pytest.mark.slow


async def test_small_load_run_is_fair_and_loses_nothing(tmp_path):
    fig = await run(jobs=60, users=8, side=64, factory=FAKE, late_users=1, db=str(tmp_path / "q.sqlite3"))
    assert fig["lost"] == 0 and fig["twice"] == 0 and fig["failed"] == 0
    assert fig["violations"] == []
    assert "PASS" in report(fig)
