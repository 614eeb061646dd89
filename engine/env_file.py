"""Checks of a .env and the environment, shared by the bot and `python -m engine worker`."""
from __future__ import annotations

import difflib
import io
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

# The bot's settings (bot.settings.Settings; engine/ does not import bot/). A worker usually reads the
# bot's own .env: these names are no typos there, and names near them are.
# tests/queue/test_worker_env.py keeps this list the bot's.
BOT_SETTINGS = frozenset({
    "ADMIN_USER_IDS", "DATA_DIR", "DEFAULT_LANG", "DEFAULT_STRENGTH", "DISCORD_GUILD_ID", "DISCORD_SYNC_COMMANDS",
    "DISCORD_TOKEN", "HQ_MAX_SIDE", "JOB_HISTORY_DAYS", "LOG_FORMAT", "LOG_LEVEL", "MAX_IMAGE_MEGAPIXELS",
    "MAX_PENDING_PER_USER", "MAX_SIDE", "MAX_SIDE_LIMIT", "MAX_STYLES_PER_COMMUNITY", "MAX_STYLES_PER_USER",
    "MAX_UPLOAD_MB", "PHOTO_KEEP_DAYS", "PREVIEW_SIDE", "RATE_LIMIT_JOBS", "RATE_LIMIT_WINDOW_S", "STYLE_TRAINING",
    "STYLE_TRAINING_BATCH", "STYLE_TRAINING_CROP", "STYLE_TRAINING_DATA", "STYLE_TRAINING_ITERATIONS",
    "STYLE_TRAINING_NICE", "STYLE_TRAINING_SAVE_EVERY", "TELEGRAM_API_BASE", "TELEGRAM_LOCAL_MODE",
    "TELEGRAM_TOKEN", "WEB_ADMIN", "WEB_ENABLED", "WEB_HOST", "WEB_ORIGINS", "WEB_PORT"})


def unreadable_env_file(exc: UnicodeDecodeError, env_file: str | Path = ".env") -> str:
    """What a .env pydantic-settings could not decode (UnicodeDecodeError, a traceback naming no
    file) says, in one line: Windows Notepad's "Unicode" is UTF-16."""
    return (f"{Path(env_file).absolute()} is not UTF-8 text ({exc.reason} at byte {exc.start}): save it as "
            f"UTF-8 (Notepad's \"Unicode\" is UTF-16)")


def unreadable_env_lines(env_file: str | Path = ".env", bot_settings: Iterable[str] = BOT_SETTINGS) -> list[str]:
    """One line per line of ``env_file`` that is not NAME=value (a missing "=", an unclosed quote):
    it sets nothing, and python-dotenv said so without naming the file or the setting lost. Names
    the setting, never the value (it may be a token)."""
    from dotenv.parser import parse_stream

    from .queue.settings import QueueSettings

    known = {name.upper() for name in (*bot_settings, *QueueSettings.model_fields)}

    try:
        text = Path(env_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []                        # no .env, or one that stops the program with its own line
    lines = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            name = setting_named(binding.original.string, known)
            lost = f"{name} is not set by it" if name else "it sets nothing (no NAME= in it)"
            lines.append(f"{env_file} line {binding.original.line} cannot be read (NAME=value expected; "
                         f"an unclosed quote?): {lost}")
    return lines


def setting_named(line: str, known: set[str]) -> str | None:
    """The setting a line that cannot be read meant to set: its first word where an "=" (an
    unclosed quote after it) or a ":" follows it, or where it is a known setting ("MAX_SIDE 256");
    None for other text ("this is junk TOKEN"), whose first word may be any of its words: a line
    that names no setting is never echoed."""
    found = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)(\s*[=:])?", line)
    if found and (found.group(2) or found.group(1).upper() in known):
        return found.group(1)
    return None


def misspelt_settings(env_file: str | Path = ".env", environ: Mapping[str, str] | None = None,
                      bot_settings: Iterable[str] = BOT_SETTINGS) -> list[str]:
    """One line per name set in ``env_file`` or the environment that is no setting of the bot
    (``bot_settings``) or of the queue and its workers (``QueueSettings``, whose names may be lower
    case) but nearly one: such a name was ignored without a word, and the program ran on the
    default. Names not near any setting (another program's, in a shared .env) are left alone."""
    from dotenv import dotenv_values

    from .queue.settings import QueueSettings

    queue = {name.upper() for name in QueueSettings.model_fields}
    known = set(bot_settings) | queue
    sources: list[tuple[str, Mapping]] = []
    if Path(env_file).is_file():
        try:
            sources.append((str(env_file), dotenv_values(env_file)))
        except (OSError, UnicodeDecodeError):
            pass                         # pydantic-settings says what is wrong with the file itself
    sources.append(("the environment", os.environ if environ is None else environ))
    lines, seen = [], set()
    for where, names in sources:
        for name in names:
            if name in known or name.upper() in queue or name in seen:
                continue
            near = difflib.get_close_matches(name.upper(), sorted(known), n=1, cutoff=0.85)
            if near:
                seen.add(name)
                lines.append(f"{where} sets {name}, which is no setting: did you mean {near[0]}? "
                             f"({name} is ignored)")
    return lines


def env_warnings(env_file: str | Path = ".env", bot_settings: Iterable[str] = BOT_SETTINGS) -> list[str]:
    """Both checks, for a program to log once at start, after its log is set up (it quiets the
    logger "dotenv.main" before reading its settings: python-dotenv's own line names no file)."""
    return unreadable_env_lines(env_file, bot_settings) + misspelt_settings(env_file, bot_settings=bot_settings)
