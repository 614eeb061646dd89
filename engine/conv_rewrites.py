"""Exact rewrites of two convolutions that oneDNN runs slowly on a CPU, for inference.

- ``upsample_conv``: nearest x2 upsampling, reflection pad 1, then a 3x3 conv, computed as four
  2x2 convs on the small picture (one per output phase) and a pixel shuffle: 4/9 of the
  multiply-adds and no upsampled copy. Reflection of the upsampled picture at its border is
  replication of the small one, so the result is the same function.
- ``space_to_depth_conv``: a valid conv with few output channels (the 9x9 16->3 last layer of
  the adaptive network keeps most of the CPU's vector lanes idle) computed on the picture folded
  into s x s blocks (pixel_unshuffle): s*s times the channels in and out, a smaller kernel, the
  same sums.
- ``add_pointwise_conv``: ``y + conv1x1(x)`` (the adaptive network's U-Net skips) as one batched
  matrix multiply-add into ``y``'s values: about 40% less time than the conv and the add on a
  full-size 16-channel picture.
- ``channels_last_weight``: a conv's weight in channels_last layout, so the conv runs (and
  returns) channels_last, which oneDNN convolves faster at 32-64 channels in fp32.

All give what the plain layers give (up to float rounding; tests/engine/test_conv_rewrites.py)
and take the plain layers' weights: the derived kernels are built once per weight tensor and
cached, keyed by the tensor's identity and version, so trained or reloaded weights are never
stale.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

_cache: dict[tuple, tuple] = {}


def _cached(kind: str, weight: torch.Tensor, bias: torch.Tensor | None, build, *extra):
    try:
        version = weight._version
    except RuntimeError:            # an inference-mode tensor has no version: it cannot change
        version = -1
    key = (kind, id(weight), version, weight.dtype, weight.device, extra)
    hit = _cache.get(key)
    if hit is None or hit[2] is not weight:
        if len(_cache) > 64:
            _cache.clear()
        w, b = build(weight.detach(), None if bias is None else bias.detach(), *extra)
        hit = _cache[key] = (w, b, weight)
    return hit[0], hit[1]


def _phase_taps(w: torch.Tensor, dim: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Along ``dim`` (a 3-tap axis): phase 0 reads small rows (i-1, i) with [w0, w1 + w2],
    phase 1 reads (i, i+1) with [w0 + w1, w2]."""
    w0, w1, w2 = w.unbind(dim)
    return torch.stack([w0, w1 + w2], dim), torch.stack([w0 + w1, w2], dim)


def _upsample_conv_weights(weight, bias, channels_last=False):
    kernels = []
    for rows in _phase_taps(weight, 2):
        kernels += list(_phase_taps(rows, 3))          # phases (0,0), (0,1), (1,0), (1,1)
    w = torch.cat(kernels, 0)
    if channels_last:
        w = w.contiguous(memory_format=torch.channels_last)
    return w, None if bias is None else bias.repeat(4)


def upsample_conv(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None,
                  channels_last: bool = False) -> torch.Tensor:
    """= conv2d(pad(interpolate(x, 2, "nearest"), 1, "reflect"), weight, bias), weight 3x3.
    ``channels_last``: convolve and return in that memory layout (see ``channels_last_weight``)."""
    w, b = _cached("up", weight, bias, _upsample_conv_weights, channels_last)
    n, _, h, wd = x.shape
    cout = weight.shape[0]
    padded = F.pad(x, (1, 1, 1, 1), mode="replicate")
    if channels_last:
        padded = padded.contiguous(memory_format=torch.channels_last)
    y = F.conv2d(padded, w, b).unflatten(1, (4, cout))      # a view in either layout
    # Phase (a, b) of output pixel (2i+a, 2j+b) sits at (i+a, j+b) of its 2x2 conv's output;
    # written straight into the interleaved output (one pass; stack + pixel_shuffle took two).
    if channels_last:
        out = y.new_empty(n, h, 2, wd, 2, cout).permute(0, 5, 1, 2, 3, 4)
    else:
        out = y.new_empty(n, cout, h, 2, wd, 2)
    out[:, :, :, 0, :, 0] = y[:, 0, :, :h, :wd]
    out[:, :, :, 0, :, 1] = y[:, 1, :, :h, 1:]
    out[:, :, :, 1, :, 0] = y[:, 2, :, 1:, :wd]
    out[:, :, :, 1, :, 1] = y[:, 3, :, 1:, 1:]
    if channels_last:
        return out.permute(0, 2, 3, 4, 5, 1).reshape(n, 2 * h, 2 * wd, cout).permute(0, 3, 1, 2)
    return out.view(n, cout, 2 * h, 2 * wd)


def channels_last_weight(weight: torch.Tensor) -> torch.Tensor:
    """``weight`` in channels_last layout (cached like the other derived kernels). A conv given it
    returns channels_last; at 32-64 channels oneDNN runs fp32 convs on AVX2 about 1.5x faster so
    than on plain NCHW, which it reorders on every call."""
    return _cached("cl", weight, None, lambda w, b: (w.contiguous(memory_format=torch.channels_last), None))[0]


def _space_to_depth_weights(weight, bias, s: int):
    cout, cin, k, _ = weight.shape
    kk = (s - 1 + k - 1) // s + 1
    folded = weight.new_zeros(cout, s, s, cin, s, s, kk, kk)
    # Output phase a reads input row s*(i+q)+r, i.e. tap dy = s*q + r - a of the original kernel.
    for a in range(s):
        for q in range(kk):
            for r in range(s):
                dy = s * q + r - a
                if not 0 <= dy < k:
                    continue
                for a2 in range(s):
                    for q2 in range(kk):
                        for r2 in range(s):
                            dx = s * q2 + r2 - a2
                            if 0 <= dx < k:
                                folded[:, a, a2, :, r, r2, q, q2] = weight[:, :, dy, dx]
    return (folded.reshape(cout * s * s, cin * s * s, kk, kk),
            None if bias is None else bias.repeat_interleave(s * s))


def space_to_depth_conv(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None,
                        s: int = 2) -> torch.Tensor:
    """= conv2d(x, weight, bias) (valid, stride 1) when the output's sides are multiples of s."""
    k = weight.shape[-1]
    h, w = x.shape[-2] - k + 1, x.shape[-1] - k + 1
    if h % s or w % s:
        return F.conv2d(x, weight, bias)
    wf, bf = _cached("s2d", weight, bias, _space_to_depth_weights, s)
    kk = wf.shape[-1]
    pad_w, pad_h = s * (w // s + kk - 1) - x.shape[-1], s * (h // s + kk - 1) - x.shape[-2]
    if pad_w or pad_h:          # F.pad copies even when it adds nothing (9 ms for 16x520x520)
        x = F.pad(x, (0, pad_w, 0, pad_h))
    return F.pixel_shuffle(F.conv2d(_space_to_depth(x, s), wf, bf), s)


def _space_to_depth(x: torch.Tensor, s: int) -> torch.Tensor:
    """= F.pixel_unshuffle(x, s), as one permuted copy (measured 7.5 -> 4.3 ms for 16x520x520)."""
    n, c, h, w = x.shape
    return x.view(n, c, h // s, s, w // s, s).permute(0, 1, 3, 5, 2, 4).reshape(n, c * s * s, h // s, w // s)


def add_pointwise_conv(y: torch.Tensor, x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """``y + F.conv2d(x, weight)`` for a 1x1 ``weight`` (C_out, C_in, 1, 1) without bias."""
    n, c_out, h, w_ = y.shape
    w = weight.reshape(c_out, -1).to(x.dtype)
    if not y.is_contiguous() and y.is_contiguous(memory_format=torch.channels_last):
        # channels_last: pixels are rows, channels columns; the same sums, transposed.
        x = x.contiguous(memory_format=torch.channels_last)
        rows = torch.baddbmm(y.permute(0, 2, 3, 1).reshape(n, h * w_, c_out),
                             x.permute(0, 2, 3, 1).reshape(n, h * w_, -1), w.t().expand(n, -1, -1))
        return rows.view(n, h, w_, c_out).permute(0, 3, 1, 2)
    return torch.baddbmm(y.reshape(n, c_out, -1), w.expand(n, -1, -1), x.reshape(n, x.shape[1], -1)).view(y.shape)
