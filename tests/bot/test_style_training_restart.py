"""A restarted bot's run of a style meets the run it stopped (or a killed bot's, sent SIGTERM)
still saving its iteration in the style's folder: it waits for it, the style is not failed."""
from __future__ import annotations

import asyncio
import os

import pytest

from bot.style_training import shipped_adaptive_model

from tests.bot.test_style_training import add_real_style, another_run_in, running_trainer, wait_for


def holds_lock_file(pid: int, lock) -> bool:
    """Whether process ``pid`` has ``lock`` open (the run waiting for it)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(lock) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
async def test_a_run_waits_for_the_earlier_run_of_its_style_to_end(training_settings):
    async with running_trainer(training_settings) as (store, trainer, told):
        style_id = add_real_style(store, "tg:1000", "Ink")
        run = store.model_paths(store.get_style(style_id))[0]
        with another_run_in(run) as lock:                # the earlier run, still saving
            assert await trainer.enqueue(style_id)
            assert await wait_for(lambda: trainer._proc is not None and holds_lock_file(trainer._proc.pid, lock), 120)
            await asyncio.sleep(0.5)
            assert store.get_style(style_id).training == "training"
        # it has ended: this run goes on and finishes
        assert await wait_for(lambda: store.get_style(style_id).training in ("used", "kept_adain", "failed"))
        assert store.get_style(style_id).training in ("used", "kept_adain")
        assert told and told[0][1] != "failed"


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_full_disk_keeps_the_style_queued_and_its_run_and_tries_again(training_settings, tmp_path,
                                                                              monkeypatch):
    import sys

    runs = tmp_path / "runs.txt"
    fake = tmp_path / "python"          # what train-artist does on a full disk: its line, exit 75
    fake.write_text(f"#!/bin/sh\necho run >> {runs}\necho 'error: No space left on device: x'\nexit 75\n")
    fake.chmod(0o755)
    async with running_trainer(training_settings, retry_after_s=0.2) as (store, trainer, told):
        try:
            style_id = add_real_style(store, "tg:1000", "Ink")
            run = store.model_paths(store.get_style(style_id))[0]
            run.mkdir(parents=True)
            (run / "state.safetensors").write_bytes(b"a checkpoint to resume")
            monkeypatch.setattr(sys, "executable", str(fake))
            assert await trainer.enqueue(style_id)
            assert await wait_for(lambda: runs.exists() and len(runs.read_text().split()) >= 2, 60)   # tried again
            style = store.get_style(style_id)
            assert style.training in ("queued", "training"), style
            assert (run / "state.safetensors").exists() and not told
        finally:
            monkeypatch.undo()          # (before the trainer stops)
