"""Community styles travel as the bytes of their descriptor file, so a worker on another host
(Redis) needs no access to the bot's DATA_DIR: through run_job, the wire format and the journal."""
import json

import pytest
import torch

from engine.descriptors import LAYERS, StyleDescriptor
from engine.jobs import Job, StyleRef, run_job
from engine.queue.journal import Journal
from engine.queue.wire import dumps, job_from_dict, job_to_dict
from tests.queue.fakes import tiny_png

CHANNELS = dict(zip(LAYERS, (64, 128, 256, 512, 512)))


def descriptor_file(tmp_path, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    desc = StyleDescriptor({k: (torch.rand(c, generator=g), torch.rand(c, generator=g) + 0.1)
                            for k, c in CHANNELS.items()}, {"name": "Stripes"})
    path = tmp_path / "stripes.safetensors"
    desc.save(path)
    return desc, path


def same(a: StyleDescriptor, b: StyleDescriptor) -> bool:
    return a.stats.keys() == b.stats.keys() and all(
        torch.equal(a.stats[k][0], b.stats[k][0]) and torch.equal(a.stats[k][1], b.stats[k][1]) for k in a.stats)


def test_from_bytes_is_load(tmp_path):
    desc, path = descriptor_file(tmp_path)
    from_bytes = StyleDescriptor.from_bytes(path.read_bytes())
    assert same(from_bytes, StyleDescriptor.load(path)) and same(from_bytes, desc)
    assert from_bytes.meta["name"] == "Stripes"
    with pytest.raises(ValueError):
        StyleDescriptor.from_bytes(b"not a descriptor")


class RecordingEngine:
    def __init__(self):
        self.styles = []

    def stylize(self, content, style, **kw):
        self.styles.append(style)
        return content.convert("RGB")


def test_descriptor_bytes_job_through_wire_and_run_job(tmp_path):
    desc, path = descriptor_file(tmp_path)
    data = path.read_bytes()
    job = Job(user_id="tg:1", chat_id="tg:1", image=tiny_png(), styles=[StyleRef("descriptor", data, 0.6)],
              max_side=64)
    path.unlink()                                      # the worker's host has no such file
    wired = job_from_dict(json.loads(dumps(job_to_dict(job))))
    assert wired.styles[0].kind == "descriptor" and wired.styles[0].value == data
    assert wired.styles[0].weight == 0.6 and wired.image == job.image and wired.id == job.id
    # the journal keeps it too (a restart resumes it with its style)
    journal = Journal(str(tmp_path / "q.sqlite3"))
    journal.add(wired)
    assert journal.job(job.id).styles[0].value == data
    assert [j.styles[0].value for j, _, _ in journal.undelivered()] == [data]
    journal.close()

    engine = RecordingEngine()
    result = run_job(engine, wired)
    assert result.ok and result.image[:2] == b"\xff\xd8"
    assert isinstance(engine.styles[0], StyleDescriptor) and same(engine.styles[0], desc)
    # damaged bytes: an error result, not an exception
    broken = Job(user_id="tg:1", chat_id="tg:1", image=tiny_png(), styles=[StyleRef("descriptor", b"\0" * 64)])
    result = run_job(engine, broken)
    assert not result.ok and result.error_key == "style_file_damaged"
    # a real safetensors file that holds no style statistics: the same error result
    from safetensors.torch import save
    other = Job(user_id="tg:1", chat_id="tg:1", image=tiny_png(),
                styles=[StyleRef("descriptor", save({"gamma": torch.ones(3)}))])
    result = run_job(engine, other)
    assert not result.ok and result.error_key == "engine_error"
