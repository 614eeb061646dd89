"""Review of the usage replies as typed (fb7d61c): in Korean, as_typed swapped every lowercase
word that is an artist's slug for the artist's Korean name across the whole reply, the user's own
words in it too: a community style "gogh kitty" in /섞기's "nothing left" reply read "고흐 kitty",
a style that does not exist. Only the reply's own example is said in Korean now."""
from styles import normalise

from tests.bot.test_commands import say


def add(store, scope, name):
    path = store.style_dir(scope) / f"{normalise(name)}.npz"
    path.write_bytes(b"descriptor")
    store.add_style(scope, name, normalise(name), path, 3, "tg:1")


async def test_a_style_named_in_the_reply_keeps_its_name(layer, store, fake_queue, photo):
    add(store, "tg:1", "gogh kitty")
    out = await say(layer, "/섞기 gogh kitty 100% 모네", images=[photo], locale="ko")
    assert not fake_queue.jobs
    [said] = out.texts
    assert "gogh kitty" in said and "/섞기 고흐 70% 모네" in said, said
