"""The AdaIN decoder: relu4_1 features back to an RGB image (mirror of the VGG encoder).

Two kinds, told apart by the weights file:
- the plain decoder, layout identical to naoto0804/pytorch-AdaIN's ``decoder`` Sequential, so its
  ``decoder.pth`` checkpoints load as they are;
- ``SkipDecoder``: the same layers (``layers.N``), plus the photo's AdaIN-ed relu3_1, relu2_1 and
  relu1_1 features added after each upsampling through a 1x1 conv (``skip.<layer>``). A decoder
  that must rebuild the photo from relu4_1 alone smears its shapes (the blotches a briefly
  trained one paints); the shallower features carry them, already in the painting's statistics.
  Zero-initialised skips make a SkipDecoder start as exactly the plain decoder it grew from.
  Optionally (``photo.weight``) it also sees the photo's own, unstyled relu4_1 through a 1x1 conv
  added to the target. Each channel of AdaIN's target is shifted and rescaled to the painting's
  statistics, so from the target alone the decoder cannot tell how far it moved from the photo;
  the score asks to stay near the photo's relu4_1 while the statistics change.
"""
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from .file_kinds import is_safetensors


def _conv(cin: int, cout: int, relu: bool = True) -> list[nn.Module]:
    layers: list[nn.Module] = [nn.ReflectionPad2d(1), nn.Conv2d(cin, cout, 3)]
    return layers + [nn.ReLU(inplace=True)] if relu else layers


def _up() -> nn.Module:
    return nn.Upsample(scale_factor=2, mode="nearest")


def build_decoder() -> nn.Sequential:
    return nn.Sequential(
        *_conv(512, 256), _up(),        # 0-3
        *_conv(256, 256),               # 4-6
        *_conv(256, 256),               # 7-9
        *_conv(256, 256),               # 10-12
        *_conv(256, 128), _up(),        # 13-16
        *_conv(128, 128),               # 17-19
        *_conv(128, 64), _up(),         # 20-23
        *_conv(64, 64),                 # 24-26
        *_conv(64, 3, relu=False),      # 27-28
    )


# Fused after the Upsample at this index of build_decoder()'s layers: (VGG layer, its channels).
SKIPS = {3: ("relu3_1", 256), 16: ("relu2_1", 128), 23: ("relu1_1", 64)}
SKIP_LAYERS = tuple(name for name, _ in SKIPS.values())


def _photo_conv() -> nn.Conv2d:
    # No bias: fed alpha * features, so strength 0 leaves the plain reconstruction untouched.
    return nn.Conv2d(512, 512, 1, bias=False)


class SkipDecoder(nn.Module):
    """``forward(target, skips)``: relu4_1 target plus {relu3_1, relu2_1, relu1_1: AdaIN-ed features}."""

    skip_layers = SKIP_LAYERS

    def __init__(self, photo_skip: bool = False):
        super().__init__()
        self.layers = build_decoder()
        self.skip = nn.ModuleDict({name: nn.Conv2d(ch, ch, 1) for name, ch in SKIPS.values()})
        self.photo = _photo_conv() if photo_skip else None

    @property
    def uses_photo(self) -> bool:
        return self.photo is not None

    def grow_photo_skip(self) -> "SkipDecoder":
        """Add the zero-initialised photo skip: paints exactly what it painted before, then learns."""
        if self.photo is None:
            self.photo = _photo_conv()
            nn.init.zeros_(self.photo.weight)
        return self

    @classmethod
    def grown_from(cls, plain_state: dict[str, torch.Tensor]) -> "SkipDecoder":
        """A SkipDecoder that paints exactly what the plain decoder with these weights paints."""
        dec = cls()
        dec.layers.load_state_dict({k: v.float() for k, v in plain_state.items()})
        for conv in dec.skip.values():
            nn.init.zeros_(conv.weight)
            nn.init.zeros_(conv.bias)
        return dec

    def forward(self, x: torch.Tensor, skips: dict[str, torch.Tensor],
                photo: torch.Tensor | None = None) -> torch.Tensor:
        """``photo``: the photo's own relu4_1 times the strength (needed when ``uses_photo``)."""
        if self.photo is not None:
            if photo is None:
                raise ValueError("this decoder also needs the photo's relu4_1 features")
            x = x + self.photo(photo.to(x.dtype).contiguous(memory_format=_layout(x)))
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i in SKIPS:
                name = SKIPS[i][0]
                feat = skips[name]
                # VGG pools in ceil mode: an odd side upsamples one pixel too many; crop it.
                x = x[..., :feat.shape[-2], :feat.shape[-1]]
                x = x + self.skip[name](feat.to(x.dtype).contiguous(memory_format=_layout(x)))
        return x


def _layout(x: torch.Tensor):
    """x's memory layout: both terms of an add in one layout (a mixed add is ~10x slower on a CPU)."""
    return torch.channels_last if x.is_contiguous(memory_format=torch.channels_last) else torch.contiguous_format


def is_skip_state(keys) -> bool:
    """Whether a state dict (or its keys) is a SkipDecoder's."""
    return any(k.startswith("skip.") for k in keys)


def has_photo_skip(keys) -> bool:
    """Whether a SkipDecoder state dict (or its keys) has the photo skip."""
    return "photo.weight" in keys


def load_decoder(path: str | Path) -> nn.Module:
    """Our safetensors weights (plain or SkipDecoder), or a pytorch-AdaIN ``decoder.pth`` state dict."""
    path = Path(path)
    if is_safetensors(path):
        from safetensors.torch import load_file

        state = load_file(path)
    else:
        state = torch.load(path, map_location="cpu", weights_only=True)
    decoder = SkipDecoder(has_photo_skip(state)) if is_skip_state(state) else build_decoder()
    decoder.load_state_dict({k: v.float() for k, v in state.items()})  # shipped fp16 -> fp32
    decoder.eval().requires_grad_(False)
    return decoder
