"""Review of 00e7f19: job_style took a community style's file given as a bytearray or a memoryview
for its bytes, and put it in the job as it was. A memoryview cannot be copied (dataclasses.asdict)
nor pickled, so the job's journal row (engine.queue.wire.job_to_dict) and the process queue's
hand-over failed on it. The job carries plain bytes."""
from __future__ import annotations

import pickle

import pytest

from bot.commands import CommandLayer, Style
from engine.jobs import Job, StyleRef
from engine.queue.wire import job_from_dict, job_to_dict

from tests.bot.conftest import FakeQueue


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
async def test_a_style_file_is_carried_as_bytes(settings, store, kind):
    layer = CommandLayer(settings, store, FakeQueue())
    data = b"a descriptor's bytes"
    ref = layer.job_style(Style(StyleRef("descriptor", kind(data), 1.0), "Ink Wash", "ink wash"), 0.5)
    assert type(ref.value) is bytes and ref.value == data and ref.weight == 0.5
    job = Job(user_id="tg:1", chat_id="tg:1", image=b"photo", styles=[ref])
    assert job_from_dict(job_to_dict(job)).styles[0].value == data       # (the journal's row)
    assert pickle.loads(pickle.dumps(job)).styles[0].value == data       # (the process queue's)
