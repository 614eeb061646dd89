"""What an operator met with the training commands (review TR11): a checkpoint pair out of step
after a full disk, an old run begun under an alias, an export over its own checkpoint, a small
folder of photos with no validation photo, a distillation already done loading every photo. Tiny
runs (32-64 px crops, tiny networks, one or two steps)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from safetensors import safe_open

from tests.engine.runs import cli
from tests.engine.test_train_robustness import decoder_data, train_decoder_cli


def iterations(path) -> int:
    with safe_open(str(path), "pt") as f:
        return int(f.metadata()["iterations"])


# -- export-decoder onto its own checkpoint -----------------------------------------------------------
@pytest.mark.parametrize("how", ["same path", "another spelling", "a symlink"])
def test_export_decoder_onto_its_own_checkpoint_is_refused_and_the_checkpoint_kept(tmp_path, capsys, how):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    checkpoint = run / "decoder.safetensors"
    before = checkpoint.read_bytes()
    output = {"same path": checkpoint, "another spelling": run / ".." / "run" / "decoder.safetensors",
              "a symlink": tmp_path / "link.safetensors"}[how]
    if how == "a symlink":
        output.symlink_to(checkpoint)
    capsys.readouterr()
    status, out, err = cli(capsys, "export-decoder", checkpoint, "-o", output)
    assert status == 2 and out == ""
    assert len(err) == 1 and err[0].startswith("error: -o ") and "is the checkpoint itself" in err[0]
    assert checkpoint.read_bytes() == before
    # the run resumes from it (its Adam state still fits the fp32 weights)
    assert train_decoder_cli(data, run, "--iterations", "2") == 0
    assert iterations(checkpoint) == 2


def test_export_decoder_elsewhere_still_writes(tmp_path, capsys):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    status, out, err = cli(capsys, "export-decoder", run / "decoder.safetensors", "-o", tmp_path / "d.safetensors")
    assert status == 0 and (tmp_path / "d.safetensors").exists()


# -- distill-artists with nothing to do ----------------------------------------------------------------
def test_a_distillation_already_done_says_so_without_loading_the_photos(tmp_path, photo, painting, monkeypatch):
    import engine.distill_adaptive as da
    from tests.engine.test_distill import teacher_model
    from tests.engine.test_train_robustness import photo_folder

    teacher = tmp_path / "teacher.safetensors"
    teacher_model().save(teacher)
    cfg = da.DistillConfig(data=photo_folder(tmp_path / "data", photo, painting), teacher=teacher,
                           out=tmp_path / "run", full_channels=3, iterations=2, batch=1, crop=32, photo_side=32,
                           device="cpu")
    assert da.distill(cfg, log=lambda _: None).iteration == 2
    before = (cfg.out / "adaptive.safetensors").read_bytes()

    def no_photos(*args, **kwargs):
        raise AssertionError("photos loaded for a run with nothing to do")

    monkeypatch.setattr(da, "load_pool", no_photos)
    for asked in (1, 2):
        logs = []
        result = da.distill(replace(cfg, iterations=asked), log=logs.append)
        assert result.iteration == 2 and result.losses == []
        assert logs[-1] == f"already at iteration 2 (asked for {asked}); nothing to do"
    assert (cfg.out / "adaptive.safetensors").read_bytes() == before
