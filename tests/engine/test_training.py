"""What an operator met with the training commands (review TR11): a checkpoint pair out of step
after a full disk, an old run begun under an alias, an export over its own checkpoint, a small
folder of photos with no validation photo, a distillation already done loading every photo. Tiny
runs (32-64 px crops, tiny networks, one or two steps)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from safetensors import safe_open

from engine.errors import EngineError
from tests.engine.runs import cli
from tests.engine.test_train_robustness import decoder_data, train_decoder_cli


def iterations(path) -> int:
    with safe_open(str(path), "pt") as f:
        return int(f.metadata()["iterations"])


def tiny_artist_cfg(tmp_path, photo, painting, monkeypatch):
    """train-artist's settings for a tiny run of gogh on two photos (never the shipped model)."""
    import engine.train_adaptive as ta
    from tests.engine.test_train_robustness import TINY, photo_folder

    monkeypatch.setattr(ta, "DEFAULT_ADAPTIVE", tmp_path / "no_base.safetensors")
    return ta.ArtistTrainConfig(slugs=["gogh"], data=photo_folder(tmp_path / "data", photo, painting),
                                out=tmp_path / "run", iterations=1, batch=1, crop=32, channels=TINY.channels,
                                residual_blocks=1, save_every=1, device="cpu", precision="fp32", shared=True)


def tiny_distill_cfg(tmp_path, photo, painting, iterations=1):
    """distill-artists' settings for a tiny run on two photos, from a tiny teacher."""
    from engine.distill_adaptive import DistillConfig
    from tests.engine.test_distill import teacher_model
    from tests.engine.test_train_robustness import photo_folder

    teacher = tmp_path / "teacher.safetensors"
    teacher_model().save(teacher)
    return DistillConfig(data=photo_folder(tmp_path / "data", photo, painting), teacher=teacher, out=tmp_path / "run",
                         full_channels=3, iterations=iterations, batch=1, crop=32, photo_side=32, device="cpu")


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

    cfg = tiny_distill_cfg(tmp_path, photo, painting, iterations=2)
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


# -- a small photo folder with no name in the hashed validation tenth ---------------------------------
def unheld_names(folder, count):
    """``count`` file names none of which the hash puts in the validation tenth."""
    from engine.train_split import is_validation

    return [n for n in (f"photo{i}.jpg" for i in range(60)) if not is_validation(folder / n)][:count]


def small_folder(folder, count, broken=()):
    """``count`` photos (64x48, readable, but for the names in ``broken``) whose names are none of
    the hashed validation tenth; returns their names."""
    import io

    import numpy as np
    from PIL import Image

    folder.mkdir(parents=True)
    names = unheld_names(folder, count)
    rng = np.random.default_rng(0)
    for name in names:
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)).save(buf, "JPEG")
        (folder / name).write_bytes(b"\xff\xd8\xff\xe0 cut short" if name in broken else buf.getvalue())
    return names


def hash_order(names):
    import hashlib

    return sorted(names, key=lambda n: (int(hashlib.sha1(n.encode()).hexdigest(), 16), n))


@pytest.mark.parametrize("count", [3, 5, 8])
def test_a_small_folder_without_a_hashed_validation_photo_holds_one_out(tmp_path, count):
    import shutil

    from engine.train_split import list_images

    names = small_folder(tmp_path / "a" / "content", count)
    content = tmp_path / "a" / "content"
    val, train = list_images(content, "val"), list_images(content, "train")
    assert len(val) == 1 and len(train) == count - 1
    assert sorted(p.name for p in val + train) == sorted(names)
    assert val[0].name == hash_order(names)[0]                  # by the names alone: the same everywhere
    shutil.copytree(content, tmp_path / "b" / "content")
    assert [p.name for p in list_images(tmp_path / "b" / "content", "val")] == [val[0].name]
    assert list_images(content, "val") == val and list_images(content, "train") == train


def test_the_photo_held_out_is_a_readable_one(tmp_path):
    from engine.train_split import list_images

    content = tmp_path / "content"
    first = hash_order(unheld_names(content, 5))[0]
    names = small_folder(content, 5, broken={first})
    val = list_images(content, "val")
    assert [p.name for p in val] == [hash_order([n for n in names if n != first])[0]]
    assert first in [p.name for p in list_images(content, "train")]   # left to training's own check


@pytest.mark.parametrize("count, broken", [(2, 0), (3, 1)])
def test_with_fewer_than_3_readable_photos_every_photo_trains(tmp_path, count, broken):
    from engine.train_split import list_images

    content = tmp_path / "content"
    names = small_folder(content, count)
    for name in hash_order(names)[:broken]:
        (content / name).write_bytes(b"not a photo")
    assert list_images(content, "val") == []
    assert len(list_images(content, "train")) == count


def test_a_folder_with_a_hashed_validation_photo_keeps_its_split(tmp_path):
    from engine.train_split import is_validation, list_images

    content = tmp_path / "content"
    names = small_folder(content, 5)
    held = next(n for n in (f"v{i}.jpg" for i in range(60)) if is_validation(content / n))
    (content / held).write_bytes((content / names[0]).read_bytes())
    assert [p.name for p in list_images(content, "val")] == [held]
    assert sorted(p.name for p in list_images(content, "train")) == sorted(names)


# -- a checkpoint's two files stay a pair ------------------------------------------------------------
def full_disk_at_the_second_write(monkeypatch):
    """safetensors' writer fails, as on a full disk, from its second file on (the second of a
    checkpoint's pair)."""
    import safetensors.torch
    from safetensors import SafetensorError

    real, calls = safetensors.torch.save_file, []

    def save_file(tensors, path, metadata=None):
        calls.append(path)
        if len(calls) >= 2:
            raise SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)")
        return real(tensors, path, metadata=metadata)

    monkeypatch.setattr(safetensors.torch, "save_file", save_file)
    return calls


def artist_iterations(path, slug="gogh") -> int:
    from engine.adaptive import AdaptiveModel

    return int(AdaptiveModel.load(path).artists[slug].info["iterations"])


def distilled_iterations(path) -> set:
    from engine.adaptive import AdaptiveModel

    return {a.info["distill_iterations"] for a in AdaptiveModel.load(path).artists.values()}


def files_of(run) -> dict:
    return {p.name: p.read_bytes() for p in run.iterdir() if p.is_file() and p.name != ".lock"}


def test_a_full_disk_within_a_decoder_save_keeps_the_previous_pair(tmp_path, capsys, monkeypatch):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    before = files_of(run)
    calls = full_disk_at_the_second_write(monkeypatch)
    capsys.readouterr()
    assert train_decoder_cli(data, run, "--iterations", "2") == 75
    assert len(calls) == 2 and capsys.readouterr().err.startswith("error: No space left on device")
    assert files_of(run) == before                  # both of iteration 1, no temporary left
    assert iterations(run / "decoder.safetensors") == iterations(run / "decoder.optim.safetensors") == 1
    monkeypatch.undo()
    assert train_decoder_cli(data, run, "--iterations", "2") == 0
    assert "resuming from iteration 1" in capsys.readouterr().out


def test_a_full_disk_within_an_artist_save_keeps_the_previous_pair(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    before = files_of(cfg.out)
    full_disk_at_the_second_write(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        train_artist(replace(cfg, iterations=2), log=lambda _: None)
    assert files_of(cfg.out) == before
    assert artist_iterations(cfg.out / "adaptive.safetensors") == iterations(cfg.out / "state.safetensors") == 1


def test_a_full_disk_within_a_distillation_save_keeps_the_previous_pair(tmp_path, photo, painting, monkeypatch):
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting)
    da.distill(cfg, log=lambda _: None)
    before = files_of(cfg.out)
    full_disk_at_the_second_write(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        da.distill(replace(cfg, iterations=2), log=lambda _: None)
    assert files_of(cfg.out) == before
    assert distilled_iterations(cfg.out / "adaptive.safetensors") == {iterations(cfg.out / "state.safetensors")} == {1}


# -- a pair already out of step (written before, or a process killed between the renames) ------------
def test_a_decoder_pair_out_of_step_goes_on_from_the_weights_with_adam_afresh(tmp_path):
    from engine.train import TrainConfig, train_decoder

    cfg = TrainConfig(data=decoder_data(tmp_path / "data"), out=tmp_path / "run", iterations=1, batch=1, crop=32,
                      save_every=1, device="cpu")
    train_decoder(cfg, log=lambda _: None)
    state = cfg.out / "decoder.optim.safetensors"
    older = state.read_bytes()
    train_decoder(replace(cfg, iterations=2), log=lambda _: None)
    state.write_bytes(older)                        # Adam's state of iteration 1, the weights of 2
    logs = []
    train_decoder(replace(cfg, iterations=3), log=logs.append)
    assert any(line.startswith("note: the run's weights are of iteration 2 but Adam's state of iteration 1")
               for line in logs), logs
    assert "resuming from iteration 2" in logs
    assert iterations(cfg.out / "decoder.safetensors") == iterations(state) == 3
    logs = []                                       # in step again: resumed as ever
    train_decoder(replace(cfg, iterations=4), log=logs.append)
    assert "resuming from iteration 3" in logs and not any(line.startswith("note:") for line in logs)


def test_an_artist_pair_out_of_step_goes_on_from_the_model_with_adam_afresh(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    state = cfg.out / "state.safetensors"
    older = state.read_bytes()
    train_artist(replace(cfg, iterations=2), log=lambda _: None)
    state.write_bytes(older)
    logs = []
    assert train_artist(replace(cfg, iterations=3), log=logs.append).iteration == 3
    assert any(line.startswith("note: the run's weights are of iteration 2 but Adam's state of iteration 1")
               for line in logs), logs
    assert "resuming gogh from iteration 2" in logs
    assert artist_iterations(cfg.out / "adaptive.safetensors") == iterations(state) == 3


def test_a_distillation_pair_out_of_step_goes_on_from_the_student(tmp_path, photo, painting):
    import engine.distill_adaptive as da

    cfg = tiny_distill_cfg(tmp_path, photo, painting)
    da.distill(cfg, log=lambda _: None)
    state = cfg.out / "state.safetensors"
    older = state.read_bytes()
    da.distill(replace(cfg, iterations=2), log=lambda _: None)
    state.write_bytes(older)
    logs = []
    assert da.distill(replace(cfg, iterations=3), log=logs.append).iteration == 3
    assert any(line.startswith("note: the run's weights are of iteration 2") for line in logs), logs
    assert "resuming from iteration 2" in logs
    assert distilled_iterations(cfg.out / "adaptive.safetensors") == {iterations(state)} == {3}


# -- a run begun under an alias before aliases trained the catalog's artist ---------------------------
def as_begun_under(run, alias: str, slug: str = "gogh") -> None:
    """Rewrite a run of ``slug`` as train-artist wrote it for ``alias`` before 8cfc853: the model
    holds the artist under the alias, the state's metadata names it (checked against such a run)."""
    import json

    from safetensors.torch import load_file, save_file

    from engine.adaptive import AdaptiveModel

    model = AdaptiveModel.load(run / "adaptive.safetensors")
    model.artists = {(alias if name == slug else name): a for name, a in model.artists.items()}
    model.save(run / "adaptive.safetensors")
    with safe_open(str(run / "state.safetensors"), "pt") as f:
        meta = f.metadata()
    base = json.loads(meta["base_iterations"])
    meta.update(slugs=json.dumps([alias]), base_iterations=json.dumps({alias: base[slug]}))
    save_file(load_file(run / "state.safetensors"), run / "state.safetensors", metadata=meta)


@pytest.mark.parametrize("named", ["반고흐", "gogh"])
def test_a_run_begun_under_an_alias_resumes_as_the_catalogs_artist(tmp_path, photo, painting, monkeypatch, named):
    from engine.adaptive import AdaptiveModel
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(replace(cfg, iterations=2), log=lambda _: None)
    as_begun_under(cfg.out, "반고흐")
    logs = []
    result = train_artist(replace(cfg, slugs=[named], iterations=3), log=logs.append)
    assert result.iteration == 3
    assert any(line.startswith(f"note: the run in {cfg.out} began under 반고흐") and "goes on as gogh" in line
               for line in logs), logs
    assert "resuming gogh from iteration 2" in logs
    model = AdaptiveModel.load(result.path)
    assert list(model.artists) == ["gogh"] and model.artists["gogh"].info["iterations"] == 3
    logs = []                                       # renamed for good: no note the next time
    train_artist(replace(cfg, iterations=4), log=logs.append)
    assert "resuming gogh from iteration 3" in logs and not any(line.startswith("note:") for line in logs)


def test_an_alias_run_already_done_is_renamed_all_the_same(tmp_path, photo, painting, monkeypatch):
    from engine.adaptive import AdaptiveModel
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(replace(cfg, iterations=2), log=lambda _: None)
    as_begun_under(cfg.out, "반고흐")
    logs = []
    assert train_artist(replace(cfg, iterations=2), log=logs.append).iteration == 2
    assert "already at iteration 2 (asked for 2); nothing to do" in logs
    assert list(AdaptiveModel.load(cfg.out / "adaptive.safetensors").artists) == ["gogh"]     # paints as gogh


def test_an_alias_run_of_the_starting_models_artist_replaces_it(tmp_path, photo, painting, monkeypatch):
    from engine.adaptive import AdaptiveModel
    from engine.train_adaptive import train_artist
    from tests.engine.test_train_robustness import TINY

    base = tmp_path / "base.safetensors"
    model = AdaptiveModel.new(TINY)
    model.add_artist("monet").info["iterations"] = 5
    model.save(base)
    cfg = replace(tiny_artist_cfg(tmp_path, photo, painting, monkeypatch), base=base, shared=None)
    train_artist(cfg, log=lambda _: None)
    trained = AdaptiveModel.load(cfg.out / "adaptive.safetensors").artists["gogh"].gamma.clone()
    as_begun_under(cfg.out, "반고흐")
    # as the old code's run on a starting model with its own gogh held it: both
    old = AdaptiveModel.load(cfg.out / "adaptive.safetensors")
    old.add_artist("gogh").info["iterations"] = 7
    old.save(cfg.out / "adaptive.safetensors")
    logs = []
    train_artist(replace(cfg, iterations=1), log=logs.append)
    assert any("its starting model's own gogh, which the run did not train, replaced" in line for line in logs), logs
    model = AdaptiveModel.load(cfg.out / "adaptive.safetensors")
    assert sorted(model.artists) == ["gogh", "monet"] and model.artists["gogh"].info["iterations"] == 1
    assert (model.artists["gogh"].gamma == trained).all()


def test_a_run_of_other_artists_is_still_refused(tmp_path, photo, painting, monkeypatch):
    from engine.train_adaptive import train_artist

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(cfg, log=lambda _: None)
    as_begun_under(cfg.out, "반고흐")
    before = files_of(cfg.out)
    with pytest.raises(EngineError, match=f"{cfg.out} holds a run for 반고흐; use another --out"):
        train_artist(replace(cfg, slugs=["monet"], iterations=2), log=lambda _: None)
    assert files_of(cfg.out) == before
