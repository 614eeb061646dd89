"""A DATA_DIR its operator made group-readable and closed to others (0750, for a backup group):
the bot's umask 077 and the store's 0600 made every new photo unreadable to that group, and a
WARNING said at every start that DATA_DIR was open to others. Now the group keeps read on what
the bot creates (umask 027: folders 0750, files 0640), unsaid; one that others may read is still
said (tests/bot/test_private_data_dir.py)."""
from __future__ import annotations

import os

import pytest

from bot import private_files
from bot.private_files import keep_group_read_where_data_dir_gives_it, new_file_mode, new_folder_mode
from tests.bot.test_private_data_dir import bot_with_a_photo, mode

LOCKS = {"bot.lock", "queue.sqlite3.lock"}      # single_instance's own: 0600 whatever DATA_DIR is (no data)


@pytest.mark.slow
async def test_a_group_readable_data_dir_keeps_its_group_able_to_read_new_photos(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o750)
    rc, output = await bot_with_a_photo(tmp_path)
    assert rc == 0, output
    assert "open to other accounts" not in output and "WARNING" not in output, output
    folders = [p for p in data.rglob("*") if p.is_dir()]
    files = [p for p in data.rglob("*") if p.is_file() and p.name not in LOCKS]
    assert any(p.suffix == ".img" for p in files) and {"bot.sqlite3", "queue.sqlite3"} <= {p.name for p in files}
    assert {str(p): oct(mode(p)) for p in folders if mode(p) != 0o750} == {}
    assert {str(p): oct(mode(p)) for p in files if mode(p) != 0o640} == {}
    assert mode(data) == 0o750


@pytest.mark.parametrize("folder_mode, kept", [(0o750, True), (0o770, True), (0o700, False), (0o755, False),
                                               (0o754, False), (0o710, False)])
def test_group_read_is_kept_only_where_the_group_and_no_one_else_may_read(tmp_path, monkeypatch, folder_mode, kept):
    monkeypatch.setattr(private_files, "_group_reads", False)
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, folder_mode)
    old = os.umask(0o077)
    try:
        assert keep_group_read_where_data_dir_gives_it(data) is kept
        umask = os.umask(0o077)
    finally:
        os.umask(old)
    assert umask == (0o027 if kept else 0o077)
    assert (new_folder_mode(), new_file_mode()) == ((0o750, 0o640) if kept else (0o700, 0o600))


def test_a_missing_data_dir_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setattr(private_files, "_group_reads", False)
    assert keep_group_read_where_data_dir_gives_it(tmp_path / "not-yet") is False
    assert (new_folder_mode(), new_file_mode()) == (0o700, 0o600)
