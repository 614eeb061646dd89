"""The public API's and the CLI's edges an adversarial review found: each was a raw Python error, a
silently ignored option or a painting where the README promises otherwise."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from engine.errors import (BadOptionError, CancelledError, EngineError, ImageTooLargeError, MissingFileError,
                           TruncatedImageError, UnknownStyleError)
from tests.engine.runs import cli


def arr(im):
    return np.asarray(im, dtype=np.int16)


def saved(im, fmt, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def half_file(tmp_path, im, fmt, name):
    data = saved(im, fmt)
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    return path


# A damaged file opened by the caller: the engine's error, as for its bytes
@pytest.mark.parametrize("fmt, name", [("JPEG", "half.jpg"), ("PNG", "half.png")])
def test_a_truncated_pil_image_is_a_truncated_image_error(engine, photo, tmp_path, fmt, name):
    path = half_file(tmp_path, photo, fmt, name)
    with Image.open(path) as im, pytest.raises(TruncatedImageError):
        engine.stylize(im, "gogh", max_side=64)
    with Image.open(path) as im, pytest.raises(TruncatedImageError):
        engine.stylize(photo, im, max_side=64)               # a painting cut short


# Strength 0 is the photo on every path, /hq's too
def test_gatys_at_strength_0_is_the_photo(engine, photo):
    out = engine.stylize(photo, "gogh", method="gatys", alpha=0, max_side=64)
    fast = engine.stylize(photo, "gogh", alpha=0, max_side=64)
    assert out.size == fast.size and np.array_equal(arr(out), arr(fast))


# Content that is not a picture
def test_a_photo_given_as_a_path_is_opened_as_an_upload(engine, photo, tmp_path):
    path = tmp_path / "photo.png"
    photo.save(path)
    expected = arr(engine.stylize(photo, "gogh", max_side=64))
    for given in (str(path), path):
        assert np.array_equal(arr(engine.stylize(given, "gogh", max_side=64)), expected)
    with pytest.raises(MissingFileError, match="^file not found"):
        engine.stylize(str(tmp_path / "nowhere.jpg"), "gogh")


@pytest.mark.parametrize("content", [None, 3, np.zeros((64, 64, 3), np.uint8), [1, 2]])
def test_content_that_is_not_a_picture_is_a_bad_option(engine, content):
    with pytest.raises(BadOptionError, match="PIL image"):
        engine.stylize(content, "gogh")


def test_a_tensor_as_content_is_a_bad_option(engine):
    import torch

    with pytest.raises(BadOptionError, match="Tensor"):
        engine.stylize(torch.zeros(1, 3, 64, 64), "gogh")


# Style paths
def test_a_missing_style_file_is_not_an_unknown_artist(engine, photo, tmp_path):
    for name in ("/nonexistent/p.jpg", "gogh.jpg", str(tmp_path / "p.heic"), str(tmp_path / "painting")):
        with pytest.raises(MissingFileError) as err:
            engine.stylize(photo, name, max_side=64)
        assert str(err.value).startswith("file not found") and "Did you mean" not in str(err.value)
    (tmp_path / "d.jpg").mkdir()
    with pytest.raises(MissingFileError, match="is a folder"):
        engine.stylize(photo, str(tmp_path / "d.jpg"), max_side=64)


def test_style_files_of_any_format_and_without_an_extension_are_paintings(engine, photo, painting, tmp_path):
    expected = arr(engine.stylize(photo, painting, max_side=64))
    for name, fmt in (("painting.avif", "AVIF"), ("painting", "PNG"), ("painting.heic", "PNG")):
        path = tmp_path / name
        painting.save(path, fmt, **({"quality": 100} if fmt == "AVIF" else {}))
        out = arr(engine.stylize(photo, str(path), max_side=64))
        assert np.abs(out - expected).mean() < 3, name       # (AVIF is lossy)


def test_the_cli_says_a_style_file_is_missing(tmp_path, photo, capsys):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "/nonexistent/p.jpg", "-o", tmp_path / "o.jpg")
    assert status == 2 and lines == ["error: file not found: /nonexistent/p.jpg"], lines     # (was "File")


# Weights files
def test_a_missing_vgg_file_is_an_engine_error_and_empty_paths_are_the_shipped_weights(tmp_path):
    from engine.core import Engine

    with pytest.raises(EngineError, match="VGG weights not found at"):
        Engine(vgg=tmp_path / "vgg.pth").encoder
    with pytest.raises(EngineError, match="decoder weights not found at"):
        Engine(decoder=tmp_path / "decoder.pth").decoder
    empty = Engine(vgg="", decoder="")
    assert empty.vgg_id == Engine().vgg_id
    assert empty.encoder is not None


# A closed picture
def test_a_closed_picture_says_so(engine, photo):
    closed = photo.copy()
    closed.close()
    with pytest.raises(BadOptionError, match="closed"):
        engine.stylize(closed, "gogh", max_side=64)
    with pytest.raises(BadOptionError, match="closed"):
        engine.stylize(photo, closed, max_side=64)


# Premultiplied grey with alpha
def test_mode_la_paints(engine, photo):
    la = photo.convert("LA").convert("La")
    assert engine.stylize(la, "gogh", max_side=64).mode == "RGB"
    assert engine.stylize(photo, la, max_side=64).mode == "RGB"


# Options that are not numbers
@pytest.mark.parametrize("kwargs", [{"alpha": "0.5"}, {"alpha": True}, {"alpha": np.bool_(True)},
                                    {"max_side": "128"}, {"max_side": 64.9}, {"max_side": True}])
def test_strings_booleans_and_fractional_sides_are_refused(engine, photo, kwargs):
    with pytest.raises(BadOptionError):
        engine.stylize(photo, "gogh", **kwargs)


def test_whole_number_sides_of_any_type_still_work(engine, photo):
    assert max(engine.stylize(photo, "gogh", max_side=64.0).size) == 64
    assert max(engine.stylize(photo, "gogh", max_side=np.int64(64), alpha=np.float32(0.5)).size) == 64


# cancel on every path
@pytest.mark.parametrize("method", ["adain", "auto", "adaptive"])
def test_cancel_stops_the_fast_paths_before_painting(engine, photo, method):
    with pytest.raises(CancelledError):
        engine.stylize(photo, "gogh", method=method, max_side=64, cancel=lambda: True)


def test_a_cancel_after_the_last_hq_step_keeps_the_painting(engine, photo):
    from engine.gatys import gatys_stylize
    from engine.images import resize_to

    calls = []

    def cancel():               # asked before the features, before the first step and after each
        calls.append(1)         # step but the last: True only after the last
        return len(calls) > 3

    small = resize_to(photo, 64)
    out = gatys_stylize(engine, small, engine.resolve_style("gogh"), steps=2, cancel=cancel)
    assert out.size == small.size and len(calls) == 3


# stylize_batch's per-picture options
@pytest.mark.parametrize("kwargs", [{"alpha": [0.5]}, {"preserve_color": [True]}, {"preserve_color": "yes"},
                                    {"preserve_color": None}, {"alpha": "0.5"}, {"batch_size": 0},
                                    {"batch_size": 1.5}])
def test_batch_options_are_checked(engine, photo, kwargs):
    with pytest.raises(BadOptionError):
        engine.stylize_batch([(photo, "gogh")] * 3, max_side=64, **kwargs)


def test_batch_takes_numpy_numbers_as_one_value_for_all(engine, photo):
    items = [(photo, "gogh")] * 2
    plain = engine.stylize_batch(items, alpha=0.5, preserve_color=True, max_side=64)
    numpy = engine.stylize_batch(items, alpha=np.float32(0.5), preserve_color=np.bool_(True), max_side=64)
    assert all(np.array_equal(arr(a), arr(b)) for a, b in zip(plain, numpy))


def test_batch_takes_numpy_arrays_of_one_value_a_picture(engine, photo):
    """Sequence[float], as the signature says: a numpy array was "must be a number" (a review)."""
    items = [(photo, "gogh")] * 2
    plain = engine.stylize_batch(items, alpha=[0.5, 0.8], preserve_color=[True, False], max_side=64)
    numpy = engine.stylize_batch(items, alpha=np.array([0.5, 0.8]), preserve_color=np.array([True, False]),
                                 max_side=64)
    assert all(np.array_equal(arr(a), arr(b)) for a, b in zip(plain, numpy))


def test_a_large_jpeg_opened_lazily_is_decoded_as_an_upload_is(engine, tmp_path):
    """A JPEG over the other formats' 64 MP, handed over unread (Image.open): decoded whole (400 MP
    took 1.2 GB) where an upload decodes it at a reduced scale. From its file it is read as an
    upload (the caller's image left as it was); from a stream it is held to 64 MP."""
    path = tmp_path / "big.jpg"
    Image.new("RGB", (8200, 8000), (90, 120, 160)).save(path, quality=50)
    with Image.open(path) as im:
        out = engine.stylize(im, "gogh", max_side=64)
        assert out.size == (64, 62) and im.size == (8200, 8000) and im.tile       # still unread
    with Image.open(io.BytesIO(path.read_bytes())) as im, pytest.raises(ImageTooLargeError) as err:
        engine.stylize(im, "gogh", max_side=64)
    assert err.value.params == {"pixels": 66, "limit": 64}


# The size limit for pictures the caller opened
def png_header_only(width: int, height: int) -> bytes:
    """A PNG that says it is width x height (its pixels are never read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_a_huge_pil_image_is_refused_before_it_is_decoded(engine, photo):
    with Image.open(io.BytesIO(png_header_only(9000, 9000))) as im, pytest.raises(ImageTooLargeError) as err:
        engine.stylize(im, "gogh")
    assert err.value.params == {"pixels": 81, "limit": 64}
    with Image.open(io.BytesIO(png_header_only(9000, 9000))) as im, pytest.raises(ImageTooLargeError):
        engine.stylize(photo, im)


# A pasted page as a style name is not repeated back whole
def test_an_unknown_style_quotes_a_long_name_shortened(engine, photo):
    with pytest.raises(UnknownStyleError) as err:
        engine.stylize(photo, "x" * 10_000)
    assert len(str(err.value)) < 200 and "x" * 60 + "…'" in str(err.value)


def test_a_jobs_artist_is_a_name_never_a_file_of_the_workers(engine, photo, painting, tmp_path):
    """stylize reads a style path as a painting: an "artist" from the queue must not reach it."""
    from engine.images import encode_jpeg
    from engine.jobs import Job, StyleRef, run_job

    path = tmp_path / "painting.png"
    painting.save(path)
    for name in (str(path), "gogh.jpg"):
        result = run_job(engine, Job("u", "c", encode_jpeg(photo), [StyleRef("artist", name)], max_side=64))
        assert not result.ok and result.error_key == "unknown_style", name
    assert run_job(engine, Job("u", "c", encode_jpeg(photo), [StyleRef("artist", "gogh")], max_side=64)).ok
