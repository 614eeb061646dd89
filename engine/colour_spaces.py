"""Colour given by code points (ITU-T H.273: a HEIC's or AVIF's "nclx" colour box) into sRGB, and
linear light into sRGB's 8-bit numbers (HEIC's HDR transfers, float TIFFs).

A picture whose colour is named by its primaries and transfer instead of an ICC profile (Display
P3 from recent phones, BT.2020 from 10-bit cameras) came out as its raw numbers: dull and shifted.
Conversion: the transfer function to linear light, a 3x3 matrix from the source primaries to
sRGB's (with Bradford adaptation where the white differs), sRGB's curve back. sRGB and BT.709
share primaries: such pictures, and unknown code points, pass unchanged.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

D65 = (0.3127, 0.3290)
ILLUMINANT_C = (0.310, 0.316)
DCI_WHITE = (0.314, 0.351)
SRGB_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
SMPTE_C = ((0.630, 0.340), (0.310, 0.595), (0.155, 0.070))

# H.273 colour_primaries: (red, green, blue) and white chromaticities
PRIMARIES = {
    1: (SRGB_PRIMARIES, D65),                                           # BT.709, sRGB
    4: (((0.67, 0.33), (0.21, 0.71), (0.14, 0.08)), ILLUMINANT_C),      # BT.470 M
    5: (((0.64, 0.33), (0.29, 0.60), (0.15, 0.06)), D65),               # BT.470 B/G, BT.601 625
    6: (SMPTE_C, D65),                                                  # BT.601 525
    7: (SMPTE_C, D65),                                                  # SMPTE 240M
    8: (((0.681, 0.319), (0.243, 0.692), (0.145, 0.049)), ILLUMINANT_C),   # generic film
    9: (((0.708, 0.292), (0.170, 0.797), (0.131, 0.046)), D65),         # BT.2020, BT.2100
    11: (P3_PRIMARIES, DCI_WHITE),                                      # DCI-P3 (cinema)
    12: (P3_PRIMARIES, D65),                                            # Display P3 (phones)
    22: (((0.630, 0.340), (0.295, 0.605), (0.155, 0.077)), D65),        # EBU 3213
}

# H.273 transfer_characteristics that are not sRGB's own curve (13; 2 is "unspecified")
BT709_CURVE = {1, 6, 7, 11, 12, 14, 15}   # BT.709's, which BT.601 and BT.2020 (10/12-bit) share
GAMMA = {4: 2.2, 5: 2.8}
LINEAR, PQ, HLG = 8, 16, 18
HDR_TRANSFERS = {PQ, HLG}
PQ_WHITE_NITS = 203.0              # BT.2408: HDR's reference (diffuse) white, shown as sRGB white
HLG_WHITE = 0.2647                 # BT.2408: HLG's reference white (75% signal) in scene light
HLG_GAMMA = 1.2                    # BT.2100: HLG's system gamma on its nominal 1000 cd/m2 display

# Highlights above 1 (diffuse white) in linear light: a global operator on each pixel's brightest
# channel m. Up to KNEE it is kept; above, extended Reinhard (Reinhard et al. 2002, eq. 4) on the
# part past the knee, t = (m - K) / (1 - K): y = K + (1 - K) t (1 + t / tw^2) / (1 + t), where tw is
# the peak's t, so the peak lands on 1 and the curve leaves the knee at slope 1 (no visible kink).
# All three channels are scaled alike (a highlight keeps its hue rather than clipping flat). One
# curve for the whole picture; a picture that never passes 1 is left as it is.
KNEE = 0.7

BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
CHUNK_PIXELS = 1 << 20             # converted a million pixels at a time: float copies stay small


def _xyz(x: float, y: float) -> np.ndarray:
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rgb_to_xyz(primaries, white) -> np.ndarray:
    """The matrix from linear RGB of these primaries to XYZ (RGB 1, 1, 1 is the white)."""
    matrix = np.stack([_xyz(*p) for p in primaries], 1)
    return matrix * np.linalg.solve(matrix, _xyz(*white))


@lru_cache(maxsize=None)
def to_srgb_matrix(code: int) -> np.ndarray:
    """Linear RGB in H.273 primaries ``code`` to linear sRGB, adapted to D65 (Bradford)."""
    return primaries_to_srgb(*PRIMARIES[code])


@lru_cache(maxsize=16)
def primaries_to_srgb(primaries, white) -> np.ndarray:
    """Linear RGB of these primaries and white ((x, y) chromaticities) to linear sRGB, adapted
    to D65 (Bradford)."""
    adapt = np.eye(3)
    if white != D65:
        src, dst = BRADFORD @ _xyz(*white), BRADFORD @ _xyz(*D65)
        adapt = np.linalg.inv(BRADFORD) @ np.diag(dst / src) @ BRADFORD
    return (np.linalg.inv(rgb_to_xyz(SRGB_PRIMARIES, D65)) @ adapt @ rgb_to_xyz(primaries, white)).astype(np.float32)


def to_linear(v: np.ndarray, transfer: int) -> np.ndarray:
    """Encoded values 0..1 to linear light, 1 being diffuse white (HDR's highlights go past it)."""
    v = np.clip(np.asarray(v, dtype=np.float64), 0, 1)
    if transfer in BT709_CURVE:
        return np.where(v < 0.081, v / 4.5, ((v + 0.099) / 1.099) ** (1 / 0.45))
    if transfer in GAMMA:
        return v ** GAMMA[transfer]
    if transfer == LINEAR:
        return v
    if transfer == PQ:                       # SMPTE ST 2084: absolute, 0..10000 cd/m2
        m1, m2, c1, c2, c3 = 0.1593017578125, 78.84375, 0.8359375, 18.8515625, 18.6875
        p = v ** (1 / m2)
        return 10000 / PQ_WHITE_NITS * (np.maximum(p - c1, 0) / (c2 - c3 * p)) ** (1 / m1)
    if transfer == HLG:                      # ARIB STD-B67's inverse OETF: scene light (hlg_ootf follows)
        a, b, c = 0.17883277, 0.28466892, 0.55991073
        return np.where(v <= 0.5, v * v / 3, (np.exp((v - c) / a) + b) / 12) / HLG_WHITE
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)    # sRGB (13), unknown


@lru_cache(maxsize=None)
def luminance_weights(code: int) -> np.ndarray:
    """Y's share of linear R, G and B in H.273 primaries ``code`` (BT.2020's where unknown: BT.2100
    defines HLG with them): 0.2627, 0.6780, 0.0593 for BT.2020."""
    primaries, white = PRIMARIES.get(code, PRIMARIES[9])
    return rgb_to_xyz(primaries, white)[1].astype(np.float32)


def hlg_ootf(scene: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """BT.2100 HLG's OOTF, in place on (..., 3) scene light relative to reference white: display
    light relative to it, each channel times the scene luminance to the power HLG_GAMMA - 1. The
    reference display renders HLG so (mid-tones darker, colours keep their hue); without it they
    came out a stop too bright beside PQ's. Reference white stays 1 (0.2647^1.2 of 1000 cd/m2:
    203 cd/m2, BT.2408's, as PQ_WHITE_NITS); peak white becomes (1 / HLG_WHITE)^1.2."""
    luminance = scene @ weights
    np.maximum(luminance, 0, out=luminance)
    scene *= (luminance ** (HLG_GAMMA - 1))[..., None]
    return scene


def tone_map(linear: np.ndarray, peak: float) -> np.ndarray:
    """Highlights up to ``peak`` rolled off into 0..1 (see KNEE), in place on (..., 3) linear RGB;
    nothing to do for a peak of 1 or less (past it is clipped when encoded)."""
    np.maximum(linear, 0, out=linear)
    if not peak > 1:
        return linear
    brightest = linear.max(axis=-1)
    over = brightest > KNEE
    if over.any():
        m = np.minimum(brightest[over], peak)
        t, tw = (m - KNEE) / (1 - KNEE), (peak - KNEE) / (1 - KNEE)
        y = KNEE + (1 - KNEE) * t * (1 + t / (tw * tw)) / (1 + t)
        linear[over] *= (y / brightest[over])[:, None]
    return linear


@lru_cache(maxsize=1)
def _encode_table() -> np.ndarray:
    """sRGB's 8-bit value of each of 65536 linear levels (1/65535 apart: finer than 8-bit's
    darkest steps)."""
    x = np.linspace(0, 1, 65536)
    v = np.where(x <= 0.0031308, x * 12.92, 1.055 * x ** (1 / 2.4) - 0.055)
    return np.round(v * 255).astype(np.uint8)


def linear_to_srgb8(linear: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to 0..1) to sRGB's 8-bit numbers."""
    index = np.clip(linear, 0, 1)
    index *= 65535
    index += 0.5
    return _encode_table()[index.astype(np.uint16)]


def convert_rows(rgb8: np.ndarray, matrix: np.ndarray | None, transfer: int,
                 weights: np.ndarray | None = None) -> np.ndarray:
    """(H, W, 3) 8-bit numbers in a transfer and primaries to sRGB's, a band of rows at a time;
    HLG's OOTF (hlg_ootf) with the source primaries' luminance ``weights`` (BT.2020's if None)."""
    table = to_linear(np.arange(256) / 255, transfer).astype(np.float32)
    peak = float(table[-1])                  # the transfer's brightest white (PQ: 10000 cd/m2)
    if transfer == HLG:
        weights = luminance_weights(9) if weights is None else weights
        peak **= HLG_GAMMA                   # 1000 cd/m2 over 203
    out = np.empty_like(rgb8)
    rows = max(1, CHUNK_PIXELS // max(1, rgb8.shape[1]))
    for top in range(0, rgb8.shape[0], rows):
        linear = table[rgb8[top:top + rows]]
        if transfer == HLG:                  # in the source's primaries: its luminance
            hlg_ootf(linear, weights)
        if matrix is not None:
            linear = linear @ matrix.T
        if transfer in HDR_TRANSFERS:
            tone_map(linear, peak)
        out[top:top + rows] = linear_to_srgb8(linear)
    return out


def nclx_to_srgb(im: Image.Image, nclx: dict | None) -> Image.Image:
    """``im`` (8-bit RGB or RGBA, as pillow-heif decodes) in sRGB, from the code points of its
    nclx box (pillow-heif's ``info["nclx_profile"]``). Unchanged where they already are sRGB's:
    sRGB or BT.709 primaries (or unspecified, or unknown ones) with an SDR transfer."""
    if not nclx or im.mode not in ("RGB", "RGBA"):
        return im
    code, transfer = nclx.get("color_primaries"), nclx.get("transfer_characteristics")
    gamut = code in PRIMARIES and code != 1
    if not gamut and transfer not in HDR_TRANSFERS and transfer not in GAMMA and transfer != LINEAR:
        return im
    arr = np.asarray(im)
    rgb = convert_rows(np.ascontiguousarray(arr[..., :3]), to_srgb_matrix(code) if gamut else None, transfer,
                       luminance_weights(code))
    out = Image.fromarray(rgb, "RGB")
    if im.mode == "RGBA":
        out.putalpha(im.getchannel("A"))
    out.info = {k: v for k, v in im.info.items() if k != "nclx_profile"}
    return out


# A PNG's gAMA and cHRM chunks (PNG 1.2, 11.3.3): how its numbers map to light where it has no ICC
# profile nor sRGB chunk. gAMA 0.45455 (1/2.2) is what most writers put for sRGB, and stays so.
PNG_SRGB_GAMMA = 1 / 2.2
PNG_GAMMA_TOLERANCE = 0.01         # of gamma x 2.2: 0.4500..0.4591 is sRGB's
CHRM_TOLERANCE = 0.005             # per chromaticity, from sRGB's (cHRM stores them to 0.00001)
SRGB_CHRM = (D65, *SRGB_PRIMARIES)


def _png_chrm_matrix(chromaticity) -> np.ndarray | None:
    """cHRM's (white x, y, red x, y, green x, y, blue x, y) to sRGB's primaries; None where they
    are sRGB's, or make no sense (a y of 0, primaries on one line)."""
    try:
        values = tuple(float(v) for v in chromaticity)
        white, red, green, blue = (values[i:i + 2] for i in range(0, 8, 2))
    except (TypeError, ValueError):
        return None
    if len(values) != 8:
        return None
    if all(abs(a - b) <= CHRM_TOLERANCE for pair, srgb in zip((white, red, green, blue), SRGB_CHRM)
           for a, b in zip(pair, srgb)):
        return None
    if not all(0 < y <= 1 and 0 <= x <= 1 for x, y in (white, red, green, blue)):
        return None
    try:
        matrix = primaries_to_srgb((red, green, blue), white)
    except np.linalg.LinAlgError:
        return None
    return matrix if np.isfinite(matrix).all() else None


def png_gamma_to_srgb(im: Image.Image, gamma, chromaticity=None) -> Image.Image:
    """A PNG's picture (``info["gamma"]``, ``info["chromaticity"]`` as Pillow reads its gAMA and
    cHRM) in sRGB: its numbers to light by gamma (light = value ^ (1 / gamma)), its primaries
    (cHRM) to sRGB's, encoded with sRGB's curve. A PNG of linear data (gAMA 1.0) was painted from
    its raw numbers, far too dark. Unchanged where gamma is sRGB's (0.45455) and cHRM absent or
    sRGB's, and for modes it does not know (palettes come as RGB or RGBA)."""
    try:
        gamma = float(gamma)
    except (TypeError, ValueError):
        return im
    if not 0.01 <= gamma <= 10:
        return im
    matrix = None if chromaticity is None else _png_chrm_matrix(chromaticity)
    if matrix is None and abs(gamma / PNG_SRGB_GAMMA - 1) < PNG_GAMMA_TOLERANCE:
        return im
    if im.mode in ("1", "L", "RGB", "P") and "transparency" in im.info:   # its see-through colour as alpha
        im = im.convert("LA" if im.mode in ("1", "L") else "RGBA")
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA" if im.mode == "PA" else "RGB")
    elif im.mode == "1":
        im = im.convert("L")
    info = {k: v for k, v in im.info.items() if k not in ("gamma", "chromaticity", "transparency")}
    if im.mode in ("I;16", "I;16B", "I;16L") and "transparency" not in im.info:
        levels = np.asarray(im, np.float32) / 65535
        out = Image.fromarray(linear_to_srgb8(levels ** (1 / gamma)), "L")
    elif im.mode in ("L", "LA"):
        table = linear_to_srgb8((np.arange(256) / 255) ** (1 / gamma))
        out = im.getchannel(0).point(table.tolist())
        if im.mode == "LA":
            out = Image.merge("LA", (out, im.getchannel("A")))
    elif im.mode in ("RGB", "RGBA"):
        table = ((np.arange(256) / 255) ** (1 / gamma)).astype(np.float32)
        arr = np.asarray(im)
        rgb = np.empty(arr.shape[:2] + (3,), np.uint8)
        rows = max(1, CHUNK_PIXELS // max(1, arr.shape[1]))
        for top in range(0, arr.shape[0], rows):
            linear = table[arr[top:top + rows, :, :3]]
            if matrix is not None:
                linear = linear @ matrix.T
            rgb[top:top + rows] = linear_to_srgb8(linear)
        out = Image.fromarray(rgb, "RGB")
        if im.mode == "RGBA":
            out.putalpha(im.getchannel("A"))
    else:
        return im
    out.info = info
    return out
