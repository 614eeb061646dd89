"""A setting's name mistyped in .env (or the environment) was ignored without a word: the bot ran
on the default (MAX_UPLOAD_M=50 left uploads at 20 MB; TELEGRAM_TOKN started the web chat instead
of Telegram). The bot now logs one warning per such name at start, naming the setting it is
nearly, and runs on (a .env may hold other programs' names: only near misses are named)."""
from __future__ import annotations

from engine.env_file import misspelt_settings
from tests.bot.bot_start import stderr_of_a_start


async def test_a_mistyped_name_in_dotenv_is_named_at_start(tmp_path):
    (tmp_path / ".env").write_text("MAX_UPLOAD_M=50\nLOG_LEVL=DEBUG\nTORCH_INDEX=https://example.org/whl\n"
                                   "MAX_SIDE=256\n")
    err = await stderr_of_a_start(tmp_path, STYLE_TRAINING="false", WORKERS_FAS="2")
    warned = [line for line in err.splitlines() if "is no setting" in line]
    assert len(warned) == 3, err
    assert any(".env sets MAX_UPLOAD_M," in line and "did you mean MAX_UPLOAD_MB?" in line for line in warned)
    assert any(".env sets LOG_LEVL," in line and "did you mean LOG_LEVEL?" in line for line in warned)
    assert any("environment sets WORKERS_FAS," in line and "WORKERS_FAST?" in line for line in warned)
    assert "TORCH_INDEX" not in err and "MAX_SIDE," not in err


def test_only_near_misses_are_named(tmp_path):
    (tmp_path / ".env").write_text("telegram_token=x\nWEB_PRT=1\nredis_url=redis://h\nCOMPOSE_PROJECT_NAME=p\n")
    lines = misspelt_settings(tmp_path / ".env", environ={"PATH": "/bin", "PORT": "80", "HOME": "/"})
    assert [line.split(",")[0] for line in lines] == [f"{tmp_path / '.env'} sets telegram_token",
                                                      f"{tmp_path / '.env'} sets WEB_PRT"], lines
