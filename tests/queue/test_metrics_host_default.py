"""/healthz and /metrics listened on every network the machine is on (METRICS_HOST 0.0.0.0) while
the web chat, by default, listens on this machine only: they have no login and tell anyone the
queue's sizes and the workers' names. The default is this machine; containers open it themselves
(tests/test_metrics_host_in_containers.py)."""
from __future__ import annotations

from engine.queue.settings import QueueSettings


def test_metrics_listen_on_this_machine_only_by_default(monkeypatch):
    monkeypatch.delenv("METRICS_HOST", raising=False)
    assert QueueSettings(_env_file=None).metrics_host == "127.0.0.1"


def test_an_operator_may_still_open_them(monkeypatch):
    monkeypatch.setenv("METRICS_HOST", "0.0.0.0")
    assert QueueSettings(_env_file=None).metrics_host == "0.0.0.0"
