"""`python -m engine worker` loaded its engine (seconds, about 1 GB) before finding that Redis refuses
the password or database in its URL, then stopped on it (exit 2). It asks Redis first now: the
same one line, exit 2, and no engine built. A Redis that answers gets its engine as before.
Real redis-server."""
import os
import time

import pytest

from tests.queue.fakes import make_engine
from tests.queue import test_submit_refused as refused
from tests.queue.test_redis import start_worker, stop

pytestmark = pytest.mark.slow

guarded = refused.guarded          # a fixture: a redis-server whose password is s3cret

FACTORY = f"{__name__}:marking_engine"


def marking_engine(device=None):
    """The fake engine, leaving a file behind once built."""
    with open(os.environ["OPS23_BUILT"], "a") as built:
        built.write("built\n")
    return make_engine(device)


@pytest.mark.parametrize("url", ["redis://:wrong-pw@127.0.0.1:{port}/0", "redis://:s3cret@127.0.0.1:{port}/99"])
def test_a_refused_url_stops_the_worker_before_its_engine_is_built(guarded, tmp_path, url):
    marker = tmp_path / "built"
    worker = start_worker(url.format(port=guarded), "w", factory=FACTORY, OPS23_BUILT=str(marker))
    try:
        assert worker.wait(60) == 2
    finally:
        stop([worker])
    err = worker.stderr.read()
    assert ("refused the credentials" in err or "has no database 99" in err) and "Traceback" not in err, err
    assert "wrong-pw" not in err and "s3cret" not in err
    assert not marker.exists(), "the engine was built before Redis was asked"


def test_a_redis_that_answers_gets_its_engine_built(guarded, tmp_path):
    marker = tmp_path / "built"
    worker = start_worker(f"redis://:s3cret@127.0.0.1:{guarded}/0", "w", factory=FACTORY, OPS23_BUILT=str(marker))
    try:
        for _ in range(600):
            if marker.exists() or worker.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists() and worker.poll() is None, worker.stderr.read() if worker.poll() is not None else ""
    finally:
        stop([worker])
    assert worker.returncode == 0, worker.stderr.read()[-3000:]
