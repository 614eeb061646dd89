"""nan and inf given to a float setting: JOB_TIMEOUT_FAST=nan was refused as "Input should be less
than or equal to 86400" (nan fails every comparison), and RATE_LIMIT_WINDOW_S=inf (no upper bound)
was taken. Each is now one line saying the setting needs a finite number, and of what."""
from __future__ import annotations

import errno

import pytest
from pydantic import ValidationError

from bot.__main__ import error_lines, metrics_port_unusable, queue_settings_of
from bot.settings import Settings


def refusal_of_queue_setting(monkeypatch, name: str, value: str) -> list[str]:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as caught:
        queue_settings_of(Settings(_env_file=None))
    return error_lines(caught.value)


@pytest.mark.parametrize("name, value", [("JOB_TIMEOUT_FAST", "nan"), ("JOB_TIMEOUT_HQ", "inf"),
                                         ("DRAIN_TIMEOUT", "-inf"), ("WORKER_SILENT_S", "NaN"),
                                         ("REDIS_CLAIM_IDLE", "Infinity")])
def test_a_queue_setting_in_seconds_given_nan_or_inf_is_told_it_needs_a_finite_number(monkeypatch, name, value):
    assert refusal_of_queue_setting(monkeypatch, name, value) == [
        f"error: {name}={value!r}: must be a finite number of seconds, not nan or inf"]


@pytest.mark.parametrize("name, value, unit", [("RATE_LIMIT_WINDOW_S", "inf", " of seconds"),
                                               ("MAX_UPLOAD_MB", "nan", " of megabytes"),
                                               ("PHOTO_KEEP_DAYS", "inf", " of days"),
                                               ("MAX_IMAGE_MEGAPIXELS", "inf", " of megapixels"),
                                               ("DEFAULT_STRENGTH", "nan", "")])
def test_a_bot_float_setting_given_nan_or_inf_is_refused_as_not_finite(name, value, unit):
    with pytest.raises(ValidationError) as caught:      # RATE_LIMIT_WINDOW_S=inf was taken
        Settings(_env_file=None, **{name: value})
    assert error_lines(caught.value) == [f"error: {name}={value!r}: must be a finite number{unit}, not nan or inf"]


def test_an_integer_setting_given_inf_is_still_told_it_needs_an_integer():
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, WEB_PORT="inf")
    [line] = error_lines(caught.value)
    assert "valid integer" in line and "finite" not in line


def test_finite_numbers_are_taken_as_before(monkeypatch):
    monkeypatch.setenv("JOB_TIMEOUT_FAST", "90.5")
    assert queue_settings_of(Settings(_env_file=None, RATE_LIMIT_WINDOW_S="30")).job_timeout_fast == 90.5


def test_a_taken_metrics_port_says_which_setting_to_change_without_asyncios_words():
    exc = OSError(errno.EADDRINUSE, "error while attempting to bind on address ('127.0.0.1', 9100): "
                                    "address already in use")
    assert metrics_port_unusable("127.0.0.1", 9100, exc) == (
        "METRICS_PORT=9100: /healthz and /metrics cannot listen on 127.0.0.1:9100: address already in use; "
        "set METRICS_PORT to a free port (or stop what uses it)")
    gone = OSError(errno.EADDRNOTAVAIL, "error while attempting to bind on address ('10.9.9.9', 9100): "
                                        "cannot assign requested address")
    assert metrics_port_unusable("10.9.9.9", 9100, gone).endswith(
        "10.9.9.9:9100: cannot assign requested address; set METRICS_HOST to an address of this machine")
