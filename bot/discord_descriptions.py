"""What Discord's command picker shows of the slash commands: their names and descriptions and
their options' descriptions, in English, with Korean localisations (the dc_name_* and dc_desc_*
keys of bot/messages). discord.py sends a ``locale_str``'s message as the name or description and,
at ``CommandTree.sync``, asks the tree's Translator for each locale's (``name_localizations``,
``description_localizations``). An option with no description is shown as "…". A Korean client
shows /스타일 for /style, but its interactions still carry the English name ("style"), by which
discord.py finds the command. The options keep their English names (artist, image, ...)."""
from __future__ import annotations

from typing import Optional

import discord
from discord import app_commands

from .messages import t, table

DESCRIPTION_LIMIT = 100           # Discord's, for a command's or an option's description, in any locale
NAME_LIMIT = 32
LOCALES = {discord.Locale.korean: "ko"}      # English is the default text itself


def desc(key: str) -> app_commands.locale_str:
    """The English text of ``key``, marked for translation by its key."""
    return app_commands.locale_str(t("en", key), key=key)


def name(command: str) -> app_commands.locale_str:
    """A slash command's name: ``command`` itself in English (the name interactions come with),
    marked for translation by its dc_name_* key (its Korean: /스타일, /도움말, ...)."""
    return app_commands.locale_str(command, key=f"dc_name_{command}")


class MessagesTranslator(app_commands.Translator):
    """The Korean of a ``desc`` or ``name`` string from ko.toml; None (no localisation) for other
    locales and for strings without a key (option names: the same in every language)."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> Optional[str]:
        key, lang = string.extras.get("key"), LOCALES.get(locale)
        if key is None or lang is None:
            return None
        text = table(lang).get(key)
        limit = NAME_LIMIT if context.location is app_commands.TranslationContextLocation.command_name \
            else DESCRIPTION_LIMIT
        return text[:limit] if text else None
