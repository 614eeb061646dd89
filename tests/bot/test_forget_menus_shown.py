"""The artist menus noted as just shown ("Another artist" tapped twice within MENU_AGAIN_S: the
menu is above, 23523da) are a memory keyed by the user, which /forgetme must clear too, as it
clears the layer's others (commands._forget_memory calls _forget_menus_shown)."""
from __future__ import annotations

from tests.bot.test_commands import req

PAINTING = "a" * 32


def tapped(user: str):
    return req(f"/pick #{PAINTING}", user=user, reply_ref=PAINTING)


def test_a_users_menus_shown_are_forgotten_and_no_one_elses(layer):
    for user in ("tg:51", "tg:52"):
        assert not layer._menu_just_shown(tapped(user))          # the first tap: its menu noted
        assert layer._menu_just_shown(tapped(user))              # a second: "the menu is above"
    layer._forget_menus_shown("tg:51")
    assert not layer._menu_just_shown(tapped("tg:51"))           # a new start: the menu again
    assert layer._menu_just_shown(tapped("tg:52"))


def test_nothing_shown_yet_is_nothing_to_forget(layer):
    layer._forget_menus_shown("tg:53")
    assert not layer._menu_just_shown(tapped("tg:53"))
