"""A run killed (SIGKILL, the OOM killer) between the two renames of its checkpoint's first save:
save_pair renamed the weights into place first, so the folder held the weights without Adam's
state, which 4881503 refuses (exit 2), and the bot then failed the community style for good and
deleted its folder. The state is now renamed first: killed between, the folder holds Adam's state
alone (a new run, with a note) or, at a later save, a pair out of step (resumed from the weights)."""
from __future__ import annotations

import pathlib
from dataclasses import replace

import pytest

from tests.engine.test_training import (artist_iterations, distilled_iterations, iterations, tiny_artist_cfg,
                                             tiny_distill_cfg)
from tests.engine.test_train_robustness import decoder_data


class Killed(BaseException):
    """The process ends here, as a SIGKILL ends it (nothing else of the save happens)."""


def killed_at_the_second_rename(monkeypatch):
    real, renamed = pathlib.Path.replace, []

    def replace_(self, target):
        if self.name.endswith(".tmp"):
            if renamed:
                raise Killed()
            renamed.append(pathlib.Path(target).name)
        return real(self, target)

    monkeypatch.setattr(pathlib.Path, "replace", replace_)
    return renamed


def trainer(kind, tmp_path, photo, painting, monkeypatch):
    if kind == "train-decoder":
        from engine.train import TrainConfig, train_decoder

        cfg = TrainConfig(data=decoder_data(tmp_path / "data"), out=tmp_path / "run", iterations=1, batch=1,
                          crop=32, save_every=1, device="cpu")
        return cfg, train_decoder, "decoder.safetensors", lambda: iterations(cfg.out / "decoder.safetensors")
    if kind == "train-artist":
        from engine.train_adaptive import train_artist

        cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
        return cfg, train_artist, "adaptive.safetensors", lambda: artist_iterations(cfg.out / "adaptive.safetensors")
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting)
    return cfg, da.distill, "adaptive.safetensors", \
        lambda: distilled_iterations(cfg.out / "adaptive.safetensors").pop()


@pytest.mark.parametrize("kind", ["train-decoder", "train-artist", "distill-artists"])
def test_a_run_killed_between_the_renames_of_its_first_save_can_run_again(tmp_path, photo, painting,
                                                                           monkeypatch, kind):
    cfg, run, weights_name, weights_iteration = trainer(kind, tmp_path, photo, painting, monkeypatch)
    with monkeypatch.context() as patch:
        renamed = killed_at_the_second_rename(patch)
        with pytest.raises(Killed):
            run(cfg, log=lambda _: None)
    assert renamed and renamed[0] != weights_name              # Adam's state first, the weights last
    assert not (cfg.out / weights_name).exists()
    logs = []
    run(replace(cfg, iterations=2), log=logs.append)           # what the bot does: the same run again
    assert any(line.startswith("note:") and "without its weights" in line for line in logs), logs
    assert weights_iteration() == 2


@pytest.mark.parametrize("kind", ["train-decoder", "train-artist", "distill-artists"])
def test_a_run_killed_between_the_renames_of_a_later_save_resumes_from_its_weights(tmp_path, photo, painting,
                                                                                   monkeypatch, kind):
    cfg, run, weights_name, weights_iteration = trainer(kind, tmp_path, photo, painting, monkeypatch)
    run(cfg, log=lambda _: None)
    with monkeypatch.context() as patch:
        killed_at_the_second_rename(patch)
        with pytest.raises(Killed):
            run(replace(cfg, iterations=2), log=lambda _: None)
    assert weights_iteration() == 1                            # the weights of the last whole save kept
    logs = []
    run(replace(cfg, iterations=3), log=logs.append)
    assert any(line.startswith("note: the run's weights are of iteration 1 but Adam's state of iteration 2")
               for line in logs), logs
    assert weights_iteration() == 3


@pytest.mark.parametrize("kind", ["train-decoder", "train-artist", "distill-artists"])
def test_another_runs_state_renamed_meanwhile_is_another_runs_checkpoint(tmp_path, photo, painting, monkeypatch,
                                                                       kind):
    """A run that found no folder (so no lock to take) while another run, beginning there too,
    has renamed Adam's state into place (now the first of its pair) as this one starts training."""
    import engine.distill_adaptive as da
    import engine.train as tr
    import engine.train_adaptive as ta
    from engine.errors import EngineError

    cfg, run, weights_name, _ = trainer(kind, tmp_path, photo, painting, monkeypatch)
    module = {"train-decoder": tr, "train-artist": ta, "distill-artists": da}[kind]
    state = cfg.out / ("decoder.optim.safetensors" if kind == "train-decoder" else "state.safetensors")
    real = module.load_pool

    def meanwhile(*args, **kwargs):
        state.parent.mkdir(exist_ok=True)
        state.write_bytes(b"another run's state")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "load_pool", meanwhile)
    with pytest.raises(EngineError, match="another run wrote a checkpoint"):
        run(cfg, log=lambda _: None)
    assert state.read_bytes() == b"another run's state" and not (cfg.out / weights_name).exists()
