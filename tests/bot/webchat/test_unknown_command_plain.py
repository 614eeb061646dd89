"""A reply refusing a command the bot does not know ("I don't know the command /stlye") named it
as a link on the page, as it does every command: clicked, it sent the typo again, to be refused
again. The server says which command that is ("plain"), in each wording and language."""
from __future__ import annotations

import pytest

from bot.commands import Reply
from bot.messages import t
from bot.webchat import payload
from bot.webchat.unknown_commands import unknown_commands


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", ["unknown_command", "unknown_command_near", "unknown_command_photo"])
def test_the_refused_command_is_named_plain(lang, key):
    text = t(lang, key, command="stlye", suggestions="/style gogh")
    assert payload("send", "1-1", Reply(text))["plain"] == ["/stlye"]


@pytest.mark.parametrize("text", [t("en", "start"), t("ko", "help"), "Try /help.", "", None,
                                  t("en", "unknown_style", name="stlye")])
def test_any_other_reply_has_none(text):
    assert unknown_commands(text) == []
    assert "plain" not in payload("send", "1-1", Reply(text or ""))
