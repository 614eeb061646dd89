"""A DATA_DIR its operator made group-readable and closed to others (0750, for a backup group):
the bot's umask 077 and the store's 0600 made every new photo unreadable to that group, and a
WARNING said at every start that DATA_DIR was open to others. Now the group keeps read on what
the bot creates (umask 027: folders 0750, files 0640), unsaid; one that others may read is still
said (tests/bot/test_private_data_dir.py)."""
from __future__ import annotations

import os
import sys

import pytest

from bot import private_files
from bot.private_files import (group_share_warnings, keep_group_read_where_data_dir_gives_it, new_file_mode,
                               new_folder_mode)
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


# -- shared with its group, but not quite as meant: said --------------------------------------------
OTHER_GID = 54321                        # a group the bot's process is not in (as a backup group)


@pytest.mark.slow
async def test_a_data_dir_its_group_may_write_is_still_said_at_start(tmp_path):
    """0770: its group may replace or delete bot.sqlite3 and the photos (a folder's write bit), not only
    read them; 45ec416 took it as a backup group's share and said nothing (before, it was warned of)."""
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o770)
    rc, output = await bot_with_a_photo(tmp_path)
    assert rc == 0, output
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and f"DATA_DIR={data} is writable by its group (mode 0770)" in warnings[0], output
    assert "chmod 750" in warnings[0]
    files = [p for p in data.rglob("*") if p.is_file() and p.name not in LOCKS]
    assert files and {str(p): oct(mode(p)) for p in files if mode(p) != 0o640} == {}   # group read kept


def test_a_data_dir_its_group_may_only_read_is_not_said(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o750)
    os.chown(data, -1, os.getegid())
    assert group_share_warnings(data) == []


@pytest.mark.skipif(os.geteuid() != 0 or not sys.platform.startswith("linux"),
                    reason="giving a folder another group takes root; Linux's rule (a BSD's file takes its folder's)")
@pytest.mark.parametrize("setgid", [False, True])
def test_a_data_dir_of_another_group_says_its_new_files_would_not_be_that_groups(tmp_path, setgid):
    """DATA_DIR of a backup group the bot's account is not in by its primary group: a new file takes the
    process's group, not the folder's (unless the folder has the setgid bit), so that group could not
    read one new photo, while the README said it keeps read on them."""
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, -1, OTHER_GID)
    os.chmod(data, 0o2750 if setgid else 0o750)
    said = group_share_warnings(data)
    if setgid:
        assert said == []
    else:
        assert len(said) == 1 and said[0].startswith(f"DATA_DIR={data} is readable by its group ({OTHER_GID}),"), said
        assert f"chmod g+s {data}" in said[0], said
