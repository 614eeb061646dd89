"""The QUEUE_DB lock (<QUEUE_DB>.lock) was skipped without a word where it could not be taken
(a file system without flock, a lock file that cannot be created), where DATA_DIR's lock says
so; and a second bot naming the journal through a symlink locked another .lock and started."""
from __future__ import annotations

import errno
import fcntl
import logging
from types import SimpleNamespace

import pytest

from bot.__main__ import hold_journal_or_exit


def queue(db) -> SimpleNamespace:
    return SimpleNamespace(queue_backend="process", queue_db=str(db))


def test_a_second_bot_on_the_journal_through_a_symlink_is_refused(tmp_path, capsys):
    real = tmp_path / "prod" / "queue.sqlite3"
    real.parent.mkdir()
    real.touch()
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "queue.sqlite3"
    link.symlink_to(real)
    first = hold_journal_or_exit(queue(real))
    try:
        with pytest.raises(SystemExit) as exc:
            hold_journal_or_exit(queue(link))
        assert exc.value.code == 2
        assert "another bot" in capsys.readouterr().err
    finally:
        first.close()


def test_a_journal_that_cannot_be_locked_is_said(tmp_path, monkeypatch, caplog):
    def no_locks(*args):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    db = tmp_path / "queue.sqlite3"
    with caplog.at_level(logging.WARNING):
        assert hold_journal_or_exit(queue(db)) is None
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(f"QUEUE_DB={db}" in line and "second bot" in line for line in said), said
