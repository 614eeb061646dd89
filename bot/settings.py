"""Every setting of the bot, read once from the environment and `.env` (see .env.example)."""
from __future__ import annotations

import ipaddress
import math
import re
from pathlib import Path
from urllib.parse import urlsplit
from typing import Annotated

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from engine.log_format import checked_format
from engine.log_secrets import hide_in_logs

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
# engine.images.MAX_PIXELS in MP (not imported: that imports torch; tests/bot/test_images.py holds them equal)
ENGINE_MAX_MEGAPIXELS = 64


# a user id as the front-ends write it: Telegram's (negative for a channel or group writing),
# Discord's, the web chat's (bot/webchat USER_ID: the id the page keeps). ASCII digits only: \d
# took "tg:١٢٣" (Arabic-Indic digits), an id no front-end writes, and so nobody's
ADMIN_ID = re.compile(r"(tg:-?[0-9]+|dc:[0-9]+|web:[A-Za-z0-9_-]{1,64})")
PLATFORM_PREFIXES = {"telegram": "tg", "discord": "dc", "webchat": "web", "web chat": "web"}
# a bot token pasted on the wrong line of .env: Telegram's (bot id:secret) or Discord's (three
# dotted parts); its refusal must not print it (the line goes to the terminal and the logs)
TOKEN_SHAPE = re.compile(r"[0-9]{5,}:[A-Za-z0-9_-]{30,}|[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")


def admin_id(text: str) -> str:
    """One entry of ADMIN_USER_IDS, its platform's prefix in lower case ("TG:1" is "tg:1"), or
    ValueError naming the form it needs (a pydantic error: the bot's start says it, exit 2)."""
    platform, colon, rest = text.partition(":")
    platform, rest = platform.strip().lower(), rest.strip()
    fixed = f"{platform}:{rest}" if colon else text
    if ADMIN_ID.fullmatch(fixed):
        return fixed
    forms = "tg:<id>, dc:<id> or web:<id> (Telegram, Discord, web chat), e.g. tg:123456789"
    if TOKEN_SHAPE.search(text):
        # the start's error line repeats the setting's value: scrubbed from it (bot.__main__.exit_with)
        hide_in_logs(text, TOKEN_SHAPE.search(text)[0], rest)
        raise ValueError(f"an entry looks like a bot token, not a user id (not shown here): keep tokens in "
                         f"TELEGRAM_TOKEN or DISCORD_TOKEN, and write {forms}")
    if quoted_id(text):
        hint = f"{quoted_id(text)}, without quotes (docker run --env-file keeps them)"
    elif not colon and re.fullmatch(r"-?[0-9]+", text):
        # Discord's ids are never negative: a negative one is a Telegram group's or channel's
        hint = f"tg:{text} for a Telegram user" + (f", dc:{text} for a Discord user" if text[0] != "-" else "")
    elif colon and platform in PLATFORM_PREFIXES:
        hint = f"{PLATFORM_PREFIXES[platform]}:{rest}"
    else:
        hint = forms
    raise ValueError(f"{text!r} is not a platform-qualified user id: write {hint}")


def quoted_id(text: str) -> str | None:
    """The id inside quotes ('"tg:1"'), else None: .env takes ADMIN_USER_IDS="tg:1,dc:2", but
    `docker run --env-file` keeps the quotes, and the first and last entries match nobody."""
    unquoted = text.strip("\"'")
    if unquoted == text or not unquoted:
        return None
    try:
        return admin_id(unquoted)
    except ValueError:
        return None


# what a float setting's number counts, by a part of its name, for "a finite number of ..."
FLOAT_UNITS = (("_DAYS", "days"), ("_MB", "megabytes"), ("_MEGAPIXELS", "megapixels"), ("_S", "seconds"),
               ("_TIMEOUT", "seconds"), ("_IDLE", "seconds"))


def non_finite(value) -> bool:
    """Whether a setting's raw value is nan or an infinity ("nan", "inf", "-Infinity")."""
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def finite_number_needed(name: str) -> str:
    """What a float setting given nan or inf is told: pydantic named a bound ("less than or equal
    to 86400") that the value did not fail for being too big."""
    name = name.upper()
    unit = next((unit for part, unit in FLOAT_UNITS if name.endswith(part) or f"{part}_" in name), "")
    return f"must be a finite number{' of ' + unit if unit else ''}, not nan or inf"


def is_loopback(host: str) -> bool:
    """Whether a listening address is this machine's alone (127.x, ::1, ::ffff:127.x, localhost)."""
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False            # a name: it may well resolve to a public address
    # an IPv4 address written as IPv6 (::ffff:127.0.0.1): Python before 3.13 calls it no loopback
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True,
                                      validate_assignment=True,
                                      case_sensitive=True,
                                      # RATE_LIMIT_WINDOW_S=inf was taken (no upper bound); nan failed
                                      # a bound's check, which the error then named instead
                                      allow_inf_nan=False)

    # platforms: a front-end starts only when it has a token
    TELEGRAM_TOKEN: SecretStr | None = None
    TELEGRAM_API_BASE: str = "https://api.telegram.org"   # e.g. http://127.0.0.1:8081 (local Bot API server)
    TELEGRAM_LOCAL_MODE: bool = False       # a local Bot API server started with --local: files are read from disk
    DISCORD_TOKEN: SecretStr | None = None
    DISCORD_GUILD_ID: int | None = None     # sync slash commands to this server only (instant) instead of globally
    DISCORD_SYNC_COMMANDS: bool = True

    # the local web chat
    WEB_ENABLED: str = "auto"               # auto: only when no platform token is set; "true" / "false"
    WEB_HOST: str = "127.0.0.1"
    WEB_PORT: int = Field(8080, ge=1, le=65535)
    WEB_ADMIN: bool = True                  # web chat users may add community styles (it is a local page)
    WEB_ORIGINS: str = ""                   # pages elsewhere that may use the chat (a proxy's https://name)

    # storage
    DATA_DIR: Path = Path("data")           # bot.sqlite3, last photos, community style descriptors
    # a user's photos (and paintings used as styles) are deleted this many days after they were
    # last sent (besides keeping only the last 20); 0: kept until then, or until /forgetme
    PHOTO_KEEP_DAYS: float = Field(30.0, ge=0, le=36500)
    JOB_HISTORY_DAYS: float = Field(365.0, ge=0, le=36500)   # job history rows older are deleted; 0: kept

    # who may add styles to the global catalog: platform-qualified ids, e.g. "tg:123,dc:456"
    ADMIN_USER_IDS: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # abuse limits
    RATE_LIMIT_JOBS: int = Field(8, ge=1)   # paintings per user ...
    RATE_LIMIT_WINDOW_S: float = Field(60.0, ge=0)   # ... per this many seconds
    MAX_PENDING_PER_USER: int = Field(2, ge=1)       # jobs a user may have waiting or running at once
    MAX_UPLOAD_MB: float = Field(20.0, gt=0)
    # decoded size limit for non-JPEG uploads (JPEG: 400), at most the engine's own (engine.images.MAX_PIXELS)
    MAX_IMAGE_MEGAPIXELS: float = Field(64.0, gt=0)   # (above 64: 64, said at start)
    _megapixels_asked: float | None = PrivateAttr(None)

    # painting defaults
    DEFAULT_LANG: str = "en"                # en | ko, when the platform gives no locale
    DEFAULT_STRENGTH: float = Field(1.0, ge=0, le=1)
    # output sizes: the engine paints 64..2048 px
    MAX_SIDE: int = Field(512, ge=64, le=2048)          # default output size (longer side, pixels)
    MAX_SIDE_LIMIT: int = Field(1024, ge=64, le=2048)   # the largest /size a user may choose
    HQ_MAX_SIDE: int = Field(384, ge=64, le=2048)       # /hq (Gatys) output size
    PREVIEW_SIDE: int = Field(128, ge=64, le=2048)      # each tile of /preview

    # community styles' own adaptive models, trained in the background (bot/style_training.py)
    STYLE_TRAINING: bool = True             # needs the shipped adaptive model and training photos
    STYLE_TRAINING_DATA: Path | None = None # a folder with content/ photos; default ../shared/data/train
    # 1500: about 15 min (2 cores with AVX-512 BF16) to an hour and a quarter (2 AVX2 cores in
    # fp32, ~3 s an iteration), longer while the bot paints (not yet timed on a GPU; README)
    # (the limits are train-artist's: a value it refuses would fail each style's training, later)
    STYLE_TRAINING_ITERATIONS: int = Field(1500, ge=1)
    STYLE_TRAINING_BATCH: int = Field(4, ge=1)
    STYLE_TRAINING_CROP: int = Field(192, ge=16)        # engine.arguments.MIN_CROP
    # a checkpoint every this many iterations (train-artist --save-every; a stop saves its own): a
    # power cut loses at most that many
    STYLE_TRAINING_SAVE_EVERY: int = Field(50, ge=1)
    STYLE_TRAINING_NICE: int = Field(10, ge=0, le=19)   # the trainer's CPU priority: painting jobs come first
    # /addstyle: at most this many styles in one private chat (a user's own) and in one group or
    # server; the bot trains one style at a time for everyone, so the cap keeps the line short
    MAX_STYLES_PER_USER: int = Field(10, ge=1)
    MAX_STYLES_PER_COMMUNITY: int = Field(50, ge=1)

    LOG_LEVEL: str = "INFO"                 # DEBUG, INFO, WARNING, ERROR (any case)
    LOG_FORMAT: str = "text"                # text, or json (one object per line); the workers too

    @model_validator(mode="after")
    def _sizes(self) -> "Settings":
        """MAX_SIDE above MAX_SIDE_LIMIT was cut down to the limit without a word."""
        if self.MAX_SIDE > self.MAX_SIDE_LIMIT:
            raise ValueError(f"MAX_SIDE={self.MAX_SIDE} is above MAX_SIDE_LIMIT={self.MAX_SIDE_LIMIT} "
                             "(the largest size a user may pick); raise MAX_SIDE_LIMIT too")
        return self

    @model_validator(mode="after")
    def _megapixels(self) -> "Settings":
        """Above the engine's limit, a picture between the two passed the check at upload, waited
        its turn in line and was refused by the engine only then: capped at the engine's limit,
        and said once at start (start_warnings). Not refused: a deployment that had 100 runs on."""
        if self.MAX_IMAGE_MEGAPIXELS > ENGINE_MAX_MEGAPIXELS:
            self._megapixels_asked = self.MAX_IMAGE_MEGAPIXELS
            self.MAX_IMAGE_MEGAPIXELS = float(ENGINE_MAX_MEGAPIXELS)
        return self

    def start_warnings(self) -> list[str]:
        """Lines for the log at start about settings taken otherwise than they say, or risky."""
        lines = []
        asked = self._megapixels_asked
        if asked is not None:
            lines.append(f"MAX_IMAGE_MEGAPIXELS={asked:g} is above the engine's limit: {ENGINE_MAX_MEGAPIXELS} is used "
                         f"(the engine refuses any picture over {ENGINE_MAX_MEGAPIXELS} MP, JPEGs aside, whatever "
                         f"this says); set it to {ENGINE_MAX_MEGAPIXELS} or less")
        if self.web_enabled() and self.WEB_ADMIN and not is_loopback(self.WEB_HOST):
            # the README warned; the bot said nothing: the page has no login, so anyone who
            # reaches it could add and remove the web chat's styles
            lines.append(f"WEB_HOST={self.WEB_HOST} with WEB_ADMIN=true: the web chat has no login, and anyone "
                         "who reaches this address may add and remove its styles; set WEB_ADMIN=false, or "
                         "WEB_HOST=127.0.0.1 (put a proxy with authentication in front to share it)")
        return lines

    @field_validator("ADMIN_USER_IDS", mode="before")
    @classmethod
    def _split_ids(cls, value):
        """Platform-qualified ids only: "12345" or "telegram:12345" was taken silently and matched
        nobody, so the operator thought they were an admin and was not."""
        if isinstance(value, str):
            value = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
        if isinstance(value, list):
            value = [admin_id(v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("LOG_FORMAT")
    @classmethod
    def _format(cls, value: str) -> str:
        return checked_format(value, "text")

    @field_validator("WEB_ENABLED")
    @classmethod
    def _web_enabled(cls, value: str) -> str:
        """true / false (or 1, yes, on / 0, no, off) or auto; anything else is a typo, not auto."""
        value = value.strip().lower()
        if value in _TRUE:
            return "true"
        if value in _FALSE:
            return "false"
        if value != "auto":
            raise ValueError("WEB_ENABLED must be true, false or auto")
        return value

    @field_validator("TELEGRAM_API_BASE")
    @classmethod
    def _api_base(cls, value: str) -> str:
        """An http(s) address. One without its scheme ("api.telegram.org") or with a typo in it
        failed each start as a network error, which is tried again for ever (frontend_start)."""
        value = value.strip()
        parts = urlsplit(value)
        try:
            parts.port                          # (a port that is no number, or past 65535)
        except ValueError:
            parts = parts._replace(netloc="")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("TELEGRAM_API_BASE must be an http:// or https:// address (https://api.telegram.org, "
                             "or a local Bot API server's, such as http://127.0.0.1:8081)")
        return value

    @field_validator("DEFAULT_LANG")
    @classmethod
    def _lang(cls, value: str) -> str:
        if value not in ("en", "ko"):
            raise ValueError("DEFAULT_LANG must be en or ko")
        return value

    def style_training_folder(self) -> Path:
        """The folder of training photos looked at: STYLE_TRAINING_DATA, or its default (../shared/data/train)."""
        if self.STYLE_TRAINING_DATA is not None:
            # absolute: the training run starts in the project's folder, not the bot's
            return self.STYLE_TRAINING_DATA.resolve()
        return Path(__file__).resolve().parents[2] / "shared" / "data" / "train"

    def style_training_data(self) -> Path | None:
        folder = self.style_training_folder()
        return folder if self.STYLE_TRAINING_DATA is not None or folder.is_dir() else None

    def web_enabled(self) -> bool:
        if self.WEB_ENABLED != "auto":
            return self.WEB_ENABLED == "true"
        return not (self.TELEGRAM_TOKEN or self.DISCORD_TOKEN)
