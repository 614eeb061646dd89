"""`python -m engine stylize`: arguments it cannot honour are refused before painting, in one line."""
import pytest

from tests.engine.runs import cli


@pytest.fixture()
def no_painting(monkeypatch):
    """Engine.stylize fails the test if the command gets as far as painting."""
    from engine.core import Engine

    def stylize(*args, **kwargs):
        raise AssertionError("painted before the bad argument was found")

    monkeypatch.setattr(Engine, "stylize", stylize)


# An extension Pillow knows but cannot write an RGB picture in: refused before painting
@pytest.mark.parametrize("name", ["out.blp", "out.xbm", "out.msp", "out.wmf"])
def test_an_unwritable_output_format_is_refused_before_painting(tmp_path, photo, capsys, no_painting, name):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "gogh", "-o", tmp_path / name)
    assert status == 2 and len(lines) == 1 and "name it .jpg, .png or .webp" in lines[0], lines
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("style", ["gogh:0", "gogh:-1", "gogh:nan"])
def test_a_lone_style_with_a_bad_weight_is_refused(tmp_path, photo, capsys, no_painting, style):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", style, "-o", tmp_path / "o.jpg")
    assert status == 2 and len(lines) == 1 and "weight" in lines[0], lines
