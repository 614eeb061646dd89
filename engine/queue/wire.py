"""Jobs and results as JSON-able dicts (bytes as base64): for the worker pipe, SQLite and Redis."""
from __future__ import annotations

import base64
import json

from ..jobs import Job, JobResult


def _b(data: bytes) -> dict:
    return {"b64": base64.b64encode(data).decode("ascii")}


def _unb(value):
    return base64.b64decode(value["b64"]) if isinstance(value, dict) and "b64" in value else value


def job_to_dict(job: Job, with_image: bool = True) -> dict:
    data = job.to_dict()
    data["image"] = _b(job.image) if with_image else None
    for s in data["styles"]:
        if isinstance(s["value"], (bytes, bytearray)):
            s["value"] = _b(bytes(s["value"]))
    return data


def job_from_dict(data: dict, image: bytes | None = None) -> Job:
    data = dict(data)
    data["image"] = image if image is not None else (_unb(data.get("image")) or b"")
    data["styles"] = [dict(s, value=_unb(s["value"])) for s in data["styles"]]
    return Job.from_dict(data)


def result_to_dict(result: JobResult, with_image: bool = True) -> dict:
    data = dict(vars(result))
    data["image"] = _b(result.image) if (with_image and result.image is not None) else None
    return data


def result_from_dict(data: dict, image: bytes | None = None) -> JobResult:
    data = dict(data)
    data["image"] = image if image is not None else _unb(data.get("image"))
    return JobResult(**data)


def dumps(obj: dict) -> str:
    return json.dumps(obj, separators=(",", ":"))
