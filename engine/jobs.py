"""What travels between the bot and the engine: a Job in, a JobResult out.

Plain data (bytes, strings, numbers) so a job can be stored in SQLite or sent over Redis as is.
``run_job`` is the one place that turns a Job into an ``Engine.stylize`` call; ``run_jobs`` runs
several at once (fast jobs of the same size share one ``Engine.stylize_batch`` pass, what a GPU wants).
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Callable, Literal

log = logging.getLogger("engine.jobs")

StyleKind = Literal["artist", "image", "descriptor", "adaptive"]   # adaptive: an AdaptiveStyle file
LANES = ("fast", "hq")          # every Job.lane; a worker asked for another would never get a job
# /hq's steps and a refining engine's (ENGINE_REFINE_STEPS) end this long before a job's time limit
# (a tenth of it at most), so that the painting so far is encoded and delivered in time, not a timeout.
REFINE_MARGIN_S = 5.0


@dataclass
class StyleRef:
    """One style of a job: an artist's name or alias, or a file's bytes: a painting's (image), a
    .safetensors descriptor's (descriptor) or an AdaptiveStyle's (adaptive). Never a path: a
    worker on another host reads no bot files, and a worker reads none of its own named by a job
    (style_file_value). The Python API (Engine.stylize) takes paths."""
    kind: StyleKind
    value: str | bytes
    weight: float = 1.0


@dataclass
class Job:
    user_id: str                      # platform-qualified, e.g. "tg:123", "dc:456", "web:abc"
    chat_id: str
    image: bytes                      # the photo as the user sent it
    styles: list[StyleRef]
    alpha: float = 1.0
    preserve_color: bool = False
    method: Literal["adain", "auto", "adaptive", "gatys"] = "adain"   # "auto": the artist's adaptive model if it wins
    max_side: int = 512
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: float = field(default_factory=time.time)
    meta: dict = field(default_factory=dict)   # the submitter's notes (JSON-able; the engine ignores
                                               # them), e.g. the bot's language and label for delivery
    # seconds the queue gives the painting from its start (its lane's JOB_TIMEOUT_*; 0: no limit),
    # set as it is handed to an engine: refine steps end in time for the painting so far to count
    time_limit: float = 0.0

    @property
    def lane(self) -> str:
        return "hq" if self.method == "gatys" else "fast"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Job":
        data = dict(data)
        data["styles"] = [s if isinstance(s, StyleRef) else StyleRef(**s) for s in data["styles"]]
        return cls(**data)


@dataclass
class JobResult:
    job_id: str
    ok: bool
    image: bytes | None = None        # JPEG
    error_key: str | None = None      # an engine error key (see engine.errors), translated by the bot
    error_params: dict = field(default_factory=dict)
    seconds: float = 0.0


def resolve_style(engine, ref: StyleRef):
    """A StyleRef as something Engine.stylize accepts."""
    from .descriptors import NoSafetensorsFile, StyleDescriptor
    from .errors import DamagedStyleFileError, EngineError, UnknownStyleError
    from .images import looks_like_path, open_image

    if ref.kind == "artist":
        if isinstance(ref.value, str) and looks_like_path(ref.value):   # a name, never a file of the worker's
            raise UnknownStyleError(ref.value)
        return ref.value
    value = style_file_value(ref)
    if ref.kind == "image":
        return open_image(value)
    if ref.kind == "adaptive":          # a community style with its own adaptive parameters
        from .adaptive import AdaptiveStyle

        return AdaptiveStyle.from_bytes(value)
    try:
        return StyleDescriptor.from_bytes(value)
    except NoSafetensorsFile as exc:    # cut short or garbage: each try fails alike, the style must be made again
        raise DamagedStyleFileError(detail=str(exc)) from None
    except ValueError:
        raise EngineError("That style's descriptor could not be read.") from None


def style_file_value(ref: StyleRef) -> bytes:
    """The file of an image, descriptor or adaptive StyleRef, checked once for all three: its bytes
    (file_bytes: whatever holds them). Anything else is a BadOptionError, a path (a str, a path
    object) too: a worker never reads a file of its own disk named by a job (its photo neither:
    photo_bytes), nor says whether one is there; nothing legitimate sends one (the bot reads a
    community style's file into its jobs: PaintingJobs.job_style). Never a TypeError, an OSError
    or a ValueError out of run_job."""
    from .errors import BadOptionError

    value = _carried_bytes(ref.value, f"a {ref.kind} style")
    if value is not None:
        return value
    what = "a path" if isinstance(ref.value, (str, os.PathLike)) else type(ref.value).__name__   # its text not echoed
    raise BadOptionError(detail=f"a job's {ref.kind} style is its file's bytes, not {what}")


def file_bytes(value):
    """A file a job carries (its photo, a style's file) as bytes, the one rule for every reader of
    a job (the painting, the wire, the journal, Redis): any object with the buffer protocol (bytes,
    a bytearray, a memoryview of any format or stride, an array.array; not a numpy array) is taken
    as its bytes, in C order, so SQLite stores and Redis sends what the painting reads, and a size
    is counted in bytes (len() of a cast memoryview counts its items). Anything else (a str, a path, None) comes
    back as it is, for the painting to refuse (photo_bytes, style_file_value). A memoryview its
    owner released: ValueError."""
    if type(value) is bytes:
        return value
    if hasattr(value, "__array_interface__"):   # a numpy array: most likely decoded pixels, not a file
        return value                            # (refused by its name; an object array's buffer is pointers)
    try:
        view = memoryview(value)
    except TypeError:           # no buffer: never read as a path here
        return value
    with view:
        return view.tobytes()


def with_file_bytes(job: Job) -> Job:
    """``job`` with its photo and style files as bytes (file_bytes), changed in place: done once as
    it is submitted, so that the journal, Redis and the size checks all see bytes, and a buffer
    its caller reuses or releases after the submit is painted as it was. A released memoryview
    (a closed mmap) stays as it is: every queue's submit then answers it bad_option at once
    (refused_file), as anything else that is still not bytes."""
    job.image = _bytes_or_as_is(job.image)
    for style in job.styles:
        style.value = _bytes_or_as_is(style.value)
    return job


def _bytes_or_as_is(value):
    try:
        return file_bytes(value)
    except ValueError:          # released by its owner
        return value


def _carried_bytes(value, what: str) -> bytes | None:
    """A file a job carries, as bytes (file_bytes; one released by its owner before the job ran:
    a BadOptionError naming ``what``); None for anything else (the caller says what it is instead)."""
    from .errors import BadOptionError

    try:
        value = file_bytes(value)
    except ValueError:
        raise BadOptionError(detail=f"{what}'s {type(value).__name__} was closed or released") from None
    return value if isinstance(value, bytes) else None


FILE_KINDS = ("image", "descriptor", "adaptive")     # the StyleRef kinds whose value is a file


def refused_file(job: Job) -> JobResult | None:
    """The answer to a job whose photo or a style's file is not bytes after with_file_bytes (None,
    a number, a PIL Image, a numpy array, a released view): bad_option, given at submit by every
    queue, as photo_bytes and style_file_value would give it. Such a job is never queued: the
    journal (SQLite) and Redis cannot store it, and a Redis worker could not start it (its lane
    stalled, retrying it). None for a job whose files are all bytes."""
    from .errors import BadOptionError

    try:
        photo_bytes(job)
        for ref in job.styles:
            if ref.kind in FILE_KINDS:
                style_file_value(ref)
    except BadOptionError as exc:
        return JobResult(job.id, False, error_key=exc.key, error_params=_plain(exc.params))
    return None


def open_photo(job: Job):
    """The job's photo, decoded no larger than its painting needs: a JPEG decodes at 1/2..1/8
    scale (draft mode) while staying at least the size it will be painted at. For a 12 MP phone
    photo painted at 512 px that is 1000x750 instead of the full 4000x3000: a whole adaptive job
    about 200 -> 130 ms (bench/results/job_decode.md; decoding and resizing had cost more than the
    painting itself)."""
    from .images import MIN_SIDE, WORKING_SIDE, open_image

    try:
        side = min(WORKING_SIDE, max(MIN_SIDE, int(job.max_side)))
    except (TypeError, ValueError):
        side = WORKING_SIDE         # a bad max_side: engine.stylize names it to the user
    return open_image(photo_bytes(job), working_side=side)


def photo_bytes(job: Job) -> bytes:
    """A job's photo: its bytes (file_bytes: whatever holds them). Anything else is a
    BadOptionError, not an AttributeError or an OSError out of run_job; a str is never read as a
    path (a file of the worker's: a job carries its photo, as an artist's name is never a path)."""
    from .errors import BadOptionError

    image = _carried_bytes(job.image, "a job's photo")
    if image is not None:
        return image
    raise BadOptionError(detail=f"a job's photo is its file's bytes, not {type(job.image).__name__}")


def run_job(engine, job: Job, progress: Callable[[float], None] | None = None,
            cancel: Callable[[], bool] | None = None) -> JobResult:
    """Run one job on an engine; bad input becomes an error result, never an exception. A job that
    runs out of memory is painted once more at a smaller size (painted_within_memory); if that
    runs out too, its result is out_of_memory."""
    from .errors import EngineError
    from .images import encode_jpeg
    from .out_of_memory import never_backwards, painted_within_memory

    start = time.perf_counter()
    progress = never_backwards(progress)    # a retry smaller counts from 0 again
    try:
        until = _refining_deadline(engine, job)
        content = open_photo(job)
        style = _style_of(engine, job)

        def paint(max_side):
            return engine.stylize(content, style, alpha=job.alpha, preserve_color=job.preserve_color,
                                  method=job.method, max_side=max_side, progress=progress, cancel=cancel, **until)

        out = painted_within_memory(paint, content.size, job.max_side, job.id)     # once more smaller if need be
        return JobResult(job.id, True, image=encode_jpeg(out), seconds=time.perf_counter() - start)
    except EngineError as exc:
        return JobResult(job.id, False, error_key=exc.key, error_params=_plain(exc.params),
                         seconds=time.perf_counter() - start)


def _refining_deadline(engine, job: Job) -> dict:
    """``deadline=`` for the stylize of a job with a time limit that paints in steps, each one
    improving a finished painting: /hq's, or any on an engine that refines its fast paintings
    (one that takes a deadline); else nothing."""
    if not (job.time_limit and job.time_limit > 0 and (job.lane == "hq" or getattr(engine, "refine_steps", 0))):
        return {}
    import inspect

    try:
        if "deadline" not in inspect.signature(engine.stylize).parameters:
            return {}
    except (TypeError, ValueError):
        return {}
    return {"deadline": time.monotonic() + job.time_limit - min(REFINE_MARGIN_S, job.time_limit / 10)}


def run_jobs(engine, jobs: list[Job], cancel: Callable[[Job], bool] | None = None,
             begin: Callable[[Job], None] | None = None, end: Callable[[Job], None] | None = None,
             alone: Callable[[Job], bool] | None = None,
             together: Callable[[list[Job]], None] | None = None) -> list[JobResult]:
    """Several jobs, one result each (in order), the same as ``run_job`` one by one would give.

    Fast AdaIN jobs (``method="auto"`` ones included, unless an adaptive model paints them) with
    the same ``max_side`` go through ``engine.stylize_batch`` together, which
    paints photos that come out the same size in one forward pass. A photo or style that cannot be
    read fails only its own job; /hq jobs, a lone job, an engine without ``stylize_batch`` and the
    jobs of a batch that failed as a whole (a bad option, out of memory) run one by one
    (each then painted once more smaller if it runs out of memory alone: run_job).
    Never raises: an engine bug becomes that job's ``engine_error`` result.

    ``cancel(job)``, when given, says whether a job was cancelled (or is no longer the caller's to
    paint): asked at each job's turn, and while a job painted alone is painted. A job cancelled
    before its turn is not painted and answers "cancelled"; the others' results are unchanged.
    (A batch pass is one forward pass: a job cancelled during it still gets its painting.)

    ``begin(job)`` and ``end(job)``, when given, bracket each stretch of work that is the job's
    own: decoding its photo, the batch pass it is painted in (every job of the group), its painting
    alone. A caller that dies in one can tell the jobs that were at work then from those that
    waited their turn or were done (a decode crash in the third job is not the first two's; a
    crash in the batch pass is the whole group's). ``begin`` comes after the turn's ``cancel``.
    ``alone(job)``, when given and true, keeps a job out of any batch pass: one that may have
    crashed a batch before is painted by itself, so a crash is its own next time.
    ``together(jobs)``, when given, is told the jobs of each batch pass (two or more) once their
    ``begin`` is done, just before the pass: a caller that dies in it can tell a crash shared with
    batch-mates from one in a job's own work.
    """
    from .errors import EngineError
    from .images import encode_jpeg
    from .out_of_memory import free_memory, is_out_of_memory

    start = time.perf_counter()
    results: list[JobResult | None] = [None] * len(jobs)

    @contextlib.contextmanager
    def at_work(indexes: list[int]):
        if begin is not None:
            for i in indexes:
                begin(jobs[i])
        try:
            yield
        finally:
            if end is not None:
                for i in indexes:
                    end(jobs[i])

    def cancelled(i: int) -> bool:
        if results[i] is None and cancel is not None and cancel(jobs[i]):
            results[i] = JobResult(jobs[i].id, False, error_key="cancelled", seconds=time.perf_counter() - start)
        return results[i] is not None

    groups: dict[int, list[tuple[int, tuple]]] = {}       # max_side -> [(index, (photo, style))]
    for i, job in enumerate(jobs):
        # A refining engine (refine_steps) paints one by one: its steps are per picture anyway,
        # and each job then has its progress and cancel between the steps.
        if (job.method not in ("adain", "auto") or not hasattr(engine, "stylize_batch")
                or getattr(engine, "refine_steps", 0) or cancelled(i)):
            continue
        if alone is not None and alone(job):
            continue
        try:
            with at_work([i]):
                item = (open_photo(job), _style_of(engine, job))
            if job.method == "auto" and engine.paints_adaptively(item[1]):
                continue    # the adaptive path needs no VGG pass: one by one is as fast
            groups.setdefault(job.max_side, []).append((i, item))
        except EngineError as exc:
            results[i] = JobResult(job.id, False, error_key=exc.key, error_params=_plain(exc.params),
                                   seconds=time.perf_counter() - start)
        except Exception:       # an engine bug: painted alone below, where _run_guarded answers for it
            log.warning("job %s could not join a batch; painting it alone", job.id, exc_info=True)
    for max_side, group in groups.items():
        group = [(i, item) for i, item in group if not cancelled(i)]      # their turn: cancelled since?
        if len(group) < 2:
            continue
        batch = [jobs[i] for i, _ in group]
        try:
            with at_work([i for i, _ in group]):
                if together is not None:
                    together(batch)
                outs = engine.stylize_batch([item for _, item in group], alpha=[j.alpha for j in batch],
                                            preserve_color=[j.preserve_color for j in batch],
                                            max_side=max_side, batch_size=len(group))
            images = [encode_jpeg(out) for out in outs]
        except Exception as exc:    # a bad option of one job, out of memory: each job gets its own answer
            log.warning("a batch of %d jobs failed; running them one by one", len(group), exc_info=True)
            ran_out = is_out_of_memory(exc)
        else:
            for (i, _), image in zip(group, images):
                results[i] = JobResult(jobs[i].id, True, image=image, seconds=time.perf_counter() - start)
            continue
        if ran_out:                 # past the except block (its frames let go): the one by one painting has it
            free_memory()
    for i, job in enumerate(jobs):                  # the rest one by one, each asked at its turn
        if not cancelled(i):
            with at_work([i]):
                results[i] = _run_guarded(engine, job, None if cancel is None else (lambda job=job: cancel(job)))
    return results


def _run_guarded(engine, job: Job, cancel: Callable[[], bool] | None = None) -> JobResult:
    try:
        return run_job(engine, job, cancel=cancel)
    except Exception as exc:       # an engine bug: this job's error, not the whole batch's
        log.exception("job %s failed", job.id)
        return JobResult(job.id, False, error_key="engine_error", error_params={"detail": type(exc).__name__})


def _style_of(engine, job: Job):
    styles = [(resolve_style(engine, s), s.weight) for s in job.styles]
    return styles[0][0] if len(styles) == 1 else styles


def _plain(params: dict) -> dict:
    return {k: (v if isinstance(v, (str, int, float, bool, list)) else str(v)) for k, v in params.items()}
