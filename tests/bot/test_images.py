"""The /preview grid's labels: each fits its own tile, in English and (where a font draws it) Korean."""
from __future__ import annotations

import io

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
