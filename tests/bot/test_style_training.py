"""A community style's own model, trained in the background by a real `python -m engine
train-artist` subprocess (tiny settings): /addstyle answers at once, /communitystyles shows the
training, a bot stop interrupts it and the next start resumes it, and afterwards the style's jobs
carry its trained parameters. Needs the shipped adaptive model."""
from __future__ import annotations

import asyncio
import time
from unittest import mock

import pytest

from bot.commands import CommandLayer, engine_describer
from bot.messages import t
from bot.store import Store
from bot.style_training import StyleTrainer, shipped_adaptive_model
from engine.train import is_validation

from .conftest import FakeQueue, make_photo
from .test_commands import say



@pytest.fixture
def training_settings(settings, tmp_path):
    content = tmp_path / "train" / "content"
    content.mkdir(parents=True)
    names = [f"p{i}.jpg" for i in range(40)]
    picked = [n for n in names if not is_validation(content / n)][:2] + [n for n in names if is_validation(content / n)][:1]
    for i, name in enumerate(picked):
        (content / name).write_bytes(make_photo(96, 72, seed=i))
    settings.STYLE_TRAINING_DATA = tmp_path / "train"
    settings.STYLE_TRAINING_ITERATIONS = 3
    settings.STYLE_TRAINING_BATCH = 1
    settings.STYLE_TRAINING_CROP = 48
    return settings


async def wait_for(predicate, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.2)
    return False


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_community_style_gets_its_own_model_in_the_background(training_settings, engine):
    from engine.adaptive import AdaptiveStyle
    from engine.descriptors import StyleDescriptor

    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    assert trainer.why_unavailable() is None
    await trainer.start()
    queue = FakeQueue()
    layer = CommandLayer(training_settings, store, queue, describer=engine_describer(lambda: engine), trainer=trainer)
    try:
        painting = make_photo(120, 90, seed=7)
        out = await say(layer, "/addstyle Ink", images=[painting], user="tg:1000")
        assert t("en", "addstyle_training") in out.texts[-1]
        style = store.find_style("tg:1000", "ink")
        assert style.training in ("queued", "training")
        listing = (await say(layer, "/communitystyles", user="tg:1000", locale="ko")).texts[0]
        assert "전용 모델" in listing                   # the training shows, in the user's language

        # the bot stops mid-way: the style stays queued/training, the next start resumes it
        await wait_for(lambda: store.find_style("tg:1000", "ink").training == "training", 60)
        await trainer.stop()
        assert store.find_style("tg:1000", "ink").training in ("queued", "training")
        trainer = StyleTrainer(training_settings, store)
        layer.trainer = trainer
        await trainer.start()
        assert await wait_for(lambda: store.find_style("tg:1000", "ink").training in ("used", "kept_adain", "failed"))
        style = store.find_style("tg:1000", "ink")
        assert style.training in ("used", "kept_adain"), style
        assert style.progress == 1.0 and style.has_own_model
        listing = (await say(layer, "/communitystyles", user="tg:1000")).texts[0]
        assert t("en", f"training_{style.training}") in listing

        # its jobs now carry the trained parameters, with the style's descriptor inside
        await say(layer, "/style Ink", images=[make_photo()], user="tg:1000")
        ref = queue.jobs[-1].styles[0]
        assert ref.kind == "adaptive" and isinstance(ref.value, bytes)
        carried = AdaptiveStyle.from_bytes(ref.value)
        assert carried.wins == (style.training == "used")
        assert carried.descriptor.distance(StyleDescriptor.load(store.style_path(style))) == 0

        # removing the style removes its model files
        run, model = store.model_paths(style)
        assert model.exists()
        await say(layer, "/removestyle Ink", user="tg:1000")
        assert not model.exists() and not run.exists()
    finally:
        await trainer.stop()
        store.close()


async def test_without_photos_or_when_off_styles_just_use_adain(settings, tmp_path):
    store = Store(settings.DATA_DIR)
    try:
        settings.STYLE_TRAINING_DATA = tmp_path / "nowhere"
        assert "no training photos" in StyleTrainer(settings, store).why_unavailable()
        assert StyleTrainer(settings, store).enqueue(1) is False
        settings.STYLE_TRAINING = False
        assert StyleTrainer(settings, store).why_unavailable() == "STYLE_TRAINING is off"
    finally:
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_styles_trained_on_an_older_network_are_trained_again(training_settings):
    """A release that ships a new shared network: styles whose parameters were fitted to the old
    one are queued again at start (their old files removed, AdaIN meanwhile); current ones stay."""
    import torch

    from engine.adaptive import AdaptiveModel, AdaptiveStyle
    from engine.descriptors import StyleDescriptor
    from styles import load_catalog

    model = AdaptiveModel.load(shipped_adaptive_model())
    descriptor = StyleDescriptor.load(load_catalog().resolve("gogh").descriptor_path)
    size = model.net.style_size
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    try:
        ids = {}
        for key, net_id in (("old", "0123456789abcdef"), ("current", model.net_id)):
            path = store.style_dir("tg:1000") / f"{key}.safetensors"
            descriptor.save(path)
            ids[key] = store.add_style("tg:1000", key, key, path, 3, "tg:1000")
            style = store.get_style(ids[key])
            run, file = store.model_paths(style)
            run.mkdir()
            AdaptiveStyle(torch.ones(size), torch.zeros(size), descriptor, net_id, True).save(file)
            store.set_training(ids[key], training="used", progress=1.0, adaptive_path=file)
        assert AdaptiveStyle.net_id_of(file) == model.net_id
        assert AdaptiveStyle.net_id_of(store.style_path(style)) is None      # a descriptor, not a style file

        stale = await trainer.retrain_outdated()
        assert [s.key for s in stale] == ["old"]
        old, current = store.get_style(ids["old"]), store.get_style(ids["current"])
        assert old.training == "queued" and not old.has_own_model
        assert not any(p.exists() for p in store.model_paths(old))
        assert current.training == "used" and current.has_own_model and store.model_paths(current)[1].exists()
        assert trainer._queue.get_nowait() == ids["old"] and trainer._queue.empty()

        # a broken shipped file cannot say which styles are outdated: they are left as they are
        store.set_training(ids["old"], training="used", adaptive_path=store.model_paths(current)[1])
        broken = training_settings.DATA_DIR / "broken.safetensors"
        broken.write_bytes(b"not a model")
        with mock.patch("bot.style_training.shipped_adaptive_model", return_value=broken):
            assert await trainer.retrain_outdated() == []
        assert store.get_style(ids["old"]).training == "used"
    finally:
        await trainer.stop()
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_removing_a_style_stops_its_training_and_its_id_reused_is_not_touched(training_settings, engine):
    """/removestyle mid-training kills the run; SQLite hands the removed style's id to the next
    new style, and the old run's end must not mark that one failed (nor anything else)."""
    training_settings.STYLE_TRAINING_ITERATIONS = 100000          # runs until stopped
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    await trainer.start()
    layer = CommandLayer(training_settings, store, FakeQueue(), describer=engine_describer(lambda: engine),
                         trainer=trainer)
    try:
        await say(layer, "/addstyle Ink", images=[make_photo(120, 90, seed=7)], user="tg:1000")
        first = store.find_style("tg:1000", "ink")
        assert await wait_for(lambda: trainer._proc is not None and store.get_style(first.id).training == "training",
                              60)
        proc = trainer._proc
        await say(layer, "/removestyle Ink", user="tg:1000")
        assert proc.returncode is not None                         # the run was stopped with it
        await say(layer, "/addstyle Wash", images=[make_photo(120, 90, seed=8)], user="tg:1000")
        second = store.find_style("tg:1000", "wash")
        assert second.id == first.id                               # the id is reused: the hazard
        await asyncio.sleep(2)
        assert store.get_style(second.id).training in ("queued", "training")
        assert await wait_for(lambda: trainer._training is not None and trainer._training.key == "wash", 60)
    finally:
        await trainer.stop()
        store.close()
