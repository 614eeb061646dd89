"""Engine.stylize read a .safetensors style file's header (is it an adaptive style?) and then
resolve_style's _file_descriptor read it again, for every descriptor named by its path (the Python
API, `python -m engine stylize`): twice per painting. Once now, the answer passed along."""
from __future__ import annotations

import shutil

import pytest

from engine.adaptive import AdaptiveStyle


@pytest.fixture()
def descriptor_files(tmp_path):
    from styles import load_catalog

    catalog = load_catalog()
    paths = []
    for slug in ("klimt", "gogh"):
        path = tmp_path / f"{slug}.safetensors"
        shutil.copy(catalog.resolve(slug).descriptor_path, path)
        paths.append(path)
    return paths


@pytest.fixture()
def header_reads(monkeypatch):
    reads = []
    read = AdaptiveStyle.net_id_of

    def counted(path):
        reads.append(str(path))
        return read(path)

    monkeypatch.setattr(AdaptiveStyle, "net_id_of", staticmethod(counted))
    return reads


def test_a_descriptor_by_its_path_has_its_header_read_once(engine, photo, descriptor_files, header_reads):
    path = descriptor_files[0]
    assert max(engine.stylize(photo, str(path), max_side=64).size) == 64
    assert header_reads == [str(path)]


def test_each_file_of_a_mix_once(engine, photo, descriptor_files, header_reads):
    engine.stylize(photo, [(str(p), 0.5) for p in descriptor_files], max_side=64)
    assert sorted(header_reads) == sorted(str(p) for p in descriptor_files)


def test_resolve_style_alone_reads_it_once_and_gives_the_same_descriptor(engine, descriptor_files, header_reads):
    from engine.descriptors import StyleDescriptor

    got = engine.resolve_style(descriptor_files[0])
    assert header_reads == [str(descriptor_files[0])]
    assert got.distance(StyleDescriptor.load(descriptor_files[0])) == pytest.approx(0, abs=1e-6)
