"""Names moved out of bot/commands.py into its mixins' modules (bot/command_names.py,
bot/repaints.py) stay importable from bot.commands as the same objects: the front-ends import
them from there (bot/webchat imports PAINTS_PHOTO), and CommandLayer gets the moved methods from
the mixin, not from a stale copy of its own."""
from __future__ import annotations

import inspect

from bot import command_names, commands


def test_the_command_names_module_s_names_are_importable_from_commands_as_before():
    for name in ("parse_command", "korean_command", "PAINTS_PHOTO", "BUTTON_COMMAND_MAX"):
        assert getattr(commands, name) is getattr(command_names, name), name
    assert "PAINTS_PHOTO" in commands.__all__ and "parse_command" in commands.__all__


def test_the_layer_reads_command_names_with_the_mixin_s_methods():
    for name in ("parse", "_parse", "_korean_command", "_knows_command", "typed_in_korean", "command_of",
                 "underscored", "unknown_command", "_near_korean"):
        assert name not in vars(commands.CommandLayer), name
        assert inspect.getattr_static(commands.CommandLayer, name) is vars(command_names.CommandNames)[name], name


def test_the_repaints_module_s_names_are_importable_from_commands_as_before():
    from bot import repaints
    assert commands.OFFER_KEPT_S is repaints.OFFER_KEPT_S
    for name in ("_as_painted", "cmd_pick", "_artists_of", "_pick", "cmd_stronger", "cmd_weaker", "_rerun",
                 "_photo_gone", "_painting_named", "_names_a_photo", "_kept_style", "_last_painting"):
        assert name not in vars(commands.CommandLayer), name
        assert inspect.getattr_static(commands.CommandLayer, name) is vars(repaints.Repaints)[name], name
