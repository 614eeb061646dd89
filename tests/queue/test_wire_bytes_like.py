"""wire.job_to_dict takes any bytes-like file in a job (the engine's Python API may be handed a
memoryview or an array's buffer): it goes over the wire as bytes and comes back as the same bytes."""
import array
import json

import pytest

from engine.jobs import Job, StyleRef
from engine.queue.wire import dumps, job_from_dict, job_to_dict

STYLE = b"\x00\x01style file\xff"
PHOTO = b"\x89PNG fake photo"


def bytes_likes(data: bytes):
    return [data, bytearray(data), memoryview(data), memoryview(bytearray(data)),
            memoryview(b"xx" + data + b"yy")[2:-2], array.array("B", data)]


@pytest.mark.parametrize("value", bytes_likes(STYLE), ids=lambda v: type(v).__name__)
def test_style_file_of_any_bytes_like_round_trips(value):
    job = Job("web:a", "web:a", PHOTO, [StyleRef("descriptor", value)])
    back = job_from_dict(json.loads(dumps(job_to_dict(job))))
    assert back.styles[0].value == STYLE and type(back.styles[0].value) is bytes


@pytest.mark.parametrize("photo", bytes_likes(PHOTO), ids=lambda v: type(v).__name__)
def test_photo_of_any_bytes_like_round_trips(photo):
    job = Job("web:a", "web:a", photo, [StyleRef("artist", "gogh")])
    back = job_from_dict(json.loads(dumps(job_to_dict(job))))
    assert back.image == PHOTO and type(back.image) is bytes
    assert job_to_dict(job, with_image=False)["image"] is None


def test_artist_names_stay_text():
    job = Job("web:a", "web:a", PHOTO, [StyleRef("artist", "gogh", 0.5)])
    data = job_to_dict(job)
    assert data["styles"] == [{"kind": "artist", "value": "gogh", "weight": 0.5}]
