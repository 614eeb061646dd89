""""/golden_age" after "/renamestyle golden_age Gilded" answered only "now called /gilded", while
"/style golden age" and the buttons under its old paintings painted the renamed style. With a
photo it paints the renamed style now, and says its new name once under the painting; without
one, that reply alone, as before."""
import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)
ADMIN = dict(GROUP, admin=True, user="tg:7")
USER = dict(GROUP, user="tg:8")


async def renamed(layer, store):
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], **ADMIN)
    store.style_path(store.find_style("tg:-100", "goldenage")).write_bytes(b"golden age's descriptor")
    await say(layer, "/renamestyle golden_age Gilded", **ADMIN)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_old_command_with_a_photo_paints_the_renamed_style(layer, store, fake_queue, lang):
    await renamed(layer, store)
    out = await say(layer, "/golden_age", images=[make_photo(seed=5)], locale=lang, **USER)
    assert len(fake_queue.jobs) == 1, out.texts
    assert fake_queue.jobs[0].styles[0].value == b"golden age's descriptor"
    note = t(lang, "style_renamed", name="Golden Age", new="Gilded", command="/gilded")
    assert out.texts.count(note) == 1 and out.texts[-1] == note      # once, under the painting
    assert out.images                                               # (the painting came before it)


async def test_its_strength_is_kept(layer, store, fake_queue):
    await renamed(layer, store)
    out = await say(layer, "/golden_age 30%", images=[make_photo(seed=5)], **USER)
    assert [job.alpha for job in fake_queue.jobs] == [pytest.approx(0.3)], out.texts


async def test_without_a_photo_it_says_the_new_name_as_before(layer, store, fake_queue):
    await renamed(layer, store)
    await say(layer, "", images=[make_photo(seed=5)], user="tg:8")     # a last photo elsewhere
    await say(layer, "/style golden age", images=[make_photo(seed=6)], **USER)
    painted = len(fake_queue.jobs)
    out = await say(layer, "/golden_age", **USER)
    assert out.texts == [t("en", "style_renamed", name="Golden Age", new="Gilded", command="/gilded")]
    assert len(fake_queue.jobs) == painted


async def test_a_removed_style_with_a_photo_is_still_said_removed(layer, store, fake_queue):
    await renamed(layer, store)
    await say(layer, "/removestyle gilded", **ADMIN)
    out = await say(layer, "/golden_age", images=[make_photo(seed=5)], **USER)
    assert t("en", "style_gone", name="Golden Age") in out.texts[0] and not fake_queue.jobs


async def test_an_album_under_the_old_command_paints_each_photo_and_says_it_once(layer, store, fake_queue):
    # ("/gilded" on an album paints each photo; "/golden_age" painted its first alone)
    await renamed(layer, store)
    album = [make_photo(seed=5), make_photo(seed=6), make_photo(seed=7)]
    out = await say(layer, "/golden_age", images=album, **USER)
    assert [job.styles[0].value for job in fake_queue.jobs] == [b"golden age's descriptor"] * 3, out.texts
    note = t("en", "style_renamed", name="Golden Age", new="Gilded", command="/gilded")
    assert out.texts.count(note) == 1 and out.texts[-1] == note
