"""Review of bcaf6af, Telegram's retried start, with real python-telegram-bot against the fake:
a start that fails after getMe (its polling's set-up answered 5xx) leaves an Application started
and initialised; it is stopped and shut down, and the retry initialises and polls again (a guard: passes on bcaf6af too). A TELEGRAM_API_BASE
that is no http(s) address is a setting error (it was retried for ever)."""
from __future__ import annotations

import pytest

from bot import __main__ as bot_main
from bot.__main__ import main
from bot.settings import Settings

from tests.bot import test_frontend_retry as retry
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.test_frontend_retry import answers_help, bot_running, until
from tests.bot.telegram.test_telegram import TOKEN

bot_env = retry.bot_env       # the fixture


async def test_a_telegram_start_failing_after_get_me_is_tried_again_and_polls(bot_env, caplog):
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = TOKEN
    fake.errors["deleteWebhook"] = [(502, "Bad Gateway", None), (500, "Internal Server Error", None)]
    async with bot_running(bot_env, fake) as bot:
        await until(lambda: "Telegram started at try 3" in caplog.text, bot)
        await answers_help(fake)
    assert "Telegram did not start: NetworkError: Bad Gateway; trying again in 0.2 s" in caplog.text


async def refuse_to_run(*args, **kwargs):
    raise AssertionError("the bot started")


@pytest.mark.parametrize("base", ["api.telegram.org", "htps://api.telegram.org", "https://", "http://127.0.0.1:80811",
                                  "http://127.0.0.1:port", "  "])
def test_a_telegram_api_base_that_is_no_http_address_is_a_setting_error(base, monkeypatch, tmp_path, capsys):
    """Such a base failed every start with NetworkError (httpx.UnsupportedProtocol, ...), which bcaf6af
    retries for ever as "a network or server problem, not TELEGRAM_TOKEN": it is one line and exit 2
    at once now, as any wrong setting."""
    monkeypatch.chdir(tmp_path)                                  # (no .env)
    monkeypatch.setattr(bot_main, "run", refuse_to_run)         # (the old code started the bot)
    monkeypatch.setenv("TELEGRAM_API_BASE", base)
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: TELEGRAM_API_BASE") and "http:// or https://" in err[0], err
    assert TOKEN not in err[0]


@pytest.mark.parametrize("base", ["https://api.telegram.org", "http://127.0.0.1:8081", "http://botapi.local/"])
def test_telegram_api_bases_in_use_are_taken(base):
    assert Settings(_env_file=None, TELEGRAM_API_BASE=base).TELEGRAM_API_BASE == base


async def test_a_telegram_start_cut_off_by_start_try_s_mid_polling_set_up_is_tried_again_and_polls(
        bot_env, monkeypatch, caplog):
    """A try given up (START_TRY_S) while the Updater's set-up waits: python-telegram-bot leaves
    its Updater marked running on a cancel; the stop and the next try start it cleanly."""
    from bot import frontend_start

    monkeypatch.setattr(frontend_start, "START_TRY_S", 1.0)
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = TOKEN
    fake.slow_methods["deleteWebhook"] = 3
    async with bot_running(bot_env, fake) as bot:
        await until(lambda: "Telegram did not start: no answer in 1 s" in caplog.text, bot)
        del fake.slow_methods["deleteWebhook"]
        await until(lambda: "Telegram started at try 2" in caplog.text, bot)
        await answers_help(fake)
