"""A Korean usage reply to a command typed by its Korean name ("/섞기") shows that name and
changes nothing else. as_typed also swapped each Latin artist slug left in a Korean reply for the
artist's Korean name ("/mix gogh 70% monet" -> "/섞기 고흐 70% 모네"), but in no_style_no_photo
(KEEPS_EXAMPLE); since dfd8ceb every Korean example names its artists in Korean, so the swap
changed no reply and is gone. Every reply that shows how to write a command (SHOWS_HOW) is
rendered here as the layer renders it, in Korean, and compared with the command's swap alone."""
import re

import pytest

from bot.command_names import SHOWS_HOW
from bot.messages import t, table
from bot.request_kinds import KOREAN_ALIASES
from styles.catalog import load_catalog

from tests.bot.test_commands import req

COMMAND_OF = {"style_usage": "style", "bad_mix": "mix", "setstyle_usage": "setstyle", "strength_usage": "strength",
              "keepcolors_usage": "keepcolors", "size_usage": "size", "lang_usage": "lang",
              "addstyle_usage": "addstyle", "removestyle_usage": "removestyle", "mix_nothing_left": "mix",
              "mix_nothing_left_many": "mix", "mix_too_many": "mix", "no_style_no_photo": "style",
              "size_too_large": "size", "size_too_small": "size", "renamestyle_usage": "renamestyle"}
# the params each reply is said with; the names a user gave in Latin letters, slugs among them
PARAMS = {"size_usage": dict(low=128, high=2048, small=512, medium=768, large=1024, xl=2048),
          "mix_nothing_left": dict(weight="100%", weighted="gogh", rest="monet"),
          "mix_nothing_left_many": dict(weight="100%", weighted="gogh and klimt", rest="monet"),
          "mix_too_many": dict(limit=4), "no_style_no_photo": dict(command="/style"),
          "size_too_large": dict(value=5000, high=2048), "size_too_small": dict(value=100, low=128)}


def test_every_reply_that_shows_how_is_covered():
    assert set(COMMAND_OF) == SHOWS_HOW


def korean_names_of(command: str) -> list[str]:
    return [name for name, meant in KOREAN_ALIASES.items() if meant == command and " " not in name]


@pytest.mark.parametrize("key", sorted(SHOWS_HOW))
def test_a_korean_reply_changes_only_the_command_word(layer, key):
    command = COMMAND_OF[key]
    params = PARAMS.get(key, {})
    text = t("ko", key, **params)
    for word in korean_names_of(command):
        shown = layer.as_typed(req(f"/{word}", locale="ko"), key, text)
        assert shown == re.sub(rf"/{command}(?!\w)", f"/{word}", text), (key, word, shown)
        assert shown != text or f"/{command}" not in text, (key, word)     # (as typed, where it is named)


def test_no_korean_reply_that_shows_how_has_an_artist_in_latin_letters():
    """Why the swap had nothing to do: the reply's own words (its params aside) name no slug."""
    slugs = {artist.slug for artist in load_catalog().artists}
    for key in SHOWS_HOW:
        own = re.sub(r"\{\w+\}", "", table("ko")[key])
        latin = set(re.findall(r"(?<![\w/])[a-z]+(?!\w)", own))
        assert not latin & slugs, (key, latin & slugs)
