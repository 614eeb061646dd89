"""QA (Korean wording): a particle was spaced off the command or symbol before it ("/help 에서",
"📷 로", "/forgetme 를"), which a Korean writer never does. Where it is written on, the command
must still be a link: Telegram (its entity parser, tdlib's match_bot_commands) links "/help" only
where no letter follows it, so a text Telegram shows says "/help 명령어로" or "도움말(/help)에서";
Discord links no command in a text, and the web page's link finder stops a Latin command at the
Hangul after it, so their own texts (dc_, web_) write the particle on ("/help로", "📷로").
Also: the Korean help names the Korean admin commands, a Korean reply points to the Korean admin
command, the welcome's half-and-half example no longer reads like a caption ("모네처럼"), and the
English "❌ Claude Monet: Cancelled." has no capital after its colon, as "…: done in 3 s." has none."""
import re

import pytest

from bot.community_commands import STYLE_NAME
from bot.messages import t, table
from bot.request_kinds import KOREAN_ALIASES

PARTICLE = r"(?:을|를|이|가|은|는|로|으로|에서|에|와|과|도|만)"
# a particle standing apart after a command, its Latin argument, a symbol or a closing bracket
SPACED_PARTICLE = re.compile(rf"(?:/\w+|📷|\)|[A-Za-z0-9]) {PARTICLE}(?=[\s.,)]|$)")
# Telegram's bot command: after no word character, "/" and [A-Za-z0-9_]; a link only where the
# character after it is no word character (a Hangul letter is one) and none of "/<>"
TELEGRAM_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]+")
FRONT_END_OWN = ("dc_", "web_")       # texts no Telegram chat shows


def telegram_links(text: str) -> list[str]:
    """The commands Telegram makes links of in ``text``."""
    return [m.group() for m in TELEGRAM_COMMAND.finditer(text)
            if not re.match(r"[\w/<>]", text[m.end():m.end() + 1])]


@pytest.mark.parametrize("key", sorted(table("ko")))
def test_no_particle_stands_apart_from_the_word_before_it(key):
    text = table("ko")[key]
    assert not SPACED_PARTICLE.findall(text), (key, SPACED_PARTICLE.findall(text), "write the particle on to "
                                               "the word, or \"/help 명령어로\" after a command Telegram shows")


@pytest.mark.parametrize("key", sorted(k for k in table("ko") if not k.startswith(FRONT_END_OWN)))
def test_every_command_a_korean_text_names_is_still_a_telegram_link(key):
    text = table("ko")[key]
    named = re.findall(r"(?<![\w/<>])/[A-Za-z][A-Za-z0-9_]*", text)
    assert telegram_links(text) == named, (key, text, "Telegram links a command only where no letter follows "
                                           "it: write \"/setstyle 명령어로\", not \"/setstyle로\"")


def test_the_link_rule_is_telegrams():
    assert telegram_links("도움말은 /help 명령어로, 도움말(/help)에서, /style 모네)로") == ["/help", "/help", "/style"]
    assert telegram_links("/help에서 /help로 볼 수 있어요") == []          # as the old texts would have glued them


def test_the_korean_help_names_every_korean_admin_command():
    korean_line = next(line for line in t("ko", "help", shortcut="", artists="").splitlines()
                       if line.startswith("한글 명령어도 돼요"))
    named = re.findall(r"/([가-힣]+)", korean_line)
    assert {"화풍추가", "화풍삭제", "커뮤니티화풍"} <= set(named), korean_line
    assert all(word in KOREAN_ALIASES for word in named), korean_line


def test_a_korean_replys_admin_command_is_the_one_every_platform_takes():
    """Korean replies name the English admin commands (/addstyle, /removestyle, /communitystyles):
    Telegram makes no link of a Korean command and may not hand one to a bot in a group; the
    Korean help lists the Korean words beside them. The usage example is a Korean name."""
    assert "/communitystyles" in t("ko", "addstyle_training")
    for key in ("addstyle_limit", "addstyle_limit_own"):
        assert "/removestyle" in t("ko", key, count=3, limit=3)
    example = t("ko", "addstyle_usage").rsplit("/addstyle ", 1)[1]
    assert STYLE_NAME.match(example) and re.search("[가-힣]", example), example    # a Korean name, one allowed


def test_the_welcome_says_half_and_half_plainly():
    start = t("ko", "start")
    assert "모네처럼" not in start
    assert "  /style 고흐 모네 — 고흐와 모네의 화풍을 반반 섞어서" in start.splitlines()


def test_cancelled_after_a_colon_is_lowercase_like_done():
    line = t("en", "failed", style="Claude Monet", error=t("en", "cancelled"))
    assert line == "❌ Claude Monet: cancelled."
    assert t("en", "done", style="Claude Monet", seconds="3 s").startswith("✅ Claude Monet: done")
