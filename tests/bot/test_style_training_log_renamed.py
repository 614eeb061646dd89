"""A /renamestyle while a style trains keeps its run going (e5e002b), but the run's log lines
went on naming the old name ('Ink'), which the operator then found no style called. Lines written
after the rename say 'Ink' → 'Wash'; those before, and a style not renamed, its name alone."""
from __future__ import annotations

import logging

from bot.store import Store
from bot.style_training import StyleTrainer
from tests.bot.test_style_training_log import FakeRun, add_style, messages


class RenamedMidway(FakeRun):
    """A run whose style is renamed (as /renamestyle writes it) once ``before`` lines were read."""

    def __init__(self, store: Store, lines: list[str], before: int, rc: int = 0):
        super().__init__(lines, rc)
        self.store, self.left = store, len(lines) - before

    async def readline(self) -> bytes:
        if len(self._lines) == self.left:
            self.store.rename_style("tg:1000", "ink", "Wash", "wash")
        return await super().readline()


async def follow_renamed(settings, lines: list[str], before: int, rc: int = 0) -> None:
    store = Store(settings.DATA_DIR)
    try:
        trainer = StyleTrainer(settings, store)
        style = store.get_style(add_style(store))
        _, model = store.model_paths(style)
        model.parent.mkdir(parents=True, exist_ok=True)
        model.write_bytes(b"an exported style")
        trainer._proc = RenamedMidway(store, lines, before, rc)
        await trainer._follow(style, model)
    finally:
        store.close()


async def test_lines_after_a_rename_name_both(settings, caplog):
    caplog.set_level(logging.INFO, "bot.style_training")
    lines = [f"it {i}/60 loss 1.0 ETA 1.0 min" for i in range(10, 61, 10)]
    await follow_renamed(settings, lines[:2] + ["note: resumed from its weights"] + lines[2:] +
                         ["verdict for ink: the adaptive model is used"], before=2)
    said = messages(caplog)
    progress = [m.split(":")[0] for m in said if "% (iteration" in m]
    assert progress == ["training the style 'Ink'"] * 2 + ["training the style 'Ink' → 'Wash'"] * 3
    assert "training the style 'Ink' → 'Wash': note: resumed from its weights" in said
    assert any(m.startswith("the style 'Ink' → 'Wash' has its own model now") for m in said), said


async def test_a_failure_after_a_rename_names_both(settings, caplog):
    caplog.set_level(logging.INFO, "bot.style_training")
    await follow_renamed(settings, ["it 10/60 loss 1.0 ETA 1.0 min", "Traceback: boom"], before=1, rc=1)
    [failed] = messages(caplog, logging.WARNING)
    assert failed.startswith("training the style 'Ink' → 'Wash' failed (exit 1)")
