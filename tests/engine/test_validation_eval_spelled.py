"""A given --data with --validation is refused where it is eval/ (eval/ is never used to tune):
since 5bb0997 that was judged by the name as written, so eval/ spelled otherwise ('.' inside
it, a link to it under another name) was scored as the validation set all the same."""
import os

import pytest

from engine.__main__ import build_parser
from engine.errors import EngineError
from engine.evaluate import data_of


@pytest.fixture
def data(tmp_path):
    for split in ("train", "eval"):
        (tmp_path / split / "content").mkdir(parents=True)
    return tmp_path


def _data_of(*argv):
    return data_of(build_parser().parse_args(list(argv)))


@pytest.mark.parametrize("command", ["evaluate", "evaluate-artists"])
def test_eval_given_as_dot_from_inside_it_is_refused(command, data, monkeypatch):
    monkeypatch.chdir(data / "eval")
    with pytest.raises(EngineError, match="eval/") as refused:
        _data_of(command, "--data", ".", "--validation")
    assert str(data / "eval") in str(refused.value)      # '.' alone would not say which folder
    with pytest.raises(EngineError, match="eval/"):
        _data_of(command, "--data", "content/..", "--validation")


@pytest.mark.parametrize("command", ["evaluate", "evaluate-artists"])
def test_a_link_to_eval_under_another_name_is_refused(command, data):
    os.symlink(data / "eval", data / "holdout")
    with pytest.raises(EngineError, match="eval/"):
        _data_of(command, "--data", str(data / "holdout"), "--validation")


@pytest.mark.parametrize("spelled", ["eval/", "./eval", "../{name}/eval/", "eval/."])
def test_eval_spelled_relatively_or_with_a_slash_is_refused(spelled, data, monkeypatch):
    monkeypatch.chdir(data)
    with pytest.raises(EngineError, match="eval/"):
        _data_of("evaluate", "--data", spelled.format(name=data.name), "--validation")


def test_train_and_other_folders_are_still_kept_as_given(data, monkeypatch):
    os.symlink(data / "train", data / "mine")
    monkeypatch.chdir(data / "train")
    assert _data_of("evaluate", "--data", ".", "--validation").resolve() == data / "train"
    assert _data_of("evaluate", "--data", str(data / "mine"), "--validation") == data / "mine"
    assert _data_of("evaluate", "--data", str(data / "eval")) == data / "eval"     # no --validation: eval/ scores
