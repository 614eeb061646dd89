"""`python -m styles build` without the paintings: it printed a "missing [...]" list of one
artist's every file and exited 1 (after loading the engine), where the engine's commands print one
line and exit 2. Now: one line (how many are missing, the first few, where it looked), exit 2,
before any model loads. An --only slug that is no artist's built nothing and said nothing."""
from __future__ import annotations

import pytest

import engine
from styles import load_catalog
from styles.__main__ import main


@pytest.fixture(autouse=True)
def no_engine(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the engine loaded before the paintings were checked")
    monkeypatch.setattr(engine, "load_engine", refuse)


def test_no_paintings_folder_is_one_line_and_exit_2(tmp_path, capsys):
    total = sum(len(a.paintings) for a in load_catalog())
    assert main(["build", "--artists-dir", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    [line] = err.strip().splitlines()
    first = load_catalog().artists[0]
    assert line.startswith(f"error: {total} of the {total} paintings are missing in {tmp_path / 'nowhere'} "
                           f"({first.slug}/{first.paintings[0].file}, ")
    assert line.count("/") < 20 and ", …); put them there" in line and "--artists-dir" in line


def test_only_those_missing_are_counted(tmp_path, capsys):
    gogh = load_catalog().resolve("gogh")
    (tmp_path / "gogh").mkdir()
    for painting in gogh.paintings[1:]:
        (tmp_path / "gogh" / painting.file).write_bytes(b"a painting")
    assert main(["build", "--artists-dir", str(tmp_path), "--only", "gogh"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: 1 of the {len(gogh.paintings)} paintings are missing in {tmp_path} "
                           f"(gogh/{gogh.paintings[0].file}); ")


def test_an_unknown_slug_is_refused_with_the_nearest(tmp_path, capsys):
    assert main(["build", "--artists-dir", str(tmp_path), "--only", "gohg"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("error: I don't know the style 'gohg'. Did you mean: gogh?") and "styles list" in line


@pytest.mark.parametrize("name", ["고흐", "Van Gogh", "GOGH"])
def test_only_takes_an_artist_by_any_of_their_names(tmp_path, capsys, name):
    """It took slugs alone: "--only 고흐" was answered "I don't know the style '고흐'. Did you mean:
    gogh?", where train-artist and the chat take any of an artist's names."""
    gogh = load_catalog().resolve("gogh")
    assert main(["build", "--artists-dir", str(tmp_path), "--only", name]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: {len(gogh.paintings)} of the {len(gogh.paintings)} paintings are missing in "
                           f"{tmp_path} (gogh/"), line
