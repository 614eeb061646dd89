"""The store's web_results (migration 016: the web chat's results kept for a user's next visit,
bot/webchat/kept_results.py), review of 2d6a0d7: its bounds, and a bot.sqlite3 made by the release
before it upgraded in place."""
from __future__ import annotations

import bot.store as store_module
from bot.store import Store


def _replies(name: str, count: int, size: int) -> list[tuple[str, str, bytes]]:
    return [(f"{name}{n}", '{"text": "✅"}', bytes([n]) * size) for n in range(count)]


def test_the_pictures_kept_are_bounded_in_bytes_the_newest_kept(store, monkeypatch):
    """WEB_REPLIES_KEPT (2000) alone let paintings of up to a few MB each fill bot.sqlite3 with GBs."""
    monkeypatch.setattr(store_module, "WEB_PICTURES_KEPT_BYTES", 10_000)
    store.keep_web_results("web:ann", [], _replies("a", 2, 4000))
    store.keep_web_results("web:bob", [], _replies("b", 2, 4000))     # 16000 in all: ann's go
    assert [key for key, _, _ in store.web_results("web:bob")[1]] == ["b0", "b1"]
    assert store.web_results("web:ann")[1] == []
    store.keep_web_results("web:cy", [("l1", '{"text": "done"}', True)], [("c0", '{"text": "no picture"}', None)])
    assert store.web_results("web:cy")[1] and store.web_results("web:cy")[0], "a reply without a picture is kept"
    assert len(store.web_results("web:bob")[1]) == 2


def test_the_replies_kept_are_bounded_in_number_the_newest_kept(store, monkeypatch):
    monkeypatch.setattr(store_module, "WEB_REPLIES_KEPT", 3)
    store.keep_web_results("web:ann", [], _replies("a", 2, 10))
    store.keep_web_results("web:bob", [], _replies("b", 2, 10))
    assert [key for key, _, _ in store.web_results("web:ann")[1]] == ["a1"]
    assert len(store.web_results("web:bob")[1]) == 2


def test_a_store_from_the_release_before_is_upgraded_and_keeps_its_rows(settings, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", [mig for mig in store_module.MIGRATIONS if mig[0] < "016"])
        old = Store(settings.DATA_DIR)
        assert "web_results" not in old.db.table_names()
        old.set_prefs("web:ann", "web", lang="ko")
        old.close()
    store = Store(settings.DATA_DIR)
    try:
        assert store.migrate() == []                        # (applied as it opened)
        assert store.prefs("web:ann").lang == "ko"
        assert store.web_results("web:ann") == ([], [])
        assert store.export_user("web:ann")["web_chat_results_waiting"] == []
        store.keep_web_results("web:ann", [("l1", '{"text": "✅ done"}', True)],
                               [("r1", '{"text": "✅ Monet"}', b"\xff\xd8jpeg")])
        assert store.export_user("web:ann")["web_chat_results_waiting"][1]["text"] == "✅ Monet"
        store.forget_user("web:ann")
        assert store.web_results("web:ann") == ([], [])
    finally:
        store.close()


def test_the_lines_kept_are_bounded_in_all_by_the_retention_job(store, monkeypatch):
    """A line's outcome is kept for every painting of every web chat user (20 a user), for
    WEB_RESULTS_KEEP_DAYS: with no bound in all they grew with every visitor of the week."""
    monkeypatch.setattr(store_module, "WEB_LINES_KEPT", 3)
    for user in ("ann", "bob"):
        store.keep_web_results(f"web:{user}", [(f"{user}{n}", '{"text": "✅ done"}', False) for n in range(2)],
                               [(f"{user}-r", '{"text": "✅"}', b"\xff\xd8")])
    assert store.forget_web_results_before(0.0) == 1          # none that old: the oldest line past 3
    assert [mid for mid, _, _ in store.web_results("web:ann")[0]] == ["ann1"]
    assert len(store.web_results("web:bob")[0]) == 2
    assert len(store.web_results("web:ann")[1]) == 1, "a reply is not a line"
    assert store.forget_web_results_before(0.0) == 0
