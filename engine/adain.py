"""Feature statistics and adaptive instance normalisation (Huang & Belongie, 2017)."""
from __future__ import annotations

import torch

EPS = 1e-5


def mean_std(feat: torch.Tensor, eps: float = EPS) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-channel mean and std over space, shaped (N, C, 1, 1). Unbiased variance, as in AdaIN."""
    n, c = feat.shape[:2]
    flat = feat.reshape(n, c, -1).float()
    var = flat.var(dim=2) + eps
    return flat.mean(dim=2).view(n, c, 1, 1), var.sqrt().view(n, c, 1, 1)


def adain(content: torch.Tensor, style_mean: torch.Tensor, style_std: torch.Tensor) -> torch.Tensor:
    c_mean, c_std = mean_std(content)
    return (content.float() - c_mean) / c_std * style_std + style_mean


def adain_blend(feat: torch.Tensor, style_mean: torch.Tensor, style_std: torch.Tensor,
                alpha: torch.Tensor | float = 1.0) -> torch.Tensor:
    """``alpha * adain(feat, ...) + (1 - alpha) * feat``: strength control, alpha 1 is full style,
    0 returns the photo's own features. Computed as one per-channel affine in the features' own
    dtype and layout (statistics in fp32): on shallow layers of a large photo, the step-by-step
    fp32 version costs more than the convolutions around it."""
    c_mean, c_std = mean_std(feat)
    scale = style_std / c_std
    shift = style_mean - c_mean * scale
    scale = alpha * scale + (1.0 - alpha)
    shift = alpha * shift
    return torch.addcmul(shift.to(feat.dtype), feat, scale.to(feat.dtype))
