"""/renamestyle OLD NEW reads the longest first words naming a style as OLD. "/renamestyle ink
Wash" beside the styles "Ink" and "Ink Wash" took "Ink Wash" for OLD and asked for a new name:
where the longest leaves none, a shorter OLD is tried. An OLD in quotes is that name (Discord's
slash command, whose two options were read as one text, sends it so)."""
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

ADMIN = dict(chat="tg:-100", community="tg:-100", mentioned=True, admin=True, user="tg:7")


async def add(layer, name, seed):
    await say(layer, f"/addstyle {name}", images=[make_photo(80, 80, seed=seed)], **ADMIN)


async def test_the_shorter_old_name_is_renamed_when_the_longer_leaves_no_new_one(layer, store):
    await add(layer, "Ink", 2)
    await add(layer, "Ink Wash", 3)
    ink, wash = store.find_style("tg:-100", "ink"), store.find_style("tg:-100", "inkwash")
    out = await say(layer, "/renamestyle ink Wash", **ADMIN)
    assert out.texts[0].startswith(t("en", "renamestyle_done", old="Ink", name="Wash", command="")[:25]), out.texts
    assert store.find_style("tg:-100", "wash").id == ink.id
    assert store.find_style("tg:-100", "inkwash").id == wash.id


async def test_the_longest_name_still_wins_where_it_leaves_a_new_name(layer, store):
    await add(layer, "Ink", 2)
    await add(layer, "Ink Wash", 3)
    wash = store.find_style("tg:-100", "inkwash")
    await say(layer, "/renamestyle ink wash Sumi", **ADMIN)
    assert store.find_style("tg:-100", "sumi").id == wash.id and store.find_style("tg:-100", "ink") is not None


async def test_a_style_named_whole_without_a_new_name_gets_the_usage(layer, store):
    await add(layer, "Ink Wash", 3)
    assert (await say(layer, "/renamestyle ink wash", **ADMIN)).texts == [t("en", "renamestyle_usage")]


async def test_an_old_name_in_quotes_is_that_name(layer, store):
    await add(layer, "Ink", 2)
    await add(layer, "Ink Wash", 3)
    ink, wash = store.find_style("tg:-100", "ink"), store.find_style("tg:-100", "inkwash")
    out = await say(layer, '/renamestyle "ink" Wash Blue', **ADMIN)         # not "Ink Wash" renamed "Blue"
    assert out.texts[0].startswith(t("en", "renamestyle_done", old="Ink", name="Wash Blue", command="")[:25]), out.texts
    assert store.find_style("tg:-100", "washblue").id == ink.id and store.find_style("tg:-100", "inkwash").id == wash.id
    await say(layer, "/renamestyle “ink wash” “Sumi”", **ADMIN)
    assert store.find_style("tg:-100", "sumi").id == wash.id
    missing = await say(layer, '/renamestyle "nothing here" Else', **ADMIN)
    assert missing.texts == [t("en", "removestyle_missing", name="nothing here")]
