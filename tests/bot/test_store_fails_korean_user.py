"""A Korean user (their language set to Korean, an English phone) in a group whose "/gogh" failed
as the group's styles were read (the store locked just then, their settings read fine) was told
the storage problem in English since 145c4c5 (the layer knew the message was ours before it read
the user's language, and the error came first); before, and now, in Korean, their language."""
from __future__ import annotations

from bot.messages import t
from bot.store import StorageError

from tests.bot.test_commands import say

G = dict(user="tg:5", chat="tg:-100", community="tg:-100")


async def test_a_korean_users_storage_problem_is_told_in_korean(layer, store, photo):
    store.set_prefs("tg:5", "tg", lang="ko")

    def locked(*args, **kw):
        raise StorageError("database is locked", store.data_dir / "bot.sqlite3")

    for name in ("find_style", "styles_in"):     # the group's styles; the user's settings read fine
        setattr(store, name, locked)
    assert (await say(layer, "/gogh", images=[photo], locale="en", **G)).texts == [t("ko", "storage_problem")]
    # one whose settings cannot be read either: the request's language, as 145c4c5 has it
    store.prefs = locked
    assert (await say(layer, "/gogh", images=[photo], locale="en", **G)).texts == [t("en", "storage_problem")]
