"""The AdaIN decoder: relu4_1 features back to an RGB image (mirror of the VGG encoder).

Layout identical to naoto0804/pytorch-AdaIN's ``decoder`` Sequential, so its ``decoder.pth``
checkpoints load as they are.
"""
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn


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


def load_decoder(path: str | Path) -> nn.Sequential:
    """Our safetensors weights, or a pytorch-AdaIN ``decoder.pth`` state dict."""
    path = Path(path)
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        state = load_file(path)
    else:
        state = torch.load(path, map_location="cpu", weights_only=True)
    decoder = build_decoder()
    decoder.load_state_dict({k: v.float() for k, v in state.items()})  # shipped fp16 -> fp32
    decoder.eval().requires_grad_(False)
    return decoder
