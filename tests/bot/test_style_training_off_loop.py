"""The trainer's checks that read the photos folder (listing it, decoding a validation photo) run
off the bot's event loop: they took every chat and job waiting meanwhile."""
from __future__ import annotations

import asyncio

from bot.store import Store
from bot.style_training import StyleTrainer

from tests.bot.conftest import make_photo


def photos_folder(tmp_path, count=4):
    """A STYLE_TRAINING_DATA folder with ``count`` photos, one of them of the validation split."""
    from engine.train_split import is_validation

    content = tmp_path / "train" / "content"
    content.mkdir(parents=True)
    names = [f"p{i}.jpg" for i in range(60)]
    picked = [n for n in names if not is_validation(content / n)][:count - 1] + \
        [n for n in names if is_validation(content / n)][:1]
    for i, name in enumerate(picked):
        (content / name).write_bytes(make_photo(96, 72, seed=i))
    return tmp_path / "train"


async def test_the_validation_photo_is_decoded_off_the_event_loop(settings, tmp_path, monkeypatch):
    import engine.train_split as split

    settings.STYLE_TRAINING_DATA = photos_folder(tmp_path)
    decoded = []                # per decode: whether it ran on the thread of a running event loop
    real = split.unreadable

    def unreadable(path):
        try:
            asyncio.get_running_loop()
            decoded.append("on the loop")
        except RuntimeError:
            decoded.append("off the loop")
        return real(path)

    monkeypatch.setattr(split, "unreadable", unreadable)
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store, shared_network=tmp_path / "none.safetensors")
    try:
        await trainer.start()                 # (no shared network here: it trains nothing, having checked)
        assert decoded and set(decoded) == {"off the loop"}
        decoded.clear()
        assert await trainer.enqueue(1) is False      # the same check, for /addstyle's new style
        assert decoded and set(decoded) == {"off the loop"}
    finally:
        await trainer.stop()
        store.close()



async def test_a_folder_of_five_photos_none_in_the_hashed_tenth_trains_styles(settings, tmp_path):
    from engine.train_split import is_validation

    content = tmp_path / "train" / "content"
    content.mkdir(parents=True)
    for i, name in enumerate([n for n in (f"p{i}.jpg" for i in range(60)) if not is_validation(content / n)][:5]):
        (content / name).write_bytes(make_photo(96, 72, seed=i))
    settings.STYLE_TRAINING_DATA = tmp_path / "train"
    store = Store(settings.DATA_DIR)
    try:
        why = await asyncio.to_thread(StyleTrainer(settings, store, tmp_path / "none.safetensors").why_unavailable)
        assert why.startswith("no shipped adaptive model")    # past the photos' checks: it would train
    finally:
        store.close()
