"""A slash command's options typed into a message ("@Paintbot /strength value:0.6", a DM's
"/style artist:monet"): read as the command layer reads a typed command ("/strength 0.6"). Discord
shows a slash command with its options so ("/strength value:0.6"), and /settings says to change a
setting that way (dc_settings_change); typed into a message, "value:0.6" was "not a number" and
"artist:monet" an unknown style, on the very words the bot had suggested.
"""
from __future__ import annotations

import re
import unicodedata

from discord import AppCommandOptionType, app_commands

from .messages import t
from .request_kinds import KOREAN_ALIASES

# an option typed with a file (image:, image1: ...): a message's files are its attachments, and
# the word after the label (a file's name, if anything) is no argument of the command
FILE_OPTION = AppCommandOptionType.attachment
GLOBAL_OPTION = "everywhere"      # /addstyle and /removestyle's, typed "--global" (bot/commands.py)
TRUE_WORDS = ("true", "yes", "on", "1")


def options_by_command(tree: app_commands.CommandTree) -> dict[str, dict[str, AppCommandOptionType]]:
    """Each slash command's options (name -> type), by the command's English name and its Korean
    ones (as the Discord client shows it, dc_name_*, and as the command layer reads it)."""
    found: dict[str, dict[str, AppCommandOptionType]] = {}
    for command in tree.get_commands():
        parameters = getattr(command, "parameters", None)
        if not parameters:          # (the Stylize menu, the commands without options)
            continue
        options = {p.name: p.type for p in parameters}
        found[command.name] = options
        korean = t("ko", f"dc_name_{command.name}")
        if korean != f"dc_name_{command.name}":
            found[korean] = options
    for korean, command in KOREAN_ALIASES.items():
        if command in found:
            found.setdefault(korean, found[command])
    return found


def without_option_names(text: str, options: dict[str, dict[str, AppCommandOptionType]]) -> str:
    """``text`` with its command's option labels taken out ("/strength value:0.6" -> "/strength
    0.6"); "everywhere:True" is "--global", a file option is dropped with its word. Any other text,
    and a label the command has no option of, as it is."""
    if not text.startswith(("/", "／")):
        return text
    head, space, rest = text[1:].partition(" ")
    known = options.get(unicodedata.normalize("NFC", head.partition("@")[0].lower()))
    if not known or not rest:
        return text
    labels = "|".join(re.escape(name) for name in sorted(known, key=len, reverse=True))
    found = re.compile(rf"(?<!\S)({labels}):[ \t]*(\S*)", re.IGNORECASE)
    if not found.search(rest):
        return text
    global_ = False

    def unlabelled(option: re.Match) -> str:
        nonlocal global_
        name, value = option[1].lower(), option[2]
        if known[name] is FILE_OPTION:
            return ""
        if name == GLOBAL_OPTION:
            global_ = global_ or value.lower() in TRUE_WORDS
            return ""
        return value

    rest = " ".join(found.sub(unlabelled, rest).split())
    return f"{text[0]}{head} " + ("--global " if global_ else "") + rest if rest or global_ else f"{text[0]}{head}"
