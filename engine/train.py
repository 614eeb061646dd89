"""Training the AdaIN decoder on ../shared/data/train (resumable, with progress and ETA).

A checkpoint is two safetensors files: the decoder weights (what the engine ships) and the Adam
state with the iteration count in its metadata, so a run resumes where it stopped. With a
``GracefulStop`` (the CLI's: SIGINT and SIGTERM) a run stops after the iteration under way and
saves it first.
"""
from __future__ import annotations

import contextlib
import errno
import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from PIL import Image
from safetensors import SafetensorError, safe_open
from safetensors.torch import load_file

from .adain import adain, mean_std
from .decoder import SkipDecoder, build_decoder, has_photo_skip, is_skip_state
from .errors import TRY_AGAIN, BadImageError, EngineError
from .file_modes import save_file
from .vgg import STYLE_LAYERS, Encoder, load_vgg

from .train_split import list_images


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM that stops a training command at once (outside its iterations, or a
    second signal); ``exit_status`` is 128 + the signal's number (130, 143), as a shell reports."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def progress_line(iteration: int, iterations: int, seconds_per_it: float, losses: str) -> str:
    """A training run's progress line, the same for every trainer: "it 120/1500 <losses> 1.52s/it
    ETA 12.3 min" (bot/style_training.py reads a community style's progress from it)."""
    eta = seconds_per_it * (iterations - iteration)
    return f"it {iteration}/{iterations} {losses} {seconds_per_it:.2f}s/it ETA {eta / 60:.1f} min"


@contextlib.contextmanager
def os_errors(path: Path | None = None):
    """safetensors' failures to write (``SafetensorError: ... No space left on device (os error
    28)``) as OSError with that errno, naming ``path``: a full disk while saving a checkpoint was a
    traceback, exit status 1."""
    import re

    try:
        yield
    except SafetensorError as exc:
        code = re.search(r"\(os error (\d+)\)", str(exc))
        if code is None:
            raise
        raise OSError(int(code[1]), os.strerror(int(code[1])), None if path is None else str(path)) from None


class GracefulStop:
    """SIGINT and SIGTERM during a training command, so that a stop loses no work.

    Inside ``deferring()`` (the training loop) the first signal only sets ``signum``: the loop
    finishes its iteration, saves a checkpoint and stops. Outside it (loading, exporting), and for
    a second signal, ``Interrupted`` is raised at once; inside ``saving()`` (a checkpoint being
    written) every signal waits until the files are whole. ``saved`` is the iteration of the last
    checkpoint (the trainer sets it), None before there is one; ``began`` says whether the training
    loop was entered. Without ``installed()`` (a library call, a test, another thread) no signal is
    caught and ``signum`` stays None. Used by train-artist, train-decoder and distill-artists."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.signum: int | None = None
        self.saved: int | None = None
        self.began = False
        self._deferring = False
        self._saving = False

    @contextlib.contextmanager
    def installed(self):
        old = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        try:
            yield self
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)

    @contextlib.contextmanager
    def deferring(self):
        self._deferring = self.began = True
        try:
            yield self
        finally:
            self._deferring = False

    @contextlib.contextmanager
    def saving(self, folder: Path | None = None):
        """Writing a checkpoint (into ``folder``): signals wait, and safetensors' I/O failures
        (a full disk) come out as the OSError they are, which the CLI says in one line."""
        self._saving = True
        try:
            with os_errors(folder):
                yield self
        finally:
            self._saving = False
        if self.signum is not None and not self._deferring:
            raise Interrupted(self.signum)

    def stopped_at_once(self) -> str:
        """The line a command prints when ``Interrupted`` stopped it at once."""
        if self.saved is not None:
            return f"stopped; the last checkpoint is iteration {self.saved}; run the same command to resume"
        if self.began:
            return "stopped before the first checkpoint; nothing saved"
        return "stopped before training began; nothing saved"

    def _handle(self, signum, frame) -> None:
        first = self.signum is None
        if first:
            self.signum = signum
        if self._saving or (self._deferring and first):
            return
        raise Interrupted(signum)




class RunBusyError(EngineError):
    """Another training run holds the run folder's lock (past ``--wait-for-run``): nothing is wrong
    with the command, it works once that run has ended. The CLI exits 75 (EX_TEMPFAIL, as for a
    full disk), so the bot's trainer puts the style back in line instead of failing it and deleting
    the folder the other run trains in."""
    exit_status = TRY_AGAIN


class RunLock:
    """One training run at a time in a run folder: an exclusive ``flock`` on OUT/.lock, held while
    the run lives (the system drops it when the process ends, however it ends). Two runs of the
    same command in one folder each overwrote the other's checkpoint, iterations and Adam's
    state mixed, and one could die renaming a temp file the other had already moved.

    ``acquire()`` locks a folder that exists (before its checkpoint is read); ``acquire(create=
    True)`` creates it first (when training starts). Either returns True when it took the lock
    just now, False when it already held it or (without ``create``) there is no folder yet.
    Another run holding it is a RunBusyError naming that run's process, at once or, with
    ``wait_s``, once it has held it that long (the bot's trainer waits: a run it stopped, or one
    a killed bot left, saves its iteration before it ends, and the restarted bot's run must not
    fail the style meanwhile). A file system that cannot lock (flock failing otherwise than
    "would block": some network file systems) is a warning, and the run goes on unlocked."""

    NAME = ".lock"

    def __init__(self, out: Path, wait_s: float = 0.0, log=None):
        self.out = Path(out)
        self.wait_s = wait_s
        self.log = log or print
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self, create: bool = False) -> bool:
        try:
            import fcntl
        except ImportError:             # not on Linux or macOS: no lock to take
            return False
        if self._fd is not None:
            return False
        if create:
            self.out.mkdir(parents=True, exist_ok=True)
        elif not self.out.is_dir():
            return False
        try:
            fd = os.open(self.out / self.NAME, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            if create:
                raise                   # training would write here: a read-only folder is the CLI's one line
            return False                # only read (a finished run asked for nothing more)
        try:
            self._wait_for(fd, fcntl)
        except BaseException:           # another run's, or a signal while waiting
            os.close(fd)
            raise
        # (locked, or on a file system without locks: held as if locked, so that it warns once)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def start_training(self, resumed: bool, *checkpoint: Path) -> None:
        """The folder created and locked as training starts (not before: bad input leaves no
        empty run folder); a ``checkpoint`` file (any of those given: a run's weights and Adam's
        state, the first of its pair renamed into place) another run wrote there meanwhile, while
        this one, having found no folder (so no lock to hold), was loading, is an EngineError:
        this one would overwrite it. (A folder there when the checkpoint was read was locked then:
        a lone state found in it does not trip this.)"""
        if self.acquire(create=True) and not resumed and any(path.exists() for path in checkpoint):
            raise EngineError(f"another run wrote a checkpoint into {self.out} meanwhile; run the command again "
                              "to resume it")

    def _wait_for(self, fd: int, fcntl) -> None:
        deadline, told = time.monotonic() + self.wait_s, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    # No locks here (ENOLCK, EINVAL, EOPNOTSUPP: an NFS without its lock daemon, some
                    # FUSE mounts): every run refused with exit 2. Unlocked, as before there was one.
                    self.log(f"warning: cannot lock {self.out / self.NAME} ({exc.strerror or exc}); training "
                             "without the lock: make sure no other run uses this folder")
                    return
                os.lseek(fd, 0, os.SEEK_SET)
                holder = os.read(fd, 32).decode(errors="replace").strip()
                holder = f" (process {holder})" if holder.isdigit() else ""
                if time.monotonic() >= deadline:
                    raise RunBusyError(f"another training run is using {self.out}{holder}; wait for it to end or "
                                       "stop it, or use another --out") from None
                if not told:
                    told = True
                    self.log(f"waiting up to {self.wait_s:g} s for the training run using {self.out}{holder} to end")
                time.sleep(0.2)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)          # closing the file drops the lock
            self._fd = None


def save_pair(*writes) -> None:
    """A checkpoint's files written as a pair: each ``(path, write)`` writes ``path``'s new content
    to the temporary file it is given (PATH.tmp), and only once every one is whole are they renamed
    into place. A failure while writing (a full disk) leaves the previous pair as it was, the
    temporaries removed: the files were renamed one by one as each was written, and a full disk
    between them left the weights one save ahead of Adam's state, which a resume then mixed.

    The first file given (the weights) is renamed last: a process killed between the renames
    (SIGKILL, the OOM killer) leaves, at a run's first save, Adam's state without its weights (a
    new run, with a note: holds_run) and, later, a pair out of step (resumed from the weights'
    iteration, Adam's state afresh: out_of_step). Weights renamed first left them without Adam's
    state at a first save, which is refused (exit 2), and the bot failed the style for good."""
    written = []
    try:
        for path, write in writes:
            tmp = Path(path).with_name(Path(path).name + ".tmp")
            written.append((tmp, Path(path)))
            write(tmp)
    except BaseException:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in reversed(written):
        tmp.replace(path)


def holds_run(weights_path: Path, state_path: Path, train_on: str, log) -> bool:
    """Whether a run folder holds a checkpoint to resume: both its files. The weights without
    Adam's state (deleted, or lost by a copy of the folder) are an EngineError naming them and
    saying what to do (``train_on``: how to train on from them, or what else to do with them): the
    folder was taken for no run, and the new run overwrote the trained weights without a word.
    Adam's state without its weights is of no use alone: ``log`` says a new run starts (its first
    save replaces it). The bot's trainer leaves such a folder queued for a new run."""
    weights, state = weights_path.exists(), state_path.exists()
    if weights and not state:
        raise EngineError(f"{weights_path} has no {state_path.name} (Adam's state) beside it: the run cannot "
                          f"resume, and a new run would overwrite it; {train_on}, or delete it to start over")
    if state and not weights:
        log(f"note: {state_path} is Adam's state without its weights ({weights_path.name}): no run to resume; "
            "a new run starts, and replaces it")
    return weights and state


def out_of_step(weights_iteration: int | None, state_iteration: int, log) -> bool:
    """Whether a run's weights and Adam's state are of different iterations (a pair written before
    ``save_pair``, or a process killed between its two renames); ``log`` then says how the run goes
    on: from the weights, with Adam's state afresh (the moments of another iteration's weights would
    be mixed with them). A weights file that does not say its iteration is taken as in step."""
    if weights_iteration is None or weights_iteration == state_iteration:
        return False
    log(f"note: the run's weights are of iteration {weights_iteration} but Adam's state of iteration "
        f"{state_iteration} (a save cut short); going on from iteration {weights_iteration} with Adam's state afresh")
    return True


def load_pool(paths: list[Path], short_side: int, log=None) -> list[torch.Tensor]:
    """Decode every image once, downscaled so its shorter side is ``short_side`` (uint8 CHW).
    A picture that cannot be read (cut short, not an image, too large) is left out and ``log``
    says so: one bad file among a thousand stopped every run (and failed every community style
    the bot trained) with "cannot identify image file". EngineError when none can be read. Each is
    read as an upload is (open_image), so training leaves out exactly what the split calls
    unreadable (train_split.unreadable: the held-out photo, has_validation_photos)."""
    pool, skipped = [], []
    for path in paths:
        try:
            im = _open_rgb(path, short_side)
        except BadImageError as exc:            # open_image's: cut short, not an image, too small, too large
            skipped.append(f"{path.name}: {exc.key.replace('_', ' ')}")
            continue
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            skipped.append(f"{path.name}: {str(exc).strip() or type(exc).__name__}")
            continue
        with im:
            scale = short_side / min(im.size)
            size = (max(short_side, round(im.width * scale)), max(short_side, round(im.height * scale)))
            im = im.resize(size, Image.BICUBIC)
            pool.append(torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).view(im.height, im.width, 3).permute(2, 0, 1).clone())
    if skipped:
        folder = paths[0].parent
        if not pool:
            raise EngineError(f"none of the {len(paths)} pictures under {folder} could be read ({skipped[0]})")
        (log or print)(f"left out {len(skipped)} unreadable picture(s) under {folder}: " + "; ".join(skipped[:3])
                       + ("; ..." if len(skipped) > 3 else ""))
    return pool


def _open_rgb(path: Path, short_side: int = 0) -> Image.Image:
    """The picture at ``path`` decoded (a file cut short fails here, not later) as open_image
    decodes an upload, which is what train_split.unreadable judges: upright, in sRGB, 8-bit RGB,
    a PNG with megabytes of XMP read from its pixels. Pillow opened it directly before, so such a
    PNG counted as readable for the hold-out and was then left out of training ("none of the 1
    pictures could be read"), and a picture under 32 px the other way round. A JPEG is decoded at
    a reduced scale (draft) no smaller than ``short_side`` needs."""
    from .images import THIN_SHARE, WORKING_SIDE, open_image

    return open_image(path, working_side=max(WORKING_SIDE, THIN_SHARE * short_side))


def random_batch(pool: list[torch.Tensor], batch: int, crop: int, rng: random.Random) -> torch.Tensor:
    out = torch.empty(batch, 3, crop, crop)
    for i in range(batch):
        img = pool[rng.randrange(len(pool))]
        _, h, w = img.shape
        y, x = rng.randrange(h - crop + 1), rng.randrange(w - crop + 1)
        patch = img[:, y:y + crop, x:x + crop].float() / 255.0
        out[i] = patch.flip(2) if rng.random() < 0.5 else patch
    return out


@dataclass
class TrainConfig:
    data: Path
    out: Path
    iterations: int = 2000
    batch: int = 8
    crop: int = 128
    lr: float = 2e-4
    lr_decay: float = 5e-5
    style_weight: float = 10.0
    save_every: int = 100
    snapshot_every: int = 0           # also keep out/snapshots/decoder_<iteration>.safetensors (bench.decoder_progress)
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"
    init: Path | None = None          # decoder weights to start from when out/ has no checkpoint
    loss: str = "adain"               # adain (the paper's) | score (the evaluation's balanced score)
    skips: bool = False               # a SkipDecoder (engine/decoder.py); grown from a plain --init
    photo_skip: bool = False          # a SkipDecoder that also sees the photo's raw relu4_1; grown likewise


def _paint(decoder, c_feats: dict, s_stats: dict):
    """(AdaIN target, decoded picture); a SkipDecoder also gets the shallower layers AdaIN-ed
    (and, with the photo skip, the photo's own relu4_1)."""
    with torch.no_grad():
        target = adain(c_feats["relu4_1"], *s_stats["relu4_1"])
        skips = {k: adain(c_feats[k], *s_stats[k]) for k in getattr(decoder, "skip_layers", ())}
    if not skips:
        return target, decoder(target)
    photo = c_feats["relu4_1"] if decoder.uses_photo else None
    return target, decoder(target, skips, photo)


def style_content_loss(encoder: Encoder, decoder, content, style, style_weight: float):
    """Loss of the AdaIN paper: content at relu4_1 against the AdaIN target, style as mean/std."""
    with torch.no_grad():
        c_feats = encoder(content, STYLE_LAYERS)
        s_feats = encoder(style, STYLE_LAYERS)
        s_stats = {k: mean_std(v) for k, v in s_feats.items()}
    target, out = _paint(decoder, c_feats, s_stats)
    o_feats = encoder(out, STYLE_LAYERS)
    loss_c = F.mse_loss(o_feats["relu4_1"].float(), target)
    loss_s = sum(
        F.mse_loss(m, s_stats[k][0]) + F.mse_loss(s, s_stats[k][1])
        for k, (m, s) in ((k, mean_std(v)) for k, v in o_feats.items())
    )
    return loss_c, loss_s, loss_c + style_weight * loss_s


def batch_style_distance(a: dict, b: dict) -> torch.Tensor:
    """evaluate.stats_distance for a batch: per picture, summed over layers."""
    return sum(((a[k][0] - b[k][0]) ** 2).mean(dim=(1, 2, 3)) + ((a[k][1] - b[k][1]) ** 2).mean(dim=(1, 2, 3))
               for k in STYLE_LAYERS)


def score_loss(encoder: Encoder, decoder, content, style, style_weight: float = 1.0):
    """The balanced score of `python -m engine evaluate`, per (photo, painting) pair of the batch:
    content distance to the *photo* (relu4_1) / the painting's own content distance, plus style
    distance to the painting / the photo's own. The decoder still paints AdaIN's target; what it
    learns is the balance the evaluation asks for (the paper's loss keeps the AdaIN target and
    weights style 10x, far from the score's own balance of about 1)."""
    with torch.no_grad():
        c_feats = encoder(content, STYLE_LAYERS)
        s_feats = encoder(style, STYLE_LAYERS)
        c_stats = {k: mean_std(v) for k, v in c_feats.items()}
        s_stats = {k: mean_std(v) for k, v in s_feats.items()}
        c4 = c_feats["relu4_1"].float()
        content_norm = ((s_feats["relu4_1"].float() - c4) ** 2).mean(dim=(1, 2, 3)).clamp_min(1e-6)
        style_norm = batch_style_distance(c_stats, s_stats).clamp_min(1e-6)
    _, out = _paint(decoder, c_feats, s_stats)
    o_feats = encoder(out, STYLE_LAYERS)
    o_stats = {k: mean_std(v) for k, v in o_feats.items()}
    loss_c = ((o_feats["relu4_1"].float() - c4) ** 2).mean(dim=(1, 2, 3)) / content_norm
    loss_s = batch_style_distance(o_stats, s_stats) / style_norm
    return loss_c.mean(), loss_s.mean(), (loss_c + style_weight * loss_s).mean()


LOSSES = {"adain": style_content_loss, "score": score_loss}


def _autocast(device: torch.device, precision: str):
    if precision == "fp32":
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=torch.bfloat16)


def train_decoder(cfg: TrainConfig, log=print, stop: GracefulStop | None = None) -> Path:
    """Train (or resume) ``cfg``'s run; returns the weights' path. With ``stop`` signalled the run
    saves the iteration under way and returns (``stop.signum`` set, ``stop.saved`` the iteration).
    A run already at ``cfg.iterations`` (its checkpoint, or an --init's count) trains nothing and
    writes nothing: the path returned then exists only if the run's folder held a checkpoint.
    ``cfg.out`` is created when training starts; another run training there is an EngineError."""
    with RunLock(cfg.out) as lock:
        return _train_decoder(cfg, log, stop, lock)


def _train_decoder(cfg: TrainConfig, log, stop: GracefulStop | None, lock: RunLock) -> Path:
    from .core import pick_device

    stop = stop or GracefulStop()
    device = pick_device(cfg.device)
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    weights_path, state_path = cfg.out / "decoder.safetensors", cfg.out / "decoder.optim.safetensors"

    from .core import pick_precision

    precision = pick_precision(cfg.precision, device)
    precision = "fp32" if precision == "fp32" else "bf16"
    # The frozen encoder is cast once; autocast would re-cast its weights three times per step.
    enc_dtype = torch.float32 if precision == "fp32" else torch.bfloat16
    log(f"device {device}, precision {precision}")
    lock.acquire()                      # a folder there: no other run writes its checkpoint while it is read
    resuming = holds_run(weights_path, state_path, "to train on from it, pass it as --init with another --out",
                         log)
    # This run's checkpoint, else --init (e.g. the shipped fp16 weights: the optimiser state starts
    # afresh, the count goes on), else nothing. A checkpoint keeps its kind; --skips grows a plain init.
    state = (_read_weights(weights_path, resumed=True) if resuming else
             _read_weights(cfg.init) if cfg.init is not None else None)
    skip = is_skip_state(state) if resuming else cfg.skips or cfg.photo_skip or (state is not None and is_skip_state(state))
    if state is not None and skip and not is_skip_state(state):
        decoder = SkipDecoder.grown_from(state)     # paints as the plain one did; the skips learn
    else:
        decoder = SkipDecoder(state is not None and has_photo_skip(state)) if skip else build_decoder()
        if state is not None:
            try:
                decoder.load_state_dict({k: v.float() for k, v in state.items()})
            except RuntimeError:        # missing, unexpected or misshapen tensors: another network's file
                raise _unusable(weights_path if resuming else cfg.init, "not a decoder's weights",
                                resuming) from None
    if cfg.photo_skip and not resuming:
        decoder.grow_photo_skip()                   # zero-initialised: paints as before, then learns
    decoder = decoder.to(device)
    opt = torch.optim.Adam(decoder.parameters(), lr=cfg.lr)
    start = 0
    if resuming:
        try:
            state_iteration = _state_iteration(state_path)
            weights_iteration = _weights_iteration(weights_path)
            if out_of_step(weights_iteration, state_iteration, log):
                start = weights_iteration
            else:
                start = _load_optimizer(opt, decoder, state_path)
        except (SafetensorError, OSError, KeyError, TypeError, ValueError) as exc:
            raise _unusable(state_path, str(exc).strip() or type(exc).__name__, True) from None
        stop.saved = start
        log(f"resuming from iteration {start}")
    elif cfg.init is not None:
        with safe_open(str(cfg.init), "pt") as f:
            start = int((f.metadata() or {}).get("iterations", 0))
        grown = " with skips" if isinstance(decoder, SkipDecoder) else ""
        grown += " and the photo skip" if grown and decoder.uses_photo else ""
        log(f"starting from {cfg.init} (iteration {start}){grown}")
    if start >= cfg.iterations:
        # Nothing to train: no images loaded, no folder created, no checkpoint written (with an
        # --init, weights_path does not exist; the CLI says so instead of naming it).
        log(f"already at iteration {start} (asked for {cfg.iterations}); nothing to do")
        return weights_path
    # The photos and paintings before VGG: an empty or missing folder failed only after the models had
    # loaded (randrange's traceback), its empty run folder left behind.
    paths = {}
    for kind, what in (("content", "photos"), ("style", "paintings")):
        folder = cfg.data / kind
        if not folder.is_dir():
            raise EngineError(f"no training {what}: {folder} is not a folder")
        paths[kind] = list_images(folder)
        if not paths[kind]:
            raise EngineError(f"no training {what} under {folder} (its validation tenth is held out)")
    decoder = decoder.to(memory_format=torch.channels_last).train()
    encoder = Encoder(load_vgg()).to(device, enc_dtype).to(memory_format=torch.channels_last)

    short = max(cfg.crop, 2 * cfg.crop)
    log(f"loading images from {cfg.data} ...")
    content_pool = load_pool(paths["content"], short, log)
    style_pool = load_pool(paths["style"], short, log)
    log(f"{len(content_pool)} photos, {len(style_pool)} paintings (validation split held out)")
    rng.seed(cfg.seed + start)

    t0, done = time.time(), 0
    lock.start_training(resuming, weights_path, state_path)   # (the state: renamed first of a pair)
    with stop.deferring():              # a signal now stops after this iteration, saved
        for it in range(start, cfg.iterations):
            for group in opt.param_groups:
                group["lr"] = cfg.lr / (1.0 + cfg.lr_decay * it)
            content = random_batch(content_pool, cfg.batch, cfg.crop, rng).to(device).contiguous(memory_format=torch.channels_last)
            style = random_batch(style_pool, cfg.batch, cfg.crop, rng).to(device).contiguous(memory_format=torch.channels_last)
            with _autocast(device, precision):
                loss_c, loss_s, loss = LOSSES[cfg.loss](encoder, decoder, content, style, cfg.style_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            done += 1
            if (it + 1) % 10 == 0 or it + 1 == cfg.iterations:
                log(progress_line(it + 1, cfg.iterations, (time.time() - t0) / done,
                                  f"content {loss_c.item():.3f} style {loss_s.item():.3f}"))
            snapshot = cfg.snapshot_every and (it + 1) % cfg.snapshot_every == 0
            if (it + 1) % cfg.save_every == 0 or it + 1 == cfg.iterations or snapshot or stop.signum is not None:
                with stop.saving(cfg.out):     # a signal now waits: the two files (and the snapshot) stay whole
                    _save(decoder, opt, it + 1, weights_path, state_path, cfg)
                    stop.saved = it + 1
                    if snapshot:
                        (cfg.out / "snapshots").mkdir(exist_ok=True)
                        export_decoder(weights_path, cfg.out / "snapshots" / f"decoder_{it + 1}.safetensors")
            if stop.signum is not None:
                break
    return weights_path


def _unusable(path: Path, why: str, resumed: bool) -> Exception:
    if resumed:
        return EngineError(f"the run's checkpoint {path} is unreadable ({why}); delete the folder {path.parent} "
                           "to start the run again (from --init, if given), or use another --out")
    return EngineError(f"--init {path} is unusable ({why}); give train-decoder's OUT/decoder.safetensors or the "
                       "shipped engine/weights/decoder.safetensors")


def _read_weights(path: Path, resumed: bool = False) -> dict[str, torch.Tensor]:
    """A decoder's weights (a run's checkpoint, or --init) as tensors; a file that is not
    safetensors (cut short, another program's) is an EngineError saying what to do."""
    if not Path(path).is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    try:
        return load_file(path)
    except SafetensorError as exc:
        raise _unusable(path, f"not a readable safetensors file: {str(exc).strip()}", resumed) from None


def _save(decoder, opt, iteration: int, weights_path: Path, state_path: Path, cfg: TrainConfig) -> None:
    meta = {"iterations": str(iteration), "crop": str(cfg.crop), "batch": str(cfg.batch),
            "lr": str(cfg.lr), "style_weight": str(cfg.style_weight), "loss": cfg.loss}
    weights = {k: v.detach().float().contiguous().cpu() for k, v in decoder.state_dict().items()}
    state = {}
    for i, p in enumerate(decoder.parameters()):
        st = opt.state.get(p)
        if st:
            state[f"{i}.exp_avg"] = st["exp_avg"].contiguous().cpu()
            state[f"{i}.exp_avg_sq"] = st["exp_avg_sq"].contiguous().cpu()
            state[f"{i}.step"] = torch.as_tensor(st["step"]).reshape(1).float().cpu()
    save_pair((weights_path, lambda tmp: save_file(weights, tmp, metadata=meta)),
              (state_path, lambda tmp: save_file(state, tmp, metadata=meta)))


def _state_iteration(state_path: Path) -> int:
    with safe_open(str(state_path), "pt") as f:
        return int(f.metadata()["iterations"])


def _weights_iteration(weights_path: Path) -> int | None:
    """The iteration a run's weights file says it holds (None if it does not say)."""
    with safe_open(str(weights_path), "pt") as f:
        iteration = (f.metadata() or {}).get("iterations")
    return int(iteration) if iteration is not None and iteration.isdigit() else None


def _load_optimizer(opt, decoder, state_path: Path) -> int:
    state = load_file(state_path)
    for i, p in enumerate(decoder.parameters()):
        if f"{i}.exp_avg" in state:
            if state[f"{i}.exp_avg"].shape != p.shape or state[f"{i}.exp_avg_sq"].shape != p.shape:
                raise ValueError(f"Adam's state does not fit the decoder (parameter {i})")
            opt.state[p] = {"step": state[f"{i}.step"].reshape(()).clone(),
                            "exp_avg": state[f"{i}.exp_avg"], "exp_avg_sq": state[f"{i}.exp_avg_sq"]}
    with safe_open(state_path, "pt") as f:
        return int(f.metadata()["iterations"])


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (the same path, a link, a hard link)."""
    try:
        return Path(a).resolve() == Path(b).resolve() or os.path.samefile(a, b)
    except OSError:                     # ``b`` not there yet: another file
        return False


def export_decoder(checkpoint: Path, output: Path) -> None:
    """Training checkpoint (fp32) -> shipped weights (fp16 halves the size; inference is bf16/fp32).
    A file that is not a decoder's weights (another safetensors file, not safetensors at all) is an
    EngineError naming it, before anything is written."""
    from safetensors import SafetensorError, safe_open

    from .errors import EngineError

    if not Path(checkpoint).is_file():
        raise FileNotFoundError(2, "no such file", str(checkpoint))
    if _same_file(checkpoint, output):
        # The export replaced the run's fp32 checkpoint with fp16 weights: its Adam state no longer
        # fitted, and the training state was lost for good.
        raise EngineError(f"-o {output} is the checkpoint itself: the export would replace the run's fp32 weights "
                          "with fp16 ones; write it elsewhere (the default is engine/weights/decoder.safetensors)")
    try:
        with safe_open(str(checkpoint), "pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k).half().contiguous() for k in f.keys()}
    except SafetensorError:
        raise EngineError(f"{checkpoint} is not a decoder checkpoint (not a safetensors file)") from None
    keys = set(tensors)
    expected = set((SkipDecoder(has_photo_skip(keys)) if is_skip_state(keys) else build_decoder()).state_dict())
    if keys != expected:
        raise EngineError(f"{checkpoint} is not a decoder checkpoint (train-decoder writes OUT/decoder.safetensors)")
    output.parent.mkdir(parents=True, exist_ok=True)
    with os_errors(output):
        save_file(tensors, output, metadata=meta)
