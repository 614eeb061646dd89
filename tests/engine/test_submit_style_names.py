"""`python -m engine submit --style nobody` enqueued the photos, waited for a worker to refuse them
and exited 1, where its --help promises exit 2 for a bad argument, checked before connecting. A
worker paints an artist's name by the release's catalog (community styles travel as file bytes,
never by name), so submit checks each name against the same catalog first, as `engine stylize`'s
engine does: one line, with the catalog's suggestions, exit 2, nothing enqueued. Workers with an
engine of their own (ENGINE_FACTORY, read as they read it) know names submit cannot check, and
without a catalog to check by the name is left to the worker too."""
from __future__ import annotations

import pytest

from tests.engine import test_style_mix_and_output as shared
queue, submit = shared.queue, shared.submit     # a RedisQueue that paints at once; submit's command line


@pytest.mark.parametrize("styles, said", [
    (["--style", "nobody"], "error: I don't know the style 'nobody'."),
    (["--style", "gogh:0.7,mone:0.3"], "error: I don't know the style 'mone'. Did you mean: monet"),
    (["--style", "gogh", "--style", "nobody:0.5"], "error: I don't know the style 'nobody'.")])
def test_submit_refuses_a_name_no_artist_has_before_connecting(tmp_path, capsys, queue, styles, said):
    status, _, lines = submit(capsys, tmp_path, *styles)
    assert status == 2 and len(lines) == 1 and lines[0].startswith(said), lines
    assert queue == [] and not (tmp_path / "out").exists()


def test_submit_takes_any_name_or_alias_of_an_artist(tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", "반고흐:0.5,Claude Monet")
    assert status == 0, lines
    assert [s.value for s in queue[-1].styles] == ["반고흐", "Claude Monet"]     # sent as given


def test_workers_with_an_engine_of_their_own_judge_the_names(tmp_path, capsys, queue, monkeypatch):
    monkeypatch.setenv("ENGINE_FACTORY", "tests.queue.fakes:make_engine")
    status, _, lines = submit(capsys, tmp_path, "--style", "sleep:0.4")
    assert status == 0, lines
    assert [s.value for s in queue[-1].styles] == ["sleep"]
    monkeypatch.setenv("ENGINE_FACTORY", "engine:load_engine")          # the shipped engine, named
    status, _, lines = submit(capsys, tmp_path, "--style", "sleep:0.4")
    assert status == 2 and "python -m engine styles" in lines[0] and "ENGINE_FACTORY" in lines[0], lines


def test_without_a_catalog_here_the_worker_judges_the_name(tmp_path, capsys, queue, monkeypatch):
    import styles

    def no_catalog(*args, **kwargs):
        raise FileNotFoundError("catalog.toml")

    monkeypatch.setattr(styles, "load_catalog", no_catalog)
    status, _, lines = submit(capsys, tmp_path, "--style", "newcomer")
    assert status == 0, lines
    assert [s.value for s in queue[-1].styles] == ["newcomer"]
