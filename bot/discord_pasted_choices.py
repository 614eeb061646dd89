"""A slash option's autocomplete label pasted or typed into a message ("/size size:작게 (small)",
"/size 작게 (small) · 384 px", "/style 빈센트 반 고흐 · Vincent van Gogh"): read as the value its
choice stands for ("/size small", "/style gogh"), as the slash command reads it. The labels are
the bot's own (discord_sizes.named_label, DiscordFrontend._choices); typed into a message, after
its option names were taken out (discord_options.without_option_names), the command layer
refused them (size_usage, an unknown style). A message's text is read so (message_read) with or
without its slash ("@Paintbot style 빈센트 반 고흐 · Vincent van Gogh"), and a label pasted alone.
"""
from __future__ import annotations

import unicodedata

from discord import AppCommandOptionType

from styles import normalise

from .discord_options import TYPED_COMMAND, korean_name_of_two_words, without_option_names
from .discord_sizes import typed_size

ARTIST_LABEL_BETWEEN = "·"       # an artist's choice: "its name · its name in the other language"
NAME_CLOSING = (")", "]")        # closing a part of a name: "Kim Hong-do (Danwon)"


def chosen_values(text: str, options: dict[str, dict[str, AppCommandOptionType]], catalog) -> str:
    """``text`` with a /size or an artist command's pasted choice label read as its value; any
    other text as it is. ``options``: discord_options.options_by_command (the English names and
    the Korean ones); ``catalog``: the artists (styles.Catalog)."""
    typed = TYPED_COMMAND.fullmatch(text)
    if not typed:
        return text
    slash, head, rest = typed.groups()
    head, rest, known = options_of(head, rest, options)
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


def options_of(head: str, rest: str, options: dict) -> tuple[str, str, dict[str, AppCommandOptionType]]:
    """The command ``head`` names (its Korean name of two words joined: "기본 화가"), what follows
    it, and its options ({} for none, or no command)."""
    head, rest = korean_name_of_two_words(head, rest, options)
    return head, rest, options.get(unicodedata.normalize("NFC", head.partition("@")[0].lower()), {})


def message_read(text: str, options: dict[str, dict[str, AppCommandOptionType]], catalog) -> str:
    """A message's text (a DM's, a mention's, its mention taken out) read as the slash commands
    read their options: the option names taken out (discord_options.without_option_names) and a
    choice's label read as its value (chosen_values). A command word typed without its slash
    ("style 빈센트 반 고흐 · Vincent van Gogh 0.5", after "@Paintbot") is read so too, and stays
    without it ("style gogh 0.5"); so is an artist's label pasted alone ("클로드 모네 · Claude
    Monet": "monet"), the lines below it kept. Read as it was, the label's two names were taken
    for two styles ("you named Vincent van Gogh more than once")."""
    if TYPED_COMMAND.fullmatch(text):
        return chosen_values(without_option_names(text, options), options, catalog)
    slashed = TYPED_COMMAND.fullmatch("/" + text)
    if slashed and options_of(*slashed.groups()[1:], options)[2]:
        read = chosen_values(without_option_names("/" + text, options), options, catalog)
        return read[1:] if read != "/" + text else text
    line, newline, below = text.partition("\n")
    read = artist_label_read(line, catalog)
    return f"{read}{newline}{below}" if read != line.strip() else text


def label_shown_in(typed: str, read: str) -> str:
    """What was typed before the "·" of a choice label that message_read read (``read``: its
    reading of ``typed``); "" where it read none. For the guess at the user's language (the
    front-end's Locales.of looks for Hangul): a label's first name is in the language the user's
    client showed it in ("빈센트 반 고흐 · Vincent van Gogh", "작게 (small) · 384 px"), its second in
    the other, and its value ("gogh", "small") in neither; a Korean client's label pasted into a
    message was answered in English."""
    return "" if read == typed else typed.partition(ARTIST_LABEL_BETWEEN)[0]


def artist_label_read(rest: str, catalog) -> str:
    """"gogh 0.5" for "Vincent van Gogh · 빈센트 반 고흐 0.5" (either language first): an artist's
    choice label read as its slug, what follows it kept; anything else as it is."""
    before, between, after = rest.partition(ARTIST_LABEL_BETWEEN)
    artist = catalog.get(before) if between and before.strip() else None
    if artist is None:
        return rest.strip()
    after = unicodedata.normalize("NFC", after.strip())
    for other in (artist.name_en, artist.name_ko):
        if length := spelled_length(after, other):
            return f"{artist.slug} {after[length:].strip()}".strip()
    return rest.strip()


def spelled_length(text: str, name: str) -> int:
    """How many characters at the start of ``text`` spell ``name``, compared as the catalog
    compares names (case, accents, spaces and punctuation aside: "Paul Cezanne", "kim hong-do
    danwon" typed by hand), as the name before "·" is found; 0 where ``text`` does not begin with
    it, or a Latin letter or a digit goes on ("Monetesque": another word; a Korean ending may)."""
    if text.casefold().startswith(name.casefold()):
        end = len(name)                  # (the label as the bot offers it)
    else:
        wanted, end = normalise(name), 0
        while normalise(text[:end]) != wanted:
            end += 1
            if end > len(text) or not wanted.startswith(normalise(text[:end])):
                return 0
        while text[end:end + 1] in NAME_CLOSING:        # "(danwon)": its bracket closed too
            end += 1
    going_on = text[end:end + 1]
    return 0 if going_on.isascii() and going_on.isalnum() else end
