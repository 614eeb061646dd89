"""Training per-artist adaptive models (engine/adaptive.py): `python -m engine train-artist SLUG...`.

Loss, with the frozen VGG encoder (the engine's, never shipped with the adaptive model):
- content: MSE of ``content_layer`` features (relu4_1, what `evaluate` measures), output vs photo;
- style: MSE of channel means and stds at relu1_1..relu4_1, output vs the artist's descriptor
  (styles/descriptors/<slug>.safetensors: by default the average over their paintings less one
  held out for the evaluation's likeness check; see ``target``), or a community style's
  descriptor file (``descriptor``);
- total variation of the output (a small smoothness prior).

Photos are the train split of ../shared/data/train/content (``engine.train.list_images``).
Several slugs train together (each picture of a batch draws an artist): that is how the shared
network should first be trained. With ``shared=None`` the shared convolutions train only when the
starting model has no trained artist yet; otherwise only the new artists' CIN parameters train
(a few KB each, the rest frozen).

A run's folder holds ``adaptive.safetensors`` (the whole model: shared weights and every artist,
what the engine loads) and ``state.safetensors`` (Adam state; metadata: iteration, slugs, the
artists' iterations before the run), so a run resumes where it stopped, and running again with
more ``iterations`` extends it. The folder is created when training starts, after the settings,
the artists and the photos have been checked. With a ``GracefulStop`` (the CLI's: SIGINT and
SIGTERM) a run stops after the iteration under way and saves it first.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F

from .adain import mean_std
from .adaptive import DEFAULT_ADAPTIVE, AdaptiveModel, NetConfig, grow_skips
from .descriptors import DAMAGED_DESCRIPTOR, NoSafetensorsFile, StyleDescriptor
from .errors import EngineError
from .file_kinds import is_safetensors
from .train import (GracefulStop, RunLock, _autocast, batch_style_distance, holds_run, list_images, load_pool,
                    out_of_step, progress_line, random_batch, save_pair)
from .train_split import JUDGED_ON_TRAINED, validation_reused
from .vgg import STYLE_LAYERS, Encoder, load_vgg


@dataclass
class ArtistTrainConfig:
    slugs: list[str]
    data: Path                          # the folder holding content/ (../shared/data/train)
    descriptor: Path | None = None      # a community style: its descriptor file is the target (one name)
    out: Path = Path("runs/adaptive")
    base: Path | None = None            # model to start from (default: the shipped one, if any)
    iterations: int = 2000
    batch: int = 4
    crop: int = 256
    photo_side: int | None = None       # photos downscaled to this shorter side, then cropped (None: crop)
    lr: float = 1e-3
    content_weight: float = 1.0
    style_weight: float = 10.0
    tv_weight: float = 0.1
    content_layer: str = "relu4_1"
    loss: str = "weighted"              # weighted (content + style_weight * style) | score (evaluate-artists' score)
    paintings: Path | None = None       # for loss "score": the artists' paintings (default data/../artists)
    target: str = "holdout"             # holdout (average less one painting) | average | signature | paintings
    shared: bool | None = None          # train the shared convs too (None: only for a fresh net)
    fresh: bool = False                 # a new shared network of these channels/blocks, not the shipped one
    channels: tuple[int, int, int] = (16, 32, 64)
    residual_blocks: int = 3
    skips: bool = False                 # U-Net skips (TransformNet); a base without them grows them at zero
    save_every: int = 100
    lock_wait_s: float = 0.0            # another run in ``out``: wait this long for it to end (RunLock)
    log_every: int = 10
    split: str = "train"
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"


@dataclass
class TrainResult:
    path: Path
    iteration: int
    losses: list[float] = field(default_factory=list)


def _targets(slugs: list[str], target: str, catalog=None, descriptor: Path | None = None
             ) -> dict[str, list[StyleDescriptor]]:
    """Each artist's style targets: a list of descriptors (one, or one per painting)."""
    if descriptor is not None:          # a community style: its statistics, whatever its name
        if len(slugs) != 1:
            raise EngineError("--descriptor trains one style at a time")
        if Path(descriptor).is_dir():   # a run's folder, say: "not found" of a folder that is there
            weights = Path(descriptor) / "adaptive.safetensors"
            held = _weights_kind(weights) if weights.is_file() else None
            raise EngineError(f"--descriptor takes {slugs[0]}'s descriptor file (a community style's .safetensors, "
                              f"or one of styles/descriptors/); {descriptor} is a folder"
                              + (f" (a training run's, holding {held})" if held else ""))
        if not Path(descriptor).is_file():
            raise EngineError(f"descriptor not found: {descriptor}")
        try:
            return {slugs[0]: [StyleDescriptor.load(descriptor)]}
        except ValueError as exc:
            if isinstance(exc, NoSafetensorsFile) and is_safetensors(descriptor):
                # cut short or garbage: not a file of another kind (below), and no try mends it
                raise EngineError(f"{descriptor} {DAMAGED_DESCRIPTOR}") from None
            held = _weights_kind(Path(descriptor))
            if held == EXPORTED_STYLE:      # what it is leads: "not a descriptor" alone sent people looking for a fault
                raise EngineError(f"{descriptor} is an adaptive style file (a community style's exported model, "
                                  "written by --export-style), not a style descriptor: --descriptor takes "
                                  f"{slugs[0]}'s descriptor (the community style's .safetensors this model was "
                                  "trained from, or one of styles/descriptors/)") from None
            raise EngineError(f"{descriptor} is not a style descriptor file (a community style's "
                              ".safetensors, or one of styles/descriptors/)"
                              + (f": it holds {held}; pass {slugs[0]}'s descriptor" if held else "")) from None
    if catalog is None:
        from styles import load_catalog

        catalog = load_catalog()
    out = {}
    for slug in slugs:
        path = catalog.resolve(slug).descriptor_path
        if not path.exists():
            raise EngineError(f"the descriptors of '{slug}' are missing; run `python -m styles build`")
        if target == "average":
            out[slug] = [StyleDescriptor.load(path)]
        elif target == "holdout":
            # Every painting but one, so the evaluation can check likeness on a painting never seen.
            out[slug] = [StyleDescriptor.load_average_without(path, StyleDescriptor.holdout_index(path))]
        elif target == "signature":
            out[slug] = [StyleDescriptor.load_signature(path)]
        elif target == "paintings":
            out[slug] = StyleDescriptor.load_parts(path) or [StyleDescriptor.load(path)]
        else:
            raise EngineError(f"target must be average, holdout, signature or paintings, not {target!r}")
    return out


EXPORTED_STYLE = "a community style's exported model (an --export-style file), not its descriptor"


def _weights_kind(path: Path) -> str | None:
    """What adaptive weights the safetensors file ``path`` holds, in a few words, read from its
    header alone ("the adaptive weights of wash", "a community style's exported model"); None
    for any other file."""
    from safetensors import safe_open

    from .adaptive import FORMAT, STYLE_FORMAT

    try:
        with safe_open(str(path), "pt") as f:
            meta = f.metadata() or {}
    except Exception:                   # safetensors' own error types; not a file of ours
        return None
    if meta.get("format") == STYLE_FORMAT:
        return EXPORTED_STYLE
    if meta.get("format") != FORMAT:
        return None
    try:
        artists = sorted(json.loads(meta.get("artists") or "{}"))
    except (ValueError, TypeError):
        artists = []
    if not artists:
        return "adaptive weights of no style"
    own, catalog = _community_first(artists)
    if own and catalog:                 # a community style's run on the shipped network: its 15 artists too
        return f"the adaptive weights of {', '.join(own)} (and of {len(catalog)} catalog artists)"
    return f"the adaptive weights of {', '.join(own or catalog)}"


def _community_first(names: list[str]) -> tuple[list[str], list[str]]:
    """``names`` (a model's artists) parted into those outside the catalog (community styles: a
    community style's run holds the shipped network's catalog artists too) and the catalog's."""
    try:
        from styles import load_catalog

        catalog = load_catalog()
    except Exception:                   # no catalog to tell them apart: all said as they are
        return names, []
    return [n for n in names if catalog.get(n) is None], [n for n in names if catalog.get(n) is not None]


def _stack(descs: list[StyleDescriptor], device) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    n = len(descs)
    return {layer: (torch.stack([d.stats[layer][0].float().flatten() for d in descs]).to(device).view(n, -1, 1, 1),
                    torch.stack([d.stats[layer][1].float().flatten() for d in descs]).to(device).view(n, -1, 1, 1))
            for layer in STYLE_LAYERS}


def adaptive_loss(encoder: Encoder, out, photo, style_stats, cfg: ArtistTrainConfig):
    layers = tuple(set(STYLE_LAYERS) | {cfg.content_layer})
    with torch.no_grad():
        c_target = encoder(photo, (cfg.content_layer,))[cfg.content_layer].float()
    feats = encoder(out, layers)
    loss_c = F.mse_loss(feats[cfg.content_layer].float(), c_target)
    loss_s = 0.0
    for layer in STYLE_LAYERS:
        m, s = mean_std(feats[layer])
        tm, ts = style_stats[layer]
        loss_s = loss_s + F.mse_loss(m, tm) + F.mse_loss(s, ts)
    tv = (out[..., 1:, :] - out[..., :-1, :]).abs().mean() + (out[..., :, 1:] - out[..., :, :-1]).abs().mean()
    total = cfg.content_weight * loss_c + cfg.style_weight * loss_s + cfg.tv_weight * tv
    return loss_c, loss_s, total


def content_normalisers(encoder: Encoder, slugs: list[str], paintings: Path, crop: int, device, catalog=None,
                        side: int | None = None) -> torch.Tensor:
    """Each artist's signature painting at the crop's size, as relu4_1 features (n_artists, C, h, w):
    the score's content normaliser is a photo's distance to them (evaluate-artists' Scorer). With
    ``side`` (the photos' scale) the painting is resized to side x side and its centre cropped, as
    the photo crops are cut from photos of that size."""
    from .images import open_image, to_tensor

    if catalog is None:
        from styles import load_catalog

        catalog = load_catalog()
    side = side or crop
    top = (side - crop) // 2
    pictures = []
    for path in signature_paths(slugs, paintings, catalog):
        picture = to_tensor(open_image(path).resize((side, side)))
        pictures.append(picture[..., top:top + crop, top:top + crop])
    with torch.no_grad():
        return encoder(torch.cat(pictures).to(device, next(encoder.parameters()).dtype), ("relu4_1",))["relu4_1"].float()


def signature_paths(slugs: list[str], paintings: Path, catalog) -> list[Path]:
    """Each artist's signature painting under ``paintings`` (--loss score's content normaliser);
    EngineError naming the first one missing."""
    from .evaluate_artists import signature_file

    paths = []
    for slug in slugs:
        path = paintings / slug / signature_file(catalog.resolve(slug))
        if not path.exists():
            raise EngineError(f"--loss score needs {slug}'s signature painting: {path} is missing")
        paths.append(path)
    return paths


def score_loss(encoder: Encoder, out, photo, style_stats, signature_feats, cfg: ArtistTrainConfig):
    """evaluate-artists' balanced score per picture: content distance to the photo (relu4_1) / the
    signature painting's own, plus style distance to the artist / the photo's own; plus TV."""
    with torch.no_grad():
        p_feats = encoder(photo, STYLE_LAYERS)
        c_target = p_feats["relu4_1"].float()
        content_norm = ((signature_feats - c_target) ** 2).mean(dim=(1, 2, 3)).clamp_min(1e-6)
        style_norm = batch_style_distance({k: mean_std(v) for k, v in p_feats.items()}, style_stats).clamp_min(1e-6)
    feats = encoder(out, STYLE_LAYERS)
    loss_c = ((feats["relu4_1"].float() - c_target) ** 2).mean(dim=(1, 2, 3)) / content_norm
    loss_s = batch_style_distance({k: mean_std(v) for k, v in feats.items()}, style_stats) / style_norm
    tv = (out[..., 1:, :] - out[..., :-1, :]).abs().mean() + (out[..., :, 1:] - out[..., :, :-1]).abs().mean()
    total = (cfg.content_weight * loss_c + cfg.style_weight * loss_s).mean() + cfg.tv_weight * tv
    return loss_c.mean(), loss_s.mean(), total


def adam_state_tensors(opt: torch.optim.Adam, named: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Adam's moments and step per named parameter, as tensors for a safetensors file."""
    tensors = {}
    for name, p in named.items():
        st = opt.state.get(p)
        if st:
            tensors[f"{name}.exp_avg"] = st["exp_avg"].detach().contiguous().cpu()
            tensors[f"{name}.exp_avg_sq"] = st["exp_avg_sq"].detach().contiguous().cpu()
            tensors[f"{name}.step"] = torch.as_tensor(st["step"]).reshape(1).float().cpu()
    return tensors


def read_run_state(state_path: Path, *keys: str) -> tuple[dict[str, str], dict[str, torch.Tensor]]:
    """A run's ``state.safetensors``: (metadata, Adam's tensors). A file that cannot be read (cut
    short by a full disk, another program's, its metadata lacking ``iterations`` or ``keys``) is an
    EngineError saying what to do, not a traceback from inside safetensors."""
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(state_path), "pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}
        int(meta["iterations"])
        for key in keys:
            json.loads(meta[key])
    except (SafetensorError, OSError, KeyError, ValueError) as exc:
        why = f"no {exc.args[0]!r} in its metadata" if isinstance(exc, KeyError) else str(exc).strip() or type(exc).__name__
        raise EngineError(f"the run's checkpoint {state_path} is unreadable ({why}); delete the folder "
                          f"{state_path.parent} to start the run again, or use another --out") from None
    return meta, tensors


def restore_adam_state(opt: torch.optim.Adam, named: dict[str, torch.Tensor], state: dict, device,
                       source: Path | None = None) -> None:
    """The inverse of ``adam_state_tensors``: a resumed run goes on with Adam's moments. A state
    whose moments do not fit the parameters (another network's) is an EngineError naming
    ``source``, before a step fails inside torch."""
    for name, p in named.items():
        if f"{name}.exp_avg" in state:
            for part in ("exp_avg", "exp_avg_sq"):
                if state[f"{name}.{part}"].shape != p.shape:
                    raise EngineError(f"the run's checkpoint {source or 'state'} does not fit its model ({name}: "
                                      f"{tuple(state[f'{name}.{part}'].shape)}, the model's {tuple(p.shape)}); "
                                      "delete the run's folder to start again, or use another --out")
            opt.state[p] = {"step": state[f"{name}.step"].reshape(()).clone(),
                            "exp_avg": state[f"{name}.exp_avg"].to(device),
                            "exp_avg_sq": state[f"{name}.exp_avg_sq"].to(device)}


def _rename_alias_run(began: list[str], slugs: list[str], meta: dict, state: dict, model: AdaptiveModel, catalog,
                      model_path: Path, state_path: Path, stop: GracefulStop, log) -> list[str]:
    """A run begun under aliases (반고흐, Van Gogh) before an alias trained the catalog artist it
    names: its model holds the artist under the alias and its state says the alias, so the same
    command (now training gogh) refused it as another run's ("holds a run for ..."), and so did
    one naming the slug. When ``began``, each name resolved through the catalog, is ``slugs`` (in
    the same order: Adam's state follows it), the run's artists are renamed to their slugs in both
    files (written as a pair at once: a run with nothing left to do leaves a usable model too) and
    ``slugs`` returned; else ``began``, untouched."""
    from .file_modes import save_file

    named = [catalog.get(name).slug if catalog.get(name) is not None else name for name in began]
    renamed = {old: new for old, new in zip(began, named) if old != new}
    if named != slugs or len(set(named)) != len(named) or not all(old in model.artists for old in renamed):
        return began
    base_iters = json.loads(meta["base_iterations"])
    replaced = [new for new in renamed.values() if new in model.artists]
    for old, new in renamed.items():
        model.artists.pop(new, None)
        model.artists[new] = model.artists.pop(old)
        base_iters[new] = base_iters.pop(old, 0)
    meta.update(slugs=json.dumps(slugs), base_iterations=json.dumps(base_iters))
    with stop.saving(model_path.parent):
        weights, weights_meta = model.tensors()
        save_pair((model_path, lambda tmp: save_file(weights, tmp, metadata=weights_meta)),
                  (state_path, lambda tmp: save_file(state, tmp, metadata=meta)))
    log(f"note: the run in {model_path.parent} began under {', '.join(renamed)}, before a name trained the "
        f"catalog's artist it names; it goes on as {', '.join(renamed.values())}"
        + (f" (its starting model's own {', '.join(replaced)}, which the run did not train, replaced)"
           if replaced else ""))
    return slugs


def _weights_alone(model_path: Path, state_path: Path, slug: str, log) -> AdaptiveModel | None:
    """A community style's run folder holding its weights without Adam's state (a crash, a copy
    of the folder): the model, when it holds ``slug`` trained (it is then resumed from, Adam's
    state afresh, and ``log`` says so); else None (holds_run then says what to do)."""
    if not model_path.exists() or state_path.exists():
        return None
    model = AdaptiveModel.load(model_path)
    if not model.has(slug) or _lone_iteration(model, slug) is None:
        return None
    log(f"note: {model_path} has no {state_path.name} (Adam's state) beside it (a crash, or a copy of the "
        f"folder); going on from its iteration {_lone_iteration(model, slug)} with Adam's state afresh")
    return model


def _weights_of_others(model_path: Path, slug: str) -> list[str]:
    """The styles a run folder's weights file holds trained, when ``slug`` is not among them (another
    style's run); [] otherwise, or when the file does not say (AdaptiveModel.load then says why)."""
    from safetensors import safe_open

    try:
        with safe_open(str(model_path), "pt") as f:
            infos = json.loads((f.metadata() or {}).get("artists") or "{}")
        trained = sorted(s for s, info in infos.items() if int((info or {}).get("iterations", 0)) > 0)
    except Exception:
        return []
    if slug in infos:
        return []
    own, catalog = _community_first(trained)
    return own or catalog


def _lone_iteration(model: AdaptiveModel, slug: str) -> int | None:
    try:
        iteration = int(model.artists[slug].info["iterations"])
    except (KeyError, TypeError, ValueError):
        return None
    return iteration if iteration > 0 else None


def _model_iteration(model: AdaptiveModel, slugs: list[str], base_iters: dict) -> int | None:
    """The run's iteration its model file holds (each artist's iterations less those before the
    run), None when the file does not say it plainly."""
    found = set()
    for slug in slugs:
        try:
            found.add(int(model.artists[slug].info["iterations"]) - int(base_iters[slug]))
        except (KeyError, TypeError, ValueError):
            return None
    return found.pop() if len(found) == 1 and min(found) >= 0 else None


def train_artist(cfg: ArtistTrainConfig, log=print, catalog=None, encoder: Encoder | None = None,
                 stop: GracefulStop | None = None) -> TrainResult:
    """Train (or resume) ``cfg``'s run. Everything a run needs (its settings, the artists, their
    descriptors and paintings, the photos) is checked before the models load and before ``cfg.out``
    is created. With ``stop`` signalled the run saves the iteration under way and returns it
    (``stop.signum`` set). Another run training in ``cfg.out`` is an EngineError (``RunLock``)."""
    with RunLock(cfg.out, cfg.lock_wait_s, log) as lock:
        return _train_artist(cfg, log, catalog, encoder, stop, lock)


def _train_artist(cfg: ArtistTrainConfig, log, catalog, encoder: Encoder | None, stop: GracefulStop | None,
                  lock: RunLock) -> TrainResult:
    from .core import pick_device, pick_precision
    from .file_modes import save_file

    stop = stop or GracefulStop()
    slugs = list(dict.fromkeys(cfg.slugs))
    if not slugs:
        raise EngineError("name at least one artist to train")
    if cfg.photo_side is not None and cfg.photo_side < cfg.crop:
        raise EngineError(f"--photo-side {cfg.photo_side} is smaller than --crop {cfg.crop}")
    if cfg.loss not in ("weighted", "score"):
        raise EngineError(f"loss must be weighted or score, not {cfg.loss!r}")
    if cfg.loss == "score" and cfg.descriptor is not None:
        raise EngineError("--loss score needs a catalog artist's signature painting; a community style has none")
    if catalog is None and cfg.descriptor is None:
        from styles import load_catalog

        catalog = load_catalog()
    if cfg.descriptor is None:
        # The catalog's own names: an alias (반고흐, Van Gogh) trained a new artist under that
        # name, which no command paints with (they look the model up by slug).
        named = list(dict.fromkeys(catalog.resolve(s).slug for s in slugs))     # unknown names: EngineError
        if named != slugs:
            log(f"training {', '.join(named)} (the catalog's names for {', '.join(slugs)})")
        slugs = named
    targets = _targets(slugs, cfg.target, catalog, cfg.descriptor)     # unknown artists, bad descriptor files
    if cfg.descriptor is None and cfg.target == "holdout":
        few = [s for s in slugs if StyleDescriptor.holdout_index(catalog.resolve(s).descriptor_path) is None]
        if few:
            log(f"note: {', '.join(few)} {'has' if len(few) == 1 else 'have'} fewer than 3 paintings: none is held "
                "out, so evaluate-artists' likeness is measured on paintings trained on (add paintings first)")
    paintings = cfg.paintings or cfg.data.parent / "artists"
    if cfg.loss == "score":
        signature_paths(slugs, paintings, catalog)
    if not (cfg.data / "content").is_dir():
        raise EngineError(f"no training photos: {cfg.data / 'content'} is not a folder")
    photo_paths = list_images(cfg.data / "content", cfg.split)
    if not photo_paths:
        raise EngineError(f"no training photos under {cfg.data / 'content'}")
    if cfg.split == "train" and validation_reused(cfg.data / "content"):
        count = len(photo_paths)
        log(f"note: the only readable photo{'s' if count > 1 else ''} under {cfg.data / 'content'} "
            f"{'are' if count > 1 else 'is'} of the validation split: {'they train' if count > 1 else 'it trains'}, "
            "and a verdict on the validation photos (--export-style, evaluate-artists) is taken on photos trained "
            "on; add photos for a fair one")

    device = pick_device(cfg.device)
    precision = pick_precision(cfg.precision, device)
    precision = "fp32" if precision == "fp32" else "bf16"
    model_path, state_path = cfg.out / "adaptive.safetensors", cfg.out / "state.safetensors"

    # Where to start: this run's own checkpoint, else the base model, else a fresh network.
    start, base_iters, resumed = 0, None, False
    lock.acquire()                      # a folder there: no other run writes its checkpoint while it is read
    community = cfg.descriptor is not None
    if community and (alone := _weights_alone(model_path, state_path, slugs[0], log)) is not None:
        # A community style's folder (the bot's) whose Adam state went missing: resumed from the
        # weights with Adam afresh, as a pair out of step is, instead of failing the style for good.
        model, start, base_iters, resumed, state, shared = alone, _lone_iteration(alone, slugs[0]), \
            {slugs[0]: 0}, True, {}, False
        stop.saved = start
        log(f"resuming {slugs[0]} from iteration {start}")
        ignored = [flag for flag, given in (("--base", cfg.base is not None), ("--fresh", cfg.fresh),
                                            ("--skips", cfg.skips), ("--shared", bool(cfg.shared))) if given]
        if ignored:
            log(f"note: {', '.join(ignored)} ignored: the run in {cfg.out} goes on as it began (the style's own "
                "CIN parameters, on its shared network)")
    elif community and model_path.exists() and not state_path.exists() and \
            (others := _weights_of_others(model_path, slugs[0])):
        # another style's weights alone: holds_run's "no state beside it" said nothing of whose they were
        raise EngineError(f"{cfg.out} holds the weights of {', '.join(others)} (without Adam's state), not of "
                          f"{slugs[0]}: another style's run; train {slugs[0]} with another --out (to start from "
                          f"that network, pass {model_path} as --base)")
    elif holds_run(model_path, state_path, "to train on from it, pass it as --base with another --out"
                   + ("" if community else " (and --shared if the run trained the shared network)"), log):
        meta, state = read_run_state(state_path, "slugs", "base_iterations")
        began = json.loads(meta["slugs"])
        model = AdaptiveModel.load(model_path)
        if began != slugs and cfg.descriptor is None:
            began = _rename_alias_run(began, slugs, meta, state, model, catalog, model_path, state_path, stop, log)
        if began != slugs:
            raise EngineError(f"{cfg.out} holds a run for {', '.join(began)}; use another --out")
        start, base_iters, resumed = int(meta["iterations"]), json.loads(meta["base_iterations"]), True
        if out_of_step(_model_iteration(model, slugs, base_iters), start, log):
            start, state = _model_iteration(model, slugs, base_iters), {}     # Adam afresh
        shared = meta.get("shared") == "1"
        stop.saved = start
        log(f"resuming {', '.join(slugs)} from iteration {start}")
        # What only a new run reads: said, not silently ignored (a resume with --shared added
        # went on training only the CIN parameters, as the run began).
        ignored = [flag for flag, given in (("--base", cfg.base is not None), ("--fresh", cfg.fresh),
                                            ("--skips", cfg.skips and not model.net.config.skips),
                                            ("--shared" if cfg.shared else "--no-shared",
                                             cfg.shared is not None and cfg.shared != shared)) if given]
        if ignored and community:       # a new --descriptor run refuses --shared, --fresh and --skips alike
            log(f"note: {', '.join(ignored)} ignored: the run in {cfg.out} goes on as it began (the style's own "
                "CIN parameters, on its shared network)")
        elif ignored:
            log(f"note: {', '.join(ignored)} ignored: the run in {cfg.out} goes on as it began "
                f"({'shared weights and ' if shared else ''}CIN parameters); use another --out for a new run")
    else:
        if cfg.fresh and cfg.base is not None:
            raise EngineError("--fresh starts a new network: leave out --base")
        base = (None if cfg.fresh else cfg.base if cfg.base is not None else
                DEFAULT_ADAPTIVE if DEFAULT_ADAPTIVE.exists() else None)
        model = (AdaptiveModel.load(base) if base else
                 AdaptiveModel.new(NetConfig(tuple(cfg.channels), cfg.residual_blocks, skips=cfg.skips)))
        if cfg.skips and not model.net.config.skips:
            if not cfg.shared:
                raise EngineError("--skips adds shared weights: train them (--shared)")
            model.net = grow_skips(model.net)
            log("grew U-Net skips (at zero) on the starting network")
        trained = [s for s, a in model.artists.items() if int(a.info.get("iterations", 0)) > 0]
        shared = cfg.shared if cfg.shared is not None else not trained
        if community and (cfg.shared or cfg.fresh or cfg.skips):
            given = [flag for flag, on in (("--shared", cfg.shared), ("--fresh", cfg.fresh), ("--skips", cfg.skips))
                     if on]
            raise EngineError(f"{', '.join(given)} {'does' if len(given) == 1 else 'do'} not apply to --descriptor: "
                              "a community style trains only its own CIN parameters, on a trained shared network "
                              "(the shipped adaptive model, or --base); leave "
                              f"{'it' if len(given) == 1 else 'them'} out")
        if community and shared:
            raise EngineError("a community style trains on a trained shared network (the shipped adaptive "
                              "model); none was found")
        log(f"starting from {base or 'a fresh network'}; training {'shared weights and ' if shared else ''}"
            f"CIN parameters of {', '.join(slugs)}")
    if start >= cfg.iterations:         # before VGG and the photos load: nothing of them is needed
        log(f"already at iteration {start} (asked for {cfg.iterations}); nothing to do")
        return TrainResult(model_path, start, [])
    if base_iters is None:
        base_iters = {s: int(model.artists[s].info.get("iterations", 0)) if model.has(s) else 0 for s in slugs}
    for slug in slugs:
        model.add_artist(slug)

    net = model.net.to(device).train()
    net.requires_grad_(shared)
    gammas = torch.nn.Parameter(torch.stack([model.artists[s].gamma for s in slugs]).to(device))
    betas = torch.nn.Parameter(torch.stack([model.artists[s].beta for s in slugs]).to(device))
    named = {"gamma": gammas, "beta": betas}
    if shared:
        named.update({f"net.{k}": p for k, p in net.named_parameters()})
    opt = torch.optim.Adam(named.values(), lr=cfg.lr)
    if resumed:
        restore_adam_state(opt, named, state, device, state_path)

    if encoder is None:
        enc_dtype = torch.float32 if precision == "fp32" else torch.bfloat16
        encoder = Encoder(load_vgg()).to(device, enc_dtype)
    if cfg.loss == "score":
        signatures = content_normalisers(encoder, slugs, paintings, cfg.crop, device, catalog, cfg.photo_side)
    log(f"device {device}, precision {precision}; loading photos from {cfg.data / 'content'} ...")
    pool = load_pool(photo_paths, cfg.photo_side or cfg.crop, log)
    log(f"{len(pool)} photos")
    # Seeded by the iterations already trained, so a stage started from an earlier model (--base)
    # draws new crops instead of replaying the previous stage's batches.
    seed = cfg.seed + start + max(base_iters.values(), default=0)
    rng = random.Random(seed)
    torch.manual_seed(seed)

    def save(iteration: int) -> None:
        for i, slug in enumerate(slugs):
            a = model.artists[slug]
            a.gamma, a.beta = gammas[i].detach().float().cpu().clone(), betas[i].detach().float().cpu().clone()
            a.info.update({"iterations": base_iters[slug] + iteration, "target": cfg.target,
                           "content_layer": cfg.content_layer, "style_weight": cfg.style_weight,
                           "loss": cfg.loss})
            # Trained further: an earlier verdict no longer applies until evaluate-artists --mark.
            for key in ("score", "adain_score", "likeness", "adain_likeness"):
                a.info.pop(key, None)
            a.info["wins"] = False
        with stop.saving(cfg.out):      # a signal now waits: the two files stay a pair
            weights, weights_meta = model.tensors()
            tensors = adam_state_tensors(opt, named)
            meta = {"iterations": str(iteration), "slugs": json.dumps(slugs), "shared": "1" if shared else "0",
                    "base_iterations": json.dumps(base_iters)}
            save_pair((model_path, lambda tmp: save_file(weights, tmp, metadata=weights_meta)),
                      (state_path, lambda tmp: save_file(tensors, tmp, metadata=meta)))
            stop.saved = iteration

    losses: list[float] = []
    t0, done, last = time.time(), 0, start
    lock.start_training(resumed, model_path, state_path)   # (the state: renamed first of a pair)
    with stop.deferring():              # a signal now stops after this iteration, saved
        for it in range(start, cfg.iterations):
            photo = random_batch(pool, cfg.batch, cfg.crop, rng).to(device)
            picks = [rng.randrange(len(slugs)) for _ in range(cfg.batch)]
            descs = [targets[slugs[k]][rng.randrange(len(targets[slugs[k]]))] for k in picks]
            style_stats = _stack(descs, device)
            index = torch.tensor(picks, device=device)
            with _autocast(device, precision):
                out = net(photo, gammas[index], betas[index])
                if cfg.loss == "score":
                    loss_c, loss_s, loss = score_loss(encoder, out, photo, style_stats, signatures[index], cfg)
                else:
                    loss_c, loss_s, loss = adaptive_loss(encoder, out, photo, style_stats, cfg)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(float(loss.item()))
            done, last = done + 1, it + 1
            if (it + 1) % cfg.log_every == 0 or it + 1 == cfg.iterations:
                log(progress_line(it + 1, cfg.iterations, (time.time() - t0) / done,
                                  f"content {loss_c.item():.3f} style {float(loss_s.detach()):.3f}"))
            if (it + 1) % cfg.save_every == 0 or it + 1 == cfg.iterations or stop.signum is not None:
                save(it + 1)
            if stop.signum is not None:
                break
    net.eval()
    return TrainResult(model_path, max(start, last) if stop.signum is not None else max(start, cfg.iterations),
                       losses)


def export_style(model_path: Path, name: str, descriptor: Path, out: Path, data: Path,
                 photos: int = 4, side: int = 256, log=print, engine=None):
    """A community style's trained parameters as the file its jobs carry, with the verdict.

    The verdict compares the adaptive model with AdaIN on ``photos`` validation photos of
    ``data/content`` (never trained on): each method's content distance (relu4_1) and style
    distance (to the style's statistics) divided by AdaIN's, summed. AdaIN scores 2; the model
    wins (and is used) when it scores lower *and* is closer to the style.

    A validation photo that cannot be painted (cut short, not an image, too small) is left out
    with a line naming it, and the next one is taken in its place: one bad file there failed the
    style after its whole training (and the bot deleted the run).

    Where the folder's only readable photos are its validation ones (``validation_reused``: a
    folder of one photo), they trained the model too: the verdict is taken on photos it trained
    on. The verdict line says so at its end (JUDGED_ON_TRAINED, which the bot reads to tell the
    style's adder), and the file's info has ``judged_on_trained``."""
    from .adaptive import AdaptiveModel, AdaptiveStyle
    from .core import Engine
    from .errors import BadImageError
    from .evaluate import Scorer
    from .evaluate_artists import stats_of_descriptor
    from .images import open_image, resize_to

    model = AdaptiveModel.load(model_path)
    desc = StyleDescriptor.load(descriptor)
    a = model.artists[name]
    candidate = AdaptiveStyle(a.gamma, a.beta, desc, model.net_id, True, {"iterations": a.info.get("iterations", 0)})
    engine = engine or Engine(adaptive=model_path)
    target = stats_of_descriptor(desc)
    ratios, closer, left_out = [], [], []
    for path in list_images(data / "content", "val"):
        if len(ratios) >= photos:
            break
        try:
            try:
                photo = resize_to(open_image(path), side)
            except OSError as exc:          # gone since it was listed, or not ours to read
                left_out.append(f"{path.name} ({exc.strerror or type(exc).__name__})")
                continue
            scorer = Scorer(engine, photo, None, style_stats=target)    # distances only: no painting to normalise by
            dist = {}
            for method in ("adain", "adaptive"):
                painted = engine.stylize(photo, candidate, method=method)
                dist[method] = (scorer.content_distance(painted), scorer.style_distance(painted))
        except BadImageError as exc:        # the photo's fault (damaged, too small, too thin): the next one
            left_out.append(f"{path.name} ({exc.key.replace('_', ' ')})")
            continue
        (ca, sa), (cx, sx) = dist["adain"], dist["adaptive"]
        ratios.append(cx / max(ca, 1e-9) + sx / max(sa, 1e-9))
        closer.append(sx < sa)
    if left_out:
        log(f"left out {len(left_out)} unreadable validation photo(s) under {data / 'content'} from the verdict: "
            + "; ".join(left_out[:3]) + ("; ..." if len(left_out) > 3 else ""))
    score = sum(ratios) / len(ratios) if ratios else float("inf")
    candidate.wins = bool(ratios) and score < 2.0 and sum(closer) * 2 > len(closer)
    candidate.info.update({"score_vs_adain": round(score, 4), "photos": len(ratios)})
    trained_on = bool(ratios) and validation_reused(data / "content")
    if trained_on:
        candidate.info["judged_on_trained"] = True
    candidate.save(out)
    log(f"verdict for {name}: score {score:.3f} (AdaIN 2.000) -> "
        f"{'the adaptive model is used' if candidate.wins else 'AdaIN stays'}; wrote {out}"
        + (f" {JUDGED_ON_TRAINED}: the only readable photos under {data / 'content'} are the validation ones, "
           "which trained it too; add photos for a fair verdict)" if trained_on else ""))
    return candidate
