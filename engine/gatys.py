"""/hq: Gatys-style optimisation of the picture itself on VGG features.

Starts from the AdaIN result and refines it coarse-to-fine (half size, then full size), matching
the photo's relu4_1 content and the style's channel statistics at relu1_1..relu4_1 (relu5_1
would cost a third more per step for little visible gain on CPU). Reports
progress (0..1) and stops when ``cancel()`` says so.
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

# (fraction of the final size, Adam steps) per scale; tuned on the train/ validation split.
SCHEDULE = ((0.5, 60), (1.0, 25))
STYLE_LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1")
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


def gatys_stylize(engine, photo: Image.Image, desc: StyleDescriptor, *, alpha: float = 1.0,
                  schedule=SCHEDULE, progress: Callable[[float], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> Image.Image:
    device = engine.device
    targets = {k: (m.to(device).float(), s.to(device).float()) for k, (m, s) in desc.stats.items() if k in STYLE_LAYERS}
    layers = tuple(k for k in STYLE_LAYERS if k in targets)
    total = sum(steps for _, steps in schedule)
    done = 0
    image = None
    for fraction, steps in schedule:
        side = max(64, round(max(photo.size) * fraction))
        small = resize_to(photo, side)
        x0 = engine._input(small)
        with torch.no_grad():
            content_target = engine.encoder(x0)["relu4_1"].float()
        if image is None:
            start = engine.adain_tensor(small, desc, alpha)
        else:
            start = F.interpolate(image, size=x0.shape[-2:], mode="bilinear", align_corners=False)
        image = start.detach().clone().contiguous(memory_format=engine._memory_format).requires_grad_(True)  # fp32
        opt = torch.optim.Adam([image], lr=LEARNING_RATE)
        for _ in range(steps):
            if cancel and cancel():
                raise CancelledError()
            feats = engine.encoder(image.to(engine.dtype), layers + ("relu4_1",))
            loss = CONTENT_WEIGHT * F.mse_loss(feats["relu4_1"].float(), content_target)
            loss = loss + alpha * STYLE_WEIGHT * style_loss(feats, targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                image.clamp_(0, 1)
            done += 1
            if progress:
                progress(done / total)
        image = image.detach()
    return to_image(image[..., : photo.size[1], : photo.size[0]])
