"""A user's default artist (/setstyle) is a name kept for every chat. A /renamestyle in one
community rewrote the default of a user who chose another community's style of that name (their
"Ink" painted nothing there afterwards), and /removestyle said "whoever had it as their default"
for users of the other community's style. A name another community also has stays as it is (the
rename record still leads it to the new name in the renaming community)."""
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

A = dict(chat="tg:-100", community="tg:-100", mentioned=True)
B = dict(chat="tg:-200", community="tg:-200", mentioned=True)


async def ink_in_both(layer, store):
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=2)], admin=True, user="tg:7", **A)
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=3)], admin=True, user="tg:70", **B)
    for scope in ("tg:-100", "tg:-200"):        # (the fake describer writes the same bytes for each)
        store.style_path(store.find_style(scope, "ink")).write_bytes(f"ink of {scope}".encode())
    await say(layer, "/setstyle ink", user="tg:8", **B)          # B's Ink


async def test_a_rename_keeps_the_default_another_community_has_a_style_of(layer, store, fake_queue, photo):
    await ink_in_both(layer, store)
    out = await say(layer, "/renamestyle ink Blot", admin=True, user="tg:7", **A)
    assert out.texts[0].startswith(t("en", "renamestyle_done", old="Ink", name="Blot", command="")[:30])
    assert t("en", "renamestyle_defaults") not in out.texts[0]
    assert store.prefs("tg:8").default_style == "Ink"
    await say(layer, "", images=[photo], user="tg:8", **B)      # B's Ink still paints for them there
    assert fake_queue.jobs[-1].styles[0].value == b"ink of tg:-200"


async def test_a_removal_does_not_count_another_communitys_defaults(layer, store):
    await ink_in_both(layer, store)
    out = await say(layer, "/removestyle ink", admin=True, user="tg:7", **A)
    assert out.texts == [t("en", "removestyle_done", name="Ink")]
