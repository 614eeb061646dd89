"""open_queue (is the journal read-only?) and hold_journal_or_exit (lock it for this bot) each
worked out from the queue settings whether there is a journal file, in two spellings of the same
rule. One function, journal_file, answers for both now; behaviour unchanged."""
from __future__ import annotations

from types import SimpleNamespace

from bot.__main__ import hold_journal_or_exit, journal_file


def qs(backend: str, db) -> SimpleNamespace:
    return SimpleNamespace(queue_backend=backend, queue_db=None if db is None else str(db))


def test_only_a_queue_with_a_journal_file_has_one_to_lock(tmp_path):
    db = tmp_path / "queue.sqlite3"
    assert journal_file(None) is None
    assert journal_file(qs("memory", db)) is None              # no journal at all
    assert journal_file(qs("process", ":memory:")) is None
    assert journal_file(qs("redis", ":memory:")) is None
    assert journal_file(qs("process", db)) == str(db)
    assert journal_file(qs("redis", db)) == str(db)
    assert hold_journal_or_exit(qs("memory", db)) is None and not (tmp_path / "queue.sqlite3.lock").exists()
    held = hold_journal_or_exit(qs("redis", db))
    try:
        assert held is not None
    finally:
        held.close()
