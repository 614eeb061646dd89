"""Uploads in every shape: modes, orientation, animation, and every way a file can be bad."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from engine.errors import ImageTooLargeError, ImageTooSmallError, NotAnImageError, TruncatedImageError
from engine.images import fit_size, open_image

from tests.engine.conftest import jpeg_bytes


def png_bytes(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_exif_orientation_is_applied():
    im = Image.new("RGB", (80, 40), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    out = open_image(jpeg_bytes(im, exif=exif.tobytes()))
    assert out.size == (40, 80)


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "I;16", "1", "LA"])
def test_modes_become_rgb(mode):
    base = Image.linear_gradient("L").resize((64, 48))
    if mode == "I;16":
        arr = (np.asarray(base, dtype=np.uint16) * 257)
        im = Image.fromarray(arr)
        assert im.mode.startswith("I")
    else:
        im = base.convert(mode)
    out = open_image(png_bytes(im) if mode != "CMYK" else jpeg_bytes(im))
    assert out.mode == "RGB" and out.size == (64, 48)
    px = np.asarray(out, dtype=float)
    assert px.max() > 200 and px.min() < 60  # 16-bit scaled, not clipped to white


def test_rgba_is_flattened_on_white():
    im = Image.new("RGBA", (40, 40), (255, 0, 0, 0))
    im.paste((0, 0, 255, 255), (0, 0, 20, 40))
    out = np.asarray(open_image(png_bytes(im)))
    assert tuple(out[5, 5]) == (0, 0, 255)
    assert tuple(out[5, 35]) == (255, 255, 255)


def test_animated_gif_uses_first_frame():
    frames = [Image.new("RGB", (40, 40), c) for c in ("red", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    out = np.asarray(open_image(buf.getvalue()))
    assert out[20, 20, 0] > 200 and out[20, 20, 2] < 50


def test_not_an_image():
    with pytest.raises(NotAnImageError) as err:
        open_image(b"hello, this is a text file\n" * 10)
    assert "not an image" in str(err.value)


def test_truncated_jpeg(photo):
    data = jpeg_bytes(photo)
    with pytest.raises(TruncatedImageError):
        open_image(data[: len(data) // 2])


def test_one_pixel_image():
    with pytest.raises(ImageTooSmallError) as err:
        open_image(png_bytes(Image.new("RGB", (1, 1))))
    assert err.value.params["width"] == 1


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size (a decompression bomb's calling card)."""
    data = bytearray(png_bytes(Image.new("RGB", (1, 1))))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4: ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr: ihdr + 17]))
    data[ihdr + 17: ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


@pytest.mark.parametrize("size", [(20000, 20000), (100000, 100000)])
def test_decompression_bomb_is_refused_before_decoding(size):
    with pytest.raises(ImageTooLargeError) as err:
        open_image(_png_claiming(*size))
    assert "too large" in str(err.value)
    assert err.value.params["pixels"] == round(size[0] * size[1] / 1e6)       # not "?"


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims another size (the data then runs out)."""
    data = bytearray(jpeg_bytes(Image.new("RGB", (64, 48), "gray")))
    sof = data.index(b"\xff\xc0")
    data[sof + 5: sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_a_200_megapixel_jpeg_is_not_taken_for_a_bomb():
    """Pillow refuses any header over 179 MP by itself; a JPEG decodes at 1/8, so the engine's
    own limit (400 MP) is the one that counts: this one is decoded, in draft mode."""
    decoded = open_image(_jpeg_claiming(16320, 12240))
    assert decoded.size == (4080, 3060)           # 1/4: 1/8 would be under WORKING_SIDE
    with pytest.raises(ImageTooLargeError) as err:
        open_image(_jpeg_claiming(30000, 20000))
    assert err.value.params == {"pixels": 600, "limit": 400}


@pytest.mark.parametrize("size,max_side", [((50000, 40), 512), ((40, 20000), 256)])
def test_a_strip_too_thin_to_paint_is_refused_by_name(engine, size, max_side):
    from engine.errors import ImageTooThinError

    with pytest.raises(ImageTooThinError) as err:
        engine.stylize(Image.new("RGB", size, "white"), "gogh", max_side=max_side)
    assert err.value.params["ratio"] == (max_side // 16) ** 2 and "crop it" in str(err.value)


@pytest.mark.parametrize("method", ["adain", "auto", "adaptive"])
def test_the_thinnest_paintable_strip_is_painted(engine, method):
    """1024:1 at 512: the pixels of a 512 square, 16 px high."""
    out = engine.stylize(Image.new("RGB", (32768, 32), (90, 120, 200)), "gogh", method=method)
    assert out.size == (16384, 16)


@pytest.mark.parametrize("method", ["adain", "auto"])
def test_a_panorama_comes_back_as_a_usable_strip_not_a_sliver(engine, method):
    out = engine.stylize(Image.new("RGB", (10000, 400), (90, 120, 200)), "gogh", method=method, max_side=512)
    assert out.size == (2560, 102)              # a short side of 512 / 4, within a 512 square's pixels


def test_pictures_handed_to_stylize_directly_are_prepared_as_uploads(engine, photo):
    """EXIF orientation, 16-bit greys, transparency and tiny sizes, as open_image treats them."""
    small = photo.resize((96, 64))
    exif = Image.Exif()
    exif[0x0112] = 6
    with Image.open(io.BytesIO(jpeg_bytes(small, exif=exif.tobytes()))) as rotated:
        assert engine.stylize(rotated, "gogh").size == (64, 96)
    grey = small.convert("L")
    deep = Image.fromarray(np.asarray(grey, dtype=np.uint16) * 257)
    assert deep.mode.startswith("I;16")
    a = np.asarray(engine.stylize(deep, "gogh"), dtype=float)
    b = np.asarray(engine.stylize(grey, "gogh"), dtype=float)
    assert np.abs(a - b).mean() < 1
    clear = Image.new("RGBA", (96, 64), (0, 0, 0, 0))           # flattened on white, not black
    white = Image.new("RGB", (96, 64), "white")
    assert np.array_equal(np.asarray(engine.stylize(clear, "gogh")), np.asarray(engine.stylize(white, "gogh")))
    for tiny in ((1, 1), (2, 2), (1, 5000)):
        with pytest.raises(ImageTooSmallError):
            engine.stylize(Image.new("RGB", tiny), "gogh")
    with pytest.raises(ImageTooSmallError):
        engine.stylize(small, Image.new("RGB", (8, 8)))        # a painting too small to describe


def test_stylize_takes_a_files_bytes_as_an_upload(engine, photo):
    small = photo.resize((96, 64))
    assert engine.stylize(jpeg_bytes(small), "gogh").size == (96, 64)
    with pytest.raises(NotAnImageError):
        engine.stylize(b"minutes of the meeting" * 20, "gogh")


def test_a_32bit_grey_of_8bit_values_stays_8bit_and_16bit_stays_16bit():
    from engine.images import to_rgb

    values = np.full((40, 40), 200, dtype=np.uint16)
    assert to_rgb(Image.fromarray(values)).getpixel((0, 0)) == (1, 1, 1)            # I;16: 200/65535
    assert to_rgb(Image.fromarray(values.astype(np.int32))).getpixel((0, 0)) == (200, 200, 200)   # I


def test_large_jpeg_is_decoded_at_reduced_size():
    im = Image.new("RGB", (6000, 4000), (10, 120, 200))
    out = open_image(jpeg_bytes(im), working_side=1024)
    assert max(out.size) < 6000 and max(out.size) >= 1024
    assert abs(out.size[0] / out.size[1] - 1.5) < 0.01


def test_fit_size_keeps_aspect_and_never_upscales():
    assert fit_size((4000, 3000), 512) == (512, 384)
    assert fit_size((300, 200), 512) == (300, 200)
    assert fit_size((1000, 3000), 2048) == (683, 2048)
    assert fit_size((1920, 1080), 512) == (512, 288)       # wide, not thin: the longer side as asked


def test_fit_size_gives_thin_pictures_a_short_side_within_a_squares_pixels():
    assert fit_size((10000, 400), 512) == (2560, 102)      # was 512x20
    assert fit_size((1000, 5000), 512) == (128, 640)
    assert fit_size((5000, 32), 512) == (5000, 32)         # never upscaled
    for size in ((10000, 400), (8000, 40), (32, 4000)):
        w, h = fit_size(size, 512)
        assert w * h <= 512 * 512 * 1.01 and w <= size[0] and h <= size[1]
        assert abs(w / h - size[0] / size[1]) / (size[0] / size[1]) < 0.05


@pytest.mark.parametrize("size,max_side,decoded", [
    ((4000, 3000), 512, (1000, 750)),     # 1/4: both sides still at least 512
    ((3000, 4000), 512, (750, 1000)),
    ((8000, 1000), 512, (2000, 250)),     # a panorama: painted at 1024x128
    ((600, 400), 512, (600, 400)),        # nothing to spare
    ((4000, 3000), 64, (500, 375)),       # a preview: 1/8 at most
    ((8000, 40), 512, (8000, 40)),        # a thin strip keeps its short side
])
def test_a_job_photo_is_decoded_no_larger_than_its_painting_needs(size, max_side, decoded):
    from engine.jobs import Job, StyleRef, open_photo

    photo = open_photo(Job("u", "c", jpeg_bytes(Image.new("RGB", size, (200, 90, 30))),
                           [StyleRef("artist", "gogh")], max_side=max_side))
    assert photo.size == decoded
    fitted = fit_size(size, max_side)             # what the engine resizes it to: only ever down
    assert photo.size[0] >= fitted[0] and photo.size[1] >= fitted[1]
    assert np.abs(np.asarray(photo, dtype=int) - (200, 90, 30)).max() <= 8      # the photo, not noise


def test_a_job_png_is_decoded_in_full():
    from engine.jobs import Job, StyleRef, open_photo

    photo = open_photo(Job("u", "c", png_bytes(Image.new("RGB", (1200, 900), "white")),
                           [StyleRef("artist", "gogh")], max_side=256))
    assert photo.size == (1200, 900)


def test_a_wide_gamut_photo_is_painted_in_srgb_not_its_raw_numbers():
    """An iPhone stores Display P3: sRGB's red is (233, 51, 35) in its numbers. Taken raw, the
    photo came out dull (and keep-colours paintings with it); converted, it is red again."""
    from PIL import ImageCms

    from engine.images import SRGB
    from tests.engine.icc import DISPLAY_P3

    p3 = ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3))
    stored = ImageCms.profileToProfile(Image.new("RGB", (64, 64), (254, 0, 0)), SRGB, p3, outputMode="RGB")
    stored.info.pop("icc_profile", None)                         # saved with the profile only where asked
    assert np.abs(np.subtract(stored.getpixel((0, 0)), (233, 51, 35))).max() <= 2
    for fmt in ("PNG", "JPEG"):
        buf = io.BytesIO()
        stored.save(buf, fmt, icc_profile=DISPLAY_P3, quality=95)
        assert np.abs(np.subtract(open_image(buf.getvalue()).getpixel((10, 10)), (254, 0, 0))).max() <= 6, fmt
    plain = io.BytesIO()
    stored.save(plain, "PNG")                                     # no profile: the numbers as they are
    assert open_image(plain.getvalue()).getpixel((0, 0)) == stored.getpixel((0, 0))
    broken = io.BytesIO()
    stored.save(broken, "PNG", icc_profile=b"not a profile at all" * 8)   # ignored, not an error
    assert open_image(broken.getvalue()).getpixel((0, 0)) == stored.getpixel((0, 0))


@pytest.mark.parametrize("mode,clear", [("L", 0), ("RGB", (0, 0, 0)), ("I;16", 0)])
def test_a_pngs_transparent_colour_is_flattened_on_white_like_an_alpha_channel(mode, clear):
    """PNG optimisers turn an RGBA logo with a plain background into L/RGB with a tRNS colour."""
    im = Image.new(mode, (64, 64), clear)
    im.paste(Image.new(mode, (32, 32), 200 if mode != "RGB" else (200, 60, 30)), (16, 16))
    buf = io.BytesIO()
    im.save(buf, "PNG", transparency=clear)
    decoded = open_image(buf.getvalue())
    assert decoded.getpixel((2, 2)) == (255, 255, 255)           # the background: white, not black
    assert decoded.getpixel((30, 30)) != (255, 255, 255)         # the logo itself stays


def test_a_heic_photo_opens_like_any_other():
    """iPhone originals, as Discord and the web chat pass them on (Telegram sends JPEGs)."""
    from bot.images import check_upload

    buf = io.BytesIO()
    Image.new("RGB", (96, 64), (200, 30, 40)).save(buf, "HEIF")
    data = buf.getvalue()
    assert data[4:12] == b"ftypheic"
    decoded = open_image(data)
    assert decoded.size == (96, 64) and np.abs(np.subtract(decoded.getpixel((40, 30)), (200, 30, 40))).max() <= 8
    assert check_upload(data, max_mb=20, max_megapixels=64) == (96, 64)


def tiff_bytes(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "TIFF")
    return buf.getvalue()


def grey_of(data: bytes) -> np.ndarray:
    decoded = np.asarray(open_image(data), dtype=float)
    assert (decoded[..., 0] == decoded[..., 2]).all()
    return decoded[..., 0]


def test_a_float_tiff_keeps_its_levels_whatever_one_hot_pixel_says():
    """32-bit float TIFFs (scientific and HDR tools) hold linear light with 1.0 as white, or
    0..255 (Pillow's own "F"): they were stretched from their lowest value to their highest, so
    one hot pixel turned the whole picture black, and a picture of 0.2..0.8 came out at full
    contrast. A hot pixel now only rolls the values past the knee (0.7) off a little, as the
    highlights of an HDR picture are."""
    ramp = np.tile(np.linspace(0.2, 0.8, 96, dtype=np.float32), (64, 1))
    want = np.array([[srgb8(float(v)) for v in row] for row in ramp[:1]]).repeat(64, 0)
    assert np.abs(grey_of(tiff_bytes(Image.fromarray(ramp))) - want).max() <= 1
    hot = ramp.copy()
    hot[10, 10] = 1000.0
    got = grey_of(tiff_bytes(Image.fromarray(hot)))
    below_knee = ramp[0] <= 0.7
    assert got[10, 10] == 255 and np.abs(got[20, below_knee] - want[20, below_knee]).max() <= 1
    assert (np.diff(got[20]) >= 0).all() and 0 <= (want[20] - got[20]).min() and (want[20] - got[20]).max() <= 6
    eight = ramp * 255                             # 51..204 in 0..255, one hot pixel past it
    eight[5, 5] = 1e6
    got = grey_of(tiff_bytes(Image.fromarray(eight)))
    assert got[5, 5] == 255 and abs(got[0, 0] - 51) <= 1 and abs(got[0, -1] - 204) <= 1
    holes = ramp.copy()                            # NaN (no data) and infinities: no garbage
    holes[1, 1], holes[2, 2], holes[3, 3] = np.nan, np.inf, -np.inf
    got = grey_of(tiff_bytes(Image.fromarray(holes)))
    assert (got[1, 1], got[2, 2], got[3, 3]) == (0, 255, 0) and abs(got[20, 48] - want[20, 48]) <= 1


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_a_grey_float_tiff_is_the_same_light_as_an_rgb_one(dtype):
    """Grey floats were display levels (0.5 shown as 128) where RGB floats are linear light (0.5
    is 188): the grey version of an HDR picture came out darker than the picture, and its
    highlights clipped. Now one convention: a grey float TIFF (Pillow's "F" for float32, tifffile
    for the others) looks as the RGB one of equal channels does."""
    values = [0.0, 0.05, 0.18, 0.5, 0.7, 1.0, 2.0, 8.0]
    grey = np.tile(np.repeat(np.array(values), 12), (32, 1)).astype(dtype)
    got = grey_of(float_tiff(grey))
    rgb = np.asarray(open_image(float_tiff(np.stack([grey] * 3, -1))), dtype=float)[..., 0]
    assert np.abs(got - rgb).max() <= 1
    levels = got[16, 6::12]
    assert abs(levels[3] - 188) <= 1 and abs(levels[2] - srgb8(0.18)) <= 1
    assert all(a < b for a, b in zip(levels, levels[1:])) and levels[-1] == 255    # rolled off, not clipped
    signed = np.tile(np.linspace(-1, 1, 96), (32, 1)).astype(dtype)    # an index (NDVI): data, stretched
    row = grey_of(float_tiff(signed))[16]
    assert row[0] <= 3 and row[-1] >= 252 and abs(row[48] - 128) <= 6


def test_a_float_or_32bit_picture_of_other_units_is_stretched_past_its_outliers():
    """Heights, depths, counts: no scale to keep, so the 0.5th to 99.5th percentiles span black to
    white, and a few wild values (a dead pixel at -1e9, a hot one at 1e9) move nothing."""
    metres = np.tile(np.linspace(-1000, 5000, 96, dtype=np.float32), (64, 1))
    metres[0, 0], metres[0, 1] = 1e9, -1e9
    counts = np.tile(np.linspace(0, 1_000_000, 96).astype(np.int32), (64, 1))   # past 16 bits
    signed = np.tile(np.linspace(-500, 500, 96).astype(np.int16), (64, 1))      # a signed TIFF
    for arr in (metres, counts, signed):
        im = Image.fromarray(arr)
        got = grey_of(tiff_bytes(im))
        assert Image.open(io.BytesIO(tiff_bytes(im))).mode in ("F", "I")
        row = got[32]
        assert row[0] <= 3 and row[-1] >= 252 and abs(row[48] - 128) <= 6, (arr.dtype, row[::12])
        assert (np.diff(row) >= 0).all()


def test_a_32bit_grey_of_16bit_values_is_read_as_16bit():
    from engine.images import to_rgb

    values = np.tile(np.linspace(0, 65535, 64).astype(np.int32), (40, 1))
    got = np.asarray(to_rgb(Image.fromarray(values)))[0, :, 0]
    assert got[0] == 0 and got[-1] == 255 and got[32] == 130          # 33287 / 65535 * 255 = 129.5


def float_tiff(arr: np.ndarray, **kw) -> bytes:
    """A float TIFF as scientific and HDR tools write them (tifffile: Pillow cannot write one)."""
    import tifffile

    buf = io.BytesIO()
    tifffile.imwrite(buf, arr, photometric="rgb" if arr.ndim == 3 else "minisblack", **kw)
    return buf.getvalue()


def srgb8(linear: float) -> int:
    """sRGB's 8-bit number of a linear value in 0..1."""
    return round(255 * (linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("compression", [None, "zlib"])
def test_an_rgb_float_tiff_is_painted_as_linear_light(dtype, compression):
    """Pillow opens no RGB float TIFF: they were 'not an image'. Read as linear light with 1.0 as
    white (HDR tools' convention), through sRGB's curve."""
    ramp = np.linspace(0, 1, 96)
    rgb = np.stack([ramp, ramp * 0.5, ramp * 0.18], -1)[None].repeat(48, 0).astype(dtype)
    decoded = np.asarray(open_image(float_tiff(rgb, compression=compression)), dtype=int)
    assert decoded.shape == (48, 96, 3)
    want = np.array([[srgb8(float(v)) for v in px] for px in rgb[0].astype(np.float64)])
    assert np.abs(decoded[20] - want).max() <= 2 + (dtype == "float16")


def test_an_hdr_float_tiff_rolls_its_highlights_off_instead_of_going_dark_or_clipping():
    """Mid grey at 0.18 and highlights at 2, 4, 8, 16 times white (a sunlit window, a lamp): the
    picture is not scaled by its brightest pixel (mid grey came out near black), nor clipped flat
    (every highlight white): midtones as sRGB shows them, highlights brighter in order, all in
    range, an orange highlight still orange."""
    values = [0.05, 0.18, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
    rgb = np.full((96, 32 * len(values), 3), 0.18, np.float32)         # a scene: mostly midtones
    for i, v in enumerate(values):
        rgb[16:48, 32 * i:32 * (i + 1)] = v
    rgb[16:32, -32:] = (16.0, 8.0, 2.0)                                 # an orange lamp
    decoded = open_image(float_tiff(rgb))
    greys = [decoded.getpixel((32 * i + 16, 40))[0] for i in range(len(values))]
    assert abs(greys[0] - srgb8(0.05)) <= 2 and abs(greys[1] - srgb8(0.18)) <= 2 and abs(greys[2] - srgb8(0.5)) <= 2
    assert all(a < b for a, b in zip(greys[2:], greys[3:])), greys
    assert greys[-1] == 255 and greys[3] < 250
    r, g, b = decoded.getpixel((32 * len(values) - 16, 20))
    assert r > g + 20 > b + 40, (r, g, b)


def test_a_float_tiff_of_other_units_is_exposed_not_clipped_and_levels_stay_levels():
    """Values in cd/m2 (median past 1, up to thousands): exposed so the median is mid grey, rolled
    off above white. 8-bit levels stored as floats (0..255): shown as the levels they are, like
    Pillow's own "F"."""
    ramp = np.geomspace(1, 40000, 96).astype(np.float32)
    nits = np.stack([ramp, ramp, ramp], -1)[None].repeat(32, 0)
    row = np.asarray(open_image(float_tiff(nits)))[10, :, 0].astype(int)
    assert (np.diff(row) >= 0).all() and row[0] < 30 and row[-1] == 255 and row[-20] < 255
    assert abs(int(row[47:49].mean()) - srgb8(0.18)) <= 6
    levels = np.stack([np.linspace(10, 240, 96)] * 3, -1)[None].repeat(32, 0).astype(np.float32)
    row = np.asarray(open_image(float_tiff(levels)))[10, :, 1].astype(int)
    assert np.abs(row - np.round(np.linspace(10, 240, 96))).max() <= 1


def test_a_float_tiffs_holes_orientation_and_grey_kinds_are_read():
    from engine.images import to_rgb

    rgb = np.full((40, 64, 3), 0.18, np.float32)
    rgb[0, 0], rgb[0, 1], rgb[0, 2] = np.nan, np.inf, -np.inf
    decoded = open_image(float_tiff(rgb, extratags=[(274, "H", 1, 6, True)]))    # shown turned
    assert decoded.size == (40, 64)
    assert decoded.getpixel((39, 0)) == (0, 0, 0) and decoded.getpixel((39, 1)) == (255, 255, 255)
    assert decoded.getpixel((39, 2)) == (0, 0, 0) and abs(decoded.getpixel((10, 30))[0] - srgb8(0.18)) <= 1
    ramp = np.tile(np.linspace(0.2, 0.8, 96), (64, 1))                   # grey: Pillow's "F" rules
    for dtype in ("float16", "float64"):                                  # which Pillow cannot open
        got = np.asarray(open_image(float_tiff(ramp.astype(dtype))))[5, :, 0].astype(int)
        want = np.asarray(to_rgb(Image.fromarray(ramp.astype(np.float32))))[5, :, 0].astype(int)
        assert np.abs(got - want).max() <= 1, dtype


def with_tag(data: bytes, tag: int, value: int, renamed: int | None = None) -> bytes:
    """A classic little-endian TIFF with one SHORT tag of its first directory set to ``value`` (and
    given the number ``renamed``, to add a tag the writer would not)."""
    out = bytearray(data)
    ifd = struct.unpack_from("<I", out, 4)[0]
    for i in range(struct.unpack_from("<H", out, ifd)[0]):
        at = ifd + 2 + 12 * i
        if struct.unpack_from("<H", out, at)[0] == tag:
            struct.pack_into("<H", out, at, renamed or tag)
            struct.pack_into("<H", out, at + 8, value)
            return bytes(out)
    raise AssertionError(f"no tag {tag}")


def test_a_tiff_no_reader_here_can_decode_is_named_as_such_not_not_an_image():
    """LZW or the floating-point predictor (Photoshop's, OpenCV's float TIFFs) need the imagecodecs
    package, 32-bit integer RGB Pillow lacks: 'this kind of TIFF', so the user sends a JPEG or PNG."""
    from engine.float_tiff import UnsupportedTiffError

    rgb = np.random.default_rng(1).random((40, 64, 3), np.float32)
    lzw = with_tag(float_tiff(rgb), 259, 5)
    float_predictor = with_tag(float_tiff(rgb, compression="zlib"), 284, 3, renamed=317)   # PlanarConfig's place
    integers = float_tiff((rgb * 1e9).astype(np.uint32))
    for data in (lzw, float_predictor, integers):
        with pytest.raises(UnsupportedTiffError) as err:
            open_image(data)
        assert err.value.key == "tiff_not_supported" and "JPEG or PNG" in str(err.value)


def test_a_float_tiff_is_checked_for_size_before_it_is_decoded_and_cut_short_is_said():
    data = float_tiff(np.zeros((48, 64, 3), np.float32))
    bomb = with_tag(with_tag(data, 256, 20000), 257, 20000)
    with pytest.raises(ImageTooLargeError) as err:
        open_image(bomb)
    assert err.value.params == {"pixels": 400, "limit": 64}
    for cut in (len(data) // 2, len(data) - 1):
        with pytest.raises(TruncatedImageError):
            open_image(data[:cut])
