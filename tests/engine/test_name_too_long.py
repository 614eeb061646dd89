"""A photo or style named by a str the OS refuses as a file name (over 255 bytes: a pasted text,
a style's contents sent where its path was expected): Path.exists and is_dir raise OSError
(ENAMETOOLONG) instead of answering False, so open_file, prepare and Engine.resolve_style let it
out where a missing file is a MissingFileError (file_not_found). resolve_style in engine.jobs
had the same (test_style_value_edges.py)."""
from __future__ import annotations

import pytest

from engine.core import Engine
from engine.errors import MissingFileError
from engine.images import open_file, prepare

LONG = "x" * 5000 + ".jpg"          # a picture's suffix: taken for a path, not an artist's name


def test_open_file_and_prepare_say_file_not_found():
    with pytest.raises(MissingFileError) as refused:
        open_file(LONG)
    assert len(str(refused.value)) < 300, str(refused.value)       # a name, not 5000 characters
    with pytest.raises(MissingFileError):
        prepare(LONG, 512)


@pytest.mark.parametrize("style", [LONG, "y" * 5000 + ".safetensors", "z" * 5000 + "/gogh"])
def test_a_style_named_so_is_file_not_found(style):
    engine = Engine.__new__(Engine)         # (that branch reads the catalog and the file only)
    engine._catalog = None                  # the catalog read as it is first asked for
    with pytest.raises(MissingFileError) as refused:
        engine.resolve_style(style)
    assert len(refused.value.params["path"]) <= MissingFileError.SHOWN
