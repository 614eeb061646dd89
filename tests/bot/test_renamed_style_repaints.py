"""The buttons under a painting made before a /renamestyle, a user's last styles and their
default name the style as it was: repainting from them said "style removed". A name the store
knows was renamed (removed_style) paints the style under its new name."""
import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)
ADMIN = dict(GROUP, admin=True, user="tg:7")
USER = dict(GROUP, user="tg:8")


async def painted_then_renamed(layer, store, fake_queue):
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], **ADMIN)
    await say(layer, "/strength 0.5", **USER)              # (so that /stronger has room)
    # (the fake describer writes the same bytes for every style: these are this one's own)
    store.style_path(store.find_style("tg:-100", "goldenage")).write_bytes(b"golden age's descriptor")
    out = await say(layer, "/style golden age", images=[make_photo(seed=5)], **USER)
    painted = fake_queue.jobs[-1]
    await say(layer, "/renamestyle golden_age Gilded", **ADMIN)
    return out, painted, store.find_style("tg:-100", "gilded")


@pytest.mark.parametrize("command", ["/weaker #{id}", "/hq #{id}", "/stronger", "/weaker"])
async def test_a_repaint_from_before_the_rename_paints_the_renamed_style(layer, store, fake_queue, command):
    out, painted, renamed = await painted_then_renamed(layer, store, fake_queue)
    again = await say(layer, command.format(id=painted.id), **USER)
    assert t("en", "style_gone", name="Golden Age") not in again.texts
    assert fake_queue.jobs[-1] is not painted, again.texts
    assert fake_queue.jobs[-1].styles[0].value == b"golden age's descriptor"
    assert fake_queue.jobs[-1].image == painted.image


async def test_a_try_again_button_from_before_the_rename_paints_it(layer, store, fake_queue):
    # (its command as PaintingJobs._repaint_command writes it: the fake engine's failure of a
    # community style is read as a damaged file, which gets no button)
    out, painted, renamed = await painted_then_renamed(layer, store, fake_queue)
    assert painted.meta["names"] == ["Golden Age"]
    again = await say(layer, f"/style Golden Age #{painted.id}", **USER)
    job = fake_queue.jobs[-1]
    assert job is not painted and job.image == painted.image, again.texts
    assert job.styles[0].value == b"golden age's descriptor"


async def test_a_renamed_then_removed_style_is_still_said_removed(layer, store, fake_queue):
    out, painted, renamed = await painted_then_renamed(layer, store, fake_queue)
    await say(layer, "/removestyle gilded", **ADMIN)
    again = await say(layer, f"/weaker #{painted.id}", **USER)
    assert again.texts == [t("en", "style_gone", name="Golden Age")]
    gone = await say(layer, "/golden_age", **USER)
    assert gone.texts == [t("en", "style_gone", name="Golden Age")]


async def test_another_communitys_old_name_is_not_read_as_the_renamed_style(layer, store, fake_queue):
    await painted_then_renamed(layer, store, fake_queue)
    other = await say(layer, "/style golden age", images=[make_photo(seed=6)], user="tg:9",
                      chat="tg:-200", community="tg:-200", mentioned=True)
    assert len(fake_queue.jobs) == 1 and other.texts       # the one painting from before, none here
