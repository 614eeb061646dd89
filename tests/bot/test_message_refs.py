"""What the bot's messages name (the job id or photo hash of their buttons), kept in bot.sqlite3
for a reply that comes without the buttons (Telegram's reply_to_message may): bounded as the
memory that held it before, deleted by /forgetme (listed by /mydata), kept across a restart."""
from __future__ import annotations

from bot import store as store_module
from bot.store import Store

from tests.bot.test_commands import say


def test_only_the_newest_refs_are_kept_and_one_kept_again_is_new(store, monkeypatch):
    monkeypatch.setattr(store_module, "MESSAGE_REFS_KEPT", 3)
    for message in (1, 2, 3):
        store.keep_message_ref("tg:5", message, f"job{message}", "tg:5")
    store.keep_message_ref("tg:5", 1, "job1b", "tg:5")         # message 1 again: the newest now
    store.keep_message_ref("tg:-100", 1, "theirs", "tg:6")      # another chat's message 1
    assert [store.message_ref("tg:5", m) for m in (1, 2, 3)] == ["job1b", None, "job3"]
    assert store.message_ref("tg:-100", 1) == "theirs" and store.db["message_refs"].count == 3


async def test_forgetme_deletes_the_refs_of_the_messages_to_its_user_only(layer, store):
    store.keep_message_ref("tg:-100", 7, "annsjob", "tg:1")
    store.keep_message_ref("tg:-100", 8, "minsusjob", "tg:2")
    assert store.export_user("tg:1")["bot_messages_naming_paintings"] == [      # /mydata has them
        {"chat_id": "tg:-100", "message_id": 7, "ref": "annsjob"}]
    await say(layer, "/forgetme yes", user="tg:1")
    assert store.message_ref("tg:-100", 7) is None and store.message_ref("tg:-100", 8) == "minsusjob"
    assert store.export_user("tg:1")["bot_messages_naming_paintings"] == []


def test_refs_outlive_the_store_and_the_migration_runs_again_after_a_stop(tmp_path):
    store = Store(tmp_path)
    store.keep_message_ref("tg:5", 1001, "job1", "tg:5")
    store.close()
    store = Store(tmp_path)
    try:
        assert store.message_ref("tg:5", 1001) == "job1"
        # migrations stopped after their DDL (an ALTER TABLE is not undone with the transaction) run again
        store_module._m008_message_refs(store.db)
        store_module._m009_style_lang(store.db)
        assert store.message_ref("tg:5", 1001) == "job1"
    finally:
        store.close()


def test_a_style_is_read_whatever_columns_a_later_version_added(tmp_path):
    """The version before migration 009 read every style as CommunityStyle(**row) and crashed on
    the new "lang" column (a redeploy's overlap, a rollback): a later column is left out."""
    store = Store(tmp_path)
    try:
        path = store.style_dir("tg:-100") / "ink.safetensors"
        path.write_bytes(b"descriptor")
        style_id = store.add_style("tg:-100", "Ink", "ink", path, 1, "tg:6", added_in="tg:-100")
        store.db.execute("ALTER TABLE community_styles ADD COLUMN from_a_later_version TEXT")
        store.db.conn.commit()
        assert store.get_style(style_id).name == "Ink"
        assert [s.name for s in store.own_styles("tg:6")] == [] and store.find_style("tg:-100", "ink").id == style_id
    finally:
        store.close()
