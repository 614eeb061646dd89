"""`engine worker --help` lists every setting an operator of a Redis worker tunes (REDIS_BEAT_GRACE
and DRAIN_TIMEOUT were missing: README and .env.example named them, the help did not) and the exit
status of a painting process crashed by a signal (139 for SIGSEGV: the parent ends as its child)."""
import subprocess
import sys


def worker_help() -> str:
    out = subprocess.run([sys.executable, "-m", "engine", "worker", "--help"], capture_output=True, text=True,
                         timeout=120, env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"}).stdout
    return " ".join(out.split())


def test_the_help_names_the_worker_settings_and_the_crash_exit_status():
    said = worker_help()
    settings = said[said.index("Settings from the environment"):]
    for setting in ("REDIS_BEAT_GRACE", "DRAIN_TIMEOUT", "REDIS_CLAIM_IDLE", "QUEUE_MAX_ATTEMPTS"):
        assert setting in settings, settings[:1500]
    assert "139: SIGSEGV" in said, said[-1500:]
