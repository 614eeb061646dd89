"""`python -m styles build --help` was bare: no description, no help text, no default for
--artists-dir (the README promises --help for the commands)."""
import pytest

from styles.__main__ import DEFAULT_ARTISTS_DIR, main


def help_of(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_build_help_says_what_it_does_its_options_and_their_defaults(capsys):
    text = help_of(capsys, "build")
    assert "write styles/descriptors/<slug>.safetensors" in text, text
    assert "folder of the paintings, one subfolder per artist" in text and f"(default: {DEFAULT_ARTISTS_DIR})" in text
    assert "artists to rebuild, by slug or any of their names (default: all)" in text and "None" not in text
    assert "Exit status: 0 built, 2 " in text


def test_the_top_level_and_list_help_say_what_they_are(capsys):
    assert "The artist catalog (styles/catalog.toml) and its descriptors." in help_of(capsys)
    assert "List the catalog's artists" in help_of(capsys, "list")
