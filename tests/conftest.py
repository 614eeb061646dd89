"""Every directory's tests: a test skipped for a missing part of the set-up is a failure under
`make test`, which installs those parts (PAINTBOT_TESTS_COMPLETE=1). Run by hand, pytest still
skips them, naming what is missing; but CI must not go green with Chromium's or redis-server's
tests quietly skipped because an install step broke."""
from __future__ import annotations

import os

import pytest

# the words of the skip reasons that mean "a part the set-up should have provided is missing"
MISSING_PART = ("make system-deps", "fonts-noto-cjk", "no shared data", "has no images",
                "no shipped adaptive model")


def missing_part(reason: str) -> bool:
    return any(words in reason for words in MISSING_PART)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PAINTBOT_TESTS_COMPLETE") != "1" or not report.skipped:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if missing_part(reason):
        report.outcome = "failed"
        report.longrepr = f"skipped for a missing part, which `make test` should have installed: {reason}"


@pytest.fixture(autouse=True)
def _no_oom_kill_counters(monkeypatch):
    """Tests stand in for the out-of-memory killer with a SIGKILL of their own, which this machine's
    cgroup oom_kill counters would tell apart (engine.oom_evidence): none is read, so that every such
    SIGKILL is taken as likely out of memory, as where no counter can be read. The tests of the
    counters name their own files."""
    monkeypatch.setenv("ENGINE_OOM_KILL_COUNTERS", "")
