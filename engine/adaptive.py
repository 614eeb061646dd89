"""Per-artist adaptive models: one small feed-forward network shared by every artist, with
conditional instance normalisation (Dumoulin et al., 2017) whose scale/shift (gamma, beta) are
stored per artist. An artist costs ``2 * norm_channels`` floats (a few kilobytes); inference needs
no VGG: one pass of a Johnson-style network (Johnson et al., 2016).

Weights file (safetensors, ``engine/weights/adaptive.safetensors``):
- ``net.<name>``: the shared convolutions (fp32);
- ``artist.<slug>.gamma`` / ``artist.<slug>.beta``: the artist's CIN parameters (fp32, 1-D, the
  norm layers' channels concatenated in forward order);
- metadata ``format`` (``paintbot-adaptive-1``), ``config`` (JSON: channels, residual blocks,
  edge kernel, U-Net skips) and ``artists`` (JSON: ``{slug: {"iterations": N, "wins": bool,
  ...}}``). ``wins`` is set by the evaluation step on validation photos (``set_wins``, from
  ``evaluate-artists --validation --mark``): only winning artists are used by ``method="auto"``.

Mixing several artists interpolates their gamma/beta with the (normalised) weights. Strength
(alpha) is a pixel blend with the photo: see ``AdaptiveModel.paint``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .conv_rewrites import add_pointwise_conv, channels_last_weight, space_to_depth_conv, upsample_conv
from .descriptors import NoSafetensorsFile, StyleDescriptor, load_with_metadata
from .errors import DamagedStyleFileError, EngineError
from .file_kinds import is_safetensors
from .images import PICTURE_SUFFIXES
from .options import mix_weights

FORMAT = "paintbot-adaptive-1"
STYLE_FORMAT = "paintbot-adaptive-style-1"
DEFAULT_ADAPTIVE = Path(__file__).parent / "weights" / "adaptive.safetensors"
EPS = 1e-5
DITHER = 1.0 / 255     # see AdaptiveModel.paint
NOISE_TILE = 512
_noise_tiles: dict[str, torch.Tensor] = {}


def _noise_like(x: torch.Tensor) -> torch.Tensor:
    """Fixed unit Gaussian noise of ``x``'s shape: a seeded 512 px tile, repeated beyond that
    size (drawing fresh noise costs about 4% of a 512 px painting on CPU; slicing is free)."""
    key = str(x.device)
    if key not in _noise_tiles:
        gen = torch.Generator().manual_seed(0)
        _noise_tiles[key] = torch.randn((3, NOISE_TILE, NOISE_TILE), generator=gen).to(x.device)
    tile = _noise_tiles[key]
    h, w = x.shape[-2:]
    reps = (1, -(-h // NOISE_TILE), -(-w // NOISE_TILE))
    return (tile.repeat(reps) if reps != (1, 1, 1) else tile)[:, :h, :w].expand(x.shape[0], -1, -1, -1)


@dataclass(frozen=True)
class NetConfig:
    channels: tuple[int, int, int] = (16, 32, 64)
    residual_blocks: int = 3
    edge_kernel: int = 9            # first and last conv (Johnson: 9x9)
    skips: bool = False             # U-Net skips: each upsampled stage also gets the same-size input stage

    def to_json(self) -> str:
        return json.dumps({"channels": list(self.channels), "residual_blocks": self.residual_blocks,
                           "edge_kernel": self.edge_kernel, "skips": self.skips})

    @classmethod
    def from_json(cls, text: str) -> "NetConfig":
        d = json.loads(text)
        return cls(tuple(int(c) for c in d["channels"]), int(d["residual_blocks"]), int(d["edge_kernel"]),
                   bool(d.get("skips", False)))


def cin(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
    """Conditional instance norm: normalise each channel over space, then the artist's affine.
    ``gamma``/``beta`` are (N, C): one row per picture, so one batch can paint several artists."""
    n, c = x.shape[:2]
    if n == 1 and not x.is_contiguous() and x.is_contiguous(memory_format=torch.channels_last):
        # One channels_last picture: batch norm over a batch of one is instance norm, and unlike
        # instance_norm (which copies such a tensor to NCHW) it keeps the layout: ~4x faster.
        return F.batch_norm(x, None, None, gamma[0].to(x.dtype), beta[0].to(x.dtype), training=True, eps=EPS)
    if n == 1 and not torch.is_grad_enabled():
        # One picture (what a chat job is): instance_norm applies the affine in the same kernel.
        return F.instance_norm(x, weight=gamma[0].to(x.dtype), bias=beta[0].to(x.dtype), eps=EPS)
    y = F.instance_norm(x, eps=EPS)
    return y * gamma.view(n, c, 1, 1).to(y.dtype) + beta.view(n, c, 1, 1).to(y.dtype)


class TransformNet(nn.Module):
    """Photo (N, 3, H, W, 0..1) -> painting, same size. Every layer is spelled out below.

    pad to a multiple of 4 (reflection) -> conv kxk c1 -> CIN -> ReLU
    -> conv 3x3 stride 2 c2 -> CIN -> ReLU -> conv 3x3 stride 2 c3 -> CIN -> ReLU
    -> R residual blocks [conv 3x3 c3 -> CIN -> ReLU -> conv 3x3 c3 -> CIN, + input]
    -> nearest x2 -> conv 3x3 c2 -> CIN -> ReLU -> nearest x2 -> conv 3x3 c1 -> CIN -> ReLU
    -> conv kxk 3 -> sigmoid -> crop to the input size.
    All convs use reflection padding. Norm layers, in order, own slices of gamma/beta.

    With ``config.skips``, each upsampled stage (after its CIN and ReLU) also gets the input stage
    of the same size (after the first conv, and after the first stride-2 conv) through a 1x1 conv:
    the photo's detail reaches the output without squeezing through the quarter-size middle. The
    1x1 convs start at zero (``grow_skips``), so a network grown from a trained one paints the same.
    """

    def __init__(self, config: NetConfig = NetConfig()):
        super().__init__()
        self.config = config
        c1, c2, c3 = config.channels
        k = config.edge_kernel
        self.conv_in = nn.Conv2d(3, c1, k)
        self.down1 = nn.Conv2d(c1, c2, 3, stride=2)
        self.down2 = nn.Conv2d(c2, c3, 3, stride=2)
        self.res = nn.ModuleList()
        for _ in range(config.residual_blocks):
            self.res.append(nn.ModuleList([nn.Conv2d(c3, c3, 3), nn.Conv2d(c3, c3, 3)]))
        self.up1 = nn.Conv2d(c3, c2, 3)
        self.up2 = nn.Conv2d(c2, c1, 3)
        self.conv_out = nn.Conv2d(c1, 3, k)
        if config.skips:
            self.skip_half = nn.Conv2d(c2, c2, 1, bias=False)
            self.skip_full = nn.Conv2d(c1, c1, 1, bias=False)
            nn.init.zeros_(self.skip_half.weight)
            nn.init.zeros_(self.skip_full.weight)
        # Channels of each CIN layer, in forward order.
        self.norm_channels = [c1, c2, c3] + [c3] * (2 * config.residual_blocks) + [c2, c1]

    @property
    def style_size(self) -> int:
        """Length of one artist's gamma (and of its beta)."""
        return sum(self.norm_channels)

    def identity_style(self) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.ones(self.style_size), torch.zeros(self.style_size)

    def forward(self, x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        gamma = gamma.expand(n, -1) if gamma.dim() == 2 else gamma.view(1, -1).expand(n, -1)
        beta = beta.expand(n, -1) if beta.dim() == 2 else beta.view(1, -1).expand(n, -1)
        gammas = torch.split(gamma, self.norm_channels, dim=1)
        betas = torch.split(beta, self.norm_channels, dim=1)
        h, w = x.shape[-2:]
        ph, pw = (-h) % 4, (-w) % 4
        if ph or pw:
            x = F.pad(x, (0, pw, 0, ph), mode="reflect")
        k = self.config.edge_kernel // 2
        i = 0
        # One picture on a CPU in fp32 (a chat job there): the convs run channels_last, which
        # oneDNN convolves ~1.5x faster than NCHW at these channel counts (it reorders NCHW on
        # every call), and so the half- and quarter-size stages stay channels_last; the full-size
        # stages (8 channels) normalise faster in NCHW. 0.138 -> 0.11 s for 512x512 on AVX2.
        # Training, batches, GPUs and bf16 keep NCHW (not measured to gain there).
        cl = (not torch.is_grad_enabled() and x.shape[0] == 1 and x.device.type == "cpu"
              and x.dtype == torch.float32)

        def conv(layer: nn.Conv2d, t: torch.Tensor, pad: int = 1) -> torch.Tensor:
            t = F.pad(t, (pad, pad, pad, pad), mode="reflect")
            if not cl:
                return layer(t)
            t = t.contiguous(memory_format=torch.channels_last)
            return F.conv2d(t, channels_last_weight(layer.weight), layer.bias, stride=layer.stride)

        def norm_relu(t, relu=True):
            nonlocal i
            t = cin(t, gammas[i], betas[i])
            i += 1
            return t.relu_() if relu and cl else F.relu(t) if relu else t

        full = conv(self.conv_in, x, pad=k)
        full = norm_relu(full.contiguous() if cl else full)
        half = norm_relu(conv(self.down1, full))
        y = norm_relu(conv(self.down2, half))
        skips = self.config.skips
        if not skips:
            del full, half      # free the full-size activations at once
        for conv_a, conv_b in self.res:
            r = norm_relu(conv(conv_a, y))
            r = norm_relu(conv(conv_b, r), relu=False)
            y = y + r
        if torch.is_grad_enabled():     # training: the layers as written
            y = F.interpolate(y, scale_factor=2, mode="nearest")
            y = norm_relu(self.up1(F.pad(y, (1, 1, 1, 1), mode="reflect")))
            y = y + self.skip_half(half) if skips else y
            y = F.interpolate(y, scale_factor=2, mode="nearest")
            y = norm_relu(self.up2(F.pad(y, (1, 1, 1, 1), mode="reflect")))
            y = y + self.skip_full(full) if skips else y
            y = self.conv_out(F.pad(y, (k, k, k, k), mode="reflect"))
        else:                           # inference: the same function, faster on a CPU
            y = norm_relu(upsample_conv(y, self.up1.weight, self.up1.bias, channels_last=cl))
            y = add_pointwise_conv(y, half, self.skip_half.weight) if skips else y
            y = norm_relu(upsample_conv(y, self.up2.weight, self.up2.bias))
            y = add_pointwise_conv(y, full, self.skip_full.weight) if skips else y
            y = space_to_depth_conv(F.pad(y, (k, k, k, k), mode="reflect"), self.conv_out.weight, self.conv_out.bias)
        return torch.sigmoid(y)[..., :h, :w]


def grow_skips(net: TransformNet) -> TransformNet:
    """The same network with U-Net skips added at zero: it paints exactly as ``net`` until trained."""
    if net.config.skips:
        return net
    grown = TransformNet(replace(net.config, skips=True)).to(next(net.parameters()).device)
    missing, unexpected = grown.load_state_dict(net.state_dict(), strict=False)
    assert not unexpected and all(name.startswith("skip_") for name in missing), (missing, unexpected)
    return grown


@dataclass
class AdaptiveStyle:
    """A community style's own CIN parameters (``train-artist NAME --descriptor D --export-style F``),
    carried by its jobs together with the style's descriptor. The engine paints with them only when
    its shared network is the one they were trained on (``net_id``) and the style won its verdict
    (``wins``); otherwise, and for AdaIN, /hq and mixes with paintings, the descriptor is used."""
    gamma: torch.Tensor
    beta: torch.Tensor
    descriptor: StyleDescriptor
    net_id: str
    wins: bool = False
    info: dict = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        from safetensors.torch import save

        tensors = {"gamma": self.gamma.float().contiguous(), "beta": self.beta.float().contiguous(),
                   **self.descriptor.tensors(prefix="descriptor.")}
        return save(tensors, metadata={"format": STYLE_FORMAT, "net_id": self.net_id,
                                       "wins": "1" if self.wins else "0", "info": json.dumps(self.info)})

    @classmethod
    def from_bytes(cls, data: bytes) -> "AdaptiveStyle":
        """A style file's contents; DamagedStyleFileError where they are no whole safetensors
        file, EngineError where they are another file."""
        try:
            tensors, meta = load_with_metadata(data)
        except NoSafetensorsFile as exc:
            raise DamagedStyleFileError(f"not an adaptive style file: {exc}", detail=str(exc)) from exc
        try:
            if meta.get("format") != STYLE_FORMAT:
                raise ValueError(f"format {meta.get('format')!r}")
            return cls(tensors["gamma"], tensors["beta"], StyleDescriptor.from_tensors(tensors, "descriptor."),
                       meta["net_id"], meta.get("wins") == "1", json.loads(meta.get("info", "{}")))
        except Exception as exc:
            raise EngineError(f"not an adaptive style file: {exc}") from exc

    def save(self, path: str | Path) -> None:
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(self.to_bytes())
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> "AdaptiveStyle":
        return cls.from_bytes(Path(path).read_bytes())

    @staticmethod
    def net_id_of(path: str | Path) -> str | None:
        """The shared network a style file was trained on, read from its header alone;
        None when the file is missing or is not a style file."""
        from safetensors import safe_open

        try:
            with safe_open(str(path), "pt") as f:
                meta = f.metadata() or {}
        except Exception:
            return None
        return meta.get("net_id") if meta.get("format") == STYLE_FORMAT else None


@dataclass
class ArtistParams:
    gamma: torch.Tensor
    beta: torch.Tensor
    info: dict = field(default_factory=dict)   # iterations, wins, scores, ...


class AdaptiveModel:
    """The shared network and every artist's CIN parameters."""

    def __init__(self, net: TransformNet, artists: dict[str, ArtistParams] | None = None):
        self.net = net
        self.artists: dict[str, ArtistParams] = dict(artists or {})
        self._net_id: str | None = None

    @classmethod
    def new(cls, config: NetConfig = NetConfig()) -> "AdaptiveModel":
        return cls(TransformNet(config))

    @property
    def net_id(self) -> str:
        """A fingerprint of the shared weights: community styles' parameters only fit this network."""
        if self._net_id is None:
            import hashlib

            h = hashlib.sha256()
            for name, t in sorted(self.net.state_dict().items()):
                h.update(name.encode())
                h.update(t.detach().float().cpu().contiguous().numpy().tobytes())
            self._net_id = h.hexdigest()[:16]
        return self._net_id

    # -- artists (a slug, or a community style's AdaptiveStyle) ------------------------------
    def has(self, slug) -> bool:
        if isinstance(slug, AdaptiveStyle):
            return slug.net_id == self.net_id
        return slug in self.artists

    def wins(self, slug) -> bool:
        if isinstance(slug, AdaptiveStyle):
            return slug.wins and self.has(slug)
        return slug in self.artists and bool(self.artists[slug].info.get("wins", False))

    def _params(self, slug) -> tuple[torch.Tensor, torch.Tensor]:
        if isinstance(slug, AdaptiveStyle):
            if not self.has(slug):
                raise EngineError("this style's adaptive model was trained on another network; retrain it")
            return slug.gamma.float(), slug.beta.float()
        if slug not in self.artists:
            raise EngineError(f"no adaptive model for '{slug}'; train one with `python -m engine train-artist {slug}`")
        return self.artists[slug].gamma, self.artists[slug].beta

    def add_artist(self, slug: str) -> ArtistParams:
        """A new artist starts from the mean of the trained ones (or identity if none)."""
        if slug not in self.artists:
            if self.artists:
                gamma = torch.stack([a.gamma for a in self.artists.values()]).mean(0)
                beta = torch.stack([a.beta for a in self.artists.values()]).mean(0)
            else:
                gamma, beta = self.net.identity_style()
            self.artists[slug] = ArtistParams(gamma.clone(), beta.clone(), {"iterations": 0, "wins": False})
        return self.artists[slug]

    def mix(self, weights: Sequence[tuple[str, float]]) -> tuple[torch.Tensor, torch.Tensor]:
        """Weighted interpolation of the artists' gamma/beta (weights are normalised)."""
        fractions = mix_weights(w for _, w in weights)
        params = [self._params(slug) for slug, _ in weights]
        gamma = sum(f * g for (g, _), f in zip(params, fractions))
        beta = sum(f * b for (_, b), f in zip(params, fractions))
        return gamma, beta

    # -- painting ----------------------------------------------------------------------------
    @torch.inference_mode()
    def paint(self, x: torch.Tensor, weights: Sequence[tuple[str, float]], alpha: float = 1.0,
              dither: float = DITHER) -> torch.Tensor:
        """(N, 3, H, W) photo in 0..1 -> painting, float32, same size.

        Strength: ``alpha * painting + (1 - alpha) * photo``, a pixel blend. Alpha 1 and 0 are
        exactly the painting and the photo, it is monotone and free. (AdaIN blends features, but
        this network has no feature space in which the photo is represented, and interpolating
        CIN parameters toward the identity (gamma 1, beta 0) does not give the photo back.)

        ``dither``: the standard deviation of a fixed (seeded) Gaussian noise added to the photo
        first. Smooth 8-bit gradients (drawn skies, heavily compressed photos) step by one level
        every few rows, and the networks turn those steps into long horizontal streaks; camera
        noise of about one level breaks them into the fine texture real skies get.
        """
        gamma, beta = self.mix(weights)
        param = next(self.net.parameters())
        source = (x.float() + dither * _noise_like(x)).clamp_(0, 1).to(x.dtype) if dither > 0 else x
        out = self.net(source, gamma.to(param.device, param.dtype), beta.to(param.device, param.dtype)).float()
        if alpha < 1.0:
            out = alpha * out + (1.0 - alpha) * x.float()
        return out

    # -- files -------------------------------------------------------------------------------
    def tensors(self) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
        tensors = {f"net.{k}": v.detach().float().contiguous().cpu() for k, v in self.net.state_dict().items()}
        for slug, a in self.artists.items():
            tensors[f"artist.{slug}.gamma"] = a.gamma.detach().float().contiguous().cpu()
            tensors[f"artist.{slug}.beta"] = a.beta.detach().float().contiguous().cpu()
        meta = {"format": FORMAT, "config": self.net.config.to_json(),
                "artists": json.dumps({s: a.info for s, a in self.artists.items()}, sort_keys=True)}
        return tensors, meta

    def save(self, path: str | Path) -> None:
        from .file_modes import save_file

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tensors, meta = self.tensors()
        tmp = path.with_name(path.name + ".tmp")
        save_file(tensors, tmp, metadata=meta)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> "AdaptiveModel":
        """Load and check a weights file; any problem is an EngineError naming it."""
        from safetensors import safe_open

        path = Path(path)
        bad = lambda why: EngineError(f"adaptive weights {path} are unusable: {why}")
        if not path.exists():
            raise EngineError(f"adaptive weights not found at {path}")
        try:
            with safe_open(str(path), "pt") as f:
                meta = f.metadata() or {}
                tensors = {k: f.get_tensor(k) for k in f.keys()}
        except Exception as exc:
            raise bad(f"not a readable safetensors file ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise bad(f"format is {meta.get('format')!r}, expected {FORMAT!r}")
        try:
            config = NetConfig.from_json(meta["config"])
            infos = json.loads(meta.get("artists", "{}"))
            net = TransformNet(config)
        except Exception as exc:
            raise bad(f"bad metadata ({exc})") from exc
        state = net.state_dict()
        for name, ref in state.items():
            t = tensors.get(f"net.{name}")
            if t is None:
                raise bad(f"tensor net.{name} is missing")
            if t.shape != ref.shape:
                raise bad(f"tensor net.{name} has shape {tuple(t.shape)}, expected {tuple(ref.shape)}")
            if not torch.isfinite(t).all():
                raise bad(f"tensor net.{name} has NaN or infinite values")
            state[name] = t.float()
        net.load_state_dict(state)
        net.eval().requires_grad_(False)
        artists = {}
        for slug, info in infos.items():
            pair = []
            for part in ("gamma", "beta"):
                t = tensors.get(f"artist.{slug}.{part}")
                if t is None:
                    raise bad(f"artist '{slug}' has no {part}")
                if t.shape != (net.style_size,):
                    raise bad(f"artist '{slug}' {part} has shape {tuple(t.shape)}, expected ({net.style_size},)")
                if not torch.isfinite(t).all():
                    raise bad(f"artist '{slug}' {part} has NaN or infinite values")
                pair.append(t.float())
            artists[slug] = ArtistParams(pair[0], pair[1], dict(info))
        return cls(net, artists)

    def to(self, device, dtype=None) -> "AdaptiveModel":
        self.net_id   # fingerprint the fp32 weights, before any cast
        self.net = self.net.to(device, dtype)
        return self


def set_wins(path: str | Path, slug: str, wins: bool, **scores) -> None:
    """The evaluation step's verdict: mark an artist winning (used by method="auto") or not."""
    model = AdaptiveModel.load(path)
    if not model.has(slug):
        raise EngineError(f"no adaptive model for '{slug}' in {path}")
    model.artists[slug].info.update({"wins": bool(wins), **scores})
    model.save(path)


def artist_mix(catalog, style) -> list[tuple[str, float]] | None:
    """A style spec that is only catalog artists or adaptive community styles (one, or a list of
    (style, weight)) -> [(slug or AdaptiveStyle, weight)]; anything else (paintings, descriptors,
    files) -> None."""
    def slug_of(item):
        if isinstance(item, AdaptiveStyle):
            return item
        if not isinstance(item, str):
            return None
        if (Path(item).suffix.lower() in PICTURE_SUFFIXES or is_safetensors(item)) and Path(item).exists():
            return None
        artist = catalog.get(item)
        return artist.slug if artist else None

    if isinstance(style, (str, AdaptiveStyle)):
        slug = slug_of(style)
        return [(slug, 1.0)] if slug else None
    if isinstance(style, (list, tuple)) and style and all(isinstance(s, (list, tuple)) and len(s) == 2 for s in style):
        mix = []
        for item, weight in style:
            slug = slug_of(item)
            if slug is None:
                return None
            mix.append((slug, weight))          # checked by AdaptiveModel.mix
        return mix
    return None
