"""What the bot remembers, in SQLite (sqlite-utils): users and their preferences, community
styles, and a job history for operators.

One ``Store`` per process owns two connections. Every write (and the files that go with it)
goes through the writer connection under the store's lock, so there is one writer; coroutines
make their writes with ``await store.off_loop.METHOD(...)``, on the store's own thread, so that
SQLite waiting for a lock (an operator's ``sqlite3`` shell, up to BUSY_TIMEOUT) or a slow disk
holds up that one command, not the event loop and every chat with it. Lookups use the other,
read-only connection, where they are called: in WAL mode a reader never waits for a writer, while
on the writer's own connection a lookup would wait for the lock with it. WAL also lets other
readers (an operator's shell) look while the bot runs. Schema changes are numbered migrations
recorded in the ``migrations`` table: add a function to ``MIGRATIONS``, never edit an old one.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import statistics
import threading
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from engine.queue.journal import OffLoop, empty_wal
from styles import normalise

from .messages import LANGS          # a style's language is one of these, or none
from .private_files import new_file_mode, new_folder_mode

log = logging.getLogger("bot.store")

# How long a write waits for another process's lock on bot.sqlite3 (an operator's sqlite3 shell)
# before it fails with StorageError (the command that wrote answers "try again in a minute").
BUSY_TIMEOUT = 2.0
# Discord's edit window (bot.discord_messages): an edit this soon after sending fixes a request, a
# later one is not run; and its update may come UPDATE_SLACK_S later (a gateway's delay). Here, not
# there: the retention job forgets seen_messages past it, and a bot without Discord loads no discord.py.
EDIT_WINDOW_S = 120
UPDATE_SLACK_S = 10
SEEN_MESSAGE_KEEP_S = EDIT_WINDOW_S + UPDATE_SLACK_S     # a seen_messages row: no update acted on after it
# What the web chat keeps for a user's next visit (web_results): a page abandoned does not hold
# its paintings for ever. Days (no longer than PHOTO_KEEP_DAYS, retention.py), and the newest
# WEB_REPLIES_KEPT replies of all users together, their pictures within WEB_PICTURES_KEPT_BYTES
# (a painting is up to a few MB at MAX_SIDE_LIMIT 2048: 2000 of them could fill bot.sqlite3 with GBs)
WEB_RESULTS_KEEP_DAYS = 7.0
WEB_REPLIES_KEPT = 2000
WEB_PICTURES_KEPT_BYTES = 256 * 1024 * 1024
WEB_LINES_KEPT = 20_000     # lines' outcomes of all users (one a painting): the newest, trimmed hourly
# SQLite's primary result codes that are the storage's fault, not a query's
STORAGE_CODES = {sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY,
                 sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN}


class StorageError(sqlite3.OperationalError, OSError):
    """The store cannot write now: bot.sqlite3 locked by another process for longer than
    BUSY_TIMEOUT, the disk full or failing, DATA_DIR read-only or not a folder. Not a bug, so
    a command can answer "a storage problem, try again in a minute". Both an
    sqlite3.OperationalError and an OSError, so code that catches either still catches it."""

    def __init__(self, problem: str, path: str | Path):
        super().__init__(f"{path}: {problem}")
        self.problem, self.path = problem, str(path)


class StyleExists(ValueError):
    """A community style of that name (the same key) is already in the scope: adding another
    never replaces it; it must be removed first."""

    def __init__(self, existing: "CommunityStyle"):
        super().__init__(f"{existing.scope}: a style {existing.name!r} is already there")
        self.existing = existing


class StyleLimit(ValueError):
    """The scope already has as many styles as it may (add_style's ``limit``)."""

    def __init__(self, count: int, limit: int):
        super().__init__(f"{count} styles; the limit is {limit}")
        self.count, self.limit = count, limit


def storage_problem(exc: BaseException) -> str | None:
    """A storage failure in a few words (SQLite's or the OS's); None for anything else."""
    if isinstance(exc, StorageError):
        return exc.problem
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        return str(exc) if code is not None and code & 0xFF in STORAGE_CODES else None
    if isinstance(exc, FileExistsError):
        return "a file is there, not a folder"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return None


@contextlib.contextmanager
def storage_errors(path: str | Path):
    """Raise a storage failure inside as StorageError naming the file (``path`` for SQLite's)."""
    try:
        yield
    except (sqlite3.OperationalError, OSError) as exc:
        problem = storage_problem(exc)
        if problem is None or isinstance(exc, StorageError):
            raise
        raise StorageError(problem, getattr(exc, "filename", None) or path) from exc


# -- migrations ------------------------------------------------------------------------------
def _m001_initial(db: sqlite_utils.Database) -> None:
    db["users"].create({
        "id": str,             # platform-qualified: tg:123, dc:456, web:abc
        "platform": str,
        "created": float,
        "last_seen": float,
        "lang": str,           # None: from the platform's locale
        "default_style": str,  # a style name as the user typed it (resolved each time)
        "strength": float,
        "keep_colors": int,
        "output_size": int,
        "last_styles": str,    # JSON [[name, weight], ...] of the last painting (for the buttons)
        "last_method": str,
        "last_alpha": float,
    }, pk="id")
    db["community_styles"].create({
        "id": int,
        "scope": str,          # "global" or the community: tg:<chat id>, dc:g<guild id>, web:local
        "name": str,           # as the admin wrote it
        "key": str,            # normalised name (styles.normalise), unique per scope
        "path": str,           # descriptor file, relative to DATA_DIR
        "paintings": int,
        "created_by": str,
        "created": float,
    }, pk="id")
    db["community_styles"].create_index(["scope", "key"], unique=True)
    db["jobs"].create({
        "id": str,
        "user_id": str,
        "chat_id": str,
        "platform": str,
        "command": str,
        "styles": str,         # JSON
        "method": str,
        "alpha": float,
        "max_side": int,
        "created": float,
        "seconds": float,      # wall time from submit to result (queue wait included)
        "ok": int,
        "error_key": str,
    }, pk="id")
    db["jobs"].create_index(["user_id"])
    db["jobs"].create_index(["created"])


def _m002_style_training(db: sqlite_utils.Database) -> None:
    """Community styles' own adaptive models, trained in the background (bot/style_training.py)."""
    table = db["community_styles"]
    table.add_column("training", str)       # None (off) | queued | training | used | kept_adain | failed
    table.add_column("progress", float)     # 0..1 while training
    table.add_column("eta_s", float)        # seconds left, from the trainer's progress lines
    table.add_column("adaptive_path", str)  # the style's AdaptiveStyle file, relative to DATA_DIR


def _m003_photos_by_chat(db: sqlite_utils.Database) -> None:
    """Photos kept per chat, so a command in one chat never paints a photo sent in another, and
    each painting remembers its photo (the buttons under it act on that photo)."""
    db["photos"].create({
        "user_id": str,        # who sent it; files under photos/<user>/<hash>.img
        "chat_id": str,        # where it was sent
        "hash": str,           # photo_hash(bytes)
        "at": float,           # last used there
    }, pk=("user_id", "chat_id", "hash"))
    db["photos"].create_index(["chat_id", "hash"])
    db["jobs"].add_column("photo", str)     # photo_hash of the photo painted


def _m004_painting_settings(db: sqlite_utils.Database) -> None:
    """What a painting's buttons need to paint it again as it was: its colour setting, and the
    paintings used as a style (kept like photos, but never "the last photo")."""
    db["jobs"].add_column("keep_colors", int)
    db["photos"].add_column("kind", str)    # None: a photo the user sent; "style": a painting used as a style


def _m005_style_adder_name(db: sqlite_utils.Database) -> None:
    """Who added a community style, as people there know them (a "name taken" reply names them);
    rows from before have none."""
    db["community_styles"].add_column("created_by_name", str)


def _add_column(table, name: str, kind) -> None:
    """add_column, unless a migration stopped after it (SQLite's ALTER TABLE is not undone with
    the transaction: a second statement that failed left the column, and every later start
    failed with "duplicate column name")."""
    if name not in table.columns_dict:
        table.add_column(name, kind)


def _m006_private_styles(db: sqlite_utils.Database) -> None:
    """Styles added in a private chat are their adder's own: /forgetme deletes them with the rest
    (it only took the adder's name off them). Rows from before: a Telegram (or web) private
    chat's id is its user's (scope = created_by); a Discord DM's scope is its channel,
    dc:<id>, where a server's is dc:g<id>."""
    _add_column(db["community_styles"], "private", int)
    db.execute("update community_styles set private = 1 where scope = created_by"
               " or (scope like 'dc:%' and scope not like 'dc:g%')")


def _m007_style_added_in(db: sqlite_utils.Database) -> None:
    """The chat a style was added in, where the trainer says how its own model came out (a
    Discord server's scope is the server, not a channel); rows from before have none."""
    _add_column(db["community_styles"], "added_in", str)


def _m008_message_refs(db: sqlite_utils.Database) -> None:
    """What each of the bot's messages with buttons names (a job id or photo hash), for a reply
    to it that comes without its buttons: kept across restarts (it was in memory only)."""
    db["message_refs"].create({
        "chat_id": str,        # platform-qualified: tg:<chat id>
        "message_id": int,     # the bot's message in that chat
        "ref": str,            # the job id (or photo hash) its buttons name
        "user_id": str,        # whom it answered: /forgetme deletes their rows
    }, pk=("chat_id", "message_id"), if_not_exists=True)
    db["message_refs"].create_index(["user_id"], if_not_exists=True)


def _m009_style_lang(db: sqlite_utils.Database) -> None:
    """The language a style's /addstyle was answered in: how its training came out is said in it
    where its adder's own is not known (they ran /forgetme, or never set /lang). Rows from before
    have none. A language, not personal data: /forgetme leaves it."""
    _add_column(db["community_styles"], "lang", str)


def _m010_photo_sender(db: sqlite_utils.Database) -> None:
    """Whose a kept photo is, where it is not its user's own: a group member's photo another
    member painted by replying to it is kept for that member's buttons, and goes with its
    sender's /forgetme. Rows from before have none."""
    _add_column(db["photos"], "sender", str)


def _m011_album_offers(db: sqlite_utils.Database) -> None:
    """The photos of a caption-less album offered one artist buttons message (its buttons name
    the first photo, and paint them all): kept across restarts (it was in memory only, and a tap
    after a restart painted the first photo alone)."""
    db["album_offers"].create({
        "chat_id": str,        # where the album was sent (its buttons act there only)
        "first": str,          # the photo_hash its buttons name: the album's first photo
        "user_id": str,        # its sender: only their tap paints them all; /forgetme deletes the row
        "photos": str,         # JSON [photo_hash, ...] of its photos, the first one first
        "at": float,           # when it was offered: forgotten with photos as old (PHOTO_KEEP_DAYS)
    }, pk=("chat_id", "first"), if_not_exists=True)
    db["album_offers"].create_index(["user_id"], if_not_exists=True)
    db["album_offers"].create_index(["at"], if_not_exists=True)


def _m012_seen_messages(db: sqlite_utils.Database) -> None:
    """The users' messages a front-end acted on, for an edit of one (Discord): kept across a
    restart (in memory only, an update of a message answered before it was answered again), for
    the edit window only (keep_seen_message)."""
    db["seen_messages"].create({
        "id": str,             # "dc:<message id>"
        "user_id": str,        # its sender: /forgetme deletes the row
        "key": str,            # a digest of what it asked for as last acted on (its text and files)
        "handled": int,        # 1: the command layer answered it
        "at": float,           # when first seen: forgotten once past the edit window
    }, pk="id", if_not_exists=True)
    db["seen_messages"].create_index(["at"], if_not_exists=True)


def _m013_paint_seconds(db: sqlite_utils.Database) -> None:
    """A job's painting time alone (the engine's JobResult.seconds): its ``seconds`` include its
    wait in line, and the queue's typical times (typical_seconds) are of painting alone. Rows
    from before have none."""
    _add_column(db["jobs"], "paint_seconds", float)


def _m014_removed_styles(db: sqlite_utils.Database) -> None:
    """The community styles removed (/removestyle) or renamed (/renamestyle), by their old name:
    "/golden_age" afterwards said "I don't know the command", as of a style never there."""
    db["removed_styles"].create({
        "scope": str,
        "key": str,            # the old name, normalised (as community_styles.key)
        "name": str,           # the old name as the admin wrote it
        "renamed_to": str,     # its new name; None: removed
        "private_of": str,     # the adder of a private chat's style: /forgetme deletes the row
        "removed": float,
    }, pk=("scope", "key"), if_not_exists=True)


def _m015_style_file_key(db: sqlite_utils.Database) -> None:
    """The key a style's files are named by (KEY.safetensors, KEY.training/, KEY.adaptive.safetensors,
    and its training run's checkpoints, which name it): its key when added. /renamestyle changes
    the key, not the files, so a renamed style keeps its model and its running training. None
    (rows from before): its key."""
    _add_column(db["community_styles"], "file_key", str)


def _m016_web_results(db: sqlite_utils.Database) -> None:
    """What the web chat keeps for a user's next visit (bot/webchat/kept_results.py): the outcomes
    of their progress lines ("done in 3 s", as the page shows them) and the replies no page of
    theirs took (a painting finished while the page was closed). In memory only, a restart lost
    them: the page, told "no need to send it again", got nothing."""
    db["web_results"].create({
        "user_id": str,        # "web:<user>": /forgetme deletes the rows
        "kind": str,           # "line" (an outcome, by its line's id) or "reply" (waiting, by a digest)
        "key": str,
        "body": str,           # JSON: the line's payload, or the reply's text and buttons
        "image": bytes,        # a reply's picture
        "unseen": int,         # a line's outcome no page got yet
        "at": float,           # when first kept: forgotten WEB_RESULTS_KEEP_DAYS on (retention.py)
    }, pk=("user_id", "kind", "key"), if_not_exists=True)
    db["web_results"].create_index(["at"], if_not_exists=True)


MIGRATIONS = [("001_initial", _m001_initial), ("002_style_training", _m002_style_training),
              ("003_photos_by_chat", _m003_photos_by_chat), ("004_painting_settings", _m004_painting_settings),
              ("005_style_adder_name", _m005_style_adder_name), ("006_private_styles", _m006_private_styles),
              ("007_style_added_in", _m007_style_added_in), ("008_message_refs", _m008_message_refs),
              ("009_style_lang", _m009_style_lang), ("010_photo_sender", _m010_photo_sender),
              ("011_album_offers", _m011_album_offers), ("012_seen_messages", _m012_seen_messages),
              ("013_paint_seconds", _m013_paint_seconds), ("014_removed_styles", _m014_removed_styles),
              ("015_style_file_key", _m015_style_file_key), ("016_web_results", _m016_web_results)]
REMOVED_STYLES_KEPT = 50   # per scope: the newest removed or renamed names remembered (removed_style)
PHOTOS_KEPT = 20       # per user: the photos of their recent paintings, for the buttons under them
MESSAGE_REFS_KEPT = 2000   # the bot's newest messages whose buttons' ref is remembered (message_ref)


def _run_styles(path: Path) -> set[str]:
    """The styles a training run's checkpoint file is of, as its safetensors metadata says
    (the weights: "artists", Adam's state: "slugs"); empty where it says none or cannot be read.
    Read from the file's header: no torch in the store."""
    try:
        with open(path, "rb") as f:
            size = int.from_bytes(f.read(8), "little")
            if not 0 < size <= 1 << 24:
                return set()
            meta = json.loads(f.read(size)).get("__metadata__") or {}
        return set(json.loads(meta.get("slugs") or meta.get("artists") or "[]"))
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):   # (JSON nested too deep)
        return set()


WEIGHT_DECIMALS = 6         # a mix's weights as stored: 1 - 0.7 is 0.30000000000000004 in floats


def rounded_weights(value):
    """``value`` (a style list: [[name, weight], ...], [[kind, name, weight], ...]) with each float
    in it rounded to WEIGHT_DECIMALS: /mydata showed a weight of 0.30000000000000004."""
    if isinstance(value, float):
        return round(value, WEIGHT_DECIMALS)
    if isinstance(value, (list, tuple)):
        return [rounded_weights(item) for item in value]
    return value


def photo_hash(data: bytes) -> str:
    """A photo's name: 32 hex digits, the same length as a job id (buttons carry either)."""
    return hashlib.sha256(data).hexdigest()[:32]


class Photo(NamedTuple):
    """A photo's bytes and its photo_hash, computed once (when it came in, or the name it is kept under)."""
    data: bytes
    hash: str

    @classmethod
    def of(cls, data: bytes) -> "Photo":
        return cls(data, photo_hash(data))


def _extension(data: bytes) -> str:
    for magic, ext in ((b"\xff\xd8", ".jpg"), (b"\x89PNG", ".png"), (b"GIF8", ".gif"), (b"BM", ".bmp")):
        if data.startswith(magic):
            return ext
    return ".webp" if data[8:12] == b"WEBP" else ".img"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


@dataclass
class Prefs:
    lang: str | None = None
    default_style: str | None = None
    strength: float | None = None
    keep_colors: bool = False
    output_size: int | None = None
    last_styles: list | None = None
    last_method: str | None = None
    last_alpha: float | None = None


@dataclass
class CommunityStyle:
    id: int
    scope: str
    name: str
    key: str
    path: str
    paintings: int
    created_by: str
    created: float
    training: str | None = None
    progress: float | None = None
    eta_s: float | None = None
    adaptive_path: str | None = None
    created_by_name: str | None = None    # the adder's display name then; None before migration 005 or after /forgetme
    private: int | None = None            # added in a private chat: its adder's own (deleted by /forgetme)
    added_in: str | None = None           # the chat of its /addstyle (told there how its training came out)
    lang: str | None = None               # the language its /addstyle was answered in (none before migration 009)
    file_key: str | None = None           # its files' key where a rename changed its key (migration 015)

    @classmethod
    def of(cls, row: dict) -> "CommunityStyle":
        """A row of community_styles, whatever columns a later version's migrations added (the
        old version, running on during a redeploy's overlap or after a rollback, read no style)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in row.items() if k in known})

    @property
    def files_key(self) -> str:
        """The key its files (and its training run) are named by: its key when it was added."""
        return self.file_key or self.key

    @property
    def has_own_model(self) -> bool:
        return self.training in ("used", "kept_adain") and bool(self.adaptive_path)


def _changes_listing(method):
    """A write that changes a scope's style names or a user's language: Store.listing_version
    goes up once it is done (committed, or failed: a bump too many costs one read)."""
    @functools.wraps(method)
    def bumping(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        finally:
            self._listing_changed()
    return bumping


class Store:
    def __init__(self, data_dir: str | Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "bot.sqlite3"
        self._lock = threading.RLock()
        # goes up after each write that changes what a scope's styles are called or a user's
        # language (_changes_listing): a reader may keep what it read while it stays the same
        # (the Discord autocompletes). In memory: one bot process writes (bot.single_instance)
        self.listing_version = 0
        with storage_errors(self.path):
            # users' photos and paintings: the bot's user's alone, or its group's too (bot.private_files)
            self.data_dir.mkdir(mode=new_folder_mode(), parents=True, exist_ok=True)
            (self.data_dir / "photos").mkdir(mode=new_folder_mode(), exist_ok=True)
            (self.data_dir / "styles").mkdir(mode=new_folder_mode(), exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT)
            self.db = sqlite_utils.Database(conn)              # the writer: only under self._lock
            try:
                self.db.enable_wal()
                self.db.execute("PRAGMA secure_delete=ON")      # deleted rows are zeroed, whatever the build
            except sqlite3.Error:
                conn.close()
                raise
        self.migrate()
        with storage_errors(self.path):
            # Lookups: autocommit, so no read transaction is left open (it would hold the WAL back).
            # Used from the event loop and from the writer's thread (a write that looks up first):
            # safe because Python's sqlite3 is built serialized (sqlite3.threadsafety == 3; a test
            # checks it), and every lookup reads its rows whole (list(...)) before returning.
            reader = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)
            self._read = sqlite_utils.Database(reader)
            reader.execute("PRAGMA query_only=ON")
        self.off_loop = OffLoop(self, "bot-store")
        self._seen_pruned = 0.0           # when keep_seen_message last pruned (time.monotonic)

    def close(self) -> None:
        self.off_loop.shutdown()          # the writes under way first
        self._read.conn.close()
        self.db.conn.close()

    # -- schema ------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        applied = []
        with storage_errors(self.path), self._lock:
            if "migrations" not in self.db.table_names():
                self.db["migrations"].create({"name": str, "applied": float}, pk="name")
            done = {row["name"] for row in self.db["migrations"].rows}
            for name, fn in MIGRATIONS:
                if name in done:
                    continue
                with self.db.conn:
                    fn(self.db)
                    self.db["migrations"].insert({"name": name, "applied": time.time()})
                applied.append(name)
        return applied

    @contextlib.contextmanager
    def _writing(self):
        """One write transaction: the store's lock (one writer), commit or roll back, and a
        storage problem (locked, disk full, read-only) raised as StorageError."""
        with storage_errors(self.path), self._lock, self.db.conn:
            yield

    def _listing_changed(self) -> None:
        with self._lock:
            self.listing_version += 1

    def _write_file(self, path: Path, data: bytes) -> None:
        """Write a file whole (a reader never sees half of it); a full disk is a StorageError."""
        with storage_errors(path):
            path.parent.mkdir(mode=new_folder_mode(), parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.chmod(tmp, new_file_mode())     # (the bot's umask makes it so already; a tool's may not)
            tmp.replace(path)

    # -- users and preferences -----------------------------------------------------------------
    def touch_user(self, user_id: str, platform: str) -> None:
        now = time.time()
        with self._writing():
            if self.db["users"].count_where("id = ?", [user_id]):
                self.db["users"].update(user_id, {"last_seen": now})
            else:
                self.db["users"].insert({"id": user_id, "platform": platform, "created": now,
                                         "last_seen": now, "keep_colors": 0})

    def knows_user(self, user_id: str) -> bool:
        """Whether ``user_id`` has been here before (``touch_user``), in this run or an earlier one."""
        return bool(self._read["users"].count_where("id = ?", [user_id]))

    def prefs(self, user_id: str) -> Prefs:
        rows = list(self._read["users"].rows_where("id = ?", [user_id]))
        if not rows:
            return Prefs()
        r = rows[0]
        return Prefs(lang=r["lang"], default_style=r["default_style"], strength=r["strength"],
                     keep_colors=bool(r["keep_colors"]), output_size=r["output_size"],
                     last_styles=json.loads(r["last_styles"]) if r["last_styles"] else None,
                     last_method=r["last_method"], last_alpha=r["last_alpha"])

    def set_prefs(self, user_id: str, platform: str, **values) -> None:
        allowed = {"lang", "default_style", "strength", "keep_colors", "output_size",
                   "last_styles", "last_method", "last_alpha"}
        unknown = set(values) - allowed
        if unknown:
            raise KeyError(f"unknown preference(s): {sorted(unknown)}")
        if "last_styles" in values and values["last_styles"] is not None:
            values["last_styles"] = json.dumps(rounded_weights(values["last_styles"]))
        if "keep_colors" in values:
            values["keep_colors"] = int(bool(values["keep_colors"]))
        self.touch_user(user_id, platform)
        with self._writing():
            self.db["users"].update(user_id, values)
        if "lang" in values:            # (not a painting's last_styles: one at every painting)
            self._listing_changed()

    # -- photos: the content of commands without one, of button presses and of /preview --------
    def _photo_path(self, user_id: str) -> Path:
        """Before migration 003, one file per user: their last photo whatever the chat, and
        (user_id + ":style") the painting they last used as a style. Read, never written now."""
        return self.data_dir / "photos" / f"{_safe(user_id)}.img"

    def _photo_file(self, user_id: str, digest: str) -> Path:
        return self.data_dir / "photos" / _safe(user_id) / f"{digest}.img"

    def save_photo(self, user_id: str, data: bytes, chat_id: str, kind: str | None = None,
                   digest: str | None = None, sender: str | None = None) -> str:
        """Keep a photo the user sent in a chat (kind "style": a painting they used as a style
        there), or one of another's they replied to (``sender``: theirs, deleted by their
        /forgetme); returns its photo_hash (``digest``, when the caller has it already)."""
        digest = digest or photo_hash(data)
        path = self._photo_file(user_id, digest)
        if not path.exists():
            self._write_file(path, data)
        sender = sender if sender != user_id else None
        with self._writing():
            if sender is not None:      # the same picture the keeper sent themselves stays theirs
                own = self.db["photos"].count_where("user_id = ? and chat_id = ? and hash = ? and sender is null",
                                                    [user_id, chat_id, digest])
                sender = None if own else sender
            self.db["photos"].upsert({"user_id": user_id, "chat_id": chat_id, "hash": digest, "at": time.time(),
                                      "kind": kind, "sender": sender}, pk=("user_id", "chat_id", "hash"))
        self._prune_photos(user_id)
        return digest

    def _prune_photos(self, user_id: str) -> None:
        rows = list(self._read["photos"].rows_where("user_id = ?", [user_id], order_by="at desc"))
        if len(rows) <= PHOTOS_KEPT:
            return
        keep = {r["hash"] for r in rows[:PHOTOS_KEPT]}
        with self._writing():
            for r in rows[PHOTOS_KEPT:]:
                self.db["photos"].delete((r["user_id"], r["chat_id"], r["hash"]))
        for r in rows[PHOTOS_KEPT:]:
            if r["hash"] not in keep:
                self._photo_file(user_id, r["hash"]).unlink(missing_ok=True)

    def forget_photos_before(self, cutoff: float) -> int:
        """PHOTO_KEEP_DAYS: delete the photos (and paintings used as styles) last sent before
        ``cutoff`` (a time.time()), so the folder does not keep everyone's last 20 photos for
        ever; a file goes with its last row (the same photo sent again elsewhere since stays).
        Files first, rows after: a file that cannot be deleted (another owner, a read-only
        mount) keeps its rows, so the next round tries it again, and is said; the others go on.
        Returns how many files were deleted."""
        old = list(self._read["photos"].rows_where("at < ?", [cutoff]))
        files: dict[tuple[str, str], list] = {}
        for row in old:
            files.setdefault((row["user_id"], row["hash"]), []).append(row)
        stuck: list[str] = []

        def delete(path: Path) -> bool:
            """Whether ``path`` is gone now; one that stays is noted in ``stuck``."""
            try:
                path.unlink()
                return True
            except FileNotFoundError:
                return True
            except OSError as exc:
                stuck.append(f"{path}: {exc.strerror or exc}")
                return False

        deleted, gone = 0, []
        for (user_id, digest), rows in sorted(files.items()):
            if not self._read["photos"].count_where("user_id = ? and hash = ? and at >= ?", [user_id, digest, cutoff]):
                path = self._photo_file(user_id, digest)
                there = path.exists()
                if not delete(path):
                    continue
                deleted += there
                with contextlib.suppress(OSError):      # the user's folder, once empty
                    path.parent.rmdir()
            gone += rows
        for legacy in (self.data_dir / "photos").glob("*.img"):     # one per user, before migration 003
            with contextlib.suppress(FileNotFoundError):
                if legacy.stat().st_mtime < cutoff and delete(legacy):
                    deleted += 1
        if stuck:
            log.warning("%d old photo file(s) could not be deleted (%s%s); tried again in the next round",
                        len(stuck), stuck[0], ", ..." if len(stuck) > 1 else "")
        if gone:
            with self._writing():
                for row in gone:
                    self.db["photos"].delete_where("user_id = ? and chat_id = ? and hash = ? and at < ?",
                                                   [row["user_id"], row["chat_id"], row["hash"], cutoff])
        # the albums offered as long ago: their photos are as old (kept again, a photo is new, but
        # the album's buttons are not); one of them gone paints the first photo alone, as before
        with self._writing():
            albums = self.db.execute("delete from album_offers where at < ?", [cutoff]).rowcount
        if gone or albums:
            self._checkpoint()
        return deleted

    def forget_jobs_before(self, cutoff: float) -> int:
        """JOB_HISTORY_DAYS: delete the history's jobs created before ``cutoff``; returns how many."""
        with self._writing():
            return self.db.execute("delete from jobs where created < ?", [cutoff]).rowcount

    def last_photo(self, user_id: str, chat_id: str) -> Photo | None:
        """The user's last photo in this chat (never a painting they used as a style)."""
        rows = list(self._read["photos"].rows_where("user_id = ? and chat_id = ? and kind is null",
                                                    [user_id, chat_id], order_by="at desc", limit=1))
        return self._kept(user_id, rows[0]["hash"]) if rows else None

    def old_style_painting(self, user_id: str) -> bytes | None:
        """The painting a user last used as a style before migration 003 (their history and
        preferences may still name it "@painting")."""
        return self._file(self._photo_path(user_id + ":style"))

    def photo_of(self, chat_id: str, ref: str) -> Photo | None:
        """The photo a button or reply names (a job id or a photo_hash), if it was sent in this
        chat: a button in one chat never reaches a photo from another."""
        found = self._photo_named(chat_id, ref)
        return self._kept(*found) if found else None

    def keeps_photo(self, chat_id: str, ref: str) -> bool:
        """Whether photo_of(chat_id, ref) would find the photo, without reading its file (up to
        MAX_UPLOAD_MB): for offering a button that needs it. Its file is opened, not read: one
        there but unreadable (or a folder) raises the OSError photo_of would, as is_file did not."""
        found = self._photo_named(chat_id, ref)
        if found is None:
            return False
        try:
            with self._photo_file(*found).open("rb"):
                return True
        except FileNotFoundError:           # (as _file: deleted meanwhile, PHOTO_KEEP_DAYS, /forgetme)
            return False

    def _photo_named(self, chat_id: str, ref: str) -> tuple[str, str] | None:
        """(user_id, photo_hash) of the photo kept for ``ref`` (a job id or a photo_hash) in this
        chat; None where no row keeps it (never sent here, PHOTO_KEEP_DAYS, /forgetme)."""
        for job in list(self._read["jobs"].rows_where("id = ? and chat_id = ? and photo is not null", [ref, chat_id])):
            ref = job["photo"]
        rows = list(self._read["photos"].rows_where("chat_id = ? and hash = ?", [chat_id, ref], limit=1))
        return (rows[0]["user_id"], ref) if rows else None

    def _kept(self, user_id: str, digest: str) -> Photo | None:
        data = self._file(self._photo_file(user_id, digest))
        return None if data is None else Photo(data, digest)    # kept under its photo_hash

    def painting(self, chat_id: str, job_id: str) -> dict | None:
        """A finished job of this chat (its styles, strength, method), for the buttons under it."""
        for row in list(self._read["jobs"].rows_where("id = ? and chat_id = ?", [job_id, chat_id])):
            return dict(row, styles=json.loads(row["styles"] or "[]"))
        return None

    @staticmethod
    def _file(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:           # (never kept, or deleted meanwhile: PHOTO_KEEP_DAYS, /forgetme)
            return None

    # -- community styles ----------------------------------------------------------------------
    def style_dir(self, scope: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in scope)
        path = self.data_dir / "styles" / safe
        with storage_errors(path):
            path.mkdir(mode=new_folder_mode(), parents=True, exist_ok=True)
        return path

    @_changes_listing
    def add_style(self, scope: str, name: str, key: str, path: Path, paintings: int, created_by: str,
                  created_by_name: str | None = None, private: bool = False, added_in: str | None = None,
                  lang: str | None = None, limit: int | None = None, file_key: str | None = None) -> int:
        """A new style; StyleExists when the scope has one with that key (never replaced: its
        owner removes it first, with /removestyle). ``created_by_name``: the adder's display name;
        ``private``: added in a private chat, the adder's own; ``lang``: the language its
        /addstyle was answered in (anything but a language the bot speaks is kept as none);
        StyleLimit when the scope has ``limit`` styles already (checked here, in the write
        transaction: several /addstyle at once each passed the command's own check). ``file_key``:
        its files' key where it is not ``key`` (free_file_key)."""
        rel = str(Path(path).resolve().relative_to(self.data_dir.resolve()))
        with self._writing():
            old = self.find_style(scope, key, self.db)         # in the write transaction
            if old is not None:
                raise StyleExists(old)
            count = self.db["community_styles"].count_where("scope = ?", [scope])
            if limit is not None and count >= limit:
                raise StyleLimit(count, limit)
            self.db["removed_styles"].delete_where("scope = ? and key = ?", [scope, key])   # its name is a style again
            return self.db["community_styles"].insert({"scope": scope, "name": name, "key": key, "path": rel,
                                                       "file_key": file_key if file_key != key else None,
                                                       "paintings": paintings, "created_by": created_by,
                                                       "created_by_name": created_by_name,
                                                       "private": int(private), "added_in": added_in,
                                                       "lang": lang if lang in LANGS else None,
                                                       "created": time.time()}).last_pk

    def get_style(self, style_id: int) -> CommunityStyle | None:
        rows = list(self._read["community_styles"].rows_where("id = ?", [style_id]))
        return CommunityStyle.of(rows[0]) if rows else None

    def set_training(self, style_id: int, **values) -> None:
        """Training state of a style's own model: training, progress, eta_s, adaptive_path."""
        if "adaptive_path" in values and values["adaptive_path"] is not None:
            values["adaptive_path"] = str(Path(values["adaptive_path"]).resolve().relative_to(self.data_dir.resolve()))
        with self._writing():
            if self.db["community_styles"].count_where("id = ?", [style_id]):
                self.db["community_styles"].update(style_id, values)

    def styles_to_train(self) -> list[CommunityStyle]:
        """Styles whose training was queued or under way (e.g. when the bot stopped), oldest first."""
        return [CommunityStyle.of(r) for r in self._read["community_styles"].rows_where(
            "training in ('queued', 'training')", order_by="created")]

    def styles_never_trained(self) -> list[CommunityStyle]:
        """Styles no training was ever queued for (added where styles were not trained), oldest first."""
        return [CommunityStyle.of(r) for r in self._read["community_styles"].rows_where(
            "training is null", order_by="created")]

    def styles_with_models(self) -> list[CommunityStyle]:
        """Styles whose own model finished training (used or not), oldest first."""
        # The filter is has_own_model's own rule: one place says which states have a model.
        return [s for s in (CommunityStyle.of(r) for r in self._read["community_styles"].rows_where(
            "adaptive_path is not null", order_by="created")) if s.has_own_model]

    def model_paths(self, style: CommunityStyle) -> tuple[Path, Path]:
        """Where a style's training run and its finished AdaptiveStyle file live."""
        folder = (self.data_dir / style.path).resolve().parent
        return folder / f"{style.files_key}.training", folder / f"{style.files_key}.adaptive.safetensors"

    def remove_model_files(self, style: CommunityStyle) -> None:
        run, model = self.model_paths(style)
        shutil.rmtree(run, ignore_errors=True)
        model.unlink(missing_ok=True)

    def remove_training_run(self, style: CommunityStyle) -> bool:
        """Delete a finished (or failed) run's folder (the shared network's copy and the optimiser's
        state, about 1 MB); the exported AdaptiveStyle file (KEY.adaptive.safetensors) stays. A
        checkpoint file of another style's run (placed there by hand: train-artist refuses to train
        on it, and the style failed) is none of this run's: it stays, said in the log (False)."""
        run = self.model_paths(style)[0]
        others = [path for path in (run / "adaptive.safetensors", run / "state.safetensors")
                  if (names := _run_styles(path)) and style.files_key not in names]
        if not others:
            shutil.rmtree(run, ignore_errors=True)
            return True
        for path in run.iterdir():
            if path not in others:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        log.warning("kept %s in %s: another style's training files (%s), not the style %r's",
                    ", ".join(p.name for p in others), run, ", ".join(sorted(set().union(*map(_run_styles, others)))),
                    style.name)
        return False

    def prune_training_runs(self) -> int:
        """Delete the run folders of styles whose training is over (kept by older versions);
        queued and interrupted ones keep theirs, to resume. Returns how many were deleted."""
        removed = 0
        for row in list(self._read["community_styles"].rows_where("training in ('used', 'kept_adain', 'failed')")):
            style = CommunityStyle.of(row)
            if self.model_paths(style)[0].exists() and self.remove_training_run(style):
                removed += 1
        return removed

    def find_style(self, scope: str, key: str, db: sqlite_utils.Database | None = None) -> CommunityStyle | None:
        rows = list((db or self._read)["community_styles"].rows_where("scope = ? and key = ?", [scope, key]))
        return CommunityStyle.of(rows[0]) if rows else None

    def own_styles(self, user_id: str) -> list[CommunityStyle]:
        """The styles a user added in a private chat: theirs alone, deleted by /forgetme."""
        return [CommunityStyle.of(r) for r in
                self._read["community_styles"].rows_where("created_by = ? and private = 1", [user_id])]

    @_changes_listing
    def move_chat(self, old: str, new: str) -> int:
        """A chat that got a new id (a Telegram group upgraded to a supergroup): its community
        styles, the photos kept there and its paintings (for their buttons) follow it; it lost
        every style its members had added.
        A style whose name the new chat has already stays behind. Returns how many styles moved."""
        moved = 0
        with self._writing():
            for row in list(self.db["community_styles"].rows_where("scope = ?", [old])):
                if self.find_style(new, row["key"], self.db) is None:
                    self.db["community_styles"].update(row["id"], {"scope": new})
                    moved += 1
            self.db.execute("update community_styles set added_in = ? where added_in = ?", [new, old])
            self.db.execute("update or ignore photos set chat_id = ? where chat_id = ?", [new, old])
            # the paintings too: their buttons (Stronger, Another artist: "#<job>") name them by chat
            self.db.execute("update jobs set chat_id = ? where chat_id = ?", [new, old])
            self.db.execute("update or ignore album_offers set chat_id = ? where chat_id = ?", [new, old])
            # what it knows of its renamed and removed styles: those paintings' buttons name them so
            self.db.execute("update or ignore removed_styles set scope = ? where scope = ?", [new, old])
        return moved

    def styles_in(self, scope: str) -> list[CommunityStyle]:
        return [CommunityStyle.of(r) for r in
                self._read["community_styles"].rows_where("scope = ?", [scope], order_by="name collate nocase")]

    def free_file_key(self, scope: str, key: str) -> str:
        """A files' key for a new style of ``key``: ``key``, unless a style of the scope renamed
        since keeps its files under it ("ink-2", ...: a new "Ink" wrote over the descriptor of
        the "Ink" renamed "Blot")."""
        taken = {s.files_key for s in self.styles_in(scope)}
        candidate, n = key, 1
        while candidate in taken:
            n += 1
            candidate = f"{key}-{n}"
        return candidate

    @_changes_listing
    def remove_style(self, scope: str, key: str, remember: bool = False) -> bool:
        """Delete a style and its files. ``remember``: its name is kept (removed_style), to tell
        "/golden_age" that it was removed; not for a /forgetme's own styles (their names are its data)."""
        style = self.find_style(scope, key)
        if style is None:
            return False
        with self._writing():
            self.db["community_styles"].delete(style.id)
            if remember:
                self._remember_name(style, renamed_to=None)
        (self.data_dir / style.path).unlink(missing_ok=True)
        self.remove_model_files(style)
        return True

    @_changes_listing
    def rename_style(self, scope: str, key: str, name: str, new_key: str) -> tuple[CommunityStyle, int] | None:
        """A style's new name (and key); its files, model, training and paintings stay its own
        (their files' key stays: file_key). The users whose default artist was its old name
        get its new one (_defaults_naming). Returns (the style renamed, how many defaults followed); None when the
        scope has no style ``key``; StyleExists when the new key is another style's there."""
        with self._writing():
            style = self.find_style(scope, key, self.db)
            if style is None:
                return None
            other = self.find_style(scope, new_key, self.db)
            if other is not None and other.id != style.id:
                raise StyleExists(other)
            self.db["community_styles"].update(style.id, {"name": name, "key": new_key, "file_key": style.files_key})
            self.db["removed_styles"].delete_where("scope = ? and key = ?", [scope, new_key])
            if new_key != key:
                self._remember_name(style, renamed_to=name)
            for row in list(self.db["removed_styles"].rows_where("scope = ? and renamed_to is not null", [scope])):
                if normalise(row["renamed_to"]) == key:       # its names before: the newest one (renamed twice)
                    self.db["removed_styles"].update((row["scope"], row["key"]), {"renamed_to": name})
            followed = self._defaults_naming(scope, key, self.db)
            for user_id in followed:
                self.db["users"].update(user_id, {"default_style": name})
        return self.get_style(style.id), len(followed)

    def _remember_name(self, style: CommunityStyle, renamed_to: str | None) -> None:
        """(In a write transaction.) The removed or renamed style's old name, for removed_style;
        the scope's newest REMOVED_STYLES_KEPT only (the newest row last among those of one clock
        tick: a coarse clock's ties dropped the name just removed)."""
        self.db["removed_styles"].insert({"scope": style.scope, "key": style.key, "name": style.name,
                                          "renamed_to": renamed_to,
                                          "private_of": style.created_by if style.private else None,
                                          "removed": time.time()}, replace=True)
        self.db.execute("delete from removed_styles where scope = ? and rowid not in (select rowid from "
                        "removed_styles where scope = ? order by removed desc, rowid desc limit ?)",
                        [style.scope, style.scope, REMOVED_STYLES_KEPT])

    def removed_style(self, scope: str, key: str) -> dict | None:
        """The style of the scope last removed or renamed from the name ``key``: {"name", "renamed_to"}."""
        rows = list(self._read["removed_styles"].rows_where("scope = ? and key = ?", [scope, key],
                                                            select="name, renamed_to"))
        return rows[0] if rows else None

    def users_with_default(self, scope: str, key: str) -> int:
        """How many users have the scope's style ``key`` (normalised) as their default artist (/setstyle)."""
        return len(self._defaults_naming(scope, key, self._read))

    @staticmethod
    def _defaults_naming(scope: str, key: str, db: sqlite_utils.Database) -> list[str]:
        """The users whose default artist (a name, kept for every chat) is the style ``key`` of
        ``scope``: none where another scope has a style of that key too, which it may name (a
        rename in one community rewrote the default its users chose for another's "Ink"; the
        rename record, removed_style, still leads them to the new name here)."""
        if db.execute("select 1 from community_styles where key = ? and scope != ? limit 1", [key, scope]).fetchone():
            return []
        return [row["id"] for row in db["users"].rows_where("default_style is not null", select="id, default_style")
                if normalise(row["default_style"]) == key]

    def style_path(self, style: CommunityStyle) -> Path:
        return (self.data_dir / style.path).resolve()

    # -- job history ---------------------------------------------------------------------------
    def record_job(self, **row) -> None:
        if isinstance(row.get("styles"), (list, tuple)):
            row["styles"] = json.dumps(rounded_weights(row["styles"]), ensure_ascii=False)
        row["ok"] = int(bool(row.get("ok")))
        with self._writing():
            self.db["jobs"].insert(row, replace=True)

    def jobs_of(self, user_id: str) -> list[dict]:
        return list(self._read["jobs"].rows_where("user_id = ?", [user_id], order_by="created"))

    def has_jobs(self, user_id: str) -> bool:
        """Whether the user has any job in the history (one indexed row looked at, not all read)."""
        return bool(self._read.execute("select 1 from jobs where user_id = ? limit 1", [user_id]).fetchall())

    def typical_seconds(self, recent: int = 50) -> dict[str, float]:
        """Per lane ("fast", "hq": /hq's Gatys), the median painting time (paint_seconds: the
        engine's, no wait in line, as the queue's own times are) of the newest ``recent``
        paintings that worked and have one (rows from before migration 013 do not; a /preview's
        tiles left out: each is timed as the whole grid). The queue's typical times start from
        these, so a restart does not forget them (it said "about 5 s" for paintings of 0.5 s). A
        lane with no such history is left out. The median: a few slow ones must not count."""
        typical = {}
        for lane, method in (("fast", "!= 'gatys'"), ("hq", "= 'gatys'")):
            rows = self._read.execute(
                f"select paint_seconds from jobs where ok = 1 and paint_seconds > 0 and method {method} "
                "and command not like '/preview%' order by created desc limit ?", [recent]).fetchall()
            if rows:
                typical[lane] = statistics.median(row[0] for row in rows)
        return typical

    def usage(self, since: float = 0.0) -> dict:
        """For operators: jobs, users, failures and mean seconds since a time. A photo the queue
        refused at the door ("busy": full, or the bot restarting) is a row too, but no job that
        failed: counted apart (refused_busy), out of jobs, failed and mean_seconds; its user is
        one of the users."""
        row = self._read.execute(
            "select sum(1 - refused), count(distinct user_id), sum(case when refused then 0 else 1 - ok end),"
            " avg(case when refused then null else seconds end), sum(refused)"
            " from (select user_id, ok, seconds, coalesce(ok = 0 and error_key = 'busy', 0) as refused"
            " from jobs where created >= ?)", [since]).fetchone()
        return {"jobs": row[0] or 0, "users": row[1], "failed": row[2] or 0, "refused_busy": row[4] or 0,
                "mean_seconds": row[3] or 0.0}

    # -- what the bot's messages name ----------------------------------------------------------
    def keep_message_ref(self, chat_id: str, message_id: int, ref: str, user_id: str | None) -> None:
        """Remember what one of the bot's messages names (the job id or photo hash in its
        buttons), for ``user_id``; only the newest MESSAGE_REFS_KEPT are kept."""
        with self._writing():
            self.db["message_refs"].insert({"chat_id": chat_id, "message_id": message_id, "ref": ref,
                                            "user_id": user_id}, replace=True)
            # the oldest first: insert-or-replace gives a message remembered again a new rowid
            self.db.execute("delete from message_refs where rowid <= (select rowid from message_refs"
                            " order by rowid desc limit 1 offset ?)", [MESSAGE_REFS_KEPT])

    def message_ref(self, chat_id: str, message_id: int) -> str | None:
        """What one of the bot's messages in this chat names, if it is remembered."""
        rows = list(self._read.execute("select ref from message_refs where chat_id = ? and message_id = ?",
                                       [chat_id, message_id]).fetchall())
        return rows[0][0] if rows else None

    # -- users' messages acted on (edits after a restart) ---------------------------------------
    def keep_seen_message(self, message: str, user_id: str | None, key: str | None, handled: bool, *,
                          keep_s: float, most: int) -> None:
        """Remember that a front-end acted on ``message`` as ``key`` (None: as before) and whether
        it answered it (once answered, it stays so); forgets those first seen over ``keep_s`` ago
        and keeps the newest ``most``: at most once a minute, in the insert's transaction (the
        retention job forgets them too, each minute, whether messages come or not)."""
        now = time.time()
        with self._writing():
            self.db.execute("insert into seen_messages (id, user_id, key, handled, at) values (?, ?, ?, ?, ?)"
                            " on conflict(id) do update set user_id = coalesce(excluded.user_id, user_id),"
                            " key = coalesce(excluded.key, key), handled = max(handled, excluded.handled)",
                            [message, user_id, key, int(handled), now])
            if time.monotonic() - self._seen_pruned >= 60:
                self._seen_pruned = time.monotonic()
                self.db.execute("delete from seen_messages where at < ?", [now - keep_s])
                self.db.execute("delete from seen_messages where rowid <= (select rowid from seen_messages"
                                " order by rowid desc limit 1 offset ?)", [most])

    def forget_seen_messages_before(self, cutoff: float) -> int:
        """Forget the messages first seen before ``cutoff`` (the retention job: with Discord quiet
        no keep_seen_message prunes them); no write where none is that old."""
        if not self._read.execute("select 1 from seen_messages where at < ? limit 1", [cutoff]).fetchall():
            return 0
        with self._writing():
            return self.db.execute("delete from seen_messages where at < ?", [cutoff]).rowcount

    def seen_message(self, message: str) -> tuple[str, str, bool] | None:
        """(its sender, its key, answered) of a message keep_seen_message remembers."""
        rows = self._read.execute("select user_id, key, handled from seen_messages where id = ?",
                                  [message]).fetchall()
        return (rows[0][0], rows[0][1], bool(rows[0][2])) if rows else None

    # -- the web chat's results kept for a user's next visit -----------------------------------
    def keep_web_results(self, user_id: str, lines: list[tuple[str, str, bool]],
                         replies: list[tuple[str, str, bytes | None]]) -> None:
        """The user's kept results as they are now, replacing what was kept: ``lines`` (line id,
        its outcome's JSON, unseen) and ``replies`` (digest, JSON, picture), the oldest first; a
        row kept already keeps its place and its time. The newest WEB_REPLIES_KEPT replies of all
        users are kept, their pictures within WEB_PICTURES_KEPT_BYTES (length() reads no picture)."""
        now = time.time()
        with self._writing():
            for kind, keys in (("line", [k for k, _, _ in lines]), ("reply", [k for k, _, _ in replies])):
                self.db.execute(f"delete from web_results where user_id = ? and kind = ?"
                                f" and key not in ({', '.join('?' * len(keys))})", [user_id, kind, *keys])
            for key, body, unseen in lines:
                self.db.execute("insert into web_results (user_id, kind, key, body, unseen, at) values (?, 'line', ?, ?, ?, ?)"
                                " on conflict(user_id, kind, key) do update set body = excluded.body,"
                                " unseen = excluded.unseen", [user_id, key, body, int(unseen), now])
            for key, body, image in replies:
                self.db.execute("insert or ignore into web_results (user_id, kind, key, body, image, unseen, at)"
                                " values (?, 'reply', ?, ?, ?, 0, ?)", [user_id, key, body, image, now])
            self.db.execute("delete from web_results where rowid in (select rowid from (select rowid,"
                            " count(*) over newer as place, sum(length(image)) over newer as bytes"
                            " from web_results where kind = 'reply' window newer as (order by rowid desc))"
                            " where place > ? or bytes > ?)", [WEB_REPLIES_KEPT, WEB_PICTURES_KEPT_BYTES])

    def web_results(self, user_id: str) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, bytes | None]]]:
        """(lines, replies) keep_web_results kept for the user, the oldest first."""
        rows = list(self._read.execute("select kind, key, body, image, unseen from web_results where user_id = ?"
                                       " order by rowid", [user_id]).fetchall())
        return ([(key, body, bool(unseen)) for kind, key, body, _, unseen in rows if kind == "line"],
                [(key, body, image) for kind, key, body, image, _ in rows if kind == "reply"])

    def forget_web_results(self, user_id: str) -> None:
        with self._writing():
            self.db["web_results"].delete_where("user_id = ?", [user_id])

    def forget_web_results_before(self, cutoff: float) -> int:
        """Forget the web chat's results kept before ``cutoff``, and the lines' outcomes past the
        newest WEB_LINES_KEPT of all users (the retention job: hourly, not at each keep, where the
        count would scan every line); no write where there is none to forget."""
        past = self._read.execute("select rowid from web_results where kind = 'line' order by rowid desc"
                                  " limit 1 offset ?", [WEB_LINES_KEPT]).fetchall()
        if not past and not self._read.execute("select 1 from web_results where at < ? limit 1", [cutoff]).fetchall():
            return 0
        with self._writing():
            deleted = self.db.execute("delete from web_results where at < ?", [cutoff]).rowcount
            if past:
                deleted += self.db.execute("delete from web_results where kind = 'line' and rowid <= ?",
                                           [past[0][0]]).rowcount
            return deleted

    # -- albums offered one buttons message ----------------------------------------------------
    def keep_album(self, chat_id: str, user_id: str, hashes: list[str], kept: int) -> None:
        """Remember the photos (their photo_hash, the first one first) of an album ``user_id``
        sent to ``chat_id`` whose one artist buttons message names the first: the same first
        photo's album again replaces it; only the newest ``kept`` albums are remembered."""
        with self._writing():
            self.db["album_offers"].insert({"chat_id": chat_id, "first": hashes[0], "user_id": user_id,
                                            "photos": json.dumps(hashes), "at": time.time()}, replace=True)
            # the oldest first: insert-or-replace gives an album offered again a new rowid
            self.db.execute("delete from album_offers where rowid <= (select rowid from album_offers"
                            " order by rowid desc limit 1 offset ?)", [kept])

    def album(self, chat_id: str, first: str) -> tuple[str, list[str]] | None:
        """(its sender, its photos' hashes) of the album offered in this chat whose buttons name
        ``first``, if it is remembered."""
        rows = list(self._read.execute("select user_id, photos from album_offers where chat_id = ? and first = ?",
                                       [chat_id, first]).fetchall())
        return (rows[0][0], json.loads(rows[0][1])) if rows else None

    # -- the user's data -----------------------------------------------------------------------
    def export_user(self, user_id: str) -> dict:
        users = list(self._read["users"].rows_where("id = ?", [user_id]))
        styles = [dict(r) for r in self._read["community_styles"].rows_where("created_by = ?", [user_id])]
        photos = [dict(r) for r in self._read["photos"].rows_where("user_id = ?", [user_id], order_by="at")]
        messages = [dict(r) for r in self._read["message_refs"].rows_where(
            "user_id = ?", [user_id], select="chat_id, message_id, ref", order_by="rowid")]
        albums = [dict(r, photos=json.loads(r["photos"])) for r in self._read["album_offers"].rows_where(
            "user_id = ?", [user_id], select="chat_id, photos, at", order_by="rowid")]
        acted = [{"message": r["id"], "command_digest": r["key"], "answered": bool(r["handled"]), "at": r["at"]}
                 for r in self._read["seen_messages"].rows_where("user_id = ?", [user_id], order_by="rowid")]
        # their private chat's styles removed or renamed since (removed_style): /forgetme deletes them
        renamed = [dict(r) for r in self._read["removed_styles"].rows_where(
            "private_of = ?", [user_id], select="name, renamed_to, removed", order_by="removed, rowid")]
        # the web chat's results waiting for their next visit (their pictures are the paintings)
        waiting = [{"kind": r["kind"], "text": json.loads(r["body"]).get("text"), "at": r["at"]}
                   for r in self._read["web_results"].rows_where("user_id = ?", [user_id], order_by="rowid")]
        jobs = self.jobs_of(user_id)
        # (rows written before weights were rounded: their 0.30000000000000004 read as 0.3)
        for row in [*users, *jobs]:
            for field in ("last_styles", "styles"):
                if isinstance(row.get(field), str):
                    with contextlib.suppress(ValueError):
                        row[field] = json.dumps(rounded_weights(json.loads(row[field])), ensure_ascii=False)
        return {"user": users[0] if users else None,
                "photos": photos,
                "jobs": jobs,
                "community_styles_added": styles,
                "own_styles_removed_or_renamed": renamed,
                "bot_messages_naming_paintings": messages,
                "albums_offered": albums,
                "messages_acted_on": acted,     # (for an edit of one: seen_messages, the edit window)
                "web_chat_results_waiting": waiting}

    def export_files(self, user_id: str) -> list[tuple[str, bytes]]:
        """The photos kept for the user (and the painting last used as a style), for /mydata."""
        files = []
        for row in list(self._read["photos"].rows_where("user_id = ?", [user_id], order_by="at")):
            data = self._file(self._photo_file(user_id, row["hash"]))
            if data is not None and all(row["hash"] not in name for name, _ in files):
                files.append((f"photos/{row['hash']}{_extension(data)}", data))
        style = self.old_style_painting(user_id)
        if style is not None:
            files.append((f"photos/painting_used_as_style{_extension(style)}", style))
        return files

    @_changes_listing
    def forget_user(self, user_id: str) -> None:
        """Delete the user, their history, photos (with the copies others kept by painting them),
        what the bot's messages to them name, the albums they were offered buttons for and what the
        web chat kept for their next visit; styles they added stay, unattributed (with the
        language they were added in: no one's data)."""
        with self._writing():
            copies = list(self.db["photos"].rows_where("sender = ?", [user_id]))     # in the transaction
            self.db["photos"].delete_where("sender = ?", [user_id])
            self.db["users"].delete_where("id = ?", [user_id])
            self.db["jobs"].delete_where("user_id = ?", [user_id])
            self.db["photos"].delete_where("user_id = ?", [user_id])
            self.db["message_refs"].delete_where("user_id = ?", [user_id])
            self.db["album_offers"].delete_where("user_id = ?", [user_id])
            self.db["seen_messages"].delete_where("user_id = ?", [user_id])
            self.db["removed_styles"].delete_where("private_of = ?", [user_id])
            self.db["web_results"].delete_where("user_id = ?", [user_id])
            self.db.execute("update community_styles set created_by = NULL, created_by_name = NULL"
                            " where created_by = ?", [user_id])
        self._photo_path(user_id).unlink(missing_ok=True)
        self._photo_path(user_id + ":style").unlink(missing_ok=True)   # the painting last used as a style
        shutil.rmtree(self._photo_file(user_id, "x").parent, ignore_errors=True)
        for row in copies:          # the file stays where its keeper also sent it themselves
            if not list(self._read["photos"].rows_where("user_id = ? and hash = ?", [row["user_id"], row["hash"]])):
                self._photo_file(row["user_id"], row["hash"]).unlink(missing_ok=True)
        self._checkpoint()

    def _checkpoint(self) -> bool:
        with self._lock:
            return empty_wal(self.db.execute, "bot.sqlite3", log)

    def remove_all(self) -> None:  # tests
        self.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
