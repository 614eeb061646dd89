"""The stopping rule's windowed comparison in bench/decoder_progress.py."""
from bench.decoder_progress import window_change


def rows_of(scores: dict[int, float], what="run"):
    return [(it, score, 0.0, 0.0, what) for it, score in sorted(scores.items())]


def test_window_change_compares_means_of_1000_iteration_windows_2000_apart():
    scores = {it: 0.40 for it in range(10000, 11000, 250)} | {it: 0.36 for it in range(11000, 13000, 250)}
    rows = rows_of(scores)
    last = len(rows) - 1                      # 12750: window 11750..12750 (0.36) vs 9750..10750
    assert rows[last][0] == 12750
    # the earlier window (9750, 10750] holds 10000..10750, all 0.40: 0.36 against 0.40 is -10%
    assert window_change(rows, last) == "-10.0%"


def test_window_change_is_empty_until_both_windows_are_full():
    rows = rows_of({it: 0.4 for it in range(10000, 13000, 250)})
    changes = {r[0]: window_change(rows, i) for i, r in enumerate(rows)}
    # the window 2000 earlier first holds four snapshots (10000..10750) at 12750
    assert all(changes[it] == "" for it in range(10000, 12750, 250))
    assert changes[12750] == "+0.0%"


def test_window_change_ignores_snapshots_of_another_kind():
    rows = rows_of({it: 0.5 for it in range(10000, 11000, 250)}, "plain") + \
        rows_of({it: 0.4 for it in range(11000, 14000, 250)}, "skip")
    changes = [window_change(rows, i) for i in range(len(rows))]
    assert changes[rows.index(next(r for r in rows if r[0] == 12750))] == ""     # earlier window is "plain"
    assert changes[-1] == "+0.0%"
