"""The Discord messages a user sent that the bot acted on are kept in bot.sqlite3 now (80b3789,
seen_messages: their id, sender, a digest of the command, when), for the edit window. /forgetme
deleted them, but /mydata did not show them: the export said nothing of a table holding the
user's rows, as it says the bot's messages naming paintings and the albums offered."""
from __future__ import annotations


def test_mydata_lists_the_messages_remembered_for_edits_and_forgetme_deletes_them(store):
    store.keep_seen_message("dc:555", "dc:1", "a" * 32, False, keep_s=130, most=2000)
    store.keep_seen_message("dc:555", None, None, True, keep_s=130, most=2000)      # answered
    store.keep_seen_message("dc:556", "dc:2", "b" * 32, False, keep_s=130, most=2000)   # someone else's
    [row] = store.export_user("dc:1")["messages_acted_on"]
    assert row["message"] == "dc:555" and row["command_digest"] == "a" * 32 and row["answered"] is True
    assert row["at"] > 0
    store.forget_user("dc:1")
    assert store.export_user("dc:1")["messages_acted_on"] == []
    assert len(store.export_user("dc:2")["messages_acted_on"]) == 1
