"""A message not for this bot gets nothing while the store fails (locked, read-only): group
chatter, another bot's command, a photo not addressed to it were answered "storage problem",
the user's language being read before the layer knew the message was not for it. One for the
bot is still told, in the request's language where the store cannot say."""
from __future__ import annotations

import pytest

from bot.messages import t
from bot.store import StorageError

from tests.bot.test_commands import say


@pytest.fixture
def locked_store(store):
    def locked(*args, **kw):
        raise StorageError("database is locked", store.data_dir / "bot.sqlite3")

    for name in ("prefs", "find_style", "styles_in", "touch_user", "photo_of"):
        setattr(store, name, locked)
    return store


G = dict(user="tg:5", chat="tg:-100", community="tg:-100")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_what_is_not_for_the_bot_gets_nothing_while_the_store_is_locked(layer, locked_store, photo, lang):
    assert (await say(layer, "hello everyone", locale=lang, **G)).sent == []
    assert (await say(layer, "", images=[photo], locale=lang, **G)).sent == []       # a holiday photo
    assert (await say(layer, "/sticker cat", locale=lang, **G)).sent == []           # another bot's
    assert (await say(layer, "/style@otherbot gogh", images=[photo], locale=lang, **G)).sent == []
    assert (await say(layer, "/style@otherbot gogh", images=[photo], locale=lang)).sent == []   # private too
    assert (await say(layer, "/도움말", locale=lang, **G)).sent == []       # another bot's everyday word there


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_what_is_for_the_bot_is_told_the_storage_problem_in_the_requests_language(
        layer, locked_store, photo, lang):
    told = [t(lang, "storage_problem")]
    assert (await say(layer, "/style gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/style@paintbot gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/gogh", images=[photo], locale=lang, **G)).texts == told
    assert (await say(layer, "/setstyle monet", locale=lang)).texts == told
    assert (await say(layer, "", images=[photo], locale=lang)).texts == told        # a private photo
    assert (await say(layer, "/도움말", locale=lang, mentioned=True, **G)).texts == [t("ko", "storage_problem")]
