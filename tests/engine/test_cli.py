"""`python -m engine`: exit 0 with a picture, exit 2 with one line on bad input."""
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_stylize_writes_a_picture(tmp_path, photo):
    src = tmp_path / "photo.png"
    photo.save(src)
    out = tmp_path / "out" / "painted.jpg"
    r = run("stylize", str(src), "--style", "gogh", "--style", "monet:0.3", "--alpha", "0.8",
            "--preserve-color", "--max-side", "96", "-o", str(out))
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        assert max(im.size) == 96


def test_bad_inputs_exit_2_with_one_line(tmp_path, photo):
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    src = tmp_path / "photo.png"
    photo.save(src)
    cases = [
        (("stylize", str(text), "--style", "gogh", "-o", str(tmp_path / "a.jpg")), "not an image"),
        (("stylize", str(src), "--style", "gohg", "-o", str(tmp_path / "b.jpg")), "Did you mean: gogh"),
        (("stylize", str(tmp_path / "missing.jpg"), "--style", "gogh", "-o", str(tmp_path / "c.jpg")), "not found"),
        (("stylize", str(src), "--style", "gogh", "--alpha", "3", "-o", str(tmp_path / "d.jpg")), "alpha"),
        (("stylize", str(src), "--style", "gogh", "-o", str(tmp_path / "e.xyz")), "name it .jpg"),
        (("stylize", str(src), "--style", "gogh", "--device", "bogus", "-o", str(tmp_path / "f.jpg")), "device"),
        (("stylize", str(tmp_path), "--style", "gogh", "-o", str(tmp_path / "g.jpg")), "not a file"),
        (("stylize", str(src), "--style", "gogh", "--decoder", str(text), "-o", str(tmp_path / "h.jpg")),
         "decoder weights"),
        (("stylize", str(src), "--style", "gogh:inf", "--style", "monet", "-o", str(tmp_path / "i.jpg")), "finite"),
    ]
    for args, words in cases:
        r = run(*args)
        assert r.returncode == 2, (args, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], r.stderr
        assert "Traceback" not in r.stderr
    assert not list(tmp_path.glob("?.*"))                 # nothing written, not even a picture
    r = run("train-artist", "munch", "--iterations", "0", "--out", str(tmp_path / "run"))
    assert r.returncode == 2 and "--iterations" in r.stderr and not (tmp_path / "run").exists()


def test_styles_lists_the_catalog():
    r = run("styles")
    assert r.returncode == 0
    assert "gogh" in r.stdout and "빈센트 반 고흐" in r.stdout and len(r.stdout.splitlines()) == 22


def test_train_artist_trains_and_resumes(tmp_path, photo):
    from engine.adaptive import AdaptiveModel
    from engine.train import is_validation

    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n)][:2]
    for name in names:
        photo.save(content / name)
    args = ("train-artist", "gogh", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "run"),
            "--batch", "1", "--crop", "48", "--save-every", "1", "--device", "cpu")
    r = run(*args, "--iterations", "1")
    assert r.returncode == 0, r.stderr
    assert "it 1/1" in r.stdout and "ETA" in r.stdout
    r = run(*args, "--iterations", "2")
    assert r.returncode == 0, r.stderr
    assert "resuming gogh from iteration 1" in r.stdout
    info = AdaptiveModel.load(tmp_path / "run" / "adaptive.safetensors").artists["gogh"].info
    assert info["target"] == "holdout" and info["wins"] is False and "score" not in info   # re-evaluate first


def test_train_artist_fresh_starts_a_network_of_the_given_size(tmp_path, photo):
    from engine.adaptive import AdaptiveModel
    from engine.train import is_validation

    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    name = next(n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n))
    photo.save(content / name)
    args = ("train-artist", "gogh", "monet", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "run"),
            "--batch", "1", "--crop", "48", "--iterations", "1", "--device", "cpu", "--fresh")
    r = run(*args, "--channels", "8,12,20", "--residual-blocks", "1")
    assert r.returncode == 0, r.stderr
    model = AdaptiveModel.load(tmp_path / "run" / "adaptive.safetensors")
    assert model.net.config.channels == (8, 12, 20) and model.net.config.residual_blocks == 1
    assert set(model.artists) == {"gogh", "monet"}          # not the shipped model's 15 artists
    r = run(*args, "--channels", "8,12")
    assert r.returncode == 2 and "three channel counts" in r.stderr


def test_distill_artists_writes_a_slimmer_student_of_the_shipped_model(tmp_path, photo):
    from engine.adaptive import DEFAULT_ADAPTIVE, AdaptiveModel
    from engine.train import is_validation

    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    name = next(n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n))
    photo.save(content / name)
    r = run("distill-artists", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "run"),
            "--full-channels", "8", "--edge-kernel", "5", "--batch", "1", "--crop", "48", "--photo-side", "64",
            "--iterations", "1")
    assert r.returncode == 0, r.stderr
    teacher = AdaptiveModel.load(DEFAULT_ADAPTIVE)
    student = AdaptiveModel.load(tmp_path / "run" / "adaptive.safetensors")
    assert student.net.config.channels == (8,) + teacher.net.config.channels[1:]
    assert student.net.config.edge_kernel == 5
    assert set(student.artists) == set(teacher.artists)
    r = run("distill-artists", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "run2"),
            "--full-channels", "64", "--iterations", "1")
    assert r.returncode == 2 and "more than the teacher" in r.stderr


def test_worker_rejects_an_unknown_lane_before_connecting():
    """`--lanes gpu` used to be accepted: the worker then waited forever for jobs of a lane no job
    is ever put in. Nothing listens on the Redis URL: the error comes before any connection."""
    for module in ("engine", "engine.worker"):
        r = subprocess.run([sys.executable, "-m", module, *(["worker"] if module == "engine" else []),
                            "--redis", "redis://127.0.0.1:18999/0", "--lanes", "fast,gpu"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, (module, r.stderr)
        last = r.stderr.strip().splitlines()[-1]
        assert "--lanes" in last and "unknown lane 'gpu'" in last and "fast and hq" in last, r.stderr
        assert "Traceback" not in r.stderr


def test_worker_lanes_keep_their_order():
    from engine.__main__ import build_parser

    assert build_parser().parse_args(["worker"]).lanes == ["fast", "hq"]
    assert build_parser().parse_args(["worker", "--lanes", " hq, fast,hq"]).lanes == ["hq", "fast"]


def test_worker_and_submit_explain_bad_settings_and_a_missing_redis(tmp_path):
    """A bad queue setting is one line naming it (was a pydantic traceback); `submit` against a
    Redis that is not there says so when it gives up (was "not all results arrived")."""
    import os

    env = dict(os.environ, WORKERS_FAST="abc", LOG_LEVEL="loud")
    r = subprocess.run([sys.executable, "-m", "engine", "worker", "--redis", "redis://127.0.0.1:18998/0"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert [line.split("=")[0] for line in r.stderr.splitlines()] == ["error: WORKERS_FAST", "error: LOG_LEVEL"]
    photo = tmp_path / "p.png"
    photo.write_bytes(b"not needed: nothing is sent")
    r = subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", "redis://127.0.0.1:18998/0",
                        "--timeout", "2", "-o", str(tmp_path / "out"), str(photo)],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1] == "error: not all results arrived in 2 s; redis is unreachable"
