"""`python -m engine`: exit 0 with a picture, exit 2 with one line on bad input."""
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.engine.runs import cli

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
    from styles import load_catalog

    counts = {a.slug: len(a.paintings) for a in load_catalog()}
    assert 1 in counts.values()                  # an artist of one painting: "1 painting", not "1 paintings"
    for line in r.stdout.splitlines():
        n = counts[line.split()[0]]
        assert f" - {n} painting{'' if n == 1 else 's'}; " in line, line


def test_train_artist_trains_and_resumes(tmp_path, photo):
    from engine.adaptive import AdaptiveModel
    from engine.train_split import is_validation

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
    from engine.train_split import is_validation

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
    from engine.train_split import is_validation

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
    Redis that is not there says so when it gives up (was "not all results arrived" after --timeout; now when it never answered in its connect window, exit 2)."""
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
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(
        "error: redis at redis://127.0.0.1:18998/0 did not answer in 2 s (ConnectionError: "), r.stderr


def training_data(tmp_path, photo, count=2):
    from engine.train_split import is_validation

    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(40)) if not is_validation(content / n)][:count]
    for name in names:
        photo.save(content / name)
    return tmp_path / "data"


TRAIN = ("train-artist", "gogh", "--data", "{data}", "--iterations", "1", "--batch", "1", "--crop", "48",
         "--device", "cpu")
EVALUATE = ("evaluate", "--data", "{eval}", "--out", "{out}", "--methods", "fast", "--max-side", "64")
BAD_ARGUMENTS = {
    "stylize to an unwritable folder": (("stylize", "{photo}", "--style", "gogh", "-o", "/sys/o1.jpg"),
                                        "cannot write /sys/o1.jpg"),
    "stylize into a file": (("stylize", "{photo}", "--style", "gogh", "-o", "{text}/o1.jpg"),
                            "notes.txt is a file, not a folder"),
    "train-artist to an unwritable folder": ((*TRAIN, "--out", "/sys/ta"), "cannot write /sys/ta"),
    "train-artist into a file": ((*TRAIN, "--out", "{text}"), "notes.txt is a file, not a folder"),
    "train-artist --crop 7": ((*TRAIN, "--out", "{out}", "--crop", "7"), "--crop: a size in pixels at least 16"),
    "train-artist --lr -1": ((*TRAIN, "--out", "{out}", "--lr", "-1"), "--lr: a number above 0"),
    "train-artist --lr nan": ((*TRAIN, "--out", "{out}", "--lr", "nan"), "--lr: a number above 0"),
    "train-artist --tv-weight -0.5": ((*TRAIN, "--out", "{out}", "--tv-weight", "-0.5"), "--tv-weight"),
    "train-artist --descriptor not-one": (("train-artist", "foo", "--descriptor", "{text}", "--data", "{data}",
                                           "--out", "{out}", "--iterations", "1"),
                                          "notes.txt is not a style descriptor file"),
    "distill-artists --device bogus": (("distill-artists", "--data", "{data}", "--out", "{out}", "--iterations", "1",
                                        "--device", "bogus"), "unknown device 'bogus'"),
    "distill-artists without photos": (("distill-artists", "--data", "{eval}/content", "--out", "{out}",
                                        "--iterations", "1"), "no training photos"),
    "distill-artists --teacher not-one": (("distill-artists", "--data", "{data}", "--teacher", "{text}",
                                           "--out", "{out}", "--iterations", "1"),
                                          "notes.txt are unusable"),
    "evaluate --pairs 0": ((*EVALUATE, "--pairs", "0"), "--pairs: a whole number of 1 or more"),
    "evaluate --pairs -3": ((*EVALUATE, "--pairs", "-3"), "--pairs: a whole number of 1 or more"),
    "evaluate --max-side 7": ((*EVALUATE, "--pairs", "1", "--max-side", "7"),
                              "--max-side: a size in pixels from 64 to 2048"),
    "evaluate-artists --photos 0": (("evaluate-artists", "gogh", "--data", "{eval}", "--out", "{out}",
                                     "--methods", "adain", "--max-side", "64", "--photos", "0"),
                                    "--photos: a whole number of 1 or more"),
    "export-decoder not-safetensors": (("export-decoder", "{text}", "-o", "{out}/d.safetensors"),
                                       "notes.txt is not a decoder checkpoint"),
    "export-decoder not-a-decoder": (("export-decoder", "engine/weights/adaptive.safetensors",
                                      "-o", "{out}/d.safetensors"), "is not a decoder checkpoint"),
    "export-decoder into a file": (("export-decoder", "engine/weights/decoder.safetensors",
                                    "-o", "{text}/d.safetensors"), "notes.txt is a file, not a folder"),
}


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_bad_arguments_are_one_line_and_exit_2_before_any_work(case, tmp_path, photo, capsys, monkeypatch):
    """Each was a traceback (exit 1), some only after painting or training; nothing is created."""
    monkeypatch.chdir(ROOT)
    paths = {"text": tmp_path / "notes.txt", "photo": tmp_path / "photo.png", "out": tmp_path / "out",
             "data": training_data(tmp_path, photo), "eval": tmp_path / "eval"}
    paths["text"].write_text("not a picture")
    photo.save(paths["photo"])
    for kind in ("content", "style"):
        (paths["eval"] / kind).mkdir(parents=True)
        photo.save(paths["eval"] / kind / "a.jpg")
    args, words = BAD_ARGUMENTS[case]
    status, _, lines = cli(capsys, *(a.format(**paths) for a in args))
    assert status == 2, lines
    assert len(lines) == 1 and words in lines[0], lines
    assert not paths["out"].exists() and not list(tmp_path.glob("**/.write-check-*"))


def test_checks_come_before_the_work(tmp_path, photo, capsys):
    """A bad method name, --export-style without --descriptor or an unknown artist used to be found
    after painting, after training, or after the model loaded and --out was created."""
    data = training_data(tmp_path, photo)
    eval_data = tmp_path / "eval"
    for kind in ("content", "style"):
        (eval_data / kind).mkdir(parents=True)
        photo.save(eval_data / kind / "a.jpg")
    out = tmp_path / "out"
    status, stdout, lines = cli(capsys, "evaluate", "--data", eval_data, "--out", out, "--pairs", "1",
                                "--max-side", "64", "--methods", "fast,bogus")
    assert status == 2 and len(lines) == 1, lines
    assert "unknown method 'bogus'; choose from fast, hq, peer, optimum" in lines[0] and not stdout
    status, stdout, lines = cli(capsys, "evaluate-artists", "gogh", "--data", eval_data, "--out", out,
                                "--photos", "1", "--max-side", "64", "--methods", "bogus")
    assert status == 2 and len(lines) == 1, lines
    assert "unknown method 'bogus'; choose from adaptive, adain, peer, optimum" in lines[0]
    status, stdout, lines = cli(capsys, "evaluate-artists", "nobody", "--data", eval_data, "--out", out,
                                "--photos", "1", "--max-side", "64", "--methods", "adain")
    assert status == 2 and lines == ["error: I don't know the style 'nobody'."], lines
    train = ("--data", data, "--out", out, "--iterations", "1", "--batch", "1", "--crop", "48", "--device", "cpu")
    status, stdout, lines = cli(capsys, "train-artist", "gogh", *train, "--export-style", tmp_path / "x.safetensors")
    assert status == 2 and lines == ["error: --export-style needs --descriptor (it exports a community style)"]
    assert not stdout and not out.exists()                      # not trained first
    status, stdout, lines = cli(capsys, "train-artist", "gohg", *train)
    assert status == 2 and lines == ["error: I don't know the style 'gohg'. Did you mean: gogh?"], lines
    assert not stdout and not out.exists()                      # before the model loads; no empty --out
    status, stdout, lines = cli(capsys, "train-artist", "gogh", "--data", tmp_path / "nowhere", "--out", out,
                                "--iterations", "1")
    assert status == 2 and "no training photos" in lines[0] and not out.exists(), lines
    assert not list(tmp_path.glob("**/*.md"))


def test_train_artist_stops_on_a_signal_with_the_iteration_saved(tmp_path, photo):
    """Ctrl-C (SIGINT) or SIGTERM: the iteration under way finishes and is saved (with --save-every
    100 up to 99 iterations used to be lost), one line says where, and the same command resumes
    from there."""
    import signal

    from safetensors import safe_open

    from tests.engine.runs import run_until_progress, stopped_at

    data = training_data(tmp_path, photo)
    args = ["train-artist", "gogh", "--data", data, "--out", tmp_path / "run",
            "--batch", "1", "--crop", "48", "--save-every", "100", "--iterations", "1000", "--device", "cpu"]

    status, stdout, err, took = run_until_progress(args, signal.SIGINT)
    assert status == 130, err
    first = stopped_at(err)
    assert 10 <= first < 100                        # not the last periodic checkpoint (none yet)
    assert took < 60
    with safe_open(str(tmp_path / "run" / "state.safetensors"), "pt") as f:
        assert int(f.metadata()["iterations"]) == first

    status, stdout, err, took = run_until_progress(args, signal.SIGTERM)
    assert f"resuming gogh from iteration {first}\n" in stdout
    assert status == 143, err
    second = stopped_at(err)
    assert second > first, err
    with safe_open(str(tmp_path / "run" / "state.safetensors"), "pt") as f:
        assert int(f.metadata()["iterations"]) == second


def test_help_shows_defaults_and_where_outputs_go(capsys):
    from engine.__main__ import build_parser

    parser = build_parser()
    helps = {}
    for command in ("evaluate", "train-artist", "stylize"):
        try:
            parser.parse_args([command, "--help"])
        except SystemExit:
            pass
        helps[command] = " ".join(capsys.readouterr().out.split())
    assert "--pairs PAIRS how many fixed (photo, painting) pairs to score (default: 8)" in helps["evaluate"]
    assert "writes evaluation.md (the table) and evaluation_sheet.jpg here" in helps["evaluate"]
    assert "(default: runs/evaluation)" in helps["evaluate"]     # (bench/results: the committed table)
    assert "data/eval)" in helps["evaluate"]
    assert "adaptive.safetensors (the model with every artist)" in helps["train-artist"]
    assert "(default: runs/adaptive)" in helps["train-artist"] and "(default: 2000)" in helps["train-artist"]
    assert "data/train)" in helps["train-artist"] and "exits 130 (SIGINT) or 143 (SIGTERM)" in helps["train-artist"]
    assert "where to write the painting" in helps["stylize"] and "(default: 512)" in helps["stylize"]


def test_submit_checks_its_arguments_before_connecting(tmp_path, capsys, monkeypatch):
    """`submit --style gogh:abc` was a ValueError traceback (after connecting and creating -o)."""
    photo = tmp_path / "p.png"
    photo.write_bytes(b"not needed: nothing is sent")
    out = tmp_path / "out"
    submit = ("submit", "--redis", "redis://127.0.0.1:1/0", "--timeout", "1", "-o", out, photo)
    for extra, words in [(("--style", "gogh:abc"), "--style: 'abc' is not a weight"),
                         (("--style", "gogh:-1"), "--style: style weights must be 0 or more"),
                         (("--style", "gogh:0,monet:0"), "at least one style weight must be more than 0"),
                         (("--alpha", "3"), "--alpha: a number from 0 to 1"),
                         (("--max-side", "7"), "--max-side: a size in pixels from 64 to 2048"),
                         (("--timeout", "0"), "--timeout: a number above 0")]:
        status, _, lines = cli(capsys, *submit, *extra)
        assert status == 2 and len(lines) == 1 and words in lines[0], (extra, lines)
    status, _, lines = cli(capsys, "submit", "--redis", "redis://127.0.0.1:1/0", "-o", out, tmp_path / "missing.png")
    assert status == 2 and lines == [f"error: file not found: {tmp_path / 'missing.png'}"], lines
    assert not out.exists()
    monkeypatch.setenv("REDIS_URL", "notaurl")
    status, _, lines = cli(capsys, "submit", "-o", out, photo)
    assert status == 2 and len(lines) == 1 and lines[0].startswith("error: REDIS_URL: not a Redis URL ("), lines
    assert not out.exists()


def test_worker_rejects_a_bad_redis_url_in_one_line(capsys, monkeypatch):
    """It was a CRITICAL log with a traceback and exit 1. The URL is not echoed: it may hold a
    password."""
    status, _, lines = cli(capsys, "worker", "--redis", "notaurl")
    assert status == 2 and len(lines) == 1 and "argument --redis: not a Redis URL" in lines[0], lines
    status, _, lines = cli(capsys, "worker", "--redis", "redis://:secret@host:port/0")
    assert status == 2 and len(lines) == 1 and "secret" not in lines[0], lines
    # a "/" in the password: redis-py's own reason quoted the password's start ("as 's3cr'")
    status, _, lines = cli(capsys, "worker", "--redis", "redis://:s3cr/etPW@host:6379/0")
    assert status == 2 and len(lines) == 1 and "s3cr" not in lines[0] and "%-encoded" in lines[0], lines
    monkeypatch.setenv("REDIS_URL", "notaurl")
    status, _, lines = cli(capsys, "worker")
    assert status == 2 and len(lines) == 1 and lines[0].startswith("error: REDIS_URL: not a Redis URL"), lines


def test_submit_says_why_a_photo_failed_in_words(tmp_path, monkeypatch):
    """A failed photo was "failed: not_an_image {}"; it is the bot's English sentence now."""
    import os

    from tests.queue.conftest import RedisServer

    server = RedisServer()
    server.start()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    worker = subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", server.url, "--name", "w",
                               "--engine-factory", "tests.queue.fakes:make_engine"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        text = tmp_path / "notes.txt"
        text.write_text("not a picture")
        photo = tmp_path / "photo.png"
        Image.new("RGB", (64, 64), (120, 80, 200)).save(photo)
        r = subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", server.url, "--style", "gogh",
                            "--max-side", "64", "--timeout", "120", "-o", str(tmp_path / "out"), str(text), str(photo)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    finally:
        worker.terminate()
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
        server.stop()
    assert r.returncode == 1, r.stderr
    from bot.messages import t

    assert r.stderr.strip().splitlines() == [f"{text}: failed: {t('en', 'not_an_image')}"], r.stderr
    assert "1/2 results" in r.stdout and (tmp_path / "out" / "photo.jpg").exists()

    from engine.worker_cli import failure_text

    assert (failure_text("unknown_style", {"name": "gohg", "suggestions": ["gogh"]})
            == "I don't know the style “gohg”. Did you mean: gogh?")
    monkeypatch.setitem(sys.modules, "bot.messages", None)          # no bot package here: the key stays
    assert failure_text("unknown_style", {"name": "gohg"}) == "unknown_style {'name': 'gohg'}"
