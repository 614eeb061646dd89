"""bot.bounded.Newest, the one helper behind the bot's bounded memories (the Discord and web chat
messages answered, progress lines, refusals told, closed DMs): the oldest go past its bound, a key
set again is the newest (or keeps its place with refresh=False), a read changes nothing."""
from bot.bounded import Newest


def test_the_oldest_go_past_the_bound():
    kept = Newest(3)
    for key in "abcde":
        kept[key] = key.upper()
    assert list(kept.items()) == [("c", "C"), ("d", "D"), ("e", "E")]


def test_a_key_set_again_is_the_newest():
    kept = Newest(3)
    for key in "abc":
        kept[key] = 1
    kept["a"] = 2
    kept["d"] = 1
    assert list(kept) == ["c", "a", "d"] and kept["a"] == 2


def test_without_refresh_a_key_set_again_keeps_its_place():
    kept = Newest(3, refresh=False)
    for key in "abc":
        kept[key] = 1
    kept["a"] = 2
    assert list(kept) == ["a", "b", "c"] and kept["a"] == 2
    kept["d"] = 1
    assert list(kept) == ["b", "c", "d"]


def test_a_read_changes_nothing():
    kept = Newest(2)
    kept["a"], kept["b"] = 1, 2
    assert kept.get("a") == 1 and kept["a"] == 1 and "a" in kept
    kept["c"] = 3
    assert list(kept) == ["b", "c"]


def test_setdefault_and_update_keep_the_bound_too():
    kept = Newest(2)
    kept.update(a=1, b=2, c=3)
    kept.setdefault("d", 4)
    assert list(kept) == ["c", "d"]


def test_a_bound_of_nothing_keeps_nothing():
    kept = Newest(0)
    kept["a"] = 1
    assert not kept
