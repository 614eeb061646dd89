"""engine/redis_worker_parent.py's WorkerParent on its own (no Redis): its children are small
Python scripts standing in for `engine worker --no-supervise`.

- A stop that comes while the child is still starting (before it listens for the parent's
  SIGUSR1: imports, a restart after a kill) ends the parent as a stop does (0), not with the
  child's death by that signal (138: systemd and docker read a failure).
- A child killed over and over as it starts (the out-of-memory killer at its model's load) is
  restarted with a bounded wait, and said once, not once per try.
- Where SIGUSR1 is missing (Windows) the worker's modules still import and it paints in one process.
"""
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from engine.redis_worker_parent import WorkerParent

ROOT = Path(__file__).resolve().parents[2]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status and "State:\tZ" not in status:
                found.append(int(entry.name))
    return found


def start_parent_over_a_starting_child() -> subprocess.Popen:
    """A parent whose child never listens for a signal, as a worker importing its modules does not
    yet (in a process group of their own, as a service's); returned once the child is there."""
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import os, sys\n"
         "from engine.redis_worker_parent import WorkerParent\n"
         "child = [sys.executable, '-c', 'import time; time.sleep(30)']\n"
         "sys.exit(WorkerParent(child, dict(os.environ), lambda ids, likely: None, 'w1').run())\n"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 20
    while not children_of(parent.pid):
        if time.monotonic() > deadline or parent.poll() is not None:
            parent.kill()
            raise AssertionError("no child started: " + parent.communicate()[1][-2000:])
        time.sleep(0.02)
    return parent


def end(parent: subprocess.Popen) -> None:
    if parent.poll() is None:
        os.killpg(parent.pid, signal.SIGKILL)
    parent.wait()


def test_a_stop_while_the_child_starts_ends_the_parent_as_a_stop():
    parent = start_parent_over_a_starting_child()
    try:
        parent.send_signal(signal.SIGTERM)               # docker stop: the parent alone
        assert parent.wait(10) == 0, parent.stderr.read()[-2000:]
    finally:
        end(parent)


def test_a_stop_of_the_whole_group_while_the_child_starts_ends_the_parent_as_a_stop():
    # systemctl stop (SIGTERM to every process of the service) or a terminal's Ctrl-C: the child
    # dies of the signal itself, not listening yet; the service stopped cleanly all the same
    for signum in (signal.SIGTERM, signal.SIGINT):
        parent = start_parent_over_a_starting_child()
        try:
            os.killpg(parent.pid, signum)
            assert parent.wait(10) == 0, (signum, parent.stderr.read()[-2000:])
        finally:
            end(parent)


def test_a_child_killed_as_it_starts_is_restarted_with_a_bounded_wait_and_said_once(tmp_path, caplog):
    starts = tmp_path / "starts"
    # killed (SIGKILL, as the out-of-memory killer kills) at its first three starts; the fourth drains
    child = [sys.executable, "-c",
             "import os, signal, sys\n"
             "from pathlib import Path\n"
             "p = Path(sys.argv[1])\n"
             "n = int(p.read_text()) + 1 if p.exists() else 1\n"
             "p.write_text(str(n))\n"
             "if n < 4:\n"
             "    os.kill(os.getpid(), signal.SIGKILL)\n",
             str(starts)]
    marked = []
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.INFO, logger="engine.worker"):
            parent = WorkerParent(child, dict(os.environ), lambda ids, likely: marked.append(ids), "w1",
                                  first_wait=0.01, longest_wait=0.04)
            began = time.monotonic()
            assert parent.run() == 0
            took = time.monotonic() - began
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
    assert starts.read_text() == "4"
    assert marked == []                              # it painted nothing
    restarts = [r for r in caplog.records if "restarting" in r.getMessage()]
    assert len(restarts) == 1, [r.getMessage() for r in caplog.records]
    assert restarts[0].levelno == logging.WARNING
    assert took < 10                                 # waits of 0.01, 0.02, 0.04 s, not 0.5, 1, 2


def test_without_sigusr1_the_worker_imports_and_paints_in_one_process():
    # Windows has no SIGUSR1/SIGUSR2: the bot imports redis_streams there too
    check = subprocess.run(
        [sys.executable, "-c",
         "import signal\n"
         "del signal.SIGUSR1, signal.SIGUSR2\n"
         "import engine.queue.redis_streams, engine.worker_cli\n"
         "from engine.redis_worker_parent import can_supervise\n"
         "assert not can_supervise()\n"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr[-2000:]


def test_a_child_crashed_by_a_signal_ends_the_parent_with_one_line_naming_it(caplog):
    # a SIGSEGV (a driver or decoder crashing in native code) is no out-of-memory kill: not restarted,
    # the parent ends as the child did, and says why in one line
    child = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"]
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.INFO, logger="engine.worker"):
            status = WorkerParent(child, dict(os.environ), lambda ids, likely: None, "w1", first_wait=0.01).run()
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
    assert status == 128 + signal.SIGSEGV
    lines = [r for r in caplog.records if "SIGSEGV" in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    assert lines[0].levelno == logging.ERROR
    assert "w1" in lines[0].getMessage() and "139" in lines[0].getMessage()


def killed_once_while_painting(starts) -> list[str]:
    """A child that says it paints job j1 and is killed (SIGKILL) at its first start; the next drains."""
    return [sys.executable, "-c",
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "p = Path(sys.argv[1])\n"
            "n = int(p.read_text()) + 1 if p.exists() else 1\n"
            "p.write_text(str(n))\n"
            "if n == 1:\n"
            "    os.write(int(os.environ['ENGINE_WORKER_REPORT_FD']), b'[\"j1\"]\\n')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n",
            str(starts)]


def run_parent(child, mark, caplog, **options) -> int:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.INFO, logger="engine.worker"):
            return WorkerParent(child, dict(os.environ), mark, "w1", first_wait=0.01, mark_retry_every=0.05,
                                **options).run()
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])


def test_a_mark_redis_was_away_for_is_written_once_it_answers_and_said_once(tmp_path, caplog):
    import redis

    tries = []

    def mark(job_ids, likely):
        tries.append(list(job_ids))
        if len(tries) < 3:                       # Redis away at the kill, back at the third try
            raise redis.ConnectionError("Error 111 connecting to localhost:6379. Connection refused.")

    assert run_parent(killed_once_while_painting(tmp_path / "starts"), mark, caplog, mark_grace=5) == 0
    assert tries == [["j1"]] * 3
    assert (tmp_path / "starts").read_text() == "2"          # restarted after the mark
    said = [r.getMessage() for r in caplog.records]
    outcomes = [line for line in said if "ran out of memory" in line]
    assert len(outcomes) == 1 and "next start says what becomes of it" in outcomes[0], said
    assert "Redis took the mark after" in outcomes[0], said
    assert not any("at its size" in line for line in said), said


def test_a_mark_redis_refuses_while_answering_is_given_up_after_the_grace(tmp_path, caplog):
    import redis

    tries = []

    def mark(job_ids, likely):
        tries.append(list(job_ids))
        raise redis.ResponseError("NOPERM this user has no permissions to run the 'set' command")

    began = time.monotonic()
    assert run_parent(killed_once_while_painting(tmp_path / "starts"), mark, caplog, mark_grace=0.3) == 0
    assert time.monotonic() - began >= 0.3 and len(tries) > 1
    said = [r.getMessage() for r in caplog.records]
    outcomes = [line for line in said if "ran out of memory" in line]
    assert len(outcomes) == 1 and "could not be marked" in outcomes[0] and "at its size" in outcomes[0], said
    assert "NOPERM" in outcomes[0]
    assert not any("what becomes of it" in line for line in said), said
