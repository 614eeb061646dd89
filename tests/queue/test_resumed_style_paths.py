"""Review of d389faf (a job's style given as a path is refused, bad_option): jobs journaled
before 3fedd7e carried a community style's descriptor by its path (the bot's DATA_DIR, the host
the journal is on); resumed after an upgrade they failed bad_option. The journal reads such a
file into the job it resumes, as the bot's PaintingJobs.job_style does now."""
from __future__ import annotations

from engine.jobs import StyleRef
from engine.queue.journal import Journal
from tests.queue.conftest import make_job


def test_a_resumed_jobs_style_path_is_read_into_it(tmp_path):
    style_file = tmp_path / "styles" / "mine.safetensors"
    style_file.parent.mkdir()
    style_file.write_bytes(b"the descriptor's bytes")
    job = make_job()
    job.styles = [StyleRef("descriptor", str(style_file), 0.5), StyleRef("artist", "gogh", 0.5)]
    journal = Journal(str(tmp_path / "journal.db"))
    journal.add(job)
    [(resumed, state, _)] = journal.undelivered()
    assert state == "queued"
    assert [(s.kind, s.value, s.weight) for s in resumed.styles] == [
        ("descriptor", b"the descriptor's bytes", 0.5), ("artist", "gogh", 0.5)]
    journal.close()


def test_a_style_file_gone_stays_a_path_for_the_worker_to_refuse(tmp_path, caplog):
    job = make_job()
    job.styles = [StyleRef("adaptive", str(tmp_path / "gone.safetensors"))]
    journal = Journal(str(tmp_path / "journal.db"))
    journal.add(job)
    [(resumed, _, _)] = journal.undelivered()
    assert resumed.styles[0].value == str(tmp_path / "gone.safetensors")
    assert "gone.safetensors" not in caplog.text and job.id in caplog.text
    journal.close()


def test_a_style_path_resumed_is_painted_as_bytes_are(tmp_path):
    """The worker side: what the journal gives back passes style_file_value (bytes)."""
    from engine.jobs import style_file_value

    style_file = tmp_path / "mine.safetensors"
    style_file.write_bytes(b"bytes")
    job = make_job()
    job.styles = [StyleRef("descriptor", str(style_file))]
    journal = Journal(str(tmp_path / "journal.db"))
    journal.add(job)
    [(resumed, _, _)] = journal.undelivered()
    assert style_file_value(resumed.styles[0]) == b"bytes"
    journal.close()
