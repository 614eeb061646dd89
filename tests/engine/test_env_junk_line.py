"""A .env line without NAME= ("this is junk SECRETJUNK") was said as "...: this is not set by it",
its first word taken for a setting's name. Such a line is said to set nothing now, and none of its
words is echoed (one may be a token); a line that names its setting ("MAX_SIDE 256", an unclosed
quote after NAME=, "NAME: value") still names it, never its value."""
from __future__ import annotations

from engine.env_file import unreadable_env_lines


def test_a_line_without_a_name_sets_nothing_and_echoes_none_of_its_words(tmp_path):
    env = tmp_path / ".env"
    env.write_text("this is junk SECRETJUNK\nmy_token abc-secret def\n")
    said = unreadable_env_lines(env)
    assert len(said) == 2, said
    for number, line in zip((1, 2), said):
        assert f".env line {number} cannot be read" in line and line.endswith("it sets nothing (no NAME= in it)"), line
    told = " ".join(said).replace(str(env), "")     # (not the file's own path's words)
    assert not any(word in told for word in ("this", "junk", "SECRETJUNK", "my_token", "abc-secret"))


def test_a_line_that_names_its_setting_still_names_it_not_its_value(tmp_path):
    env = tmp_path / ".env"
    env.write_text('MAX_SIDE 256\nTELEGRAM_TOKEN="123:secret\nREDIS_PREFIX: paintbot-x\nmax_upload_mb 50\n')
    said = unreadable_env_lines(env)
    assert [line.rsplit(": ", 1)[1] for line in said] == [
        "MAX_SIDE is not set by it", "TELEGRAM_TOKEN is not set by it", "REDIS_PREFIX is not set by it",
        "max_upload_mb is not set by it"], said
    told = " ".join(said).replace(str(env), "")     # (the file's own path: pytest-1250 held a "50")
    assert not any(value in told for value in ("256", "secret", "paintbot-x", "50"))
