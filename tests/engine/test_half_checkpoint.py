"""A run folder holding one file of a checkpoint's pair (review TR12): the weights without Adam's
state (the state deleted, or lost by a copy of the folder) were taken for no run at all, and
train-decoder, train-artist and distill-artists started a new run over the trained weights without
a word. Each now refuses with one line and exit 2, naming the file and what to do, and leaves the
folder as it was. Adam's state without its weights (of no use alone: the bot's trainer leaves such
a folder queued) starts a new run with a note saying so. Tiny runs (32 px crops, tiny networks,
one or two steps)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from engine.errors import EngineError
from tests.engine.runs import cli
from tests.engine.test_training import (artist_iterations, distilled_iterations, files_of, iterations,
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


def test_decoder_adams_state_without_its_weights_starts_a_new_run_saying_so(tmp_path, capsys):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    (run / "decoder.safetensors").unlink()
    capsys.readouterr()
    assert train_decoder_cli(data, run, "--iterations", "2") == 0
    out = capsys.readouterr().out
    assert f"note: {run / 'decoder.optim.safetensors'} is Adam's state without its weights" in out, out
    assert "resuming" not in out
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


def test_an_artist_state_without_its_model_starts_a_new_run_saying_so(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    (cfg.out / "adaptive.safetensors").unlink()
    logs = []
    assert train_artist(replace(cfg, iterations=2), log=logs.append).iteration == 2
    assert any(line.startswith(f"note: {cfg.out / 'state.safetensors'} is Adam's state without its weights")
               for line in logs), logs
    assert not any(line.startswith("resuming") for line in logs), logs
    assert artist_iterations(cfg.out / "adaptive.safetensors") == iterations(cfg.out / "state.safetensors") == 2


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


def test_a_distillation_state_without_its_student_starts_a_new_run_saying_so(tmp_path, photo, painting):
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting)
    da.distill(cfg, log=lambda _: None)
    (cfg.out / "adaptive.safetensors").unlink()
    logs = []
    assert da.distill(replace(cfg, iterations=2), log=logs.append).iteration == 2
    assert any(line.startswith(f"note: {cfg.out / 'state.safetensors'} is Adam's state without its weights")
               for line in logs), logs
    assert distilled_iterations(cfg.out / "adaptive.safetensors") == {iterations(cfg.out / "state.safetensors")} == {2}


# -- another run's checkpoint written meanwhile ------------------------------------------------------
@pytest.mark.parametrize("trainer", ["train-decoder", "distill-artists"])
def test_another_runs_weights_written_meanwhile_are_not_overwritten(tmp_path, photo, painting, monkeypatch,
                                                                    trainer):
    """A run that found no folder (so no lock to take) while another run, beginning there too,
    has renamed its weights into place as this one starts training (its state not yet)."""
    import engine.distill_adaptive as da
    import engine.train as tr

    if trainer == "train-decoder":
        cfg = tr.TrainConfig(data=decoder_data(tmp_path / "data"), out=tmp_path / "run", iterations=1, batch=1,
                             crop=32, save_every=1, device="cpu")
        module, weights, run = tr, cfg.out / "decoder.safetensors", tr.train_decoder
    else:
        cfg = tiny_distill_cfg(tmp_path, photo, painting)
        module, weights, run = da, cfg.out / "adaptive.safetensors", da.distill
    real = module.load_pool

    def meanwhile(*args, **kwargs):
        weights.parent.mkdir(exist_ok=True)
        weights.write_bytes(b"another run's weights")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "load_pool", meanwhile)
    with pytest.raises(EngineError, match="another run wrote a checkpoint"):
        run(cfg, log=lambda _: None)
    assert weights.read_bytes() == b"another run's weights"
