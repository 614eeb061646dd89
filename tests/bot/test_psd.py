"""A Photoshop PSD: the bot took it at upload (Pillow reads its merged picture) and kept it, and
the engine then told the user "incomplete or damaged; please send it again" for every PSD:
Pillow's PSD reader counts its frames from 1 (the layers), and open_image's seek(0) was refused."""
import struct

import numpy as np

from bot.images import check_upload
from engine.images import open_image


def psd(rgb: np.ndarray) -> bytes:
    """A PSD of one merged RGB picture, uncompressed, no layers."""
    h, w, channels = rgb.shape
    header = b"8BPS" + struct.pack(">H", 1) + bytes(6) + struct.pack(">HIIHH", channels, h, w, 8, 3)
    planes = b"".join(rgb[..., i].tobytes() for i in range(channels))
    return header + struct.pack(">III", 0, 0, 0) + struct.pack(">H", 0) + planes


def test_a_psd_the_bot_takes_is_painted():
    rgb = np.zeros((48, 64, 3), np.uint8)
    rgb[:, :32] = (200, 30, 30)
    rgb[:, 32:] = (20, 40, 220)
    data = psd(rgb)
    assert check_upload(data, 20, 40) == (64, 48)
    out = open_image(data)
    assert out.getpixel((5, 5)) == (200, 30, 30)
    assert out.getpixel((60, 40)) == (20, 40, 220)
