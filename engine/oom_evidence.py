"""Whether a worker's SIGKILL was the kernel's out-of-memory killer's: Linux's oom_kill counters.

A SIGKILL ends a process without a word, whoever sends it: the out-of-memory killer, an operator's
``kill -9``, a container runtime. Linux counts the out-of-memory killer's victims, so a counter read
when a job begins (``snapshot``) and again when its worker died of a SIGKILL nobody here sent
(``judge``) tells them apart: grown, out of memory; readable and unchanged, not memory (a plain
crash: painted again at its size); nothing to read (macOS, a container without the cgroup
filesystem), unknown: taken as likely out of memory, as every such SIGKILL was before.

The counters, the most precise one found for the worker's process:
- cgroup v2, ``memory.events``: "oom_kill: processes belonging to this cgroup killed by any kind of
  OOM killer" (its own limit's, an ancestor's, or the whole machine's), hierarchical (a child
  cgroup's kills count in its ancestors' too). Its own cgroup's file, else the nearest ancestor's
  that is mounted (a container sees its own cgroup at /sys/fs/cgroup, under another name than
  /proc/PID/cgroup's). ``memory.events.local`` adds nothing: the same cgroup's kills, fewer of them.
- cgroup v1, ``memory.oom_control``: oom_kill of the victim's own cgroup only (not hierarchical),
  so an ancestor's file is read only when the process is listed in its cgroup.procs (a container's).
- neither: /proc/vmstat's oom_kill, the whole machine's (any victim's kill makes it grow).
Counting more than the worker (a sibling cgroup's kills, another process of the same cgroup) can
only make a SIGKILL look like memory, never hide one: the behaviour before these were read.

ENGINE_OOM_KILL_COUNTERS names the files to read instead (separated by ``os.pathsep``, each with a
line ``oom_kill N``): the cgroup filesystem mounted elsewhere; set empty, none is read (every
such SIGKILL is taken as likely out of memory). A setting of the queue (QueueSettings, so .env
sets it too), passed in as ``given`` by the supervisor and the Redis worker's parent; a caller
that leaves ``given`` out gets the environment's (``given=None`` is unset: the files are looked for).
"""
from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path, PurePosixPath

log = logging.getLogger("engine.oom_evidence")

COUNTERS_ENV = "ENGINE_OOM_KILL_COUNTERS"
FROM_ENVIRONMENT = object()    # ``given`` not passed: COUNTERS_ENV as the environment has it
CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_ROOT = Path("/proc")

MEMORY, NOT_MEMORY, UNKNOWN = "memory", "not_memory", "unknown"
SAID = {MEMORY: "the out-of-memory killer", NOT_MEMORY: "not the out-of-memory killer",
        UNKNOWN: "likely out of memory"}


@dataclasses.dataclass(frozen=True)
class Counters:
    """The oom_kill counters read at a job's start: file -> value (empty: none was readable)."""
    values: dict[str, int]


@dataclasses.dataclass(frozen=True)
class Verdict:
    kind: str      # MEMORY (a counter grew), NOT_MEMORY (all readable, none grew) or UNKNOWN
    evidence: str  # what was read: "memory.events oom_kill unchanged"

    @property
    def words(self) -> str:
        """For the kill's log line: "SIGKILL (not the out-of-memory killer: memory.events oom_kill unchanged)"."""
        return f"{SAID[self.kind]}: {self.evidence}"

    @property
    def for_memory(self) -> bool:
        """Whether the job is treated as killed for memory (smaller retry): grown, or unknown."""
        return self.kind != NOT_MEMORY

    @property
    def certain(self) -> bool:
        return self.kind == MEMORY


def oom_kill_in(path: str | Path) -> int | None:
    """The ``oom_kill N`` of a counters file; None when it cannot be read or has no such line."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                name, _, value = line.partition(" ")
                if name == "oom_kill":
                    return int(value)
    except (OSError, ValueError):
        return None
    return None


def _cgroups(pid: int | None, proc: Path) -> list[tuple[list[str], str]]:
    """(controllers, path) of each line of /proc/PID/cgroup (the caller's own when PID's is gone)."""
    for who in ([str(pid)] if pid else []) + ["self"]:
        try:
            # a cgroup's name is any bytes: kept as os.fsdecode keeps them, a path the same files open by
            text = (proc / who / "cgroup").read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            continue
        found = []
        for line in text.splitlines():
            parts = line.split(":", 2)
            if len(parts) == 3:
                found.append((parts[1].split(",") if parts[1] else [], parts[2]))
        return found
    return []


def _up_from(mount: Path, path: str) -> list[Path]:
    """``mount``/``path`` and each of its ancestors up to ``mount`` itself, the deepest first."""
    rel = PurePosixPath(path if ".." not in path else "/").relative_to("/")   # (outside a cgroup namespace)
    dirs = [mount / rel]
    for parent in rel.parents:
        dirs.append(mount / parent)
    return dirs


def _listed(pid: int | None, folder: Path) -> bool:
    try:
        return str(pid or os.getpid()) in (folder / "cgroup.procs").read_text().split()
    except OSError:
        return False


def counter_files(pid: int | None = None, root: Path | None = None, proc: Path | None = None,
                  given: str | None | object = FROM_ENVIRONMENT) -> list[str]:
    """The files whose oom_kill tells whether process ``pid`` (this one: None) was killed for memory.
    ``given``: ENGINE_OOM_KILL_COUNTERS (None: unset, the files are looked for; empty: none)."""
    if given is FROM_ENVIRONMENT:
        given = os.environ.get(COUNTERS_ENV)
    if given is not None:
        return [p for p in given.split(os.pathsep) if p]
    root, proc = root or CGROUP_ROOT, proc or PROC_ROOT
    files: list[str] = []
    for controllers, path in _cgroups(pid, proc):
        if not controllers:                            # cgroup v2 (pure, or hybrid's "unified")
            for mount in (root, root / "unified"):
                near = next((d / "memory.events" for d in _up_from(mount, path)
                             if oom_kill_in(d / "memory.events") is not None), None)
                if near is not None:
                    files.append(str(near))
                    break
        elif "memory" in controllers:                  # cgroup v1's memory controller
            for mount in (root / "memory", root / ",".join(controllers)):
                dirs = _up_from(mount, path)
                own = next((d for i, d in enumerate(dirs) if oom_kill_in(d / "memory.oom_control") is not None
                            and (i == 0 or _listed(pid, d))), None)
                if own is not None:
                    files.append(str(own / "memory.oom_control"))
                    break
    if not files and oom_kill_in(proc / "vmstat") is not None:
        files.append(str(proc / "vmstat"))
    return files


def snapshot(pid: int | None = None, root: Path | None = None, proc: Path | None = None,
             given: str | None | object = FROM_ENVIRONMENT) -> Counters:
    """The counters now, for ``judge`` after a SIGKILL; read before the job's painting begins.
    Never raises (its callers hand a job over, start a worker): what cannot be read tells nothing."""
    try:
        files = counter_files(pid, root, proc, given)
    except Exception:                  # a /proc or cgroup file unlike any this was written for
        log.debug("the oom_kill counters cannot be found; a SIGKILL is taken as likely out of memory",
                  exc_info=True)
        return Counters({})
    values = {}
    for path in files:
        value = oom_kill_in(path)
        if value is not None:
            values[path] = value
    return Counters(values)


def _name(path: str) -> str:
    return "/proc/vmstat" if path.endswith("/vmstat") else os.path.basename(path)


def judge(before: Counters | None) -> Verdict:
    """What a SIGKILL not sent by us was, from the counters read before it (``snapshot``)."""
    if before is None or not before.values:
        return Verdict(UNKNOWN, "no oom_kill counter to tell")
    now = {path: oom_kill_in(path) for path in before.values}
    grew = [(path, was, now[path]) for path, was in before.values.items()
            if now[path] is not None and now[path] > was]
    if grew:
        path, was, is_now = grew[0]
        return Verdict(MEMORY, f"{_name(path)} oom_kill went from {was} to {is_now}")
    lost = [path for path, value in now.items() if value is None or value < before.values[path]]
    if lost:                                           # gone, or reset (a cgroup made anew)
        return Verdict(UNKNOWN, f"{', '.join(map(_name, lost))} could not be read again")
    names = ", ".join(dict.fromkeys(map(_name, before.values)))
    return Verdict(NOT_MEMORY, f"{names} oom_kill unchanged")
