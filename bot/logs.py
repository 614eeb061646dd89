"""Logging for the bot: quiet HTTP loggers, and secrets redacted from every log record.

httpx logs each request URL at INFO, and Telegram's URLs contain the bot token (python-telegram-bot
also logs full file URLs at DEBUG). The httpx loggers stay at WARNING, and as a second guard a log
record factory (engine/log_secrets.py's, shared with the engine workers) replaces every registered secret
in any record of this process: the platform tokens, the password of REDIS_URL, and at DEBUG
the interaction tokens discord.py logs (in webhook and callback URLs, and in each gateway event:
one lets anyone post as the bot in that channel for 15 minutes).
"""
from __future__ import annotations

import logging
import re

from engine.log_format import ScrubbingFormatter
from engine.log_secrets import hide_in_logs, hide_pattern_in_logs, scrub, url_secrets

# discord.py at DEBUG: "Webhook ID 1 with POST https://discord.com/api/v10/webhooks/1/TOKEN/messages/2
# has returned ...", ".../interactions/ID/TOKEN/callback", and each gateway event as a dict
# ("WebSocket Event: {..., 'token': 'TOKEN', ...}")
WEBHOOK_TOKEN = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s?#\"']+")
TOKEN_FIELD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+""")

__all__ = ["ScrubbingFormatter", "quiet_http_logs", "redact", "redact_url", "scrub"]


def quiet_http_logs() -> None:
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def redact(*secrets: str | None) -> None:
    """From now on, no log record of this process shows these strings (nor an interaction token).
    A Telegram token's secret half (after "bot id:") is hidden on its own too."""
    halves = [s.partition(":")[2] for s in secrets if s and ":" in s]
    hide_in_logs(*secrets, *halves)
    hide_pattern_in_logs(WEBHOOK_TOKEN, r"\1<redacted>")
    hide_pattern_in_logs(TOKEN_FIELD, r"\1<redacted>")


def redact_url(url: str | None) -> None:
    """The password of a URL (REDIS_URL: redis://:PASSWORD@host or ?password=...) out of the logs."""
    redact(*url_secrets(url))
