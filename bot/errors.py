"""The error every command raises for a reply-worthy problem (bot/commands.py answers it)."""
from __future__ import annotations


class BotError(Exception):
    """A reply-worthy problem: a message key and its parameters; ``buttons`` (rows of
    chat.Button) go with the reply, e.g. the artists a "did you mean" offers."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params
        self.buttons: list[list] = []
