"""A group's community style named as a Korean command word (목록, 시작, "화풍 연구", "스타일 A",
added by /addstyle before those words became commands) was painted by its shortcut ("/목록",
"/화풍 연구"); once the Korean command names came (a80242c) the shortcut ran the command instead
(/목록 listed the artists, "/화풍 연구" painted a style "연구" or said it was unknown). A style
found by that name in the chat's scope wins over the command word, as the shortcut did."""
import pytest

from styles import normalise

from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


def add(store, scope, name):
    path = store.style_dir(scope) / f"{normalise(name)}.npz"
    path.write_bytes(b"descriptor")
    store.add_style(scope, name, normalise(name), path, 3, "tg:1")


@pytest.mark.parametrize("name,typed", [
    ("목록", "/목록"), ("시작", "/시작"), ("화풍 연구", "/화풍 연구"), ("스타일 A", "/스타일 a"),
    ("화풍 연구", "/화풍 연구 50"),
])
async def test_a_style_named_as_a_korean_command_word_is_still_painted(layer, store, fake_queue, photo, name, typed):
    add(store, "tg:-100", name)
    out = await say(layer, typed, images=[photo], **GROUP)
    assert len(fake_queue.jobs) == 1, out.texts
    [style] = fake_queue.jobs[0].styles
    assert style.kind == "descriptor" and style.value == b"descriptor", style


async def test_elsewhere_the_korean_word_is_still_the_command(layer, store, fake_queue, photo):
    add(store, "tg:-100", "목록")
    out = await say(layer, "/목록", images=[photo], locale="ko")      # a private chat: no such style
    assert not fake_queue.jobs
    assert out.texts == (await say(layer, "/styles", locale="ko")).texts


async def test_a_new_style_whose_first_word_is_a_command_word_is_painted_by_its_shortcut(layer, fake_queue):
    from tests.bot.conftest import make_photo
    added = await say(layer, "/addstyle 화풍 연구", images=[make_photo(90, 90, seed=1), make_photo(90, 90, seed=2)],
                      admin=True, locale="ko", **GROUP)
    assert "/style 화풍 연구" in added.texts[-1], added.texts
    out = await say(layer, "/화풍 연구", images=[make_photo(seed=3)], locale="ko", chat="tg:-100", community="tg:-100")
    assert [s.kind for j in fake_queue.jobs for s in j.styles] == ["descriptor"], out.texts
