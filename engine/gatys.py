"""/hq: Gatys-style optimisation of the picture itself on VGG features.

Starts from the AdaIN result and refines it coarse-to-fine (half size, then full size), matching
the photo's relu4_1 content and the style's channel statistics at relu1_1..relu4_1 (relu5_1
would cost a third more per step for little visible gain on CPU). Reports progress (0..1) and
stops when ``cancel()`` says so.
"""
from __future__ import annotations

from typing import Callable

import torch
import torch.nn.functional as F
from PIL import Image

from .adain import mean_std
from .descriptors import StyleDescriptor
from .errors import CancelledError
from .images import resize_to, to_image
from .vgg import STYLE_LAYERS

# (fraction of the final size, Adam steps) per scale: about 25 s for 512 px on 2 CPU cores.
SCHEDULE = ((0.5, 60), (1.0, 25))
LEARNING_RATE = 0.01
CONTENT_WEIGHT = 1.0
STYLE_WEIGHT = 10.0


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


def optimise(engine, image: torch.Tensor, content_target: torch.Tensor, targets, *, steps: int,
             content_weight: float = CONTENT_WEIGHT, style_weight: float = STYLE_WEIGHT,
             lr: float = LEARNING_RATE, on_step: Callable[[float], bool | None] | None = None) -> torch.Tensor:
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
                  schedule=SCHEDULE, progress: Callable[[float], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> Image.Image:
    targets = style_targets(engine, desc)
    total = sum(steps for _, steps in schedule)
    done = 0

    def on_step(_loss: float) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done / total)
        if cancel and cancel():
            raise CancelledError()

    if cancel and cancel():
        raise CancelledError()
    image = None
    for fraction, steps in schedule:
        small = resize_to(photo, max(64, round(max(photo.size) * fraction)))
        x0 = engine._input(small)
        with torch.no_grad():
            content_target = engine.encoder(x0)["relu4_1"].float()
        if image is None:
            start = engine.adain_tensor(small, desc, alpha)
        else:
            start = F.interpolate(image, size=x0.shape[-2:], mode="bilinear", align_corners=False)
        image = optimise(engine, start, content_target, targets, steps=steps,
                         style_weight=alpha * STYLE_WEIGHT, on_step=on_step)
    return to_image(image[..., : photo.size[1], : photo.size[0]])
