"""/forgetme also deletes the copies of the user's pictures that others kept by painting them: in
a group, a member who replies to someone's photo with /style gets that photo kept under their own
name (for the buttons under the painting), and it stayed there after its sender's /forgetme."""
from bot.messages import t
from bot.store import PHOTOS_KEPT, photo_hash
from tests.bot.conftest import make_photo

from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100")


def kept(store, user_id: str) -> set[str]:
    return {row["hash"] for row in store.export_user(user_id)["photos"]}


async def test_forgetme_deletes_a_photo_another_member_painted_by_replying(layer, store, fake_queue):
    alices, bobs = make_photo(90, 70, seed=11), make_photo(90, 70, seed=12)
    await say(layer, "", images=[alices], user="tg:1", **GROUP)
    await say(layer, "/style gogh", reply=[alices], reply_author="tg:1", user="tg:2", **GROUP)
    await say(layer, "/style monet", images=[bobs], user="tg:2", **GROUP)
    assert len(fake_queue.jobs) == 2 and fake_queue.jobs[0].image == alices
    assert kept(store, "tg:2") == {photo_hash(alices), photo_hash(bobs)}
    painted_alices = fake_queue.jobs[0].id

    await say(layer, "/forgetme yes tg:1", user="tg:1")
    assert kept(store, "tg:2") == {photo_hash(bobs)}                     # Bob's own photo stays
    files = [name for name, _ in store.export_files("tg:2")]
    assert files and all(photo_hash(alices) not in name for name in files)
    assert not (store.data_dir / "photos" / "tg_2" / f"{photo_hash(alices)}.img").exists()
    # the buttons under the painting of Alice's photo no longer reach it
    out = await say(layer, f"/weaker #{painted_alices}", user="tg:2", **GROUP)
    assert len(fake_queue.jobs) == 2 and out.texts == [t("en", "photo_gone", kept=PHOTOS_KEPT, days=30)]


async def test_forgetme_deletes_a_painting_another_used_as_a_style(layer, store, fake_queue, photo):
    painting = make_photo(80, 80, seed=21)
    await say(layer, "/style", reply=[painting], reply_author="tg:1", images=[photo], user="tg:2", **GROUP)
    assert len(fake_queue.jobs) == 1 and photo_hash(painting) in kept(store, "tg:2")
    await say(layer, "/forgetme yes tg:1", user="tg:1")
    assert kept(store, "tg:2") == {photo_hash(photo)}


async def test_a_copy_its_keeper_also_sent_themselves_keeps_its_file(layer, store, fake_queue):
    shared = make_photo(90, 70, seed=31)
    await say(layer, "/style gogh", images=[shared], user="tg:2")                  # Bob's own, in private
    await say(layer, "/style gogh", reply=[shared], reply_author="tg:1", user="tg:2", **GROUP)
    await say(layer, "/forgetme yes tg:1", user="tg:1")
    assert kept(store, "tg:2") == {photo_hash(shared)}
    assert (store.data_dir / "photos" / "tg_2" / f"{photo_hash(shared)}.img").exists()
    await say(layer, "/style monet", user="tg:2")                                   # still his last photo
    assert fake_queue.jobs[-1].image == shared


async def test_a_users_own_reply_to_their_photo_is_no_copy(layer, store, fake_queue):
    photo = make_photo(90, 70, seed=41)
    await say(layer, "/style gogh", reply=[photo], reply_author="tg:2", user="tg:2", **GROUP)
    await say(layer, "/forgetme yes tg:1", user="tg:1")
    assert kept(store, "tg:2") == {photo_hash(photo)}
    assert [row["sender"] for row in store.export_user("tg:2")["photos"]] == [None]
    await say(layer, "/forgetme yes tg:2", user="tg:2")
    assert kept(store, "tg:2") == set()
    assert (await say(layer, "/gogh", user="tg:2", **GROUP)).texts == [t("en", "no_photo")]


async def test_a_photo_the_keeper_sent_themselves_stays_theirs_when_another_reposts_it(layer, store, fake_queue):
    """Ann's photo, re-posted by Bob, and Ann replying to his post: Bob's /forgetme deleted Ann's
    own photo (its row had become "Bob's copy"). Found by a review."""
    photo = make_photo(90, 70, seed=51)
    await say(layer, "/style gogh", images=[photo], user="tg:1", **GROUP)          # Ann's own
    await say(layer, "", images=[photo], user="tg:2", **GROUP)                      # Bob re-posts it
    await say(layer, "/style monet", reply=[photo], reply_author="tg:2", user="tg:1", **GROUP)
    await say(layer, "/forgetme yes tg:2", user="tg:2")
    assert kept(store, "tg:1") == {photo_hash(photo)}
    await say(layer, "/style klimt", user="tg:1", **GROUP)
    assert fake_queue.jobs[-1].image == photo
