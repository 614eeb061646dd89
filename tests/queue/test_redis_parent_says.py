"""What `engine worker`'s parent (engine/redis_worker_parent.py) tells the operator, no Redis: one
INFO line at its start (it logged nothing, so an operator could not tell a watched worker from an
unwatched one), one WARNING per memory kill in the take-over's words, and its count of memory
restarts handed to each child (the child's /metrics start afresh at each restart)."""
import logging
import os
import signal
import sys

from engine.redis_worker_parent import MEMORY_RESTARTS_ENV, WorkerParent, memory_restarts


def killed_once_while_painting(starts, seen) -> list[str]:
    """A child that notes the restarts its parent counted, says it paints j1 and is killed
    (SIGKILL) at its first start; the next one ends at once."""
    return [sys.executable, "-c",
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "p, seen = Path(sys.argv[1]), Path(sys.argv[2])\n"
            "n = int(p.read_text()) + 1 if p.exists() else 1\n"
            "p.write_text(str(n))\n"
            f"seen.write_text(seen.read_text() + os.environ['{MEMORY_RESTARTS_ENV}'] + ' ' if seen.exists() "
            f"else os.environ['{MEMORY_RESTARTS_ENV}'] + ' ')\n"
            "if n == 1:\n"
            "    os.write(int(os.environ['ENGINE_WORKER_REPORT_FD']), b'[\"j1\"]\\n')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n",
            str(starts), str(seen)]


def run_parent(child, caplog, mark=lambda ids, likely: None) -> int:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.DEBUG, logger="engine.worker"):
            return WorkerParent(child, dict(os.environ), mark, "w1", first_wait=0.01, mark_retry_every=0.05).run()
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])


def test_the_parent_says_once_at_its_start_that_it_watches_its_painting_process(tmp_path, caplog):
    assert run_parent(killed_once_while_painting(tmp_path / "starts", tmp_path / "seen"), caplog) == 0
    assert (tmp_path / "starts").read_text() == "2"            # restarted once: still said once
    watching = [r for r in caplog.records if "watching its painting process" in r.getMessage()]
    assert len(watching) == 1, [r.getMessage() for r in caplog.records]
    assert watching[0].levelno == logging.INFO
    said = watching[0].getMessage()
    assert said.startswith("worker w1: ") and "(pid " in said and "out-of-memory kill restarts it" in said


def test_a_memory_kill_is_one_warning_in_the_take_overs_words(tmp_path, caplog):
    marked = []
    assert run_parent(killed_once_while_painting(tmp_path / "starts", tmp_path / "seen"), caplog,
                      lambda ids, likely: marked.append((ids, likely))) == 0
    assert marked == [(["j1"], True)]          # (likely: the take-over's lines say so too)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    # (no oom_kill counter read in tests: "likely", test_oom_evidence_redis.py has the others)
    assert warnings[0].startswith("job j1 likely ran out of memory") and "worker w1" in warnings[0]
    # what becomes of the job is the next start's to say: no size promised here
    assert "next start says what becomes of it" in warnings[0] and "half the pixels" not in warnings[0]
    assert "attempt" not in warnings[0] and "crash" not in warnings[0]


def test_each_child_is_told_how_often_its_parent_restarted_one_after_a_memory_kill(tmp_path, caplog, monkeypatch):
    assert run_parent(killed_once_while_painting(tmp_path / "starts", tmp_path / "seen"), caplog) == 0
    assert (tmp_path / "seen").read_text().split() == ["0", "1"]
    monkeypatch.setenv(MEMORY_RESTARTS_ENV, "3")
    assert memory_restarts() == 3
    monkeypatch.setenv(MEMORY_RESTARTS_ENV, "x")
    assert memory_restarts() == 0
    monkeypatch.delenv(MEMORY_RESTARTS_ENV)
    assert memory_restarts() == 0
