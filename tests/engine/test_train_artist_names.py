"""`python -m engine train-artist` with a name that is no artist says what `stylize` says of it:
the same "Did you mean" (QA read "I don't know the style 'nosuch'" as train-artist lacking it; a
name near none gets none from either), one line, exit 2, before any training starts."""
from __future__ import annotations

import pytest

from engine.__main__ import main


def said(capsys, *argv) -> tuple[int, str]:
    status = main(list(argv))
    [line] = capsys.readouterr().err.strip().splitlines()
    return status, line


@pytest.mark.parametrize("name", ["gohg", "모내", "nosuch"])
def test_train_artist_says_what_stylize_says(tmp_path, capsys, name):
    photo = tmp_path / "photo.jpg"
    from PIL import Image
    Image.new("RGB", (96, 96), "white").save(photo)
    stylize = said(capsys, "stylize", str(photo), "--style", name, "-o", str(tmp_path / "out.jpg"))
    train = said(capsys, "train-artist", name, "--data", str(tmp_path), "--out", str(tmp_path / "run"))
    assert train == stylize and train[0] == 2
    assert train[1].startswith(f"error: I don't know the style '{name}'.")
    assert ("Did you mean" in train[1]) == (name != "nosuch")
    assert not (tmp_path / "run").exists()
