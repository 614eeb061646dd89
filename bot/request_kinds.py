"""The kinds of request the command layer orders and passes on (which paint, which a user's later
messages wait for, which change what is the user's in every chat), and the commands' Korean names
that a kind's text is read by as it arrives. CommandLayer and its mixin RequestOrder read them
here; bot.commands imports and re-exports them for the front-ends. Nothing of the bot is imported
here, so every module may import this one."""
from __future__ import annotations

import re

# the commands' Korean names: "/도움말", "/스타일 고흐", "/취소" are those commands (a Korean user
# types them so). Telegram's menu and Discord's slash commands keep the Latin names. None of them
# is an artist's name or alias (a test holds that), nor may a community style take one (/addstyle).
# A name of two words typed with its space ("/더 강하게", "/기록 삭제") is the same command.
KOREAN_ALIASES = {
    "도움말": "help", "도움": "help", "시작": "start",
    "스타일": "style", "화풍": "style", "고화질": "hq", "고품질": "hq", "섞기": "mix", "믹스": "mix",
    "화가": "styles", "화가목록": "styles", "스타일목록": "styles", "화풍목록": "styles", "목록": "styles",
    "미리보기": "preview", "기본화가": "setstyle", "기본스타일": "setstyle", "기본화풍": "setstyle",
    "강도": "strength", "색유지": "keepcolors", "원본색": "keepcolors", "크기": "size", "언어": "lang",
    "설정": "settings", "내설정": "settings", "내정보": "mydata", "내데이터": "mydata",
    "기록삭제": "forgetme", "잊어줘": "forgetme", "정보삭제": "forgetme", "내정보삭제": "forgetme",
    "취소": "cancel", "상태": "status", "대기열": "status", "더강하게": "stronger", "더약하게": "weaker",
    "강하게": "stronger", "약하게": "weaker",     # (without 더, as users type them: "unknown command" was said)
    "화풍추가": "addstyle", "화풍삭제": "removestyle", "커뮤니티화풍": "communitystyles",
    "화풍이름변경": "renamestyle",
}

# the commands that may paint (a photo alone, /gogh and an artist's name count as /style): a /cancel
# waits for these only; an /addstyle describing its paintings for a minute would hold it up
PAINTING_KINDS = {"style", "hq", "mix", "preview", "stronger", "weaker"}
# what later messages read: a painting request (and the photo it keeps), a preference, /forgetme.
# Only these hold a user's later messages back (_after_earlier): a slow /addstyle or /mydata
# held /status and /help 10 s each.
ORDERED_KINDS = PAINTING_KINDS | {"setstyle", "strength", "keepcolors", "size", "lang", "forgetme"}
# those of them that change what is the user's everywhere (preferences are per user, /forgetme
# all of it): they wait for, and are waited for by, the user's messages in every chat. A painting
# waits for the earlier ones of its own chat only (the photo it reads is that chat's): a private
# /style waited 10 s for a photo of the user's still checked in a group (_after_earlier)
USER_WIDE_KINDS = ORDERED_KINDS - PAINTING_KINDS
# a message's text as it comes, before its photos download: a command of USER_WIDE_KINDS (arrive)
# (a Korean name, "/크기 128", "/기록 삭제", too)
USER_WIDE_TEXT = re.compile(r"^\s*[/／]\s*(?:setstyle|strength|keepcolors|size|lang|forgetme|" + "|".join(
    r"\s*".join(word) for word, command in KOREAN_ALIASES.items() if command in USER_WIDE_KINDS) +
    r")(?:[_@\s]|$)", re.I)
# what does something besides being answered (a setting saved, /cancel, a style added or removed):
# passed on where the bot may not write in the chat (acts_unanswered); /help or /status is not
ACTING_KINDS = USER_WIDE_KINDS | {"cancel", "addstyle", "removestyle", "renamestyle"}

HELP_WORDS = {"help", "-h", "--help", "?", "도움말", "도움"}


def asks_help(args: str) -> bool:
    """"help", "?", "도움말" (also after /addstyle's "global"): the user wants the usage, not a style so named."""
    words = args.lower().split()
    if words[:1] in (["global"], ["--global"]):
        words = words[1:]
    return " ".join(words) in HELP_WORDS
