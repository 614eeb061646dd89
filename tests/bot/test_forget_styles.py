"""/forgetme deletes the styles the user added in a private chat (they are theirs alone, and the
confirmation promises "everything"): it only took their name off them, and the styles stayed,
usable, with their paintings' statistics. A group's styles stay the group's, without the name."""
import sqlite3

from bot.messages import t
from bot.store import Store
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say


async def test_forgetme_deletes_the_users_private_styles_and_keeps_a_groups(layer, store, fake_queue, photo):
    group = dict(chat="tg:-100", community="tg:-100", admin=True)
    await say(layer, "/addstyle mine", images=[make_photo(80, 80, seed=2)], user="tg:42")
    await say(layer, "/addstyle ours", images=[make_photo(80, 80, seed=3)], user="tg:42", **group)
    await say(layer, "/addstyle theirs", images=[make_photo(80, 80, seed=4)], user="tg:43")
    mine = store.find_style("tg:42", "mine")
    descriptor = store.style_path(mine)
    assert descriptor.exists() and mine.private == 1
    assert store.find_style("tg:-100", "ours").private == 0

    await say(layer, "/forgetme yes tg:42", user="tg:42")
    assert store.find_style("tg:42", "mine") is None and not descriptor.exists()
    ours = store.find_style("tg:-100", "ours")
    assert ours is not None and ours.created_by is None                  # the group's, unattributed
    assert store.find_style("tg:43", "theirs") is not None               # another user's own
    out = await say(layer, "/style mine", images=[photo], user="tg:42")
    assert not fake_queue.jobs and out.texts[0].startswith(t("en", "unknown_style", name="mine").split("“")[0])


def test_styles_of_a_private_chat_from_before_the_migration_are_marked_their_adders(tmp_path):
    """Migration 006: a Telegram private chat's id is its user's (scope = created_by)."""
    store = Store(tmp_path)
    store.close()
    db = sqlite3.connect(tmp_path / "bot.sqlite3")
    db.execute("delete from migrations where name = '006_private_styles'")
    db.execute("alter table community_styles drop column private")
    db.executemany("insert into community_styles (scope, name, key, path, paintings, created_by, created)"
                   " values (?, ?, ?, 'x', 1, ?, 0)",
                   [("tg:42", "mine", "mine", "tg:42"), ("tg:-100", "ours", "ours", "tg:42"),
                    ("dc:555", "dm", "dm", "dc:7"), ("dc:g9", "server", "server", "dc:7")])
    db.commit()
    db.close()
    store = Store(tmp_path)
    try:
        assert [s.key for s in store.own_styles("tg:42")] == ["mine"]
        assert [s.key for s in store.own_styles("dc:7")] == ["dm"]          # a Discord DM's scope is its channel
        # a migration stopped after its ALTER TABLE (not undone with the transaction) runs again
        from bot.store import _m006_private_styles, _m007_style_added_in
        _m006_private_styles(store.db)
        _m007_style_added_in(store.db)
    finally:
        store.close()
