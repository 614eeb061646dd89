"""/hq: Gatys-style optimisation of the picture itself on VGG features, on the balanced score.

Starts from the AdaIN result and runs Adam on the pixels against the evaluation's balanced score
(`python -m engine evaluate`): relu4_1 content distance to the photo over what a painting's
would be, plus the relu1_1..relu4_1 mean/std distance to the style over the photo's own. Both
normalisers come from statistics alone, so an artist, a mix or a community style works as well as
a painting. On validation pairs this balance took /hq from worse than the fast path (0.38 vs 0.25
with a fixed 1:10 weighting) to well below it (0.15-0.21), and 40 steps at full size beat the
coarse-to-fine schedule of the same cost (docs/quality.md). Reports progress (0..1) and stops
when ``cancel()`` says so.
"""
from __future__ import annotations

from typing import Callable

import torch
import torch.nn.functional as F
from PIL import Image

from .adain import mean_std
from .descriptors import StyleDescriptor
from .errors import CancelledError
from .evaluate import stats_distance
from .images import to_image
from .vgg import STYLE_LAYERS

STEPS = 40                      # about as long as 60 half-size + 25 full-size steps were
LEARNING_RATE = 0.01


def style_loss(feats: dict[str, torch.Tensor], targets: dict[str, tuple[torch.Tensor, torch.Tensor]]):
    loss = 0.0
    for layer, feat in feats.items():
        if layer in targets:
            m, s = mean_std(feat)
            tm, ts = targets[layer]
            loss = loss + F.mse_loss(m.flatten(), tm) + F.mse_loss(s.flatten(), ts)
    return loss


def style_targets(engine, desc: StyleDescriptor) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    # Clones: descriptors measured in inference mode cannot take part in autograd as they are.
    return {k: (m.to(engine.device).float().flatten().clone(), s.to(engine.device).float().flatten().clone())
            for k, (m, s) in desc.stats.items() if k in STYLE_LAYERS}


def score_normalisers(photo_feats: dict[str, torch.Tensor], targets) -> tuple[float, float]:
    """(content, style) normalisers of the balanced score for this photo and style.

    Content: the relu4_1 distance a painting with the style's statistics would have to the photo
    if their features were unrelated position by position, (m_s - m_p)^2 + s_s^2 + s_p^2 per
    channel; on validation pairs it is within 2% of the painting's measured distance (12% at
    worst). Style: the photo's own distance to the style's statistics."""
    stats = {k: [t.flatten().float() for t in mean_std(v)] for k, v in photo_feats.items()}
    (pm, ps), (sm, ss) = stats["relu4_1"], targets["relu4_1"]
    content = float(((sm - pm) ** 2 + ss ** 2 + ps ** 2).mean())
    style = stats_distance(stats, targets)
    return max(content, 1e-6), max(style, 1e-6)


def optimise(engine, image: torch.Tensor, content_target: torch.Tensor, targets, *, steps: int,
             content_weight: float, style_weight: float, lr: float = LEARNING_RATE,
             on_step: Callable[[float], bool | None] | None = None) -> torch.Tensor:
    """Adam on the pixels (fp32, clamped to 0..1). ``on_step(loss)`` returning True stops early."""
    image = image.detach().clone().contiguous(memory_format=engine._memory_format).requires_grad_(True)
    opt = torch.optim.Adam([image], lr=lr)
    layers = tuple(targets) + ("relu4_1",)
    for _ in range(steps):
        feats = engine.encoder(image.to(engine.dtype), layers)
        loss = content_weight * F.mse_loss(feats["relu4_1"].float(), content_target)
        loss = loss + style_weight * style_loss(feats, targets)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            image.clamp_(0, 1)
        if on_step and on_step(float(loss.detach())):
            break
    return image.detach()


def gatys_stylize(engine, photo: Image.Image, desc: StyleDescriptor, *, alpha: float = 1.0,
                  steps: int = STEPS, start: torch.Tensor | None = None,
                  progress: Callable[[float], None] | None = None,
                  cancel: Callable[[], bool] | None = None,
                  stop: Callable[[], bool] | None = None) -> Image.Image:
    """``alpha`` weights the style term; 0 gives back the photo itself, as the fast paths do (the
    content term alone is at its optimum there, and 40 Adam steps only moved pixels off it).
    ``start``: the fast result to improve, (1, 3, H, W) in 0..1 (default: AdaIN's); the engine's
    ``refine_steps`` runs a few steps from the painting it already made. ``stop()``, asked
    before the first step and after each, True: the painting so far is the result (the deadline)."""
    if cancel and cancel():
        raise CancelledError()
    if alpha == 0:
        if progress:
            progress(1.0)
        return photo.copy()
    targets = style_targets(engine, desc)
    x0 = engine._input(photo)
    with torch.no_grad():
        photo_feats = engine.encoder(x0, tuple(targets) + ("relu4_1",))
    content_norm, style_norm = score_normalisers(photo_feats, targets)
    done = 0

    def on_step(_loss: float) -> bool:
        nonlocal done
        done += 1
        if progress:
            progress(done / steps)
        if done < steps and cancel and cancel():     # after the last step the painting is done: keep it
            raise CancelledError()
        return bool(stop and stop())

    start = engine.adain_tensor(photo, desc, alpha) if start is None else start
    # asked again before the first step: the features and the fast start are a stretch of their
    # own (a cancel is honoured sooner; the frozen-worker watchdog sees two stretches, not one)
    if cancel and cancel():
        raise CancelledError()
    if stop and stop():         # the deadline passed during the set-up: the start is the painting
        if progress:
            progress(1.0)
        return to_image(start[..., : photo.size[1], : photo.size[0]])
    image = optimise(engine, start, photo_feats["relu4_1"].float(), targets,
                     steps=steps, content_weight=1 / content_norm, style_weight=alpha / style_norm,
                     on_step=on_step)
    return to_image(image[..., : photo.size[1], : photo.size[0]])
