"""A slash option's autocomplete label pasted or typed into a message ("/size size:작게 (small)",
"/size 작게 (small) · 384 px", "/style 빈센트 반 고흐 · Vincent van Gogh"): read as the value its
choice stands for ("/size small", "/style gogh"), as the slash command reads it. The labels are
the bot's own (discord_sizes.named_label, DiscordFrontend._choices); typed into a message, after
its option names were taken out (discord_options.without_option_names), the command layer
refused them (size_usage, an unknown style).
"""
from __future__ import annotations

import unicodedata

from discord import AppCommandOptionType

from .discord_options import TYPED_COMMAND, korean_name_of_two_words
from .discord_sizes import typed_size

ARTIST_LABEL_BETWEEN = "·"       # an artist's choice: "its name · its name in the other language"


def chosen_values(text: str, options: dict[str, dict[str, AppCommandOptionType]], catalog) -> str:
    """``text`` with a /size or an artist command's pasted choice label read as its value; any
    other text as it is. ``options``: discord_options.options_by_command (the English names and
    the Korean ones); ``catalog``: the artists (styles.Catalog)."""
    typed = TYPED_COMMAND.fullmatch(text)
    if not typed:
        return text
    slash, head, rest = typed.groups()
    head, rest = korean_name_of_two_words(head, rest, options)
    known = options.get(unicodedata.normalize("NFC", head.partition("@")[0].lower()), {})
    # the option's line alone: the lines below are a note the command layer leaves out ("/style
    # gogh\nthanks" paints gogh); read with the label, "thanks" was taken for a second style
    line, newline, below = rest.partition("\n")
    if "size" in known:
        read = typed_size(line)
    elif "artist" in known:
        read = artist_label_read(line, catalog)
    else:
        return text
    return f"{slash}{head} {read}{newline}{below}" if read != line.strip() else text


def artist_label_read(rest: str, catalog) -> str:
    """"gogh 0.5" for "Vincent van Gogh · 빈센트 반 고흐 0.5" (either language first): an artist's
    choice label read as its slug, what follows it kept; anything else as it is."""
    before, between, after = rest.partition(ARTIST_LABEL_BETWEEN)
    artist = catalog.get(before) if between and before.strip() else None
    if artist is None:
        return rest.strip()
    after = after.strip()
    for other in (artist.name_en, artist.name_ko):
        if after.casefold().startswith(other.casefold()):
            return f"{artist.slug} {after[len(other):].strip()}".strip()
    return rest.strip()
