"""Settings of the job queue and the engine workers, read from the environment and `.env`.

Every field is documented in `.env.example` (section "Queue and engine workers"). Read once at
start-up and passed down: ``QueueSettings()``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import (BaseSettings, DotEnvSettingsSource, EnvSettingsSource, PydanticBaseSettingsSource,
                               SettingsConfigDict)

from ..log_format import checked_format


# Upper bounds of the time settings: finite (inf would be taken, then fail in Redis's integer
# milliseconds or never end) and far beyond any sensible value
DAY = 86400.0


def setting_errors(exc) -> list[str]:
    """A pydantic ValidationError of settings as one line per bad setting, for a CLI to print."""
    lines = []
    for err in exc.errors():
        name = ".".join(str(p) for p in err["loc"]) or "settings"
        lines.append(f"error: {name.upper()}={err.get('input')!r}: {err['msg']}")
    return lines


# the one setting whose empty value is no default: "read none" (engine/oom_evidence.py)
KEPT_EMPTY = "engine_oom_kill_counters"


class _KeptEmpty(PydanticBaseSettingsSource):
    """KEPT_EMPTY as the environment, else .env, sets it, an empty value included: the other
    settings' sources drop it (env_ignore_empty, an empty setting being its default)."""

    def __init__(self, settings_cls, dotenv: DotEnvSettingsSource) -> None:
        super().__init__(settings_cls)
        self.sources = (EnvSettingsSource(settings_cls, env_ignore_empty=False),
                        DotEnvSettingsSource(settings_cls, env_file=dotenv.env_file,
                                             env_file_encoding=dotenv.env_file_encoding, env_ignore_empty=False))

    def get_field_value(self, field, field_name):      # (unused: __call__ takes its sources' values)
        return None, field_name, False

    def __call__(self) -> dict:
        for source in self.sources:
            values = source()
            if KEPT_EMPTY in values:
                return {KEPT_EMPTY: values[KEPT_EMPTY]}
        return {}


class QueueSettings(BaseSettings):
    # an empty setting (METRICS_PORT= in .env) is its default, as in the bot's settings: it stopped the bot
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    queue_backend: Literal["memory", "process", "redis"] = Field(
        "process", description="memory: engine thread in the bot; process: supervised worker "
        "processes on this host; redis: workers on other hosts over Redis Streams")
    queue_db: str | None = Field(None, description="SQLite journal of jobs (':memory:' for none); "
                                 "empty = <DATA_DIR>/queue.sqlite3")
    data_dir: str = Field("data", description="the bot's DATA_DIR: where the journal lives by default")
    engine_factory: str = Field("engine:load_engine", description="module:callable that builds the engine")
    engine_device: str | None = Field(None, description="cpu, cuda, cuda:N; empty = CUDA when there is one, else the CPU")
    engine_refine_steps: int = Field(
        0, ge=0, le=200, description="Adam steps on the quality score after every fast painting (what /hq does 40 "
        "of): 10-20 bring it much nearer /hq's look; ~0.5 s a step at 384 px on a 2-core CPU, so 0 there; meant for GPU hosts")

    queue_max_per_user: int = Field(10, ge=1, description="jobs one user may have waiting or running")
    # the bot's own setting, by the same name (one line of .env sets both; the bot passes its value)
    max_pending_per_user: int = Field(
        2, ge=1, description="the bot's MAX_PENDING_PER_USER: each user's first this many waiting jobs keep their "
        "place in line (each was told it); no newer job of another user goes ahead of them")
    queue_max_waiting: int = Field(500, ge=1, description="jobs waiting in all, over all users")
    queue_max_attempts: int = Field(2, ge=1, description="worker crashes a job may cause before dead-letter")
    job_timeout_fast: float = Field(120.0, gt=0, le=DAY, description="seconds a fast job may run (at most a day)")
    job_timeout_hq: float = Field(1800.0, gt=0, le=DAY, description="seconds an /hq job may run (at most a day)")
    drain_timeout: float = Field(60.0, ge=0, le=DAY, description="seconds SIGTERM waits for running jobs")
    worker_silent_s: float = Field(
        20.0, gt=0, le=DAY, description="process backend: seconds a worker may say nothing while painting (it beats "
        "every 2 s) before it is killed as crashed (frozen, or stuck holding the GIL) and its job retried")

    workers_fast: int = Field(1, ge=0, description="process backend: worker processes of the fast lane")
    workers_hq: int = Field(1, ge=0, description="process backend: worker processes of the /hq lane")

    redis_url: str = Field("redis://127.0.0.1:6379/0", description="redis backend and `engine worker`")
    redis_prefix: str = Field("paintbot", min_length=1, description="key prefix, to share one Redis")
    redis_in_flight_fast: int = Field(8, ge=1, description="fast jobs handed to Redis at once")
    redis_in_flight_hq: int = Field(2, ge=1, description="/hq jobs handed to Redis at once")
    redis_claim_idle: float = Field(
        30.0, gt=0, le=DAY, description="seconds a job may go without its worker refreshing it before another worker "
        "takes it (XAUTOCLAIM): a fallback, as workers refresh theirs every 2 s (a third of this when "
        "shorter) and a worker silent 8 s loses its jobs at once; neither take-over happens until a "
        "worker has seen Redis answer 8 s on end (after an outage every job looks idle)")
    # a setting so that tests of take-overs need not wait 8 s per silent worker; no reason to change it in a deployment
    redis_beat_grace: float = Field(
        8.0, gt=0, le=DAY, description="`engine worker`: seconds a worker may go without beating before another worker "
        "takes its jobs over, and seconds Redis must answer on end before this worker takes any over")
    redis_ttl: int = Field(86400, ge=60, le=365 * 86400, description="seconds images and results live in Redis "
                           "(at most a year)")
    worker_batch: int = Field(0, ge=0, description="`engine worker`: fast jobs taken and painted at once; "
                              "0 = 8 on CUDA, 1 elsewhere")

    # None (unset): the files are looked for; "" reads none (tests/conftest.py: the tests' SIGKILLs stand in for it)
    engine_oom_kill_counters: str | None = Field(
        None, description="files whose oom_kill count tells a worker's SIGKILL by the out-of-memory killer from "
        "another (kill -9), separated by ':' (';' on Windows); unset = this process's cgroup memory.events "
        "(else /proc/vmstat); set empty = none read, every such SIGKILL taken as likely out of memory")

    metrics_port: int = Field(0, ge=0, le=65535, description="port of /healthz and /metrics; 0 = off")
    # this machine only, as WEB_HOST: /metrics answers anyone, without a login (queue sizes, worker
    # names); a container sets 0.0.0.0 (Dockerfile, docker-compose.yml) for its published port
    metrics_host: str = Field("127.0.0.1", description="address /healthz and /metrics listen on "
                              "(0.0.0.0: every network this machine is on)")

    log_level: str = Field("INFO", description="the workers' (and `engine worker`'s) log level: the bot's "
                           "LOG_LEVEL, .env included, handed to the processes it starts")

    log_format: str = Field("json", description="the workers' (and `engine worker`'s) log lines: json (one "
                            "object per line, for a log shipper) or text; the bot hands its LOG_FORMAT (default "
                            "text) to the processes it starts, so one terminal shows one format")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings, _KeptEmpty(settings_cls, dotenv_settings), env_settings, dotenv_settings,
                file_secret_settings)

    @field_validator("log_format")
    @classmethod
    def _format(cls, value: str) -> str:
        return checked_format(value, "json")

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = (value or "INFO").upper()      # empty (LOG_LEVEL= in .env): the default, as in the bot
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return value

    @model_validator(mode="after")
    def _journal_beside_the_data(self) -> "QueueSettings":
        if not self.queue_db:
            self.queue_db = str(Path(self.data_dir or "data") / "queue.sqlite3")
        return self
