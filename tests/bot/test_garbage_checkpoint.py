"""A finished or failed community style's run folder is deleted unless a checkpoint in it is
another style's (b0af34e), which is told from the file's safetensors header. A header that is
garbage (a torn write, a file that is no checkpoint) is nobody's: the folder goes. One whose JSON
nests deeply raised RecursionError out of the clean-up, so every start of the bot failed at the
training's start (prune_training_runs) and a failed training's clean-up died half-way."""
from __future__ import annotations

import pytest


def failed_style_with_run(store, header: bytes):
    path = store.style_dir("tg:1") / "ink.safetensors"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not read here")
    style_id = store.add_style("tg:1", "Ink", "ink", path, 3, "tg:1")
    store.set_training(style_id, training="failed")
    run = store.model_paths(store.get_style(style_id))[0]
    run.mkdir(parents=True)
    (run / "adaptive.safetensors").write_bytes(len(header).to_bytes(8, "little") + header + b"\0" * 64)
    return store.get_style(style_id), run


@pytest.mark.parametrize("header", [b"[" * 200_000, b'{"__metadata__": {"artists": "' + b"[" * 200_000 + b'"}}',
                                    b"\xff\xfe garbage", b'{"__metadata__": {"artists": "{\\"ink\\": 1'],
                         ids=["deep nesting", "deep metadata", "not text", "torn"])
def test_a_garbage_checkpoint_header_does_not_stop_the_clean_up(store, header):
    style, run = failed_style_with_run(store, header)
    assert store.prune_training_runs() == 1
    assert not run.exists()
