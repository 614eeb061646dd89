"""Crafted JPEGs that cost Pillow seconds held a thread of check_upload (run in asyncio.to_thread
with no timeout), and the user waited for the reply: a 19 MB run of 0xFF fill in the picture
data (libjpeg re-reads it at every chunk: about 2 s at upload and again in the engine), and a
progressive JPEG of a few hundred bytes claiming 20000x20000 (libjpeg holds every coefficient of
a progressive or multi-scan JPEG whatever the draft scale: 4 s and 2.4 GB at upload). Both are
now refused from their headers, before Pillow decodes anything: the fill as damaged, the
progressive one as too large past the limit of the formats decoded whole (64 MP)."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFile

from bot.images import UploadError, check_upload
from engine.errors import ImageTooLargeError, TruncatedImageError
from engine.images import open_image

from tests.bot.test_jpeg_end import photo_jpeg
from tests.bot.test_jpeg_ff_run import headers_of


def decodes_counted(monkeypatch) -> list:
    decoded = []
    real_load = ImageFile.ImageFile.load

    def load(self, *args, **kw):
        if self.tile:              # not decoded yet (a later load() is a no-op)
            decoded.append(self.format)
        return real_load(self, *args, **kw)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return decoded


def upload(data: bytes) -> tuple[str, dict]:
    try:
        check_upload(data, 20, 64)
    except UploadError as err:
        return err.key, err.params
    return "queued", {}


def engine(source) -> str:
    try:
        open_image(source)
    except TruncatedImageError:
        return "damaged"
    except ImageTooLargeError as err:
        return f"too large ({err.params['limit']} MP)"
    return "painted"


def with_frame(data: bytes, width: int, height: int) -> bytes:
    out = bytearray(data)
    for sof in (b"\xff\xc0", b"\xff\xc2"):
        if sof in out:
            at = out.index(sof)
            out[at + 5:at + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(out)


def tiny(mode: str = "RGB", **options) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (64, 64), 128).save(buf, "JPEG", **options)
    return buf.getvalue()


@pytest.mark.parametrize("end", [b"", b"\xff\xd9"])
def test_megabytes_of_fill_in_the_picture_data_are_refused_from_the_headers(monkeypatch, tmp_path, end):
    data = headers_of(photo_jpeg(False)) + b"\xff" * 19_000_000 + end
    (tmp_path / "fill.jpg").write_bytes(data)
    decoded = decodes_counted(monkeypatch)
    assert upload(data)[0] == "truncated_image"
    assert engine(data) == "damaged"
    assert engine(tmp_path / "fill.jpg") == "damaged"
    assert decoded == []


def test_fill_after_the_end_marker_still_paints():
    # padding after EOI (some cameras pad their files) is never read by the decoder
    data = photo_jpeg(False) + b"\xff" * 1_000_000
    assert upload(data)[0] == "queued"
    assert engine(data) == "painted"


@pytest.mark.parametrize("options", [{"progressive": True}, {"progressive": True, "subsampling": 0}])
def test_a_tiny_progressive_jpeg_claiming_400_megapixels_is_refused_as_too_large(monkeypatch, tmp_path, options):
    data = with_frame(tiny(**options), 20000, 20000)
    assert len(data) < 2000
    (tmp_path / "huge.jpg").write_bytes(data)
    decoded = decodes_counted(monkeypatch)
    key, params = upload(data)
    assert (key, params.get("limit")) == ("image_too_large", "64")
    assert engine(data) == "too large (64 MP)"
    assert engine(tmp_path / "huge.jpg") == "too large (64 MP)"
    assert decoded == []


def test_a_multi_scan_sequential_jpeg_is_held_to_the_same_limit(monkeypatch):
    # a baseline frame whose first scan holds one of its three components: libjpeg buffers it whole too
    data = bytearray(with_frame(tiny(), 12000, 12000))
    sos = data.index(b"\xff\xda")
    data[sos:sos + 14] = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"      # one component, then the rest
    decoded = decodes_counted(monkeypatch)
    key, params = upload(bytes(data))
    assert (key, params.get("limit")) == ("image_too_large", "64")
    assert engine(bytes(data)) == "too large (64 MP)"
    assert decoded == []


def test_progressive_and_large_baseline_jpegs_within_the_limits_still_paint():
    data = tiny(progressive=True)
    assert upload(data) == ("queued", {})
    assert engine(data) == "painted"
    # a baseline JPEG keeps the JPEG limit (decoded at 1/8): over 64 MP is no refusal for size
    assert upload(with_frame(tiny(), 12000, 9000))[0] != "image_too_large"


@pytest.mark.parametrize("cut, reply", [(2, "queued"), (40, "truncated_image")])
def test_a_jpeg_missing_its_end_is_decoded_twice_not_four_times(monkeypatch, cut, reply):
    # its scan runs to the end of the file: decoding it as it is can only fail (libjpeg waits for
    # more data), so the two probes of jpeg_end_restored judge it alone; a 19 MB one claiming
    # 400 MP took 1.3-2.3 s in four decodes at 1/8 (the first failed, two probes, once more whole)
    data = photo_jpeg(False)[:-cut]
    decoded = decodes_counted(monkeypatch)
    assert upload(data)[0] == reply
    assert len(decoded) <= 2


def test_a_jpeg_with_data_after_its_end_is_decoded_once(monkeypatch):
    # a phone's motion photo: a video after the picture's end marker
    data = photo_jpeg(False) + b"\0\0\0\x18ftypmp42" + bytes(1000)
    decoded = decodes_counted(monkeypatch)
    assert upload(data)[0] == "queued"
    assert len(decoded) == 1
