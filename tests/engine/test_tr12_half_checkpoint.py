"""A run folder holding one file of a checkpoint's pair (review TR12): the weights without Adam's
state (the state deleted, or lost by a copy of the folder) were taken for no run at all, and
train-decoder, train-artist and distill-artists started a new run over the trained weights without
a word; Adam's state without its weights likewise. Each now refuses with one line and exit 2,
naming the file and what to do, and leaves the folder as it was. Tiny runs (32 px crops, tiny
networks, one or two steps)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from engine.errors import EngineError
from tests.engine.runs import cli
from tests.engine.test_tr11_training import (artist_iterations, distilled_iterations, files_of, iterations,
                                             tiny_artist_cfg, tiny_distill_cfg)
from tests.engine.test_train_robustness import decoder_data, train_decoder_cli


# -- train-decoder (through the CLI: exit status 2 and one line) ---------------------------------------
def test_decoder_weights_without_adams_state_are_refused_not_overwritten(tmp_path, capsys):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    weights = run / "decoder.safetensors"
    (run / "decoder.optim.safetensors").unlink()
    before = files_of(run)
    capsys.readouterr()
    status, out, err = cli(capsys, "train-decoder", "--data", data, "--out", run, "--device", "cpu",
                           "--iterations", "2", "--batch", "1", "--crop", "32")
    assert status == 2
    assert len(err) == 1 and err[0].startswith("error: ") and str(weights) in err[0], err
    assert "decoder.optim.safetensors" in err[0] and "--init" in err[0] and "delete" in err[0], err
    assert files_of(run) == before                  # the trained weights kept, nothing written
    # what the line says: the weights as --init of another --out train on from their iteration
    assert train_decoder_cli(data, tmp_path / "run2", "--iterations", "2", "--init", str(weights)) == 0
    assert "starting from" in capsys.readouterr().out
    assert iterations(tmp_path / "run2" / "decoder.safetensors") == 2


def test_decoder_adams_state_without_its_weights_is_one_line(tmp_path, capsys):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    (run / "decoder.safetensors").unlink()
    before = files_of(run)
    capsys.readouterr()
    status, out, err = cli(capsys, "train-decoder", "--data", data, "--out", run, "--device", "cpu",
                           "--iterations", "2", "--batch", "1", "--crop", "32")
    assert status == 2
    assert len(err) == 1 and str(run / "decoder.optim.safetensors") in err[0] and "delete" in err[0], err
    assert files_of(run) == before
    (run / "decoder.optim.safetensors").unlink()    # as the line says: deleted, a new run starts
    assert train_decoder_cli(data, run, "--iterations", "2") == 0
    assert iterations(run / "decoder.safetensors") == iterations(run / "decoder.optim.safetensors") == 2


def test_decoder_weights_alone_with_an_init_are_refused_too(tmp_path, capsys):
    """--init is for a folder without a checkpoint: it too overwrote the weights there."""
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, tmp_path / "init") == 0
    assert train_decoder_cli(data, run, "--iterations", "3") == 0
    (run / "decoder.optim.safetensors").unlink()
    before = files_of(run)
    capsys.readouterr()
    status, out, err = cli(capsys, "train-decoder", "--data", data, "--out", run, "--device", "cpu",
                           "--iterations", "2", "--batch", "1", "--crop", "32",
                           "--init", tmp_path / "init" / "decoder.safetensors")
    assert status == 2 and len(err) == 1 and str(run / "decoder.safetensors") in err[0], err
    assert files_of(run) == before


# -- train-artist ------------------------------------------------------------------------------------
def test_an_artist_model_without_adams_state_is_refused_not_overwritten(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    model = cfg.out / "adaptive.safetensors"
    (cfg.out / "state.safetensors").unlink()
    before = files_of(cfg.out)
    with pytest.raises(EngineError) as caught:
        train_artist(replace(cfg, iterations=2), log=lambda _: None)
    said = str(caught.value)
    assert "\n" not in said and str(model) in said and "state.safetensors" in said, said
    assert "--base" in said and "delete" in said, said
    assert files_of(cfg.out) == before
    # what the line says: the model as --base of another --out goes on from its iterations
    result = train_artist(replace(cfg, base=model, out=tmp_path / "run2", iterations=1), log=lambda _: None)
    assert artist_iterations(result.path) == 2


def test_an_artist_state_without_its_model_is_refused(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    (cfg.out / "adaptive.safetensors").unlink()
    before = files_of(cfg.out)
    with pytest.raises(EngineError, match="delete") as caught:
        train_artist(replace(cfg, iterations=2), log=lambda _: None)
    assert str(cfg.out / "state.safetensors") in str(caught.value)
    assert files_of(cfg.out) == before


# -- distill-artists ---------------------------------------------------------------------------------
def test_a_student_without_adams_state_is_refused_not_overwritten(tmp_path, photo, painting):
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting, iterations=2)
    da.distill(cfg, log=lambda _: None)
    (cfg.out / "state.safetensors").unlink()
    before = files_of(cfg.out)
    with pytest.raises(EngineError, match="delete") as caught:
        da.distill(replace(cfg, iterations=3), log=lambda _: None)
    assert str(cfg.out / "adaptive.safetensors") in str(caught.value) and "\n" not in str(caught.value)
    assert files_of(cfg.out) == before
    assert distilled_iterations(cfg.out / "adaptive.safetensors") == {2}


def test_a_distillation_state_without_its_student_is_refused(tmp_path, photo, painting):
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting)
    da.distill(cfg, log=lambda _: None)
    (cfg.out / "adaptive.safetensors").unlink()
    before = files_of(cfg.out)
    with pytest.raises(EngineError, match="delete") as caught:
        da.distill(replace(cfg, iterations=2), log=lambda _: None)
    assert str(cfg.out / "state.safetensors") in str(caught.value)
    assert files_of(cfg.out) == before


# -- one file of a pair written meanwhile ------------------------------------------------------------
@pytest.mark.parametrize("written", ["weights", "state"])
def test_one_file_written_meanwhile_is_another_runs_checkpoint(tmp_path, written):
    """A run that found no folder (so no lock to take) and another run's file there as it starts."""
    from engine.train import RunLock

    out = tmp_path / "run"
    pair = out / "decoder.safetensors", out / "decoder.optim.safetensors"
    with RunLock(out) as lock:
        assert lock.acquire() is False              # no folder yet
        out.mkdir()
        pair[0 if written == "weights" else 1].write_bytes(b"another run's")
        with pytest.raises(EngineError, match="another run wrote a checkpoint"):
            lock.start_training(False, *pair)
