"""What an operator meets running the training commands: aliases, broken checkpoints and photos,
two runs on one folder, a run already done. Tiny runs (64-px crops, tiny networks, a few steps)."""
import contextlib
from dataclasses import replace

import pytest

from engine.adaptive import AdaptiveModel, NetConfig
from engine.errors import EngineError
from engine.train_split import is_validation

TINY = NetConfig((4, 8, 8), 1, 3)


@pytest.fixture(scope="module")
def encoder():
    from engine.vgg import Encoder, load_vgg

    return Encoder(load_vgg())


def photo_folder(root, photo, painting, count=2):
    """root/content with ``count`` photos of the train split; returns root."""
    content = root / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(40)) if not is_validation(content / n)][:count]
    for i, name in enumerate(names):
        (photo if i % 2 == 0 else painting).resize((80, 72)).save(content / name)
    return root


@pytest.fixture
def artist_cfg(tmp_path, photo, painting, monkeypatch):
    import engine.train_adaptive as ta
    from engine.train_adaptive import ArtistTrainConfig

    monkeypatch.setattr(ta, "DEFAULT_ADAPTIVE", tmp_path / "no_base.safetensors")   # never the shipped model
    data = photo_folder(tmp_path / "data", photo, painting)
    return ArtistTrainConfig(slugs=["gogh"], data=data, out=tmp_path / "run", iterations=2, batch=1, crop=64,
                             channels=TINY.channels, residual_blocks=1, save_every=1, device="cpu",
                             precision="fp32", base=None, shared=True)


def test_an_alias_trains_the_catalog_artist_it_names(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    logs = []
    result = train_artist(replace(artist_cfg, slugs=["반고흐"]), log=logs.append, encoder=encoder)
    model = AdaptiveModel.load(result.path)
    assert "gogh" in model.artists and "반고흐" not in model.artists
    assert model.artists["gogh"].info["iterations"] == 2
    assert any("the catalog's names for 반고흐" in line for line in logs)
    # the same run, named by its slug, resumes (one artist, not a second run's)
    again = train_artist(replace(artist_cfg, iterations=3), log=logs.append, encoder=encoder)
    assert AdaptiveModel.load(again.path).artists["gogh"].info["iterations"] == 3


# -- a broken checkpoint: one line saying what to do, never a traceback, the folder left alone --
def test_a_truncated_artist_checkpoint_is_an_error_saying_what_to_do(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    state = artist_cfg.out / "state.safetensors"
    state.write_bytes(state.read_bytes()[:100])      # a full disk, a copy cut short
    model_before = (artist_cfg.out / "adaptive.safetensors").read_bytes()
    with pytest.raises(EngineError, match="unreadable.*delete the folder"):
        train_artist(replace(artist_cfg, iterations=4), log=lambda _: None, encoder=encoder)
    assert (artist_cfg.out / "adaptive.safetensors").read_bytes() == model_before


def test_an_artist_checkpoint_of_another_network_is_an_error(artist_cfg, encoder, tmp_path):
    from engine.train_adaptive import train_artist

    train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    other = replace(artist_cfg, out=tmp_path / "wide", channels=(6, 8, 8))
    train_artist(other, log=lambda _: None, encoder=encoder)
    # the model of one run with the optimiser state of another (an operator's copy)
    (artist_cfg.out / "state.safetensors").write_bytes((other.out / "state.safetensors").read_bytes())
    with pytest.raises(EngineError, match="does not fit its model"):
        train_artist(replace(artist_cfg, iterations=4), log=lambda _: None, encoder=encoder)


def test_a_truncated_distillation_checkpoint_is_an_error(tmp_path, photo, painting):
    from engine.distill_adaptive import DistillConfig, distill
    from tests.engine.test_distill import teacher_model

    teacher = tmp_path / "teacher.safetensors"
    teacher_model().save(teacher)
    cfg = DistillConfig(data=photo_folder(tmp_path / "data", photo, painting), teacher=teacher,
                        out=tmp_path / "run", full_channels=3, iterations=1, batch=1, crop=32, photo_side=32,
                        device="cpu")
    distill(cfg, log=lambda _: None)
    state = cfg.out / "state.safetensors"
    state.write_bytes(state.read_bytes()[:50])
    with pytest.raises(EngineError, match="unreadable"):
        distill(replace(cfg, iterations=2), log=lambda _: None)


def decoder_data(root):
    from tests.engine.test_train import make_folder

    make_folder(root / "content", 0)
    make_folder(root / "style", 1)
    return root


def train_decoder_cli(data, run, *more):
    from engine.__main__ import main

    return main(["train-decoder", "--data", str(data), "--out", str(run), "--device", "cpu", "--iterations", "1",
                 "--batch", "1", "--crop", "32", *more])


@pytest.mark.parametrize("name, kept", [("decoder.safetensors", 500), ("decoder.optim.safetensors", 80)])
def test_a_decoder_checkpoint_cut_short_is_one_line(tmp_path, capsys, name, kept):
    """Its weights, or its optimiser's state, cut short (a full disk, a copy interrupted)."""
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    assert train_decoder_cli(data, run) == 0
    checkpoint = run / name
    checkpoint.write_bytes(checkpoint.read_bytes()[:kept])
    capsys.readouterr()
    assert train_decoder_cli(data, run, "--iterations", "2") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the run's checkpoint") and "delete the folder" in err and err.count("\n") == 1


@pytest.mark.parametrize("init", ["adaptive", "text"])
def test_an_init_that_is_no_decoder_is_one_line_and_no_run_folder(tmp_path, capsys, init):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    path = tmp_path / "init.safetensors"
    if init == "adaptive":                           # another network's weights
        AdaptiveModel.new(TINY).save(path)
    else:
        path.write_text("# not weights\n")
    assert train_decoder_cli(data, run, "--init", str(path)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --init {path} is unusable") and err.count("\n") == 1
    assert not run.exists()


@pytest.mark.parametrize("empty", ["content", "style"])
def test_a_decoder_run_without_photos_or_paintings_is_one_line_and_no_run_folder(tmp_path, capsys, empty):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    for f in (data / empty).iterdir():
        f.unlink()
    assert train_decoder_cli(data, run) == 2
    assert capsys.readouterr().err.startswith("error: no training ")
    assert not run.exists()


# -- unreadable photos ---------------------------------------------------------------------------
def broken_photo(content, text=b"not a jpeg"):
    name = next(n for n in (f"broken{i}.jpg" for i in range(40)) if not is_validation(content / n))
    (content / name).write_bytes(text)
    return name


def test_an_unreadable_photo_is_left_out_with_a_line_not_the_run_failed(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    name = broken_photo(artist_cfg.data / "content")
    logs = []
    result = train_artist(artist_cfg, log=logs.append, encoder=encoder)
    assert result.iteration == 2
    assert any(line.startswith("left out 1 unreadable picture(s)") and name in line for line in logs)


def test_a_folder_of_unreadable_photos_is_an_error_before_the_run_folder(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    content = artist_cfg.data / "content"
    for f in content.iterdir():
        f.write_bytes(b"")
    with pytest.raises(EngineError, match="none of the 2 pictures"):
        train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    assert not artist_cfg.out.exists()


# -- two runs in one folder ------------------------------------------------------------------------
@contextlib.contextmanager
def another_run_in(folder):
    """What another run's process holds while it trains in ``folder``: an flock on folder/.lock
    (an open file of its own, so it conflicts as another process's would), its pid inside."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        f.write("4242")
        f.flush()
        yield


def test_a_second_run_in_a_folder_another_run_trains_in_is_refused(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    before = {p.name: p.read_bytes() for p in artist_cfg.out.iterdir() if p.suffix == ".safetensors"}
    with another_run_in(artist_cfg.out):
        with pytest.raises(EngineError, match=r"another training run is using .*\(process 4242\)"):
            train_artist(replace(artist_cfg, iterations=4), log=lambda _: None, encoder=encoder)
        assert {n: (artist_cfg.out / n).read_bytes() for n in before} == before
    # once it has ended, the same command resumes
    assert train_artist(replace(artist_cfg, iterations=3), log=lambda _: None, encoder=encoder).iteration == 3


def test_a_decoder_run_in_a_folder_another_run_trains_in_is_refused(tmp_path, capsys):
    data, run = decoder_data(tmp_path / "data"), tmp_path / "run"
    with another_run_in(run):
        assert train_decoder_cli(data, run) == 75          # EX_TEMPFAIL: the same command works once it has ended
        assert capsys.readouterr().err.startswith(f"error: another training run is using {run}")
    assert train_decoder_cli(data, run) == 0


def test_a_run_already_done_says_so_without_loading_the_photos(artist_cfg, encoder, monkeypatch):
    import engine.train_adaptive as ta

    ta.train_artist(artist_cfg, log=lambda _: None, encoder=encoder)

    def no_photos(*args, **kwargs):
        raise AssertionError("photos loaded for a run with nothing to do")

    monkeypatch.setattr(ta, "load_pool", no_photos)
    logs = []
    result = ta.train_artist(replace(artist_cfg, iterations=1), log=logs.append, encoder=encoder)
    assert result.iteration == 2 and "already at iteration 2 (asked for 1); nothing to do" in logs


def test_a_run_told_to_wait_for_the_other_trains_once_it_has_ended(artist_cfg, encoder):
    import threading

    from engine.train_adaptive import train_artist

    train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    logs = []
    with another_run_in(artist_cfg.out):
        waiting = threading.Thread(target=lambda: logs.append(
            train_artist(replace(artist_cfg, iterations=3, lock_wait_s=600), log=logs.append, encoder=encoder)))
        waiting.start()
        while not any(str(line).startswith("waiting up to 600 s for the training run using") for line in logs):
            assert waiting.is_alive()
            waiting.join(0.1)
    waiting.join()
    assert logs[-1].iteration == 3 and "(process 4242)" in logs[0]


def test_a_resume_says_which_new_run_options_it_ignores(artist_cfg, encoder, tmp_path):
    from engine.train_adaptive import train_artist

    base = tmp_path / "base.safetensors"
    model = AdaptiveModel.new(TINY)
    model.add_artist("monet").info["iterations"] = 5          # a trained network: only CIN trains by default
    model.save(base)
    cfg = replace(artist_cfg, base=base, shared=None)
    train_artist(cfg, log=lambda _: None, encoder=encoder)
    logs = []
    train_artist(replace(cfg, iterations=3, shared=True), log=logs.append, encoder=encoder)
    assert any(line.startswith("note: --base, --shared ignored") and "(CIN parameters)" in line for line in logs)
    logs = []
    train_artist(replace(cfg, iterations=4, base=None), log=logs.append, encoder=encoder)
    assert not any(line.startswith("note:") for line in logs)


def test_export_style_without_validation_photos_is_refused_before_training(tmp_path, photo, painting, capsys):
    from engine.__main__ import main

    data = photo_folder(tmp_path / "data", photo, painting)        # train-split photos only
    run = tmp_path / "run"
    status = main(["train-artist", "ink", "--descriptor", "styles/descriptors/gogh.safetensors", "--data", str(data),
                   "--out", str(run), "--export-style", str(tmp_path / "ink.adaptive.safetensors"),
                   "--iterations", "1", "--batch", "1", "--crop", "64", "--device", "cpu"])
    assert status == 2
    assert capsys.readouterr().err.startswith("error: --export-style judges the model on the validation photos")
    assert not run.exists()


# -- a full disk -------------------------------------------------------------------------------------
def test_a_full_disk_while_saving_is_one_line_and_exit_75_the_checkpoint_kept(artist_cfg, encoder, monkeypatch,
                                                                              capsys):
    import safetensors.torch
    from safetensors import SafetensorError

    import engine.train_adaptive as ta
    from engine.__main__ import main

    ta.train_artist(artist_cfg, log=lambda _: None, encoder=encoder)
    before = (artist_cfg.out / "state.safetensors").read_bytes()

    def full(*args, **kwargs):
        raise SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)")

    monkeypatch.setattr(safetensors.torch, "save_file", full)
    real = ta.train_artist
    monkeypatch.setattr(ta, "train_artist", lambda cfg, **kw: real(replace(cfg, channels=TINY.channels,
                                                                            residual_blocks=1), encoder=encoder, **kw))
    capsys.readouterr()
    status = main(["train-artist", "gogh", "--data", str(artist_cfg.data), "--out", str(artist_cfg.out),
                   "--iterations", "3", "--batch", "1", "--crop", "64", "--device", "cpu", "--precision", "fp32"])
    err = capsys.readouterr().err
    assert status == 75, err
    assert err == f"error: No space left on device: {artist_cfg.out}\n"
    assert (artist_cfg.out / "state.safetensors").read_bytes() == before


def test_an_artist_with_fewer_than_3_paintings_trains_with_a_note_that_none_is_held_out(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    logs = []
    result = train_artist(replace(artist_cfg, slugs=["munch", "gogh"]), log=logs.append, encoder=encoder)
    assert result.iteration == 2
    notes = [line for line in logs if line.startswith("note: munch has fewer than 3 paintings")]
    assert len(notes) == 1 and "gogh" not in notes[0]


def test_help_shows_a_default_of_zero(capsys):
    from engine.__main__ import build_parser

    parser = build_parser()
    helps = {}
    for command in ("train-decoder", "train-artist"):
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        helps[command] = " ".join(capsys.readouterr().out.split())
    assert "every N iterations (default: 0)" in helps["train-decoder"]          # --snapshot-every
    assert "may still be saving) (default: 0)" in helps["train-artist"]        # --wait-for-run
    with pytest.raises(SystemExit):
        parser.parse_args(["--help"])
    assert "75 the disk is full" in " ".join(capsys.readouterr().out.split())
