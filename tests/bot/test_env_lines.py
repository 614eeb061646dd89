"""A .env line that is not NAME=value ("MAX_SIDE 256", an unclosed quote) was ignored, and
python-dotenv said "could not parse statement starting at line 1" up to six times (once per
settings read, some before the log was set up), naming neither the file nor the setting lost. The
bot now says it once per line at start, with the file, the line and the name it would have set,
never the value (it may be a token)."""
from __future__ import annotations

from engine.env_file import unreadable_env_lines
from tests.bot.bot_start import stderr_of_a_start


async def test_an_unreadable_line_is_said_once_naming_its_setting_not_its_value(tmp_path):
    (tmp_path / ".env").write_text('MAX_SIDE 256\nSTYLE_TRAINING=false\nTELEGRAM_TOKEN="123:secret\n')
    err = await stderr_of_a_start(tmp_path)
    assert "python-dotenv" not in err and "secret" not in err, err
    said = [line for line in err.splitlines() if "cannot be read" in line]
    assert len(said) == 2, err
    assert "WARNING" in said[0] and ".env line 1 " in said[0] and "MAX_SIDE is not set" in said[0], said
    assert ".env line 3 " in said[1] and "TELEGRAM_TOKEN is not set" in said[1], said


def test_good_lines_comments_and_export_are_read(tmp_path):
    (tmp_path / ".env").write_text("# a comment\n\nexport MAX_SIDE=256\nWEB_PORT = 8081\nA='b c'\n")
    assert unreadable_env_lines(tmp_path / ".env") == []
