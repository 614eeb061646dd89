"""The two shapes a log line takes (LOG_FORMAT): ``text``, "time LEVEL logger: message" for a
person at a terminal, and ``json``, one object per line for a log shipper. The bot and the engine
workers it starts write the same shape into the same stderr; either way the secrets registered in
engine.log_secrets are scrubbed, tracebacks included."""
from __future__ import annotations

import json
import logging
import os
import sys

from .log_secrets import scrub

LOG_FORMATS = ("text", "json")
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ScrubbingFormatter(logging.Formatter):
    """Plain lines with the secrets scrubbed: the record factory scrubs a record's message, but a
    traceback is formatted later, by the handler (an exception's text may hold a URL with a token)."""

    def __init__(self, fmt: str = LINE_FORMAT, *args, **kwargs):
        super().__init__(fmt, *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """Each record as exactly one JSON object on one line: quotes and newlines in a message are
    escaped, a traceback goes in "exc" (log shippers read stderr line by line)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"t": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "pid": record.process, "msg": scrub(_message(record))}
        if record.exc_info:
            entry["exc"] = scrub(self.formatException(record.exc_info))    # an exception may quote a URL
        if record.stack_info:
            entry["stack"] = scrub(self.formatStack(record.stack_info))
        return json.dumps(entry, default=str, separators=(",", ":"))


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:          # bad %-arguments: logging would print its own traceback, raw
        return f"{record.msg!r} % {record.args!r} (could not format)"


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else ScrubbingFormatter()


def checked_format(value: str | None, default: str) -> str:
    """LOG_FORMAT as the settings take it: any case, empty for the default."""
    value = (value or default).strip().lower()
    if value not in LOG_FORMATS:
        raise ValueError("LOG_FORMAT must be text or json")
    return value


def log_format_setting(default: str = "text", env_file: str = ".env", environ=None) -> str:
    """LOG_FORMAT as the settings would take it (the environment, else ``env_file``), for the lines
    a program writes outside its log, the settings' own errors included (read before, or without,
    the settings). One that is not valid, or a .env that cannot be read: ``default`` (that error
    is what the line says)."""
    environ = os.environ if environ is None else environ
    value = environ.get("LOG_FORMAT")
    try:
        if not value and os.path.isfile(env_file):
            from dotenv import dotenv_values

            value = dotenv_values(env_file, encoding="utf-8").get("LOG_FORMAT")
        return checked_format(value, default)
    except Exception:
        return default


def in_log_shape(text: str, log_format: str, logger: str, level: int = logging.ERROR) -> str:
    """Lines written outside the log (an exit's "error: ..." lines, the web chat's address) in the
    log's shape: as they are for text; for json, each non-empty line one object as JsonFormatter
    writes a record, since a log shipper takes every line of stdout and stderr as one."""
    if log_format != "json":
        return text
    json_line = JsonFormatter()
    return "\n".join(
        json_line.format(logging.makeLogRecord({"name": logger, "levelno": level,
                                                "levelname": logging.getLevelName(level), "msg": line}))
        for line in text.splitlines() if line.strip())


def print_exit_lines(text: str, logger: str) -> None:
    """A program's last line(s) on stderr ("error: ..."), in the shape LOG_FORMAT gives its log."""
    print(in_log_shape(text, log_format_setting(), logger), file=sys.stderr)
