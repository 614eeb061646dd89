"""Review of bcaf6af: which failed starts are tried again. Discord answering the login 429 with
no "Via" header (Cloudflare banning the address for a while, an hour or so: discord.py raises it
as HTTPException, not waiting) was taken as refused for good ("not tried again"): the bot stayed
off Discord until someone restarted it. A rate limit passes: tried again, with the backoff."""
from __future__ import annotations

import types

import discord

from bot.frontend_start import may_pass


def answered(status: int, reason: str) -> types.SimpleNamespace:
    return types.SimpleNamespace(status=status, reason=reason)


def test_a_cloudflare_429_at_login_is_tried_again():
    banned = discord.HTTPException(answered(429, "Too Many Requests"), "<html>error code: 1015</html>")
    assert may_pass(banned)
    assert may_pass(discord.RateLimited(900.0))         # (with max_ratelimit_timeout: waited too long)


def test_other_refusals_are_not_tried_again():
    assert not may_pass(discord.Forbidden(answered(403, "Forbidden"), {"message": "Missing Access", "code": 50001}))
    assert not may_pass(discord.HTTPException(answered(400, "Bad Request"), {"message": "bad", "code": 50035}))
    assert not may_pass(discord.LoginFailure("Improper token has been passed."))
    assert may_pass(discord.DiscordServerError(answered(503, "Service Unavailable"), "down"))
