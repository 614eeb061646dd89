"""`python -m engine evaluate --data DIR/eval --validation` scored train/ instead: data_of decided by
the folder's name whether --data was the default. An explicit --data is respected now, or refused
where it is eval/ (validation is a split of train/; eval/ is never used to tune); without --data,
--validation still takes train/."""

import pytest

from engine.__main__ import build_parser, main
from engine.evaluate import data_of


def _parsed(*argv):
    return build_parser().parse_args(list(argv))


@pytest.mark.parametrize("command", ["evaluate", "evaluate-artists"])
def test_an_explicit_eval_folder_with_validation_is_refused_clearly(command, tmp_path, capsys):
    (tmp_path / "eval" / "content").mkdir(parents=True)
    status = main([command, "--data", str(tmp_path / "eval"), "--validation", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert "eval/" in err and "train/" in err and "--validation" in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("command", ["evaluate", "evaluate-artists"])
def test_without_data_validation_still_takes_train(command):
    args = _parsed(command, "--validation")
    assert data_of(args).name == "train" and data_of(args).parent == args.data.parent


@pytest.mark.parametrize("command", ["evaluate", "evaluate-artists"])
def test_an_explicit_folder_is_kept_as_given(command, tmp_path):
    for name in ("train", "mine"):
        args = _parsed(command, "--data", str(tmp_path / name), "--validation")
        assert data_of(args) == tmp_path / name
    assert data_of(_parsed(command, "--data", str(tmp_path / "eval"))) == tmp_path / "eval"
    assert data_of(_parsed(command)).name == "eval"
