"""resolve_style took a descriptor's bytes as bytes or a bytearray (as engine.queue.wire does), but
an adaptive style's only as bytes: a bytearray was taken for a path, and its TypeError came out of
run_job (which answers bad input with an error result, never an exception). Damaged, it is the
same style_file_damaged as bytes'."""
from __future__ import annotations

import pytest

from engine.adaptive import AdaptiveStyle
from engine.errors import DamagedStyleFileError
from engine.jobs import StyleRef, resolve_style

from tests.engine.test_damaged_style_bytes import _run


def test_an_adaptive_styles_bytearray_is_read_as_its_bytes(monkeypatch):
    read = []
    monkeypatch.setattr(AdaptiveStyle, "from_bytes", classmethod(lambda cls, data: read.append(data) or "style"))
    assert resolve_style(None, StyleRef("adaptive", bytearray(b"style file"))) == "style"
    assert read == [bytearray(b"style file")]


def test_a_damaged_one_is_style_file_damaged_as_bytes_are():
    with pytest.raises(DamagedStyleFileError):
        resolve_style(None, StyleRef("adaptive", bytearray(b"not a safetensors file")))
    result = _run("adaptive", bytearray(b"not a safetensors file"))       # an answer, not a TypeError
    assert not result.ok and result.error_key == "style_file_damaged", result
