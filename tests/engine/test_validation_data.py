"""`python -m engine evaluate --validation` (and evaluate-artists) without --data scores train/'s
validation split: the default --data is eval/, and a tenth of eval/ is no place to choose settings."""
from argparse import Namespace
from pathlib import Path

from engine.evaluate import data_of, fixed_pairs


def _folder(root: Path, name: str, photos: int) -> Path:
    for sub in ("content", "style"):
        (root / name / sub).mkdir(parents=True)
        for i in range(photos):
            (root / name / sub / f"{name}_{i:02d}.jpg").write_bytes(b"")
    return root / name


def test_validation_with_the_default_data_takes_train_not_eval(tmp_path):
    eval_dir, train_dir = _folder(tmp_path, "eval", 30), _folder(tmp_path, "train", 60)
    args = Namespace(data=eval_dir, validation=True)
    assert data_of(args) == train_dir
    pairs = fixed_pairs(data_of(args), 2, validation=True)
    assert pairs and all(p.parent.parent == train_dir and s.parent.parent == train_dir for p, s in pairs)


def test_eval_stays_eval_and_a_given_folder_is_kept(tmp_path):
    eval_dir, other = _folder(tmp_path, "eval", 3), _folder(tmp_path, "mine", 3)
    assert data_of(Namespace(data=eval_dir, validation=False)) == eval_dir
    assert data_of(Namespace(data=other, validation=True)) == other
