"""The "Try again" button on an engine failure's line is offered only while the failed job's photo
is kept. The check was store.photo_of, which read the whole photo (up to MAX_UPLOAD_MB) only to
see that it is there; Store.keeps_photo answers the same from the row and the file's existence."""
from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from bot.store import StorageError, photo_hash

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say
from tests.bot.test_try_again_button import retry_buttons


class FailingAfter(FakeQueue):
    """Fails each job with engine_error, after ``meanwhile`` (what happens while it paints)."""

    def __init__(self, meanwhile=lambda job: None):
        super().__init__(error="engine_error")
        self.meanwhile = meanwhile

    async def wait(self, job_id, on_status=None):
        self.meanwhile(next(j for j in self.jobs if j.id == job_id))
        return await super().wait(job_id, on_status)


@pytest.fixture
def photos_unread(store, monkeypatch):
    """From here on, reading a kept photo's file (or asking photo_of) fails the test."""
    photos = (store.data_dir / "photos").resolve()
    read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        assert photos not in path.resolve().parents, f"read a kept photo: {path}"
        return read_bytes(path)

    def photo_of(*args, **kw):
        raise AssertionError("photo_of reads the whole photo")

    monkeypatch.setattr(Path, "read_bytes", guarded)
    monkeypatch.setattr(store, "photo_of", photo_of)


async def test_the_button_is_offered_without_reading_the_photo(settings, store, photos_unread):
    queue = FailingAfter()
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[make_photo(seed=11)])
    button, = retry_buttons(out)
    assert button.command == f"/style gogh #{queue.jobs[-1].id}"


def forgotten(store):
    return lambda job: store.forget_user(job.user_id)


def expired(store):
    return lambda job: store.forget_photos_before(time.time() + 1)


def file_removed(store):
    return lambda job: store._photo_file(job.user_id, photo_hash(job.image)).unlink()


@pytest.mark.parametrize("gone", [forgotten, expired, file_removed])
async def test_no_button_when_the_photo_is_gone(settings, store, photos_unread, gone, caplog):
    queue = FailingAfter(gone(store))
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[make_photo(seed=12)])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]     # (the layer's catch-all)
    assert any(t("en", "engine_error") in text for text in out.texts), out.texts    # told, as before
    assert retry_buttons(out) == []


def test_keeps_photo_answers_as_photo_of_would(store):
    data = make_photo(seed=13)
    digest = store.save_photo("tg:1", data, "tg:1")
    assert store.keeps_photo("tg:1", digest) and store.photo_of("tg:1", digest).data == data
    assert not store.keeps_photo("tg:2", digest)            # another chat's button never reaches it
    assert not store.keeps_photo("tg:1", "no-such-photo")
    store._photo_file("tg:1", digest).unlink()
    assert not store.keeps_photo("tg:1", digest) and store.photo_of("tg:1", digest) is None


def cannot_be_opened(monkeypatch, path: Path) -> None:
    """Opening ``path`` fails as an unreadable file's does (chmod 000 is no test here: root reads it)."""
    opened = Path.open

    def guarded(self, *args, **kw):
        if self == path:
            raise PermissionError(13, "Permission denied", str(path))
        return opened(self, *args, **kw)
    monkeypatch.setattr(Path, "open", guarded)


def made_a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("spoilt", ["unreadable", "a folder"])
def test_keeps_photo_fails_where_photo_of_fails(store, monkeypatch, spoilt):
    """A photo whose file is there but cannot be read: photo_of raises; keeps_photo said True for
    an unreadable one (is_file), offering a button whose tap could only fail."""
    digest = store.save_photo("tg:1", make_photo(seed=14), "tg:1")
    path = store._photo_file("tg:1", digest)
    cannot_be_opened(monkeypatch, path) if spoilt == "unreadable" else made_a_folder(path)
    with pytest.raises(OSError):
        store.photo_of("tg:1", digest)
    with pytest.raises(OSError):
        store.keeps_photo("tg:1", digest)


async def test_no_button_when_the_photo_cannot_be_read(settings, store, monkeypatch):
    queue = FailingAfter(lambda job: cannot_be_opened(monkeypatch, store._photo_file(job.user_id, photo_hash(job.image))))
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[make_photo(seed=15)])
    assert any(t("en", "engine_error") in text for text in out.texts), out.texts
    assert retry_buttons(out) == []


@pytest.mark.parametrize("failure", [StorageError("disk I/O error", "bot.sqlite3"), sqlite3.OperationalError("locked"),
                                     RuntimeError("a bug in the store")])
async def test_a_store_that_raises_costs_the_button_not_the_failure_line(settings, store, failure, caplog):
    """The button is a nicety: whatever its check raises, the failure's own line is still said
    (a bug raised past retry_buttons left the progress line at "starting…" and sent the layer's
    catch-all text, without the artist, instead); only a bug is logged."""
    def broken(*args, **kw):
        raise failure
    store.keeps_photo = broken
    queue = FailingAfter()
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[make_photo(seed=16)])
    assert out.texts == [f"❌ Vincent van Gogh: {t('en', 'engine_error')}"]
    assert retry_buttons(out) == []
    bug = not isinstance(failure, (OSError, sqlite3.Error))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == \
        [f"job {queue.jobs[-1].id}: whether its photo is kept could not be told; no 'Try again' button"] * bug
