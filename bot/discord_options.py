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

from .arguments import read_switch
from .messages import has, t
from .request_kinds import KOREAN_ALIASES

# an option typed with a file (image:, image1: ...): a message's files are its attachments, and
# the word after the label (a file's name, if anything) is no argument of the command
FILE_OPTION = AppCommandOptionType.attachment
GLOBAL_OPTION = "everywhere"      # /addstyle and /removestyle's, typed "--global" (bot/commands.py)
# a typed command: its name, and what follows it after any space or line break ("/strength\nvalue:0.6")
TYPED_COMMAND = re.compile(r"([/／])(\S+)\s+(.*)", re.DOTALL)
NEXT_WORD = re.compile(r"(\S*)\s*(.*)", re.DOTALL)
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")


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
        if has(name_key := f"dc_name_{command.name}"):
            found[t("ko", name_key)] = options
    for korean, command in KOREAN_ALIASES.items():
        if command in found:
            found.setdefault(korean, found[command])
    return found


def korean_name_of_two_words(head: str, rest: str, options: dict) -> tuple[str, str]:
    """("기본화가", "artist:모네") for "/기본 화가 artist:모네": a Korean name typed with the space
    of the words it is ("기본 화가", "화풍 추가"), as the command layer reads it (korean_command,
    the longer name first: "/화풍 추가" is /addstyle, "/화풍" /style). Discord's names have no
    space (/기본화가), but a Korean writes one; the labels were left in ("artist:모네": no style).
    Any other command as it is."""
    first, after = NEXT_WORD.match(rest).groups()
    joined = unicodedata.normalize("NFC", head + first)
    if HANGUL.search(head) and ":" not in first and joined in options:
        return joined, after
    return head, rest


def without_option_names(text: str, options: dict[str, dict[str, AppCommandOptionType]]) -> str:
    """``text`` with its command's option labels taken out ("/strength value:0.6" -> "/strength
    0.6"); "everywhere:True" is "--global", a file option is dropped with its word. Any other text,
    and a label the command has no option of, as it is."""
    typed = TYPED_COMMAND.fullmatch(text)
    if not typed:
        return text
    slash, head, rest = typed.groups()
    head, rest = korean_name_of_two_words(head, rest, options)
    known = options.get(unicodedata.normalize("NFC", head.partition("@")[0].lower()))
    if not known:
        return text
    labels = "|".join(re.escape(name) for name in sorted(known, key=len, reverse=True))
    # a value is the word after its label, never the next label ("image: artist:monet" has no file
    # name: the artist was taken for one and dropped with it)
    found = re.compile(rf"(?<!\S)({labels}):[ \t]*((?:(?!(?:{labels}):)\S+)?)", re.IGNORECASE)
    if not found.search(rest):
        return text
    global_ = False

    def unlabelled(option: re.Match) -> str:
        nonlocal global_
        name, value = option[1].lower(), option[2]
        if known[name] is FILE_OPTION:
            return ""
        if name == GLOBAL_OPTION:       # (read as /keepcolors reads on and off: "everywhere:예" too)
            global_ = global_ or read_switch(value) is True
            return ""
        return value

    # the spaces a label leaves, not the message's lines ("/addstyle name:Sunset" and a note below)
    rest = "\n".join(" ".join(line.split()) for line in found.sub(unlabelled, rest).splitlines()).strip()
    return f"{slash}{head} " + ("--global " if global_ else "") + rest if rest or global_ else f"{slash}{head}"
