"""`python -m bot usage` printed "mean_seconds": 8.478064516129031: seconds are rounded to hundredths."""
from __future__ import annotations

import json
import time

from bot.store import Store

from tests.bot.test_main import _usage


def test_usage_rounds_the_mean_seconds(tmp_path):
    store = Store(tmp_path / "data")
    for i, seconds in enumerate((8.1, 8.2, 9.134193548387093)):
        store.record_job(id=f"j{i}", user_id="tg:1", chat_id="tg:1", platform="tg", command="/style gogh",
                         styles=["gogh"], method="fast", alpha=1.0, max_side=512, created=time.time(),
                         seconds=seconds, ok=True, error_key=None)
    store.close()
    r = _usage(tmp_path, tmp_path / "data", "30")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"jobs": 3, "users": 1, "failed": 0, "mean_seconds": 8.48, "refused_busy": 0}
    assert '"mean_seconds": 8.48\n' in r.stdout
