"""The /preview grid's labels: each fits its own tile, in English and (where a font draws it) Korean."""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image

from bot.images import LABEL_HEIGHT, LABEL_MARGIN, draws_korean, fit_label, grid, text_width
from styles import load_catalog

ARTISTS = load_catalog().artists
LONGEST = "Kim Hong-do (Danwon)"          # 142 px at the labels' usual 13 px


def label_ink_right(side: int, label: str) -> int:
    """The rightmost dark column of ``label`` drawn under the first of two blank tiles."""
    sheet = Image.open(io.BytesIO(grid([(label, None), ("", None)], columns=2, side=side))).convert("L")
    strip = np.asarray(sheet.crop((0, side, 2 * side, side + LABEL_HEIGHT)))
    dark = np.nonzero((strip < 160).any(axis=0))[0]
    return int(dark.max()) if dark.size else -1


@pytest.mark.parametrize("side", [64, 128, 160])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_artist_label_fits_its_tile(side, lang):
    if lang == "ko" and not draws_korean():
        pytest.skip("no font with Hangul installed (fonts-noto-cjk)")
    width = side - 2 * LABEL_MARGIN
    for artist in ARTISTS:
        name = artist.name(lang)
        text, font = fit_label(name, width)
        assert font.getlength(text) <= width and font.getbbox(text)[2] <= width, (name, side)
        assert text == name or (text.endswith("…") and name.startswith(text[:-1])), (name, text)
        if text_width(font, name) <= width:
            assert text == name                  # what fits is never cut


def test_a_long_label_shrinks_before_it_is_cut():
    text, font = fit_label(LONGEST, 128 - 2 * LABEL_MARGIN)
    assert text == LONGEST and font.size < 13
    text, _ = fit_label(LONGEST, 56)
    assert text.endswith("…") and len(text) < len(LONGEST)


@pytest.mark.parametrize("side", [64, 128])
def test_drawn_labels_stay_inside_their_tile(side):
    labels = [LONGEST] + [a.name("en") for a in ARTISTS]
    if draws_korean():
        labels += [a.name("ko") for a in ARTISTS]
    for label in labels:
        assert label_ink_right(side, label) < side - LABEL_MARGIN + 2, label    # + JPEG's blur
    assert label_ink_right(side, "Monet") > LABEL_MARGIN                      # a label is drawn at all


def test_a_phones_jpeg_cut_short_is_refused_like_any_jpeg():
    """Many phones' JPEGs open in Pillow as MPO (a second image: depth, preview): over 4 MP they
    skipped the read-through, and a cut one was queued, failed, and stayed the last photo."""
    import io

    from PIL import Image

    from bot.images import UploadError, check_upload

    im = Image.new("RGB", (2600, 2000), (90, 120, 200))
    buf = io.BytesIO()
    im.save(buf, "MPO", save_all=True, append_images=[im.resize((260, 200))])
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    assert check_upload(data, 20, 64) == (2600, 2000)
    with pytest.raises(UploadError) as err:
        check_upload(data[:len(data) // 2], 20, 64)
    assert err.value.key == "truncated_image"


def test_the_bots_limits_mirror_the_engines():
    """bot/images.py imports no torch, so it keeps copies of engine.images' limits (and of
    fit_size, for thin strips): they must agree, or the bot queues what the engine refuses (or
    refuses what it paints)."""
    from bot import images as bot_images
    from bot import settings as bot_settings
    from bot.settings import Settings
    from engine import images as engine_images
    from engine.errors import ImageTooThinError

    assert bot_images.MIN_SIDE == engine_images.MIN_SIDE
    assert bot_images.JPEG_MEGAPIXELS * 1_000_000 == engine_images.MAX_JPEG_PIXELS
    assert bot_settings.ENGINE_MAX_MEGAPIXELS * 1_000_000 == engine_images.MAX_PIXELS
    assert Settings.model_fields["MAX_IMAGE_MEGAPIXELS"].default * 1_000_000 == engine_images.MAX_PIXELS
    assert bot_images.JPEG_FORMATS == engine_images.JPEG_FORMATS
    assert bot_images.MIN_PAINT_SIDE == engine_images.MIN_PAINT_SIDE
    assert bot_images.THIN_SHARE == engine_images.THIN_SHARE
    assert bot_images.PAINT_SIDE == Settings.model_fields["MAX_SIDE"].default
    sizes = [(4000, 3000), (300, 200), (10000, 400), (5000, 32), (32768, 32), (32800, 32), (32801, 32),
             (32, 40000), (65000, 63), (131072, 32), (2000, 2000), (513, 32)]
    for side in (64, 128, 256, 384, 512, 768, 1024, 2048):
        for size in sizes:
            assert bot_images.fit_size(size, side) == engine_images.fit_size(size, side), (size, side)
            try:
                engine_images.check_paintable(size, side)
                thin = False
            except ImageTooThinError:
                thin = True
            assert (min(bot_images.fit_size(size, side)) < bot_images.MIN_PAINT_SIDE) == thin, (size, side)


def png_of(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 128).save(buf, "PNG")
    return buf.getvalue()


def test_a_strip_too_thin_to_paint_is_refused_at_upload_as_the_engine_would():
    """Past 1024:1 at 512 px the engine cannot paint a strip (ImageTooThinError): it was queued,
    failed, and stayed the user's last photo. Now the upload is refused with the engine's words."""
    from bot.images import UploadError, check_upload
    from engine.errors import ImageTooThinError
    from engine.images import check_paintable, open_image

    assert check_upload(png_of((32768, 32)), 20, 64) == (32768, 32)          # 1024:1: painted
    exif = Image.Exif()
    exif[0x0112] = 6                                                          # shown turned: 40000 wide
    turned = io.BytesIO()
    Image.new("L", (32, 40000), 128).save(turned, "JPEG", exif=exif.tobytes())
    for data in (png_of((40000, 32)), turned.getvalue()):
        with pytest.raises(UploadError) as refused:
            check_upload(data, 20, 64)
        with pytest.raises(ImageTooThinError) as engine_says:
            check_paintable(open_image(data).size, 512)
        assert refused.value.key == engine_says.value.key == "image_too_thin"
        assert refused.value.params == engine_says.value.params == {"width": 40000, "height": 32, "ratio": 1024}
    assert check_upload(png_of((40000, 32)), 20, 64, max_side=1024) == (40000, 32)   # a user's /size 1024
    with pytest.raises(UploadError) as refused:
        check_upload(png_of((40, 20000)), 20, 64, max_side=256)
    assert refused.value.params == {"width": 40, "height": 20000, "ratio": 256}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF", "HEIF"])
def test_a_thin_strip_is_named_by_its_upright_size_as_the_engine_names_it(fmt):
    """Stored 32x3000 and shown turned (EXIF orientation 6): the engine paints it 3000x32 and says
    so. Pillow reports a TIFF's size upright already, and pillow-heif a HEIC's: not turned twice."""
    from bot.images import UploadError, check_upload
    from engine.errors import ImageTooThinError
    from engine.images import check_paintable, open_image

    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    Image.new("RGB", (32, 3000), (90, 120, 200)).save(buf, fmt, exif=exif.tobytes())
    data = buf.getvalue()
    with pytest.raises(UploadError) as refused:
        check_upload(data, 20, 64, max_side=128)                  # 64:1 at most at 128
    with pytest.raises(ImageTooThinError) as engine_says:
        check_paintable(open_image(data).size, 128)
    assert refused.value.params == engine_says.value.params == {"width": 3000, "height": 32, "ratio": 64}


def noisy_picture(fmt: str) -> bytes:
    """A 640x480 picture in ``fmt``, not all one colour (its data is most of the file)."""
    rng = np.random.default_rng(7)
    ramp = np.linspace(0, 255, 640, dtype=np.float32)[None, :, None] * np.ones((480, 1, 3), np.float32)
    noise = rng.normal(0, 12, (480, 640, 1)).astype(np.float32)
    im = Image.fromarray(np.clip(ramp + noise, 0, 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF", "WEBP", "TIFF", "GIF", "BMP", "PPM", "TGA"])
def test_a_big_picture_cut_short_is_refused_at_upload_without_decoding_it(fmt, monkeypatch):
    """Past 4 MP only JPEG and PNG were read through: a cut HEIC (an iPhone original, as the web
    chat and Discord pass them on), TIFF, GIF, BMP, ... was queued, failed in the engine and
    stayed the user's last photo, failing every later /style. Their structure says it now,
    without decoding a pixel (the bot's memory and time stay those of the header). The limit is
    lowered here so that a small picture takes the big ones' path (encoding 5 MP of HEIC is slow)."""
    from PIL import ImageFile
    from pillow_heif.as_plugin import HeifImageFile

    from bot import images
    from bot.images import UploadError, check_upload
    from engine.errors import TruncatedImageError
    from engine.images import open_image

    monkeypatch.setattr(images, "READ_THROUGH_PIXELS", 100_000)
    data = noisy_picture(fmt)
    assert Image.open(io.BytesIO(data)).size == (640, 480)

    def no_decoding(self, *args, **kw):
        raise AssertionError("decoded")

    cuts = (len(data) * 3 // 4, len(data) - 1000, len(data) - 1)
    engine_refuses = []
    for cut in cuts:                        # the engine decodes each: the bot must agree with it
        try:
            open_image(data[:cut])
            engine_refuses.append(False)
        except TruncatedImageError:
            engine_refuses.append(True)
    assert engine_refuses[0]
    with monkeypatch.context() as patch:
        patch.setattr(ImageFile.ImageFile, "load", no_decoding)
        patch.setattr(HeifImageFile, "load", no_decoding)
        assert check_upload(data, 50, 64) == (640, 480)
        for cut, refused in zip(cuts, engine_refuses):
            try:
                check_upload(data[:cut], 50, 64)
                assert not refused, f"queued, and the engine says it is cut short ({len(data) - cut} bytes)"
            except UploadError as err:
                assert refused and err.key == "truncated_image", f"refused, and the engine paints it ({cut})"


def test_a_12_megapixel_tiff_cut_short_is_refused_at_upload():
    """At its real size (past READ_THROUGH_PIXELS), where the bot decoded nothing and queued it."""
    from bot.images import READ_THROUGH_PIXELS, UploadError, check_upload

    buf = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 120, 200)).save(buf, "TIFF")
    data = buf.getvalue()
    assert 4000 * 3000 > READ_THROUGH_PIXELS
    assert check_upload(data, 50, 64) == (4000, 3000)
    with pytest.raises(UploadError) as err:
        check_upload(data[:len(data) - 5000], 50, 64)
    assert err.value.key == "truncated_image"


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def iphone_like_heic(tail: bytes = b"") -> bytes:
    """The boxes of an iPhone HEIC as isobmff_within reads them: a grid item whose data is in the
    meta box ("idat", construction method 1), two tiles in "mdat" by file offset (method 0, from
    a base offset), iloc version 1 with 4-byte fields."""
    tiles = [b"\x11" * 3000, b"\x22" * 2000]
    ftyp = box(b"ftyp", b"heic" + b"\0\0\0\0" + b"mif1heic")

    def meta(mdat_at: int) -> bytes:
        entries = struct.pack(">HHHI H II", 1, 1, 0, 0, 1, 0, 8)                  # grid: idat, 8 bytes
        entries += struct.pack(">HHHI H II", 2, 0, 0, mdat_at + 8, 1, 0, len(tiles[0]))
        entries += struct.pack(">HHHI H II", 3, 0, 0, mdat_at + 8, 1, len(tiles[0]), len(tiles[1]))
        iloc = box(b"iloc", b"\x01\0\0\0" + bytes([0x44, 0x40]) + struct.pack(">H", 3) + entries)
        body = b"\0\0\0\0" + box(b"hdlr", bytes(25)) + iloc + box(b"idat", bytes(8))
        return box(b"meta", body)

    head = ftyp + meta(0)
    head = ftyp + meta(len(head))
    return head + box(b"mdat", b"".join(tiles)) + tail


def test_an_iphone_style_heic_is_read_by_its_item_locations():
    from bot.upload_structure import isobmff_within

    whole = iphone_like_heic()
    assert isobmff_within(whole)
    assert isobmff_within(iphone_like_heic(tail=b"SEFT trailer a phone appended" * 4))
    for cut in (len(whole) - 1, len(whole) - 2001, len(whole) - 4999):
        assert not isobmff_within(whole[:cut]), cut
    assert isobmff_within(whole[:len(whole) - 4999].replace(b"mdat", b"free")) is False   # by iloc, not mdat


def test_a_tiff_or_heic_claiming_a_bombs_size_is_refused_from_its_header():
    """The read-through's structure checks come after the size check: a file that claims 400 MP
    is refused as too large, never read."""
    from bot.images import UploadError, check_upload

    buf = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buf, "TIFF")
    data = bytearray(buf.getvalue())
    ifd = struct.unpack_from("<I", data, 4)[0]
    for i in range(struct.unpack_from("<H", data, ifd)[0]):
        tag, kind = struct.unpack_from("<HH", data, ifd + 2 + 12 * i)
        if tag in (256, 257):
            struct.pack_into("<I" if kind == 4 else "<H", data, ifd + 2 + 12 * i + 8, 20000)
    with pytest.raises(UploadError) as err:
        check_upload(bytes(data), 20, 64)
    assert err.value.key == "image_too_large" and err.value.params == {"pixels": "400", "limit": "64"}
