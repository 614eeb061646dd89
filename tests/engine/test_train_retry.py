"""train-artist's ends that are no bad input: a validation photo that cannot be read (left out of
the verdict, not the style failed after its training), another run holding --out past
--wait-for-run and a full disk found before training (exit 75, which the bot retries), and a file
system that cannot lock (a warning, the run goes on). Tiny runs: 64-px crops, 2 iterations."""
import errno

import pytest

from engine.adaptive import AdaptiveStyle
from engine.train_split import is_validation

from tests.engine import test_train_robustness as robustness
from tests.engine.test_train_robustness import another_run_in, photo_folder

artist_cfg, encoder = robustness.artist_cfg, robustness.encoder       # its fixtures

DESCRIPTOR = "styles/descriptors/gogh.safetensors"


def validation_names(content, count):
    return [n for n in (f"p{i}.jpg" for i in range(200)) if is_validation(content / n)][:count]


def export_cli(data, run, style, *more):
    from engine.__main__ import main

    return main(["train-artist", "ink", "--descriptor", DESCRIPTOR, "--data", str(data), "--out", str(run),
                 "--export-style", str(style), "--iterations", "2", "--batch", "1", "--crop", "64",
                 "--device", "cpu", "--precision", "fp32", *map(str, more)])


# -- 1. an unreadable validation photo -----------------------------------------------------------
def test_an_unreadable_or_too_small_validation_photo_is_left_out_of_the_verdict(tmp_path, photo, painting, capsys):
    data = photo_folder(tmp_path / "data", photo, painting)         # two train-split photos
    content = data / "content"
    broken, small, good, more = validation_names(content, 4)        # sorted: the bad ones come first
    (content / broken).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    photo.resize((20, 16)).save(content / small)                    # under the engine's 32 px
    photo.save(content / good)
    painting.save(content / more)
    style = tmp_path / "ink.adaptive.safetensors"
    status = export_cli(data, tmp_path / "run", style)
    out, err = capsys.readouterr()
    assert status == 0, err
    left = [line for line in out.splitlines() if line.startswith("left out 2 unreadable validation photo(s)")]
    assert len(left) == 1 and broken in left[0] and small in left[0], out
    assert "verdict for ink" in out
    # the verdict's photos: the two readable ones (the default asks for 4; there are no more)
    assert AdaptiveStyle.load(style).info["photos"] == 2


def test_further_validation_photos_stand_in_for_unreadable_ones(tmp_path, photo, painting):
    from engine.train_adaptive import export_style, train_artist

    data = photo_folder(tmp_path / "data", photo, painting)
    content = data / "content"
    broken, good, more = validation_names(content, 3)
    (content / broken).write_bytes(b"")
    photo.save(content / good)
    painting.save(content / more)
    result = train_artist(replace_cfg(data, tmp_path), log=lambda _: None)
    logs = []
    style = export_style(result.path, "ink", DESCRIPTOR, tmp_path / "ink.safetensors", data, photos=2,
                         log=logs.append)
    assert style.info["photos"] == 2                                # the photo after the broken one took its place
    assert any(line.startswith("left out 1") and broken in line for line in logs), logs


def replace_cfg(data, tmp_path):
    from engine.train_adaptive import ArtistTrainConfig

    return ArtistTrainConfig(slugs=["ink"], data=data, descriptor=DESCRIPTOR, out=tmp_path / "run", iterations=1,
                             batch=1, crop=64, device="cpu", precision="fp32")


def test_export_style_with_no_readable_validation_photo_is_refused_before_training(tmp_path, photo, painting,
                                                                                  capsys):
    data = photo_folder(tmp_path / "data", photo, painting)
    content = data / "content"
    for name in validation_names(content, 2):
        (content / name).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    run = tmp_path / "run"
    assert export_cli(data, run, tmp_path / "ink.safetensors") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --export-style judges the model on the validation photos") and "can be read" in err
    assert not run.exists()


# -- 2. another run in --out past --wait-for-run --------------------------------------------------
def test_another_run_holding_out_past_the_wait_is_exit_75_and_its_folder_kept(tmp_path, photo, painting, capsys):
    data = photo_folder(tmp_path / "data", photo, painting)
    photo.save(data / "content" / validation_names(data / "content", 1)[0])
    run = tmp_path / "run"
    with another_run_in(run):
        (run / "state.safetensors").write_bytes(b"the other run's checkpoint")
        status = export_cli(data, run, tmp_path / "ink.safetensors", "--wait-for-run", "0.3")
        err = capsys.readouterr().err
        assert status == 75, err
        assert err.startswith(f"error: another training run is using {run} (process 4242)")
        assert (run / "state.safetensors").read_bytes() == b"the other run's checkpoint"


# -- 3. a full disk found by the check before training -------------------------------------------
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_found_before_training_is_exit_75(tmp_path, photo, painting, capsys, monkeypatch, code):
    import engine.arguments

    data = photo_folder(tmp_path / "data", photo, painting)
    photo.save(data / "content" / validation_names(data / "content", 1)[0])

    def full(*args, **kwargs):
        raise OSError(code, "No space left on device" if code == errno.ENOSPC else "Disk quota exceeded")

    monkeypatch.setattr(engine.arguments.tempfile, "NamedTemporaryFile", full)
    run = tmp_path / "run"
    status = export_cli(data, run, tmp_path / "ink.safetensors")
    err = capsys.readouterr().err
    assert status == 75, err
    assert err.startswith("error: No space left on device: " if code == errno.ENOSPC else "error: Disk quota exceeded")
    assert not run.exists()


def test_a_folder_that_cannot_be_written_is_still_exit_2(tmp_path, monkeypatch):
    import engine.arguments
    from engine.arguments import check_writable
    from engine.errors import EngineError

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(engine.arguments.tempfile, "NamedTemporaryFile", denied)
    with pytest.raises(EngineError, match="Permission denied"):
        check_writable(tmp_path / "run", folder=True)


# -- a file system without locks -------------------------------------------------------------------
@pytest.mark.parametrize("code", [errno.ENOLCK, errno.EINVAL])
def test_a_file_system_without_locks_trains_unlocked_with_a_warning(artist_cfg, encoder, monkeypatch, code):
    import fcntl

    from engine.train_adaptive import train_artist

    real = fcntl.flock

    def no_locks(fd, op):
        if op & fcntl.LOCK_EX:
            raise OSError(code, "No locks available")
        return real(fd, op)

    monkeypatch.setattr(fcntl, "flock", no_locks)
    logs = []
    result = train_artist(artist_cfg, log=logs.append, encoder=encoder)
    assert result.iteration == 2
    warnings = [line for line in logs if line.startswith("warning: cannot lock")]
    assert len(warnings) == 1 and str(artist_cfg.out) in warnings[0], logs
