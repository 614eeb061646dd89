"""The command layer's waits are bot/layer_timing.py's alone (round 2 of the split): a test that
still patches one on bot.commands must fail loudly, not patch a copy nobody reads; and a patch on
layer_timing reaches the waits read in commands.py itself (/cancel's SETTLE_WAIT_S) as well as
those of the mixins (tests/bot/test_mixin_waits.py)."""
from __future__ import annotations

import asyncio

import pytest

from bot import commands, layer_timing, request_kinds
from bot.messages import t

from tests.bot.test_commands import say

WAITS = ("SETTLE_WAIT_S", "ORDER_WAIT_S", "DOWNLOAD_WAIT_S", "WAITING_NOTE_S", "EDIT_INTERVAL_S")


@pytest.mark.parametrize("name", WAITS)
def test_a_stale_patch_of_a_wait_on_bot_commands_fails_loudly(name, monkeypatch):
    assert not hasattr(commands, name)
    with pytest.raises(AttributeError):
        monkeypatch.setattr(commands, name, 0.1)        # (raising=True: the name must be there)


async def test_cancel_waits_for_earlier_requests_only_as_long_as_layer_timing_says(layer, monkeypatch):
    """cmd_cancel (in commands.py) reads SETTLE_WAIT_S from layer_timing when it waits."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.05)
    stuck = layer.arrive("tg:1", "tg:1", "/style gogh")        # still with its front-end: never settled
    # (SETTLE_WAIT_S as the module has it, 10 s: the wait_for would give up first)
    cancel = await asyncio.wait_for(say(layer, "/cancel", user="tg:1"), timeout=5)
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]     # (the one it gave up waiting for)
    assert not layer._in_flight[stuck].settled.is_set()        # it waited for it, and gave up
    layer.left(stuck)


def test_the_front_ends_still_import_the_kinds_from_bot_commands():
    """telegram_bot and the web chat take PAINTING_KINDS and KOREAN_ALIASES from bot.commands."""
    assert commands.PAINTING_KINDS is request_kinds.PAINTING_KINDS
    assert commands.KOREAN_ALIASES is request_kinds.KOREAN_ALIASES
    assert "strength" in commands.USER_WIDE_KINDS and "style" not in commands.USER_WIDE_KINDS
