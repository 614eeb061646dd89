"""A renamed style's old command works as its new one does. In a group, "/golden_age" (the old
name of a style renamed "Gilded") needed the bot's mention (/golden_age@paintbot) where "/gilded"
did not: unaddressed it got nothing at all, its photo neither painted nor kept. And of a style for
everyone (the operators' "/addstyle global", renamed with "/renamestyle global"), the old command
was "I don't know the command /ink", while a community style's old command painted: both paint
now, with the new name said once under the painting (style_renamed), or only said without a photo.
(Unaddressed in a group, the group's own renames only: tests/bot/test_renamed_old_command_in_groups.py.)"""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts
from tests.bot.test_commands import req, say

recorded = test_telegram.recorded

CHAT = dict(chat="tg:-100", community="tg:-100")
ADMIN = dict(CHAT, mentioned=True, admin=True, user="tg:7")
UNADDRESSED = dict(CHAT, mentioned=False, user="tg:8")
OPERATOR = dict(user="tg:1000")           # (conftest's settings: the bot's operator)
GILDED_NOTE = t("en", "style_renamed", name="Golden Age", new="Gilded", command="/gilded")


async def renamed(layer, store, chat: str = "tg:-100") -> None:
    admin = dict(ADMIN, chat=chat, community=chat)
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], **admin)
    store.style_path(store.find_style(chat, "goldenage")).write_bytes(b"golden age's descriptor")
    await say(layer, "/renamestyle golden_age Gilded", **admin)
    assert store.find_style(chat, "gilded") is not None


@pytest.mark.parametrize("command", ["/golden_age", "/style_golden_age"])
async def test_the_old_command_unaddressed_in_the_group_paints_as_the_new_one(layer, store, fake_queue, command):
    await renamed(layer, store)
    out = await say(layer, "/gilded", images=[make_photo(seed=5)], **UNADDRESSED)
    assert len(fake_queue.jobs) == 1, out.texts
    out = await say(layer, command, images=[make_photo(seed=6)], **UNADDRESSED)
    assert [job.styles[0].value for job in fake_queue.jobs] == [b"golden age's descriptor"] * 2, out.texts
    if command == "/golden_age":
        assert out.texts[-1] == GILDED_NOTE


async def test_the_old_command_unaddressed_without_a_photo_says_the_new_name(layer, store, fake_queue):
    await renamed(layer, store)
    out = await say(layer, "/golden_age", **UNADDRESSED)
    assert out.texts == [GILDED_NOTE] and not fake_queue.jobs


async def test_the_old_command_is_ours_in_the_group(layer, store):
    """What a front-end asks before the download: its photo is kept and painted, not another bot's."""
    await renamed(layer, store)
    request = dict(UNADDRESSED, images=[b""])
    for text in ("/golden_age", "/golden_age 30%", "/style_golden_age"):
        asked = req(text, **request)
        parsed = layer.parse(asked)
        assert not layer.ignores(asked, parsed) and layer.is_ours(asked, parsed), text
    other = req("/sticker cat", **request)
    assert not layer.is_ours(other, layer.parse(other))      # (another bot's, as before)


async def test_in_a_telegram_group_the_old_command_needs_no_mention(recorded, layer, store, fake_queue):
    fake = recorded
    await renamed(layer, store, chat=f"tg:{GROUP['id']}")
    n = len(fake.handled)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "renamed", make_photo(seed=6)),
                                      caption="/golden_age"))
    await fake.wait_for(lambda: len(fake.handled) > n and fake_queue.jobs, timeout=20.0)
    assert fake_queue.jobs[0].styles[0].value == b"golden age's descriptor"
    await fake.wait_for(lambda: GILDED_NOTE in texts(fake, GROUP["id"]), timeout=20.0)
    assert BOT_USERNAME not in fake.requests[-1].text


async def everyones_ink_renamed_blot(layer, store) -> None:
    await say(layer, "/addstyle global Ink", images=[make_photo(80, 80, seed=2)], **OPERATOR)
    store.style_path(store.find_style("global", "ink")).write_bytes(b"the operators' ink")
    out = await say(layer, "/renamestyle global ink Blot", **OPERATOR)
    assert store.find_style("global", "blot") is not None, out.texts


MENTIONED = dict(CHAT, mentioned=True, user="tg:8")


@pytest.mark.parametrize("where", [dict(user="tg:8"), MENTIONED])
async def test_an_everyones_styles_old_command_paints_it_as_a_communitys_does(layer, store, fake_queue, where):
    await everyones_ink_renamed_blot(layer, store)
    out = await say(layer, "/ink 30%", images=[make_photo(seed=5)], **where)
    assert [(job.styles[0].value, job.alpha) for job in fake_queue.jobs] == [(b"the operators' ink", 0.3)], out.texts
    note = t("en", "style_renamed", name="Ink", new="Blot", command="/blot")
    assert out.texts.count(note) == 1 and out.texts[-1] == note
    assert (await say(layer, "/ink", **where)).texts == [note]


async def test_an_everyones_old_command_paints_it_beside_a_communitys_style_of_its_new_name(
        layer, store, fake_queue):
    """The group's own "Blot" is not the operators' "Ink" renamed "Blot": the old command paints the latter."""
    await say(layer, "/addstyle Blot", images=[make_photo(80, 80, seed=3)], **ADMIN)
    store.style_path(store.find_style("tg:-100", "blot")).write_bytes(b"the group's blot")
    await everyones_ink_renamed_blot(layer, store)
    out = await say(layer, "/ink", images=[make_photo(seed=5)], **MENTIONED)
    assert [job.styles[0].value for job in fake_queue.jobs] == [b"the operators' ink"], out.texts
