"""A community style's file carried as a bytearray (or a memoryview) is a file as much as bytes:
_damaged_style looked at bytes only, so a damaged one carried so was never named (the user got
"something went wrong, please try again", each try failing alike)."""
from __future__ import annotations

import pytest

from bot.painting_jobs import PaintingJobs
from engine.jobs import Job, StyleRef


def job_carrying(value) -> Job:
    return Job(user_id="tg:1", chat_id="tg:1", image=b"", styles=[StyleRef("descriptor", value, 1.0)],
               meta={"names": ["Ink Wash"]})


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_a_damaged_file_is_named_however_its_bytes_are_carried(kind):
    assert PaintingJobs._damaged_style(job_carrying(kind(b"not a safetensors file"))) == "Ink Wash"


@pytest.mark.parametrize("kind", [bytes, bytearray])
def test_the_engine_saying_so_names_the_one_style_carried_as_a_bytearray_too(kind):
    assert PaintingJobs._damaged_style(job_carrying(kind(b"x")), engine_says=True) == "Ink Wash"


def test_a_style_given_by_name_is_never_taken_for_a_damaged_file():
    job = Job(user_id="tg:1", chat_id="tg:1", image=b"", styles=[StyleRef("artist", "gogh", 1.0)],
              meta={"names": ["gogh"]})
    assert PaintingJobs._damaged_style(job, engine_says=True) is None
