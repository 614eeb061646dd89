"""Files Pillow recognises but cannot read here: EPS (only through Ghostscript, which is not
installed, and which no upload should ever run), Windows metafiles (WMF, EMF), and the stub
formats (HDF5, BUFR, GRIB). An EPS or an Office EMF was told "incomplete or damaged; please send
it again", and an HDF5 file "too small (0x0)": resending changes nothing. They are not images
the bot can paint, and the user is told so, with the formats that work."""
import io
import struct

import pytest
from PIL import Image

from bot.images import UploadError, check_upload
from engine.errors import NotAnImageError
from engine.images import open_image


def eps() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "EPS")
    return buf.getvalue()


FILES = {
    "eps": eps(),
    "eps by hand": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n",
    "wmf": struct.pack("<IHhhhhHIH", 0x9AC6CDD7, 0, 0, 0, 1000, 1000, 1440, 0, 0) + b"\1\0\11\0\0\3" + bytes(40),
    "emf": struct.pack("<II4i4i", 1, 108, 0, 0, 99, 99, 0, 0, 2000, 2000) + b" EMF" + bytes(80),
    "hdf5": b"\x89HDF\r\n\x1a\n" + bytes(100),
    "grib": b"GRIB\0\0\0\1" + bytes(100),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_no_reader_here_paints_is_not_an_image_not_damaged(name):
    with pytest.raises(UploadError) as err:
        check_upload(FILES[name], 20, 40)
    assert err.value.key == "not_an_image"
    with pytest.raises(NotAnImageError):
        open_image(FILES[name])


@pytest.mark.parametrize("name", ["eps", "emf"])
async def test_the_user_is_told_it_is_not_an_image(layer, fake_queue, name):
    from bot.messages import t
    from tests.bot.test_commands import say

    out = await say(layer, "/style gogh", images=[FILES[name]])
    assert not fake_queue.jobs
    assert t("en", "not_an_image") in out.texts[-1]
    out = await say(layer, "/style gogh", images=[FILES[name]], locale="ko")
    assert t("ko", "not_an_image") in out.texts[-1]
