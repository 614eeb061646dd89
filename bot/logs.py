"""Logging for the bot: quiet HTTP loggers and tokens redacted from every log record.

httpx logs each request URL at INFO, and Telegram's URLs contain the bot token (python-telegram-bot
also logs full file URLs at DEBUG). The httpx loggers stay at WARNING, and as a second guard a log
record factory replaces every registered secret in any record of this process.
"""
from __future__ import annotations

import logging

_secrets: set[str] = set()
_installed = False


def quiet_http_logs() -> None:
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def redact(*secrets: str | None) -> None:
    """From now on, no log record of this process shows these strings."""
    global _installed
    _secrets.update(s for s in secrets if s and len(s) >= 4)      # shorter would scrub ordinary words
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = make(*args, **kwargs)
        if _secrets:
            try:
                text = record.getMessage()
            except Exception:
                return record
            for s in _secrets:
                text = text.replace(s, "<redacted>")
            # formatted now: arguments are sometimes mutated later (python-telegram-bot turns a
            # logged file_path into a URL with the token after logging it)
            record.msg, record.args = text, ()
        return record

    logging.setLogRecordFactory(factory)
