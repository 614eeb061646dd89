"""A renamed style's old command in a group, where a command not addressed to the bot is answered
only when it is surely the bot's (CommandLayer.is_ours): the group's own rename is (its members
typed "/golden_age" to the bot before), an operators' rename of a style for everyone is not: it
reached every group, where "/ink" may be any other bot's command, and was answered there (its
photo painted, or "renamed" said under another bot's command). Typed with its space ("/golden
age 30%", as "/my style" is) the old name works too, and so does a strength after /style_NAME
in a group ("/style_gogh 30%" went unanswered there). A community's style renamed and then
removed is gone, whatever the operators renamed from that name: "/ink" said the operators'
"renamed", then painted nothing ("unknown style")."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import req, say
from tests.bot.test_renamed_style_old_command_everywhere import (ADMIN, GILDED_NOTE, MENTIONED, UNADDRESSED,
                                                                 everyones_ink_renamed_blot, renamed)


def ours(layer, text: str, **where) -> bool:
    asked = req(text, images=[b""], **where)
    parsed = layer.parse(asked)
    return not layer.ignores(asked, parsed) and layer.is_ours(asked, parsed)


@pytest.mark.parametrize("photo", [True, False])
async def test_an_operators_rename_leaves_its_old_command_to_other_bots_in_a_group(layer, store, fake_queue, photo):
    await everyones_ink_renamed_blot(layer, store)
    assert not ours(layer, "/ink", **UNADDRESSED) and not ours(layer, "/ink 30%", **UNADDRESSED)
    out = await say(layer, "/ink", images=[make_photo(seed=5)] if photo else [], **UNADDRESSED)
    assert out.texts == [] and not fake_queue.jobs
    assert store.last_photo(UNADDRESSED["user"], UNADDRESSED["chat"]) is None     # not kept either
    # addressed to the bot, it paints (tests/bot/test_renamed_style_old_command_everywhere.py)
    assert ours(layer, "/ink", **MENTIONED)


@pytest.mark.parametrize("typed", ["/golden age 30%", "/golden_age 30%"])
async def test_the_old_name_typed_with_its_space_paints_with_its_strength(layer, store, fake_queue, typed):
    await renamed(layer, store)
    assert ours(layer, typed, **UNADDRESSED)
    out = await say(layer, typed, images=[make_photo(seed=5)], **UNADDRESSED)
    assert [(job.styles[0].value, job.alpha) for job in fake_queue.jobs] == [(b"golden age's descriptor", 0.3)]
    assert out.texts[-1] == GILDED_NOTE and out.texts.count(GILDED_NOTE) == 1
    # without a photo, its new name (it was "I don't know the command /golden")
    assert (await say(layer, "/golden age", **MENTIONED)).texts == [GILDED_NOTE]


@pytest.mark.parametrize("typed", ["/style_gogh 30%", "/style_gilded 0.3", "/style_golden_age 30%"])
async def test_style_underscored_with_a_strength_is_ours_in_a_group(layer, store, fake_queue, typed):
    await renamed(layer, store)
    assert ours(layer, typed, **UNADDRESSED)
    await say(layer, typed, images=[make_photo(seed=5)], **UNADDRESSED)
    assert [job.alpha for job in fake_queue.jobs] == [0.3]
    assert not ours(layer, "/style_nosuch 30%", **UNADDRESSED)       # (another bot's, maybe)


async def test_a_communitys_style_renamed_then_removed_is_gone_beside_an_operators_rename(layer, store, fake_queue):
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=3)], **ADMIN)
    await say(layer, "/renamestyle ink Wash", **ADMIN)
    await say(layer, "/removestyle wash", **ADMIN)
    assert store.find_style("tg:-100", "wash") is None
    await everyones_ink_renamed_blot(layer, store)
    gone = t("en", "style_gone", name="Ink")
    for photo in ([make_photo(seed=5)], []):
        out = await say(layer, "/ink", images=photo, **MENTIONED)
        assert out.texts == [gone] and not fake_queue.jobs
