"""Engine.stylize options: strength, colours, mixes, sizes, styles in every form, /hq."""
import numpy as np
import pytest
from PIL import Image

from engine.adain import mean_std
from engine.descriptors import StyleDescriptor
from engine.errors import BadOptionError, CancelledError, UnknownStyleError
from engine.evaluate import Scorer
from engine.gatys import gatys_stylize, score_normalisers, style_targets


def arr(im):
    return np.asarray(im, dtype=np.float32)


def style_distance(engine, im, desc):
    """Mean/std distance at relu1_1..relu4_1 (the figure /hq must improve)."""
    feats = engine.features(im, ("relu1_1", "relu2_1", "relu3_1", "relu4_1"))
    total = 0.0
    for layer, f in feats.items():
        m, s = mean_std(f)
        tm, ts = desc.stats[layer]
        total += float(((m.flatten() - tm) ** 2).mean() + ((s.flatten() - ts) ** 2).mean())
    return total


def test_output_keeps_aspect_ratio_and_max_side(engine, photo):
    wide = photo.resize((150, 90))
    out = engine.stylize(wide, "gogh", max_side=100)
    assert out.size == (100, 60)
    small = engine.stylize(wide, "gogh", max_side=512)
    assert small.size == (150, 90)  # never upscaled


def test_styles_change_the_picture(engine, photo):
    a, b = arr(engine.stylize(photo, "gogh")), arr(engine.stylize(photo, "mondrian"))
    assert np.abs(a - b).mean() > 3
    assert np.abs(a - arr(photo)).mean() > 10


def test_alpha_controls_strength(engine, photo):
    full = arr(engine.stylize(photo, "gogh", alpha=1.0))
    none = arr(engine.stylize(photo, "gogh", alpha=0.0))
    half = arr(engine.stylize(photo, "gogh", alpha=0.5))
    assert np.abs(full - none).mean() > 5
    assert np.abs(half - full).mean() < np.abs(none - full).mean()
    # strength 0 is the photo itself (the decoder's own reconstruction looked washed out), and the
    # way there is gradual
    assert np.abs(none - arr(photo)).mean() < 0.5
    assert np.abs(half - arr(photo)).mean() < np.abs(full - arr(photo)).mean()


def test_preserve_color_keeps_the_photos_colours(engine, photo):
    plain = engine.stylize(photo, "gogh")
    kept = engine.stylize(photo, "gogh", preserve_color=True)
    chroma = lambda im: arr(im.convert("YCbCr"))[..., 1:]
    photo_chroma = chroma(photo)
    assert np.abs(chroma(kept) - photo_chroma).mean() < 2
    assert np.abs(chroma(plain) - photo_chroma).mean() > np.abs(chroma(kept) - photo_chroma).mean() + 2
    # ...while the brushwork (luminance) is the painting's.
    assert np.abs(arr(kept.convert("L")) - arr(plain.convert("L"))).mean() < 1


def test_mix_weights(engine, photo):
    gogh = arr(engine.stylize(photo, "gogh"))
    only_gogh = arr(engine.stylize(photo, [("gogh", 1.0), ("monet", 0.0)]))
    mixed = arr(engine.stylize(photo, [("gogh", 0.5), ("monet", 0.5)]))
    assert np.abs(gogh - only_gogh).mean() < 0.5
    assert np.abs(gogh - mixed).mean() > 1
    with pytest.raises(BadOptionError):
        engine.stylize(photo, [("gogh", 0.0), ("monet", 0.0)])


def test_style_forms_agree(engine, photo, painting, tmp_path):
    """An image, its descriptor object, and its saved descriptor file give the same picture."""
    from_image = arr(engine.stylize(photo, painting))
    desc = engine.describe_style([painting])
    desc.save(tmp_path / "mine.safetensors")
    from_desc = arr(engine.stylize(photo, desc))
    from_file = arr(engine.stylize(photo, StyleDescriptor.load(tmp_path / "mine.safetensors")))
    assert np.abs(from_image - from_desc).mean() < 0.5
    assert np.abs(from_desc - from_file).mean() < 0.5


def test_korean_and_spaced_aliases(engine, photo):
    a = arr(engine.stylize(photo, "김홍도"))
    b = arr(engine.stylize(photo, "Kim Hong-do"))
    assert np.abs(a - b).mean() < 0.5


def test_unknown_style_suggests(engine, photo):
    with pytest.raises(UnknownStyleError) as err:
        engine.stylize(photo, "gohg")
    assert err.value.suggestions[0] == "gogh"
    assert "Did you mean: gogh" in str(err.value)


@pytest.mark.parametrize("kwargs", [{"alpha": 1.5}, {"alpha": -0.1}, {"max_side": 10},
                                    {"max_side": 5000}, {"method": "magic"}, {"alpha": None},
                                    {"alpha": "strong"}, {"alpha": float("nan")}, {"max_side": None},
                                    {"max_side": float("nan")}, {"max_side": "big"}])
def test_bad_options(engine, photo, kwargs):
    with pytest.raises(BadOptionError):
        engine.stylize(photo, "gogh", **kwargs)


@pytest.mark.parametrize("method", ["adain", "auto"])
@pytest.mark.parametrize("mix", [[("gogh", float("inf")), ("monet", 1)], [("gogh", "lots"), ("monet", 1)],
                                 [("gogh", None)], [("gogh", 1, 2)], [("gogh", -1), ("monet", 2)]])
def test_bad_mix_weights_are_refused_not_painted_black(engine, photo, mix, method):
    with pytest.raises(BadOptionError):
        engine.stylize(photo, mix, method=method)


@pytest.mark.parametrize("method", ["adain", "auto"])
def test_huge_mix_weights_are_a_plain_mix(engine, photo, method):
    """1e308 + 1e308 overflows a float sum: the weights are scaled before they are added."""
    huge = arr(engine.stylize(photo, [("gogh", 1e308), ("monet", 1e308)], method=method))
    even = arr(engine.stylize(photo, [("gogh", 1), ("monet", 1)], method=method))
    assert np.abs(huge - even).mean() < 0.5 and huge.std() > 10


@pytest.mark.parametrize("options", [{"alpha": None}, {"max_side": None}, {"max_side": "big"}])
def test_a_job_with_a_bad_option_gets_an_error_result_not_an_exception(engine, photo, options):
    from engine.images import encode_jpeg
    from engine.jobs import Job, StyleRef, run_job

    result = run_job(engine, Job("u", "c", encode_jpeg(photo), [StyleRef("artist", "gogh")], **options))
    assert not result.ok and result.error_key == "bad_option"
    inf = run_job(engine, Job("u", "c", encode_jpeg(photo), [StyleRef("artist", "gogh", float("inf")),
                                                             StyleRef("artist", "monet")]))
    assert not inf.ok and inf.error_key == "bad_option"


def test_bad_style_names_and_files(engine, photo, tmp_path):
    from pathlib import Path

    from engine.adaptive import DEFAULT_ADAPTIVE

    for empty in ("", "   "):
        with pytest.raises(BadOptionError):
            engine.stylize(photo, empty)
    with pytest.raises(UnknownStyleError) as err:
        engine.stylize(photo, "go\ngh  x")
    assert "\n" not in str(err.value) and "'go gh x'" in str(err.value)
    # a safetensors file that is not a style descriptor (the adaptive weights)
    with pytest.raises(BadOptionError) as err:
        engine.stylize(photo, str(DEFAULT_ADAPTIVE))
    assert "not a style descriptor" in str(err.value)
    # a Path works as a str does
    desc = engine.describe_style([photo])
    desc.save(tmp_path / "mine.safetensors")
    assert np.abs(arr(engine.stylize(photo, Path(tmp_path / "mine.safetensors")))
                  - arr(engine.stylize(photo, desc))).mean() < 0.5


def test_large_output_is_allowed(engine):
    big = Image.linear_gradient("L").convert("RGB").resize((1200, 900))
    out = engine.stylize(big, "monet", max_side=1024)
    assert out.size == (1024, 768)


def test_gatys_improves_the_balanced_score_of_its_adain_start(engine, photo, painting):
    """/hq optimises the evaluation's own score: it must end well below the fast result it starts from."""
    scorer = Scorer(engine, photo, painting)
    desc = engine.resolve_style(painting)
    seen = []
    hq = gatys_stylize(engine, photo, desc, steps=25, progress=seen.append)
    assert hq.size == photo.size
    assert scorer(hq).score < 0.85 * scorer(engine.stylize(photo, desc)).score
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0) and len(seen) == 25


def test_hq_content_normaliser_from_statistics_matches_the_painting(engine, photo, painting):
    """Artists have no one painting to measure the content normaliser on: the estimate from the
    style's statistics must agree with the painting's measured distance where there is one."""
    desc = engine.resolve_style(painting)
    targets = style_targets(engine, desc)
    feats = engine.encoder(engine._input(photo), tuple(targets) + ("relu4_1",))
    content_norm, style_norm = score_normalisers(feats, targets)
    scorer = Scorer(engine, photo, painting)
    assert content_norm == pytest.approx(scorer.content_norm, rel=0.25)
    assert style_norm == pytest.approx(scorer.style_norm, rel=0.05)


def test_hq_with_an_artist_moves_towards_the_artist(engine, photo):
    desc = engine.resolve_style("gogh")
    start = engine.stylize(photo, desc)
    hq = gatys_stylize(engine, photo, desc, steps=15)
    assert style_distance(engine, hq, desc) < 0.9 * style_distance(engine, start, desc)


def test_gatys_can_be_cancelled(engine, photo):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(CancelledError):
        engine.stylize(photo, "gogh", method="gatys", cancel=cancel)
    assert len(calls) == 4


def test_batch_gives_the_same_pictures_as_one_at_a_time(engine, photo, painting):
    other = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    items = [(photo, "gogh"), (other, "monet"), (photo.resize((100, 60)), painting)]
    batch = engine.stylize_batch(items, alpha=[1.0, 0.5, 1.0], preserve_color=[False, True, False])
    singles = [engine.stylize(photo, "gogh"), engine.stylize(other, "monet", alpha=0.5, preserve_color=True),
               engine.stylize(photo.resize((100, 60)), painting)]
    for b, s in zip(batch, singles):
        assert b.size == s.size
        assert np.abs(arr(b) - arr(s)).mean() < 1.0


def test_hq_with_a_painting_as_the_style(engine, photo, painting):
    """A painting's descriptor is measured in inference mode; /hq must still optimise with it."""
    out = gatys_stylize(engine, photo, engine.resolve_style(painting), steps=3)
    assert out.size == photo.size
