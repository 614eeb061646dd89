"""A community style's own model, trained in the background by a real `python -m engine
train-artist` subprocess (tiny settings): /addstyle answers at once, /communitystyles shows the
training, a bot stop interrupts it and the next start resumes it, and afterwards the style's jobs
carry its trained parameters. Needs the shipped adaptive model."""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import time
from pathlib import Path

import pytest

from bot.commands import CommandLayer, engine_describer
from bot.messages import t
from bot.store import Store
from bot.style_training import StyleTrainer, shipped_adaptive_model

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say



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
        assert await StyleTrainer(settings, store).enqueue(1) is False
        settings.STYLE_TRAINING = False
        assert StyleTrainer(settings, store).why_unavailable() == "STYLE_TRAINING is off"
    finally:
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_folder_without_photos_is_no_training_data(settings, tmp_path):
    """An empty content folder promised each new style its own model, and every run failed."""
    from engine.train_split import is_validation

    store = Store(settings.DATA_DIR)
    try:
        content = tmp_path / "empty" / "content"
        content.mkdir(parents=True)
        (content / "notes.txt").write_text("not a photo")
        settings.STYLE_TRAINING_DATA = tmp_path / "empty"
        assert "no training photos" in StyleTrainer(settings, store).why_unavailable()
        (content / "one.JPG").write_bytes(make_photo(96, 72))
        assert "no validation photos" in StyleTrainer(settings, store).why_unavailable()
        held_out = next(f"v{i}.jpg" for i in range(100) if is_validation(content / f"v{i}.jpg"))
        (content / held_out).write_bytes(make_photo(96, 72))     # the verdict's photo
        assert StyleTrainer(settings, store).why_unavailable() is None
    finally:
        store.close()


def test_a_folder_whose_only_photo_is_held_out_for_validation_trains_on_it(tmp_path):
    """(It was no training data: every run failed "no training photos". TR15: a single photo
    trains, and the verdict reuses it, with a note in the run's log.)"""
    from bot.style_training import has_training_photos, has_validation_photos
    from engine.train_split import is_validation

    held_out = next(f"p{i}.jpg" for i in range(100) if is_validation(tmp_path / f"p{i}.jpg"))
    (tmp_path / held_out).write_bytes(make_photo(96, 72))
    assert has_training_photos(tmp_path) and has_validation_photos(tmp_path)


def test_the_bot_does_not_load_torch_to_look_for_training_photos(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from bot.style_training import has_training_photos; "
            f"has_training_photos(Path({str(tmp_path)!r})); print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "False", done.stdout + done.stderr


def test_a_relative_training_folder_is_taken_from_where_the_bot_starts(settings, tmp_path, monkeypatch):
    """The run starts in the project's folder: "mytrain" passed on as it was failed every run."""
    monkeypatch.chdir(tmp_path)
    settings.STYLE_TRAINING_DATA = Path("mytrain")
    assert settings.style_training_data() == tmp_path / "mytrain"


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_styles_added_while_training_was_off_are_trained_at_the_next_start(training_settings):
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    try:
        style_id = add_real_style(store, "tg:-5", "Ink")
        assert store.get_style(style_id).training is None          # as /addstyle left it, training off
        trainer.settings.STYLE_TRAINING_ITERATIONS = 100000         # not to finish meanwhile
        await trainer.start()
        assert store.get_style(style_id).training in ("queued", "training")
        assert await wait_for(lambda: trainer.is_training(style_id), 60)
    finally:
        await trainer.stop()
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
        assert await StyleTrainer(training_settings, store, shared_network=broken).retrain_outdated() == []
        assert store.get_style(ids["old"]).training == "used"
    finally:
        await trainer.stop()
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_removing_a_style_stops_its_training_and_its_id_reused_is_not_touched(training_settings, engine, caplog):
    """/removestyle mid-training kills the run; SQLite hands the removed style's id to the next
    new style, and the old run's end must not mark that one failed (nor anything else), nor log
    that it was interrupted and resumes at the next start."""
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
        # the next style begins once the old run's end was wholly handled (the trainer's line is one
        # style at a time): whatever that end wrote is there to see now
        assert await wait_for(lambda: trainer._training is not None and trainer._training.key == "wash", 60)
        assert store.get_style(second.id).training in ("queued", "training")
        assert not [r for r in caplog.records if "interrupted" in r.getMessage()]
    finally:
        await trainer.stop()
        store.close()


# -- interruptions, the training line, training off, finished runs' folders ----------------------
def outcomes_told(trainer: StyleTrainer, detail=lambda style: style.name) -> list:
    """What the trainer tells its on_outcome, as (detail(style), outcome), in order."""
    told = []

    async def on_outcome(style, outcome):
        told.append((detail(style), outcome))

    trainer.on_outcome = on_outcome
    return told


@contextlib.asynccontextmanager
async def running_trainer(settings, retry_after_s: float | None = None):
    """A StyleTrainer started over the store of ``settings``: (store, trainer, what it told, as
    outcomes_told keeps it); stopped, and the store closed, after."""
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    if retry_after_s is not None:
        trainer.retry_after_s = retry_after_s
    told = outcomes_told(trainer)
    await trainer.start()
    try:
        yield store, trainer, told
    finally:
        await trainer.stop()
        store.close()


@contextlib.contextmanager
def another_run_in(run: Path):
    """Another training run holding the run folder ``run`` (its .lock flocked, naming this process),
    as a run a restart stopped, or a killed bot left, does while it saves its iteration."""
    run.mkdir(parents=True, exist_ok=True)
    with open(run / ".lock", "w") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        other.write(str(os.getpid()))
        other.flush()
        yield run / ".lock"


def add_real_style(store, scope: str, name: str, paintings: int = 3) -> int:
    """A community style with a real descriptor (gogh's), as /addstyle would store it."""
    from engine.descriptors import StyleDescriptor
    from styles import load_catalog, normalise

    key = normalise(name)
    path = store.style_dir(scope) / f"{key}.safetensors"
    StyleDescriptor.load(load_catalog().resolve("gogh").descriptor_path).save(path)
    return store.add_style(scope, name, key, path, paintings, scope)


def free_port_for_the_bot() -> int:
    import socket

    for port in range(18900, 18950):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 18900-18949")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def cmdline(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_ctrl_c_on_the_bot_interrupts_the_training_it_does_not_fail_it(training_settings, tmp_path):
    """`python -m bot` in a terminal, Ctrl-C: SIGINT goes to the terminal's whole process group.
    The training run is a session of its own, so it is not killed under the bot; the bot stops
    it (the style stays queued/training, its checkpoint kept) and the next start resumes it."""
    import sqlite3
    import sys

    data = training_settings.DATA_DIR
    store = Store(data)
    style_id = add_real_style(store, "web:local", "Ink")
    store.set_training(style_id, training="queued", progress=0.0)
    store.close()
    port = free_port_for_the_bot()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    root = Path(__file__).resolve().parents[2]
    env.update(PYTHONPATH=str(root), DATA_DIR=str(data), WEB_ENABLED="true", WEB_PORT=str(port),
               QUEUE_BACKEND="memory", QUEUE_DB=":memory:", LOG_LEVEL="INFO",
               STYLE_TRAINING_DATA=str(training_settings.STYLE_TRAINING_DATA), STYLE_TRAINING_ITERATIONS="100000",
               STYLE_TRAINING_BATCH="1", STYLE_TRAINING_CROP="48")
    env.pop("PYTHONUNBUFFERED", None)
    # the bot leads a process group of its own, as a shell's job would: the test can signal it all
    bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                               stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
                                               start_new_session=True)
    run = None
    try:
        def progress() -> float:
            with contextlib.closing(sqlite3.connect(data / "bot.sqlite3")) as db:
                row = db.execute("select training, progress from community_styles where id = ?", [style_id]).fetchone()
            return (row[1] or 0.0) if row[0] == "training" else 0.0

        assert await wait_for(lambda: progress() > 0, 120)
        [run] = [pid for pid in children_of(bot.pid) if "train-artist" in cmdline(pid)]
        assert os.getsid(run) == run != os.getsid(bot.pid)       # not in the terminal's process group
        os.killpg(bot.pid, signal.SIGINT)                         # Ctrl-C
        assert await asyncio.wait_for(bot.wait(), 60) == 0
        assert await wait_for(lambda: not alive(run), 15)        # the bot stopped it before it left
    finally:
        if bot.returncode is None:
            os.killpg(bot.pid, signal.SIGKILL)
            await bot.wait()
        if run is not None and alive(run):                        # a session of its own: not in that group
            os.kill(run, signal.SIGKILL)
    store = Store(data)
    try:
        style = store.get_style(style_id)
        assert style.training in ("queued", "training"), style
        assert store.model_paths(style)[0].is_dir()               # its checkpoint, to resume
        assert [s.id for s in store.styles_to_train()] == [style_id]
    finally:
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_run_ended_by_a_signal_waits_for_the_next_start_which_resumes_it(training_settings):
    training_settings.STYLE_TRAINING_ITERATIONS = 100000
    # a checkpoint every 10 iterations: the run is stopped after its 10th, not its 60th (with
    # --save-every 50, which the trainer passed whatever its settings said)
    training_settings.STYLE_TRAINING_SAVE_EVERY = 10
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    await trainer.start()
    layer = CommandLayer(training_settings, store, FakeQueue(), trainer=trainer)
    try:
        style_id = add_real_style(store, "tg:1000", "Ink")
        assert await trainer.enqueue(style_id)
        # progress lines reach the bot as they are written (one each 10 steps; the 10th's checkpoint
        # is written just after its line, and a run stopped by a signal writes its own anyway)
        assert await wait_for(lambda: round(100000 * (store.get_style(style_id).progress or 0)) >= 10, 120)
        proc = trainer._proc
        assert os.getsid(proc.pid) == proc.pid != os.getsid(0)
        os.kill(proc.pid, signal.SIGINT)               # someone's Ctrl-C (or kill) reaches it anyway
        assert await wait_for(lambda: trainer._training is None, 60)
        assert proc.returncode == 130
        style = store.get_style(style_id)
        assert style.training == "queued", style       # not "failed": it resumes
        assert store.model_paths(style)[0].is_dir()
        for lang in ("en", "ko"):
            listing = (await say(layer, "/communitystyles", user="tg:1000", locale=lang)).texts[0]
            assert t(lang, "training_queued_later") in listing and t(lang, "training_failed") not in listing

        await trainer.stop()
        store.set_training(style_id, progress=0.0)
        trainer = StyleTrainer(training_settings, store)
        layer.trainer = trainer
        await trainer.start()
        assert await wait_for(lambda: (store.get_style(style_id).progress or 0) > 0, 120)
        # from its checkpoint, not step 0 (whose first line says 10)
        assert round(100000 * store.get_style(style_id).progress) >= 20
    finally:
        await trainer.stop()
        store.close()


def test_which_exits_are_interruptions():
    from bot.style_training import interrupted

    for rc in (-2, -15, 130, 143):
        assert interrupted(rc)
    for rc in (1, 2, 3, 137, -9, -11):      # the OOM killer, a crash: resumed, it would fail at every start
        assert not interrupted(rc)
    assert interrupted(1, stopping=True)                # whatever it says while the bot stops it
    assert interrupted(-9, stopping=True)               # the bot's own kill after its SIGTERM


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_run_that_fails_by_itself_is_failed_and_leaves_no_folder(training_settings):
    async with running_trainer(training_settings) as (store, trainer, told):
        style_id = add_real_style(store, "tg:1000", "Broken")
        store.style_path(store.get_style(style_id)).write_bytes(b"not a descriptor")
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: store.get_style(style_id).training == "failed", 120)
        run, model = store.model_paths(store.get_style(style_id))
        assert not run.exists() and not model.exists()
        assert await wait_for(lambda: told, 5) and told == [("Broken", "failed")]     # the bot says so


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_finished_style_keeps_only_its_exported_file(training_settings):
    """KEY.training/ (the shared network's copy and the optimiser's state, about 1 MB) goes once
    the verdict is written; the exported file (tens of kB) is all the style's jobs carry."""
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    await trainer.start()
    try:
        style_id = add_real_style(store, "tg:1000", "Ink")
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: store.get_style(style_id).training in ("used", "kept_adain", "failed"))
        style = store.get_style(style_id)
        assert style.has_own_model, style
        run, model = store.model_paths(style)
        assert model.is_file() and model.stat().st_size < 200_000
        assert not run.exists()
    finally:
        await trainer.stop()
        store.close()


async def test_start_deletes_the_folders_of_runs_that_finished_before(settings):
    """Styles finished by an older version still have their KEY.training/: the next start deletes
    those of finished styles (used, kept_adain, failed), never of one to resume."""
    settings.STYLE_TRAINING = False                     # the clean-up needs no training
    store = Store(settings.DATA_DIR)
    try:
        ids = {}
        for state in ("used", "kept_adain", "failed", "training", "queued"):
            path = store.style_dir("tg:1") / f"{state}.safetensors"
            path.write_bytes(b"descriptor")
            ids[state] = store.add_style("tg:1", state, state, path, 1, "tg:1")
            store.set_training(ids[state], training=state)
            run = store.model_paths(store.get_style(ids[state]))[0]
            run.mkdir()
            (run / "state.safetensors").write_bytes(b"x" * 1000)
        await StyleTrainer(settings, store).start()
        for state, style_id in ids.items():
            assert store.model_paths(store.get_style(style_id))[0].exists() == (state in ("training", "queued")), state
    finally:
        store.close()


@pytest.mark.parametrize("off", ["STYLE_TRAINING=false", "no training photos"])
async def test_styles_of_a_bot_that_trains_none_say_they_paint_with_the_general_method(settings, tmp_path, off):
    """Styles left queued or half-trained (by an earlier run with training on) on a bot that does
    not train: no stale "training, 1% (about 58 min left)" or "waiting to train" for ever."""
    if off == "STYLE_TRAINING=false":
        settings.STYLE_TRAINING = False
    else:
        settings.STYLE_TRAINING_DATA = tmp_path / "nowhere"
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    await trainer.start()
    described = []

    async def describer(images, path):
        described.append(len(images))
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer, trainer=trainer)
    try:
        for name, values in (("Ink", dict(training="training", progress=0.01, eta_s=3480.0)),
                             ("Wash", dict(training="queued", progress=0.0))):
            path = store.style_dir("tg:1") / f"{name.lower()}.safetensors"
            path.write_bytes(b"descriptor")
            store.set_training(store.add_style("tg:1", name, name.lower(), path, 1, "tg:1"), **values)
        for lang in ("en", "ko"):
            lines = (await say(layer, "/communitystyles", user="tg:1", locale=lang)).texts[0].splitlines()[1:]
            assert len(lines) == 2 and all(line.endswith(" · " + t(lang, "training_off")) for line in lines), lines
        out = await say(layer, "/addstyle Dots", images=[make_photo(90, 90)], user="tg:1")
        assert t("en", "addstyle_training") not in out.texts[-1]
        assert store.find_style("tg:1", "dots").training is None
    finally:
        await trainer.stop()
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_waiting_styles_show_their_place_in_the_training_line(training_settings):
    training_settings.STYLE_TRAINING_ITERATIONS = 100000          # the first one trains until stopped
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    await trainer.start()
    layer = CommandLayer(training_settings, store, FakeQueue(), trainer=trainer)

    async def notes(lang="en", user="tg:1000"):
        listing = (await say(layer, "/communitystyles", user=user, locale=lang)).texts[0]
        return {line.split(" — ")[1].split(",")[0]: line.split(" · ", 1)[1] for line in listing.splitlines()[1:]}

    try:
        ids = [add_real_style(store, "tg:1000", name) for name in ("Aa", "Bb", "Cc")]
        gid = add_real_style(store, "tg:-5", "Dd")                  # another chat's style, in the same line
        for style_id in ids + [gid]:
            assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: trainer.is_training(ids[0]), 60)
        got = await notes()
        assert got["Aa"] in (t("en", "training_starting"), t("en", "training_queued")) or "training," in got["Aa"]
        assert got["Bb"] == t("en", "training_queued_place", place="1st")
        assert got["Cc"] == t("en", "training_queued_place", place="2nd")
        assert (await notes("ko"))["Cc"] == t("ko", "training_queued_place", place="2")
        listing = (await say(layer, "/communitystyles", user="tg:7", chat="tg:-5", community="tg:-5")).texts[0]
        assert t("en", "training_queued_place", place="3rd") in listing
        await say(layer, "/removestyle Aa", user="tg:1000")          # the line moves up
        assert await wait_for(lambda: trainer.is_training(ids[1]), 60)
        got = await notes()
        assert got["Cc"] == t("en", "training_queued_place", place="1st") and "Aa" not in got
    finally:
        await trainer.stop()
        store.close()


async def test_places_in_the_training_line_take_one_lookup_off_the_event_loop(settings, monkeypatch):
    """/communitystyles asks for every waiting style's place at once: one lookup of the styles
    still to train, on the store's thread (it was one query per waiting style, on the loop). The
    line skips the style training now, styles removed or finished since they were queued, and a
    style queued twice."""
    import threading

    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    ids = {}
    for name, state in (("Aa", "training"), ("Bb", "queued"), ("Cc", "queued"), ("Dd", "failed"), ("Ee", "queued")):
        path = store.style_dir("tg:1") / f"{name.lower()}.safetensors"
        path.write_bytes(b"descriptor")
        ids[name] = store.add_style("tg:1", name, name.lower(), path, 1, "tg:1")
        store.set_training(ids[name], training=state)
    store.remove_style("tg:1", "cc")
    for name in ("Aa", "Bb", "Cc", "Dd", "Bb", "Ee"):
        trainer._queue.put_nowait(ids[name])
    trainer._training = store.get_style(ids["Aa"])
    trainer._task = asyncio.create_task(asyncio.sleep(60))        # as if start() had found what it needs
    lookups = []
    real = store.styles_to_train

    def styles_to_train():
        lookups.append(threading.current_thread())
        return real()

    monkeypatch.setattr(store, "styles_to_train", styles_to_train)
    monkeypatch.setattr(store, "get_style", lambda style_id: pytest.fail("one lookup per style"))
    try:
        assert await trainer.places_in_line() == {ids["Bb"]: 1, ids["Ee"]: 2}
        assert len(lookups) == 1 and lookups[0] is not threading.current_thread()
        trainer._task.cancel()
        await asyncio.gather(trainer._task, return_exceptions=True)
        assert await trainer.places_in_line() == {}               # a trainer that is not running
    finally:
        trainer._task.cancel()
        store.close()


def test_a_training_run_is_stopped_when_the_bot_dies_even_by_sigkill(tmp_path):
    """The run is a session of its own (a Ctrl-C for the bot does not reach it); a bot killed with
    SIGKILL used to leave it training on, unseen. child_setup asks Linux for a SIGTERM instead,
    which train-artist answers by saving its iteration and stopping."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    marker = tmp_path / "child-got-sigterm"
    child = ("import signal, sys, time, pathlib\n"
             f"signal.signal(signal.SIGTERM, lambda *a: (pathlib.Path({str(marker)!r}).touch(), sys.exit(143)))\n"
             "print('ready', flush=True)\n"
             "time.sleep(60)\n")
    parent = ("import subprocess, sys, time\n"
              "from bot.style_training import child_setup\n"
              f"p = subprocess.Popen([sys.executable, '-c', {child!r}], start_new_session=True,\n"
              "                     preexec_fn=lambda: child_setup(0), stdout=subprocess.PIPE, text=True)\n"
              "print(p.pid, p.stdout.readline().strip(), flush=True)\n"
              "time.sleep(60)\n")
    bot = subprocess.Popen([sys.executable, "-c", parent], cwd=root, stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(root)})
    try:
        pid, ready = bot.stdout.readline().split()
        assert ready == "ready"
        bot.kill()                                          # SIGKILL: no handler of the bot runs
        bot.wait(10)
        deadline = time.monotonic() + 10
        while not marker.exists():
            assert time.monotonic() < deadline, "the run did not get a SIGTERM"
            time.sleep(0.05)
    finally:
        if bot.poll() is None:
            bot.kill()
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, NameError, ValueError):
            pass


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_storage_problem_does_not_stop_the_trainer_for_good(training_settings, caplog):
    """bot.sqlite3 locked by an operator's sqlite3 shell (or a full disk) while a style starts to
    train: the trainer's loop ended there, and no style trained again until the next start. Now
    the style goes back in line and every style trains once the store can be written again."""
    import sqlite3

    caplog.set_level(logging.INFO, logger="bot.style_training")

    def went_on_after_a_failed_write() -> bool:
        """A style's storage problem logged, and a style's training begun after it."""
        said = [r.getMessage() for r in caplog.records]
        failed = next((i for i, line in enumerate(said) if "storage problem" in line), None)
        return failed is not None and any(line.startswith("training the style '") and "iterations)" in line
                                          for line in said[failed + 1:])

    store = Store(training_settings.DATA_DIR)
    ids = [add_real_style(store, "tg:1000", name) for name in ("Aa", "Bb")]
    for style_id in ids:
        store.set_training(style_id, training="queued", progress=0.0)
    trainer = StyleTrainer(training_settings, store)
    trainer.retry_after_s = 0.5
    shell = sqlite3.connect(training_settings.DATA_DIR / "bot.sqlite3", isolation_level=None)
    try:
        shell.execute("begin immediate")                 # the operator's write lock
        await trainer.start()
        # a write waits 2 s (BUSY_TIMEOUT), then fails: the loop goes on to the next style after it
        assert await wait_for(went_on_after_a_failed_write, 60), [r.getMessage() for r in caplog.records]
        assert trainer.running
        shell.execute("rollback")
        assert await wait_for(lambda: all(store.get_style(i).training in ("used", "kept_adain", "failed")
                                          for i in ids))
        assert all(store.get_style(i).has_own_model for i in ids), [store.get_style(i) for i in ids]
    finally:
        shell.close()
        await trainer.stop()
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_resumed_run_shows_no_estimate_from_before_the_restart(training_settings):
    """The bot stopped a run at 40% with 9 minutes left; started again (hours later, maybe), the
    run reloads before its first step: the listing said "about 9 min left" from the old run."""
    store = Store(training_settings.DATA_DIR)
    style_id = add_real_style(store, "tg:1000", "Ink")
    store.set_training(style_id, training="training", progress=0.4, eta_s=540.0)
    trainer = StyleTrainer(training_settings, store)
    layer = CommandLayer(training_settings, store, FakeQueue(), trainer=trainer)
    try:
        await trainer.start()
        assert await wait_for(lambda: trainer.is_training(style_id), 30)
        assert store.get_style(style_id).eta_s != 540.0
        for lang in ("en", "ko"):
            listing = (await say(layer, "/communitystyles", user="tg:1000", locale=lang)).texts[0]
            assert t(lang, "training_running", percent=40, minutes=9) not in listing
    finally:
        await trainer.stop()
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_run_whose_progress_cannot_be_written_is_stopped_not_left_training(training_settings):
    """A progress write that fails (the store locked) ended the bot's following of the run while
    the run trained on, unseen: the style's next try started a second run on the same checkpoint."""
    import sqlite3

    training_settings.STYLE_TRAINING_ITERATIONS = 100000
    store = Store(training_settings.DATA_DIR)
    style_id = add_real_style(store, "tg:1000", "Ink")
    trainer = StyleTrainer(training_settings, store)
    trainer.retry_after_s = 3600                         # stays out of line while the test looks
    shell = sqlite3.connect(training_settings.DATA_DIR / "bot.sqlite3", isolation_level=None)
    try:
        await trainer.start()
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: (store.get_style(style_id).progress or 0) > 0, 120)
        run = trainer._proc
        shell.execute("begin immediate")
        assert await wait_for(lambda: run.returncode is not None, 30)
        assert trainer.running and trainer._proc is None
        shell.execute("rollback")
    finally:
        shell.close()
        await trainer.stop()
        store.close()


async def test_a_run_that_writes_nothing_for_too_long_is_stopped_and_failed(training_settings):
    """A hung run (no line for STALL_S) held the line of every style behind it for good. Here
    any run is silent longer than the limit while it loads its photos and network."""
    store = Store(training_settings.DATA_DIR)
    trainer = StyleTrainer(training_settings, store)
    trainer.stall_s = 0.3
    told = outcomes_told(trainer)
    await trainer.start()
    try:
        first, second = add_real_style(store, "tg:1000", "Ink"), add_real_style(store, "tg:1000", "Wash")
        assert await trainer.enqueue(first) and await trainer.enqueue(second)
        assert await wait_for(lambda: all(store.get_style(i).training == "failed" for i in (first, second)), 60)
        assert told == [("Ink", "failed"), ("Wash", "failed")] and trainer._proc is None        # the line went on; nothing runs
        run, _ = store.model_paths(store.get_style(first))
        assert not run.exists()
    finally:
        await trainer.stop()
        store.close()
