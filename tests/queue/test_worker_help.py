"""`engine worker --help` listed the worker's exit statuses (0, 2, 3, 130/143) but not 4, the one a
worker whose painting froze (no step for FROZEN_S) exits with since 87a7db9: an operator whose
supervisor or alert keys on the status found 4 nowhere in the help. It is listed now."""
import subprocess
import sys

from engine.queue.redis_streams import EXIT_FROZEN


def test_the_help_names_the_frozen_exit_status():
    out = subprocess.run([sys.executable, "-m", "engine", "worker", "--help"], capture_output=True, text=True,
                         timeout=120, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"}).stdout
    said = " ".join(out.split())
    assert f"{EXIT_FROZEN} its painting made no step for" in said, said[-1500:]
