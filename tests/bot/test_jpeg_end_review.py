"""Review of "a JPEG missing only its end marker paints" (test_jpeg_end.py): the probe
(decoded with the end marker and with junk bytes before it: equal only when the scan was whole)
took as whole a JPEG cut just before a restart marker (its bottom rows lost, painted flat grey)
and a progressive one cut between two scans (painted blurry), and decoded at up to full size,
twice. Only a sequential JPEG of one scan is restored now, with as many restart markers as its
size calls for; any progressive JPEG missing its end is refused as damaged, as before (one cut
between scans cannot be told apart); the probe decodes at 1/8."""
from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image, ImageFile

from engine.errors import TruncatedImageError
from engine.file_structure import jpeg_end_restored
from engine.images import open_image

from tests.bot.test_jpeg_end import photo_jpeg, upload_reply


def restart_jpeg() -> bytes:
    """A baseline JPEG with a restart marker after each row of MCUs (14 of them)."""
    buf = io.BytesIO()
    Image.open(io.BytesIO(photo_jpeg(False))).save(buf, "JPEG", quality=90, restart_marker_rows=1)
    return buf.getvalue()


def refused_everywhere(data: bytes) -> bool:
    with pytest.raises(TruncatedImageError):
        open_image(data)
    return upload_reply(data) == "truncated_image"


def test_a_restart_jpeg_missing_only_its_end_marker_paints():
    whole = restart_jpeg()
    assert upload_reply(whole[:-2]) == "queued"
    assert np.array_equal(np.asarray(open_image(whole[:-2])), np.asarray(open_image(whole)))


@pytest.mark.parametrize("which", [0, 6, -1])
def test_a_restart_jpeg_cut_just_before_a_restart_marker_is_damaged(which):
    whole = restart_jpeg()
    markers = [m.start() for m in re.finditer(rb"\xff[\xd0-\xd7]", whole)]
    assert len(markers) == 14
    assert refused_everywhere(whole[:markers[which]])


def test_a_progressive_jpeg_cut_between_its_scans_is_damaged():
    whole = photo_jpeg(True)
    scans = [m.start() for m in re.finditer(rb"\xff\xda", whole)]
    for cut in scans[1:]:
        assert refused_everywhere(whole[:cut]), cut


def test_a_progressive_jpeg_missing_its_end_marker_is_damaged():
    # a whole progressive JPEG and one cut between scans both end after a scan: no telling them apart
    assert refused_everywhere(photo_jpeg(True)[:-2])


@pytest.mark.parametrize("progressive", [False, True])
def test_the_probe_decodes_at_an_eighth(monkeypatch, progressive):
    loaded = []
    real_load = ImageFile.ImageFile.load

    def load(self):
        out = real_load(self)
        loaded.append(self.size)
        return out
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    jpeg_end_restored(photo_jpeg(progressive)[:-2])
    assert all(w <= 320 // 8 and h <= 240 // 8 for w, h in loaded), loaded
