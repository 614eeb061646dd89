"""Secrets kept out of the logs: a password in REDIS_URL, the bots' tokens, Discord's interaction
tokens. Registered once, they are scrubbed from every log record this process makes, whatever
handler prints it (the engine workers' JSON, the bot's text lines), and from lines printed on exit.
"""
from __future__ import annotations

import logging
import re

_secrets: set[str] = set()
_patterns: list[tuple["re.Pattern[str]", str]] = []     # secrets known by their shape (the bot's)


# "?key=" or "&key=": an @ after one is inside a query value (?password=a@b), not user info
_QUERY_KEY = re.compile(r"[?&][^=&@]*=")


def split_userinfo(rest: str) -> tuple[str, str]:
    """What follows a URL's "scheme://", as (user info, the rest from the host on): the user info
    runs to the last @ that is not inside a query value. Wider than urlsplit's, on purpose: a
    password with an unescaped / ? or # in it (generated ones often have a /) ends urlsplit's
    netloc early, which then showed the rest of the password as if it were the path."""
    at = rest.rfind("@")
    while at >= 0 and _QUERY_KEY.search(rest[:at]):
        at = rest.rfind("@", 0, at)
    return (rest[:at], rest[at + 1:]) if at >= 0 else ("", rest)


def url_secrets(url: str | None) -> list[str]:
    """The password in a URL (redis://:PASSWORD@host, redis://user:PASSWORD@host, or
    ?password=...), as written and %-decoded, so that logs can hide it wherever it shows up."""
    from urllib.parse import unquote, urlsplit

    if not url:
        return []
    scheme, sep, rest = url.partition("://")
    userinfo = split_userinfo(rest)[0] if sep else ""
    found = [userinfo.partition(":")[2]] if userinfo else []
    try:
        query = urlsplit(url).query
    except ValueError:          # not a URL at all: nothing more to find in it
        query = ""
    found += [value for item in query.split("&") for key, _, value in [item.partition("=")]
              if key.lower() == "password"]
    return sorted({x for s in found if s for x in (s, unquote(s))}, key=len, reverse=True)


def hide_in_logs(*secrets: str | None) -> None:
    """From now on, no log line of this process (worker JSON, or any handler) shows these strings.
    Shorter than 4 characters would scrub ordinary words, and is left alone."""
    new = {s for s in secrets if s and len(s) >= 4} - _secrets
    if not new:
        return
    _secrets.update(new)
    _install_scrubbing_record_factory()


def hide_pattern_in_logs(pattern: "re.Pattern[str]", replacement: str) -> None:
    """From now on, log lines of this process show what ``pattern`` matches as ``replacement``
    (re.sub), for secrets known by their shape rather than their value."""
    if all(p.pattern != pattern.pattern for p, _ in _patterns):
        _patterns.append((pattern, replacement))
        _install_scrubbing_record_factory()


def scrub(text: str) -> str:
    """``text`` with every secret registered by hide_in_logs (and hide_pattern_in_logs) replaced."""
    for s in sorted(_secrets, key=len, reverse=True):     # a longer secret first: one may hold another
        text = text.replace(s, "<redacted>")
    for pattern, replacement in _patterns:
        text = pattern.sub(replacement, text)
    return text


_factory_installed = False


def _install_scrubbing_record_factory() -> None:
    """Every record is formatted and scrubbed as it is made, whatever handler prints it (the JSON
    one, the bot's text one, or Python's last-resort one of a command that set up no logging)."""
    global _factory_installed
    if _factory_installed:
        return
    _factory_installed = True
    make = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = make(*args, **kwargs)
        if _secrets or _patterns:
            try:
                text = record.getMessage()
            except Exception:
                return record
            # formatted now: arguments are sometimes mutated after the call (python-telegram-bot)
            record.msg, record.args = scrub(text), ()
        return record

    logging.setLogRecordFactory(factory)
