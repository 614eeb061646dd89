"""Jobs and results as JSON-able dicts (bytes as base64): for the worker pipe, SQLite and Redis."""
from __future__ import annotations

import base64
import dataclasses
import json
import logging

from ..jobs import Job, JobResult, StyleRef, file_bytes

log = logging.getLogger("engine.queue.wire")
_unknown_said: set[tuple[str, tuple[str, ...]]] = set()


def _known_fields(cls, data: dict, what: str) -> dict:
    """``data`` without the fields this release's ``cls`` lacks: a bot or worker of a newer
    release adds some (a result's timing, a job's option); its painting is not lost over them
    (an upgrade moves the workers first, or the bot). Said once per set of fields."""
    names = {f.name for f in dataclasses.fields(cls)}
    extra = tuple(sorted(set(data) - names))
    if not extra:
        return data
    if (what, extra) not in _unknown_said:
        _unknown_said.add((what, extra))
        log.warning("a %s carries field(s) this release does not know (%s): ignored; are the bot and the "
                    "workers on different releases?", what, ", ".join(extra))
    return {k: v for k, v in data.items() if k in names}


def _b(data: bytes) -> dict:
    return {"b64": base64.b64encode(data).decode("ascii")}


def _unb(value):
    return base64.b64decode(value["b64"]) if isinstance(value, dict) and "b64" in value else value


def job_to_dict(job: Job, with_image: bool = True) -> dict:
    # a copy, as bytes: the engine's API may be handed a buffer, and a memoryview cannot be
    # copied (Job.to_dict)
    job = dataclasses.replace(
        job, image=file_bytes(job.image) if with_image else b"",
        styles=[dataclasses.replace(s, value=file_bytes(s.value)) for s in job.styles])
    data = job.to_dict()
    data["image"] = _b(job.image) if with_image else None
    for s in data["styles"]:
        if isinstance(s["value"], bytes):
            s["value"] = _b(s["value"])
    return data


def job_from_dict(data: dict, image: bytes | None = None) -> Job:
    data = _known_fields(Job, dict(data), "job")
    data["image"] = image if image is not None else (_unb(data.get("image")) or b"")
    data["styles"] = [_known_fields(StyleRef, dict(s, value=_unb(s["value"])), "job's style") for s in data["styles"]]
    return Job.from_dict(data)


def result_to_dict(result: JobResult, with_image: bool = True) -> dict:
    data = dict(vars(result))
    data["image"] = _b(result.image) if (with_image and result.image is not None) else None
    return data


def result_from_dict(data: dict, image: bytes | None = None) -> JobResult:
    data = _known_fields(JobResult, dict(data), "result")
    data["image"] = image if image is not None else _unb(data.get("image"))
    return JobResult(**data)


def dumps(obj: dict) -> str:
    return json.dumps(obj, separators=(",", ":"))
