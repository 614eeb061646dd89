"""A Telegram group upgraded to a supergroup (Store.move_chat) takes its styles and paintings
along, and took not what the store knows of its renamed and removed styles (removed_styles):
there "Weaker" under a painting from before a /renamestyle said "style removed" again, and
"/golden_age" of a removed style "I don't know the command"."""
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

OLD = dict(chat="tg:-5", community="tg:-5", mentioned=True)
NEW = dict(chat="tg:-1005", community="tg:-1005", mentioned=True)


async def test_the_renamed_and_removed_names_move_with_the_group(layer, store, fake_queue):
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], admin=True, user="tg:7", **OLD)
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=3)], admin=True, user="tg:7", **OLD)
    await say(layer, "/style golden age", images=[make_photo(seed=5)], user="tg:8", **OLD)
    painted = fake_queue.jobs[-1]
    await say(layer, "/renamestyle golden_age Gilded", admin=True, user="tg:7", **OLD)
    await say(layer, "/removestyle ink", admin=True, user="tg:7", **OLD)
    store.move_chat("tg:-5", "tg:-1005")
    again = await say(layer, f"/weaker #{painted.id}", user="tg:8", **NEW)
    assert fake_queue.jobs[-1] is not painted, again.texts
    gone = await say(layer, "/ink", user="tg:8", **NEW)
    assert gone.texts == [t("en", "style_gone", name="Ink")]
