"""Review of 3502dc3 (a guard: passes before and after): a finished job's INFO line names its
styles, and a community style's name is a user's (/addstyle; a journal read back after a
restart carries whatever it holds). A name with a line break, a carriage return or a Unicode line
separator must not start a line of its own in the log (a forged "ERROR ..." line), nor carry more
than 40 of its characters."""
from __future__ import annotations

import logging

from bot.painting_jobs import PaintingJobs
from engine.jobs import Job, JobResult, StyleRef

FORGED = "x\nERROR bot.commands: token=123\r\u2028\x1b[31m" + "y" * 100


def test_a_style_name_cannot_forge_a_log_line(caplog):
    job = Job(user_id="tg:5", chat_id="tg:5", image=b"", styles=[StyleRef("descriptor", b"", 1.0)],
              meta={"names": [FORGED]})
    with caplog.at_level(logging.INFO, logger="bot"):
        PaintingJobs._log_finished(job, "tg", [FORGED], 1.5, JobResult(job.id, True, seconds=1.0))
    [line] = [r.getMessage() for r in caplog.records]
    assert not any(c in line for c in "\n\r\u2028\x1b"), line
    assert "y" * 40 not in line and job.id in line and "tg:5" not in line
