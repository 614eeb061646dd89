"""engine/oom_evidence.py on fake cgroup and /proc folders: which oom_kill counter it reads for a
process, and what a SIGKILL was from the counter read before it and after it."""
import os

import pytest

from engine import oom_evidence as ev

PID = 4242


@pytest.fixture(autouse=True)
def counters_found_not_named(monkeypatch):
    monkeypatch.delenv(ev.COUNTERS_ENV, raising=False)     # (tests/conftest.py names none)


def machine(tmp_path, cgroup_lines: str, files: dict[str, str], vmstat: str | None = None):
    """A fake /sys/fs/cgroup and /proc: PID's /proc/PID/cgroup, the given cgroup files."""
    root, proc = tmp_path / "cgroup", tmp_path / "proc"
    (proc / str(PID)).mkdir(parents=True)
    (proc / str(PID) / "cgroup").write_text(cgroup_lines)
    (proc / "self").mkdir()
    (proc / "self" / "cgroup").write_text("0::/elsewhere\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if vmstat is not None:
        (proc / "vmstat").write_text(vmstat)
    return root, proc


def events(kills: int) -> str:
    return f"low 0\nhigh 0\nmax 3\noom 1\noom_kill {kills}\noom_group_kill 0\n"


def oom_control(kills: int) -> str:
    return f"oom_kill_disable 0\nunder_oom 0\noom_kill {kills}\n"


def test_cgroup_v2_its_own_memory_events_unchanged_is_not_memory(tmp_path):
    root, proc = machine(tmp_path, "0::/system.slice/paintbot.service\n", {
        "system.slice/paintbot.service/memory.events": events(2),
        "system.slice/memory.events": events(7)})
    own = root / "system.slice/paintbot.service/memory.events"
    assert ev.counter_files(PID, root, proc) == [str(own)]
    before = ev.snapshot(PID, root, proc)
    verdict = ev.judge(before)
    assert (verdict.kind, verdict.for_memory) == (ev.NOT_MEMORY, False)
    assert verdict.words == "not the out-of-memory killer: memory.events oom_kill unchanged"
    own.write_text(events(3))
    verdict = ev.judge(before)
    assert (verdict.kind, verdict.for_memory, verdict.certain) == (ev.MEMORY, True, True)
    assert verdict.words == "the out-of-memory killer: memory.events oom_kill went from 2 to 3"


def test_a_container_sees_its_own_cgroup_at_the_root_under_another_name(tmp_path):
    """No cgroup namespace: /proc says /docker/abc, the mount shows that cgroup at its root."""
    root, proc = machine(tmp_path, "0::/docker/abc\n", {"memory.events": events(0)})
    assert ev.counter_files(PID, root, proc) == [str(root / "memory.events")]


def test_cgroup_v1_memory_oom_control_in_a_hybrid_mount(tmp_path):
    """This machine's kind: the memory controller on v1, a unified v2 mount without it."""
    root, proc = machine(tmp_path, "4:memory:/process_api/ee93\n2:cpu,cpuacct:/\n0::/\n", {
        "memory/process_api/ee93/memory.oom_control": oom_control(0),
        "memory/memory.oom_control": oom_control(5),
        "unified/cgroup.procs": "1\n"})
    own = root / "memory/process_api/ee93/memory.oom_control"
    assert ev.counter_files(PID, root, proc) == [str(own)]
    before = ev.snapshot(PID, root, proc)
    assert ev.judge(before).words == "not the out-of-memory killer: memory.oom_control oom_kill unchanged"
    own.write_text(oom_control(1))
    assert ev.judge(before).kind == ev.MEMORY


def test_a_cgroup_v1_ancestor_counts_only_when_the_process_is_its_own(tmp_path):
    """v1's oom_kill is not hierarchical: an ancestor's would miss a kill in a child cgroup."""
    files = {"memory/memory.oom_control": oom_control(0), "memory/cgroup.procs": "1\n77\n"}
    root, proc = machine(tmp_path, "4:memory:/docker/abc\n", files, vmstat="pgfault 9\noom_kill 11\n")
    assert ev.counter_files(PID, root, proc) == [str(proc / "vmstat")]       # not listed: the machine's
    (root / "memory/cgroup.procs").write_text(f"1\n{PID}\n")
    assert ev.counter_files(PID, root, proc) == [str(root / "memory/memory.oom_control")]


def test_without_a_cgroup_counter_the_machines_vmstat_is_read(tmp_path):
    root, proc = machine(tmp_path, "0::/\n", {"cgroup.procs": "1\n"}, vmstat="pgfault 9\noom_kill 11\n")
    before = ev.snapshot(PID, root, proc)
    assert before.values == {str(proc / "vmstat"): 11}
    assert ev.judge(before).words == "not the out-of-memory killer: /proc/vmstat oom_kill unchanged"


def test_nothing_to_read_is_unknown_and_taken_as_likely_memory(tmp_path):
    """macOS, a container without the cgroup filesystem or /proc: as before, a SIGKILL is memory's."""
    root, proc = tmp_path / "none", tmp_path / "no-proc"
    assert ev.counter_files(PID, root, proc) == []
    verdict = ev.judge(ev.snapshot(PID, root, proc))
    assert (verdict.kind, verdict.for_memory, verdict.certain) == (ev.UNKNOWN, True, False)
    assert verdict.words == "likely out of memory: no oom_kill counter to tell"
    assert ev.judge(None).kind == ev.UNKNOWN


def test_a_counter_gone_or_reset_since_is_unknown(tmp_path):
    root, proc = machine(tmp_path, "0::/a\n", {"a/memory.events": events(4)})
    before = ev.snapshot(PID, root, proc)
    (root / "a/memory.events").write_text(events(0))                      # a cgroup made anew
    assert ev.judge(before).words == "likely out of memory: memory.events could not be read again"
    (root / "a/memory.events").unlink()
    assert ev.judge(before).kind == ev.UNKNOWN


def test_a_gone_process_is_looked_up_as_this_one(tmp_path):
    root, proc = machine(tmp_path, "0::/a\n", {"elsewhere/memory.events": events(0), "a/memory.events": events(0)})
    assert ev.counter_files(9999, root, proc) == [str(root / "elsewhere/memory.events")]


def test_the_environment_names_the_files_or_none(tmp_path, monkeypatch):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one, two = tmp_path / "one" / "memory.events", tmp_path / "two" / "memory.oom_control"
    one.write_text(events(1))
    two.write_text(oom_control(0))
    monkeypatch.setenv(ev.COUNTERS_ENV, f"{one}:{two}")
    before = ev.snapshot()
    assert before.values == {str(one): 1, str(two): 0}
    two.write_text(oom_control(1))
    assert ev.judge(before).words == "the out-of-memory killer: memory.oom_control oom_kill went from 0 to 1"
    monkeypatch.setenv(ev.COUNTERS_ENV, "")
    assert ev.judge(ev.snapshot()).kind == ev.UNKNOWN


def test_this_machine_reads_whatever_it_has(monkeypatch):
    """The real files, whichever exist: a reading, then the same verdict as nothing happened."""
    before = ev.snapshot()
    assert ev.judge(before).kind == (ev.NOT_MEMORY if before.values else ev.UNKNOWN)



def test_a_cgroup_line_it_cannot_make_sense_of_is_unknown_never_an_error(tmp_path):
    """snapshot() runs in the supervisor as each job is handed over (and in a Redis worker's parent
    before each start): whatever it meets there, the job is painted, and a SIGKILL is judged."""
    root, proc = machine(tmp_path, "0::system.slice/odd\n", {"memory.events": events(0)})   # not from "/"
    (proc / "self" / "cgroup").write_text("0::system.slice/odd\n")
    before = ev.snapshot(PID, root, proc)
    assert before.values == {}
    assert ev.judge(before).kind == ev.UNKNOWN


def test_a_cgroup_named_in_bytes_that_are_not_utf8_is_found(tmp_path):
    """A cgroup's name is any bytes: /proc/PID/cgroup is not always UTF-8 text."""
    root, proc = machine(tmp_path, "", {"memory.events": events(5)})
    (proc / str(PID) / "cgroup").write_bytes(b"0::/caf\xe9\n")
    own = os.path.join(os.fsencode(root), b"caf\xe9")
    os.mkdir(own)
    with open(os.path.join(own, b"memory.events"), "w") as f:
        f.write(events(1))
    assert ev.snapshot(PID, root, proc).values == {os.fsdecode(os.path.join(own, b"memory.events")): 1}
