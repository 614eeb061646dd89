"""Settings an operator gets wrong without a word: ADMIN_USER_IDS written without its platform
("12345", "telegram:12345") was taken and matched nobody, so the operator believed they were an
admin and was not; the web chat open to the network with WEB_ADMIN=true (no login: anyone may edit
its styles) was warned of in the README only."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.__main__ import error_lines
from bot.settings import Settings
from tests.bot.test_operator import run


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def refusal(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        settings(ADMIN_USER_IDS=value)
    [line] = error_lines(caught.value)
    return line


def test_platform_qualified_ids_are_taken_their_prefix_in_lower_case():
    assert settings(ADMIN_USER_IDS="tg:123, TG:-100456 ;dc:987654321098765432,web:a1B2-c_3").ADMIN_USER_IDS == [
        "tg:123", "tg:-100456", "dc:987654321098765432", "web:a1B2-c_3"]
    assert settings().ADMIN_USER_IDS == []


def test_a_bare_number_is_refused_naming_both_forms_it_may_be():
    assert refusal("12345") == ("error: ADMIN_USER_IDS='12345': '12345' is not a platform-qualified user id: "
                                "write tg:12345 for a Telegram user, dc:12345 for a Discord user")


@pytest.mark.parametrize("value, fix", [("telegram:12345", "tg:12345"), ("tg:1,Discord:42", "dc:42"),
                                        ("webchat:abc", "web:abc")])
def test_a_platform_written_out_is_refused_with_its_prefix(value, fix):
    assert refusal(value).endswith(f"is not a platform-qualified user id: write {fix}")


@pytest.mark.parametrize("value", ["tg:abc", "web:", "dc:12 34", "@someone", "web:a/b"])
def test_anything_else_is_refused_naming_the_three_forms(value):
    line = refusal(value)
    assert line.startswith("error: ADMIN_USER_IDS=") and "tg:<id>, dc:<id> or web:<id>" in line


async def test_the_bot_stops_at_start_with_that_one_line_and_exit_2(tmp_path):
    rc, output = await run(tmp_path, ADMIN_USER_IDS="12345")
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ADMIN_USER_IDS='12345': ") and "tg:12345" in line


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "bot.example.org"])
def test_the_web_chat_open_to_the_network_with_admin_rights_is_warned_of(host):
    [line] = settings(WEB_HOST=host, WEB_ADMIN=True).start_warnings()
    assert line.startswith(f"WEB_HOST={host} with WEB_ADMIN=true: ") and "WEB_ADMIN=false" in line


@pytest.mark.parametrize("values", [
    dict(WEB_HOST="0.0.0.0", WEB_ADMIN=False),           # docker-compose.yml's
    dict(WEB_HOST="127.0.0.1", WEB_ADMIN=True),          # the defaults
    dict(WEB_HOST="localhost", WEB_ADMIN=True), dict(WEB_HOST="::1", WEB_ADMIN=True),
    dict(WEB_HOST="0.0.0.0", WEB_ADMIN=True, WEB_ENABLED="false"),       # no web chat runs
    dict(WEB_HOST="0.0.0.0", WEB_ADMIN=True, TELEGRAM_TOKEN="t" * 20),   # auto: off with a token
])
def test_no_warning_where_the_page_is_local_or_not_an_admin_or_not_running(values):
    assert settings(**values).start_warnings() == []


async def test_the_warning_reaches_the_log_at_start(tmp_path):
    """(On a free port of its own: the default 8080 may be another test's or another program's,
    and a bot that could not start said "web chat" too, in its error line.)"""
    from tests.bot.test_operator import closed_port, run_until

    rc, output = await run_until(tmp_path, "bot", seen="serving: the web chat", WEB_HOST="0.0.0.0",
                                 WEB_PORT=str(closed_port()), WEB_ADMIN="true", QUEUE_BACKEND="memory",
                                 ENGINE_FACTORY="tests.queue.fakes:make_engine")
    assert rc == 0, output
    [line] = [line for line in output.splitlines() if "WEB_HOST=0.0.0.0 with WEB_ADMIN=true" in line]
    assert " WARNING " in line, output


# -- review of the above --------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["tg:١٢٣", "dc:１２３", "TG:٤٥"])
def test_digits_of_other_scripts_are_refused(value):
    """A regex's \\d took Arabic-Indic and full-width digits: an id no front-end writes, so it
    matched nobody, silently, which the check is there to stop."""
    assert "is not a platform-qualified user id" in refusal(value)


def test_a_negative_bare_number_is_offered_as_telegrams_only():
    """Discord's ids are never negative: a group's or channel's id is Telegram's."""
    assert refusal("-100456").endswith("write tg:-100456 for a Telegram user")


TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
DISCORD_TOKEN = "MTA4NzE2OTk0NTU2MTIzNDU2Nw.GhQpLm.aB3dEfGhIjKlMnOpQrStUvWxYz0123456789"


@pytest.mark.parametrize("token", [TELEGRAM_TOKEN, DISCORD_TOKEN, f"tg:{TELEGRAM_TOKEN}"])
def test_a_token_on_the_wrong_line_is_refused_without_repeating_it(token):
    line = refusal(f"tg:1,{token}")
    assert "looks like a bot token, not a user id (not shown here)" in line and "TELEGRAM_TOKEN" in line
    assert line.count(token) == 1          # the value pydantic repeats: scrubbed at the start (below)


async def test_the_start_keeps_a_token_pasted_there_out_of_its_line(tmp_path):
    """The bot's start printed the whole value twice: a token there went to the terminal and logs."""
    rc, output = await run(tmp_path, ADMIN_USER_IDS=f"tg:1, {TELEGRAM_TOKEN}")
    assert rc == 2 and "looks like a bot token" in output, output
    assert TELEGRAM_TOKEN.partition(":")[2] not in output and "<redacted>" in output, output


@pytest.mark.parametrize("host", ["::ffff:127.0.0.1", "[::ffff:127.0.0.2]"])
def test_an_ipv4_loopback_written_as_ipv6_is_not_warned_of(host):
    """Python before 3.13 calls ::ffff:127.0.0.1 no loopback: a page kept on this machine was
    warned of as open to the network."""
    assert settings(WEB_HOST=host, WEB_ADMIN=True).start_warnings() == []


@pytest.mark.parametrize("value, ids", [("tg:1,", ["tg:1"]), (" , ;", []), ("tg: 1", ["tg:1"]),
                                        ("tg :1 ,dc:2,,", ["tg:1", "dc:2"]), ("web:ABC ", ["web:ABC"])])
def test_empty_entries_spaces_and_a_trailing_comma_are_taken(value, ids):
    assert settings(ADMIN_USER_IDS=value).ADMIN_USER_IDS == ids


def test_quotes_kept_by_docker_run_env_file_are_named():
    """ADMIN_USER_IDS="tg:1,dc:2" is fine in .env, but `docker run --env-file` keeps the quotes:
    '"tg:1' was refused with the three forms, though it is one of them."""
    assert refusal('"tg:1,dc:2"').endswith("write tg:1, without quotes (docker run --env-file keeps them)")
