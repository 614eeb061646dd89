"""A JPEG 2000 picture under 4 MP was decoded whole at upload to see that it is whole: OpenJPEG
took 2.1 s of CPU for a 2000x2000 one (13 MB, lossless), in check_upload's thread, and the user
waited. It is now decoded at 1/8 of its size (its resolution levels allow that: OpenJPEG decodes
only those, 0.03 s), which still reads every tile-part: a file cut short is refused as before."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFile

from bot.images import check_upload
from tests.bot.test_upload_formats import upload_reply


def jpeg2000(side: int = 1000, **options) -> bytes:
    rng = np.random.default_rng(5)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8), "RGB").save(buf, "JPEG2000", **options)
    return buf.getvalue()


@pytest.fixture
def decoded_sizes(monkeypatch) -> list:
    sizes = []
    real_load = ImageFile.ImageFile.load

    def load(self, *args, **kw):
        if self.tile:
            out = real_load(self, *args, **kw)
            sizes.append(self.size)
            return out
        return real_load(self, *args, **kw)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


@pytest.mark.parametrize("options", [{}, {"no_jp2": True}, {"tile_size": (256, 256)},
                                     {"irreversible": True, "quality_mode": "rates", "quality_layers": [40]}])
def test_a_jpeg2000_is_checked_at_an_eighth_of_its_size(decoded_sizes, options):
    data = jpeg2000(**options)
    assert check_upload(data, 20, 64) == (1000, 1000)
    assert decoded_sizes and all(max(size) <= 125 for size in decoded_sizes)


def test_one_with_fewer_resolution_levels_is_checked_at_the_smallest_it_has(decoded_sizes):
    assert check_upload(jpeg2000(num_resolutions=3), 20, 64) == (1000, 1000)    # 2 levels: 1/4
    assert decoded_sizes == [(250, 250)]
    decoded_sizes.clear()
    assert check_upload(jpeg2000(num_resolutions=1), 20, 64) == (1000, 1000)    # none: whole
    assert decoded_sizes == [(1000, 1000)]


@pytest.mark.parametrize("cut", [0.3, 0.9, 0.999])
def test_a_jpeg2000_cut_short_is_still_refused(cut):
    data = jpeg2000()
    assert upload_reply(data[:int(len(data) * cut)]) == "truncated_image"
