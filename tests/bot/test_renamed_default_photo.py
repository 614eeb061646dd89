"""A user's default artist a /renamestyle left as it was (another community has a style of that
name: 0e8b36f) still names the renamed style where it was renamed, as "/style ink" there paints
it (resolve_style follows the rename). A photo sent alone, or an album, with that default got the
"default missing" artist buttons instead: the photo's check read the name with find_style."""
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say
from tests.bot.test_rename_default_of_another_community import A, ink_in_both


async def renamed_in_a(layer, store):
    await ink_in_both(layer, store)                 # tg:8's default: "Ink" (B's)
    await say(layer, "/renamestyle ink Blot", admin=True, user="tg:7", **A)
    assert store.prefs("tg:8").default_style == "Ink"          # (B has an Ink: not rewritten)


async def test_a_photo_alone_paints_the_renamed_default(layer, store, fake_queue, photo):
    await renamed_in_a(layer, store)
    out = await say(layer, "", images=[photo], user="tg:8", **A)
    assert t("en", "default_style_missing", name="Ink") not in out.texts
    assert len(fake_queue.jobs) == 1, out.texts
    assert fake_queue.jobs[-1].styles[0].value == b"ink of tg:-100"        # A's Ink, now Blot


async def test_an_album_paints_each_photo_with_the_renamed_default(layer, store, fake_queue):
    await renamed_in_a(layer, store)
    album = [make_photo(seed=11), make_photo(seed=12)]
    out = await say(layer, "", images=album, user="tg:8", **A)
    assert t("en", "default_style_missing", name="Ink") not in out.texts
    assert [job.styles[0].value for job in fake_queue.jobs] == [b"ink of tg:-100"] * 2, out.texts


async def test_a_removed_default_still_gets_the_buttons(layer, store, fake_queue, photo):
    await renamed_in_a(layer, store)
    await say(layer, "/removestyle blot", admin=True, user="tg:7", **A)
    out = await say(layer, "", images=[photo], user="tg:8", **A)
    assert out.texts[0] == t("en", "default_style_missing", name="Ink")
    assert not fake_queue.jobs


async def test_settings_name_the_renamed_default_it_paints(layer, store):
    # (a photo paints Blot there: /settings said the default was gone)
    await renamed_in_a(layer, store)
    [text] = (await say(layer, "/settings", user="tg:8", **A)).texts
    assert t("en", "settings_default_gone", name="Ink") not in text and "Blot" in text, text
