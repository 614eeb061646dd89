"""Per-artist evaluation: the leave-one-out painting, the verdict rule, and a real (tiny) run of
`evaluate_artist` + the table, on a test-made adaptive model. Run under `nice -n 19`."""
import math
from pathlib import Path

import pytest
import torch

from engine.descriptors import StyleDescriptor
from engine.evaluate_artists import ArtistResult, Cell, evaluate_artist, write_table
from tests.engine.test_adaptive import tiny_model


def descriptor(value: float) -> StyleDescriptor:
    return StyleDescriptor({"relu1_1": (torch.full((4,), value), torch.full((4,), value + 1))})


def test_holdout_is_the_last_painting_that_is_not_the_signature(tmp_path):
    path = tmp_path / "a.safetensors"
    parts = [descriptor(v) for v in (0.0, 1.0, 2.0, 3.0)]
    agg = StyleDescriptor.average(parts)
    agg.meta = {"signature": "3"}
    agg.save(path, parts=parts)
    assert StyleDescriptor.holdout_index(path) == 2
    rest = StyleDescriptor.load_average_without(path, 2)
    assert torch.allclose(rest.stats["relu1_1"][0], torch.full((4,), 4.0 / 3))   # (0 + 1 + 3) / 3

    agg.meta = {"signature": "0"}
    agg.save(path, parts=parts)
    assert StyleDescriptor.holdout_index(path) == 3
    agg.save(path, parts=parts[:2])                     # two paintings: nothing to spare
    assert StyleDescriptor.holdout_index(path) is None


def test_training_target_leaves_the_held_out_painting_out():
    from engine.train_adaptive import _targets
    from styles import load_catalog

    path = load_catalog().resolve("gogh").descriptor_path
    target = _targets(["gogh"], "holdout")["gogh"][0]
    everything = StyleDescriptor.load(path)
    held = StyleDescriptor.load_parts(path)[StyleDescriptor.holdout_index(path)]
    assert target.distance(everything) > 0
    assert target.distance(StyleDescriptor.load_average_without(path, StyleDescriptor.holdout_index(path))) == 0
    assert held.distance(target) > 0


def cell(score, likeness):
    return Cell(score, 0.0, 0.0, likeness, 0.1)


def test_wins_needs_a_better_score_and_a_better_held_out_likeness():
    r = ArtistResult("gogh", {"adaptive": [cell(0.5, 0.8)], "adain": [cell(0.9, 0.9)]})
    assert r.wins
    r = ArtistResult("gogh", {"adaptive": [cell(0.5, 0.95)], "adain": [cell(0.9, 0.9)]})
    assert not r.wins                                   # closer on the score, less like the artist
    r = ArtistResult("gogh", {"adaptive": [cell(1.0, 0.5)], "adain": [cell(0.9, 0.9)]})
    assert not r.wins
    assert not ArtistResult("gogh", {"adaptive": [cell(0.5, 0.5)]}).wins   # nothing to compare with
    r = ArtistResult("gogh", {"adaptive": [cell(0.6, 1), cell(5.0, 1)], "optimum": [cell(0.3, 1)]})
    assert math.isclose(r.optimum_ratio(), 2.0)         # on the photos the optimum ran on only


def test_evaluate_artist_scores_every_method_and_writes_the_table(tmp_path, photo, painting):
    from engine import Engine
    from styles import load_catalog

    path = tmp_path / "adaptive.safetensors"
    tiny_model("gogh").save(path)
    engine = Engine(adaptive=path, precision="fp32")
    artist = load_catalog().resolve("gogh")
    (tmp_path / "artists" / "gogh").mkdir(parents=True)
    painting.save(tmp_path / "artists" / "gogh" / artist.signature)    # stands in for the real one
    photos = [photo.resize((64, 48)), photo.resize((48, 64))]
    logs = []
    result, sheet = evaluate_artist(engine, "gogh", photos, ["adaptive", "adain"],
                                    paintings_dir=tmp_path / "artists", log=logs.append)
    assert [len(result.cells[m]) for m in ("adaptive", "adain")] == [2, 2]
    for c in result.cells["adaptive"] + result.cells["adain"]:
        assert c.score > 0 and c.content > 0 and c.style > 0 and c.likeness > 0 and c.seconds > 0
        assert math.isfinite(c.score)
    # a random network and the decoder do not paint alike
    assert result.cells["adaptive"][0].score != pytest.approx(result.cells["adain"][0].score)
    assert len(sheet) == 4 and len(logs) == 2
    text = write_table([result], ["adaptive", "adain"], tmp_path, ["# t", ""])
    row = next(line for line in text.splitlines() if line.startswith("| gogh |"))
    assert f"{result.mean('adaptive', 'score'):.3f}" in row
    assert row.endswith("| yes |") == result.wins
    assert (tmp_path / "artists.md").read_text() == text
    # the eval table reports the model file's verdict (decided on validation photos), not its own
    for stored in (True, False):
        text = write_table([result], ["adaptive", "adain"], tmp_path, ["# t", ""], verdicts={"gogh": stored})
        row = next(line for line in text.splitlines() if line.startswith("| gogh |"))
        assert row.endswith("| yes |") == stored
        assert f"| {int(stored)} of 1 |" in text


@pytest.mark.parametrize("extra", [[], ["--methods", "adaptive,peer"]])
def test_mark_decides_on_validation_photos_with_adain_to_compare(tmp_path, extra):
    """The verdict picks the model users get: --mark on eval/ photos is refused before anything runs."""
    from engine.__main__ import main

    path = tmp_path / "adaptive.safetensors"
    tiny_model("gogh").save(path)
    args = ["evaluate-artists", "--model", str(path), "--out", str(tmp_path / "out"), "--mark"]
    with pytest.raises(SystemExit, match="validation" if not extra else "adain"):
        main(args + (["--validation"] if extra else []) + extra)
    assert not (tmp_path / "out").exists()


def test_validation_photos_come_from_the_held_out_split_only(tmp_path):
    from engine.evaluate_artists import eval_photos
    from engine.train_split import is_validation

    content = tmp_path / "content"
    content.mkdir()
    for i in range(60):
        (content / f"p{i}.jpg").write_bytes(b"")
    val = eval_photos(tmp_path, 3, validation=True)
    assert len(val) == 3 and all(is_validation(p) for p in val)
    every = eval_photos(tmp_path, 60)
    assert any(not is_validation(p) for p in every) and eval_photos(tmp_path, 3) == eval_photos(tmp_path, 3)


def test_the_report_names_the_model_relative_to_the_working_directory(tmp_path, monkeypatch):
    from engine.evaluate_artists import _shown

    monkeypatch.chdir(tmp_path)
    assert _shown(tmp_path / "engine" / "weights" / "adaptive.safetensors") == "engine/weights/adaptive.safetensors"
    assert _shown(Path("runs/a.safetensors")) == "runs/a.safetensors"
    assert _shown(Path("/elsewhere/a.safetensors")) == "/elsewhere/a.safetensors"
