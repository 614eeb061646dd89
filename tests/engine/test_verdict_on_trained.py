"""A community style's verdict (export_style: does its model beat AdaIN?) in a folder whose only
readable photos are the validation ones (a folder of one photo): those photos trained the model
too, and the verdict was taken on them, said only in a "note:" line at the start of the run. The
verdict line says so itself (the bot reads it to tell the style's adder), and the exported file's
info records it (review TRN18)."""
from __future__ import annotations

import pytest

from engine.adaptive import AdaptiveModel, NetConfig
from engine.train_split import JUDGED_ON_TRAINED, is_validation

TINY = NetConfig((4, 8, 8), 1, 3)


def folder_with(root, photo, train: int, val: int):
    content = root / "content"
    content.mkdir(parents=True)
    names = [f"p{i}.jpg" for i in range(60)]
    picked = [n for n in names if not is_validation(content / n)][:train] + \
        [n for n in names if is_validation(content / n)][:val]
    for name in picked:
        photo.resize((80, 72)).save(content / name)
    return root


@pytest.mark.parametrize("train,trained_on", [(0, True), (2, False)])
def test_the_verdict_line_says_when_it_was_taken_on_photos_trained_on(tmp_path, photo, train, trained_on):
    from engine import Engine
    from engine.adaptive import AdaptiveStyle
    from engine.train_adaptive import export_style
    from styles import load_catalog

    data = folder_with(tmp_path / "data", photo, train=train, val=1)
    model = AdaptiveModel.new(TINY)
    model.add_artist("ourstyle")
    model.save(tmp_path / "adaptive.safetensors")
    out = tmp_path / "ourstyle.adaptive.safetensors"
    logs = []
    export_style(tmp_path / "adaptive.safetensors", "ourstyle", load_catalog().resolve("klimt").descriptor_path,
                 out, data, photos=1, side=64, log=logs.append,
                 engine=Engine(adaptive=tmp_path / "adaptive.safetensors", precision="fp32"))
    verdict = [line for line in logs if line.startswith("verdict for ourstyle")]
    assert len(verdict) == 1
    assert (JUDGED_ON_TRAINED in verdict[0]) is trained_on, verdict
    assert bool(AdaptiveStyle.load(out).info.get("judged_on_trained")) is trained_on
