"""An artist's style the catalog lacks, asked for after a photo: "picasso style", "피카소풍으로".

It got the common hint to tap an artist ("pick_artist_hint"), which never said Picasso is not
one the bot knows. Now the reply says so over the artist buttons, and tells whoever may add a
style here how (/addstyle); chat and the usual words after a painting are unchanged, and so are
the weaker cues ("picasso please", "피카소로 해줘"): "no please", "세로로 해줘" read alike."""
import pytest

from bot.messages import t
from bot.unknown_artists import unknown_name_asked

from tests.bot.test_commands import say


async def after_a_photo(layer, photo, text: str, **kw):
    await say(layer, "", images=[photo], **kw)
    return await say(layer, text, **kw)


@pytest.mark.parametrize("text,name,lang", [
    ("picasso style please", "Picasso", "en"), ("Picasso style", "Picasso", "en"), ("picasso's style please", "Picasso", "en"),
    ("in the style of picasso", "Picasso", "en"), ("피카소풍으로 해줘", "피카소", "ko"), ("피카소 화풍으로", "피카소", "ko"),
    ("피카소 스타일로 그려줘", "피카소", "ko"),
])
async def test_an_unknown_artist_is_said_over_the_buttons(layer, fake_queue, photo, text, name, lang):
    out = await after_a_photo(layer, photo, text, locale=lang)
    assert out.texts[0].startswith(t(lang, "unknown_artist_asked", name=name)), out.texts
    assert out.sent[0].buttons and fake_queue.jobs == [], out.texts
    pressed = out.sent[0].buttons[0][0].command          # a button paints the last photo
    await say(layer, pressed)
    assert len(fake_queue.jobs) == 1


async def test_how_to_add_it_is_said_to_who_may_add_a_style(layer, photo):
    private = await after_a_photo(layer, photo, "picasso style")      # a private chat: one's own styles
    assert "/addstyle picasso" in private.texts[0]
    member = await after_a_photo(layer, photo, "@paintbot picasso style", user="tg:7", community="tg:-5",
                                 chat="tg:-5", mentioned=True)
    assert "/addstyle" not in member.texts[0] and "Picasso (yet)" in member.texts[0], member.texts
    admin = await after_a_photo(layer, photo, "피카소풍으로 해줘", user="tg:8", community="tg:-5", chat="tg:-5",
                                admin=True, locale="ko", mentioned=True)
    assert "/addstyle 피카소" in admin.texts[0], admin.texts


@pytest.mark.parametrize("text", [
    "more please", "no please", "faster please", "stop please", "wallpaper please", "my style", "new style",
    "different style", "이걸로 해줘", "아까처럼 해줘", "배경화면으로 해줘", "똑같이 해줘", "세로로 해줘", "가로로 해줘",
    "마음대로 해줘", "기본으로 해줘", "꿈처럼", "어제처럼 해줘", "실사처럼 해줘", "이런 스타일로 해줘", "I love picasso",
    "피카소 좋아", "I want picasso", "picasso please", "피카소로 해줘"])
async def test_other_words_are_no_unknown_artist(layer, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert not any("(yet)" in line or "몰라요" in line or "Did you mean" in line or "모르겠어요" in line
                   for line in out.texts), out.texts


async def test_a_name_near_a_known_one_gets_did_you_mean(layer, photo):
    out = await after_a_photo(layer, photo, "gog style")
    assert "Vincent van Gogh" in out.texts[0] and "(yet)" not in out.texts[0], out.texts


async def test_without_a_photo_nothing_is_said_of_it(layer):
    out = await say(layer, "picasso style")
    assert not any("(yet)" in line for line in out.texts), out.texts


def test_the_name_read():
    never = lambda word: False      # noqa: E731
    assert unknown_name_asked("피카소풍으로 해주세요", never) == "피카소"
    assert unknown_name_asked("pablo picasso style", never) is None       # two words: which is the name?
    assert unknown_name_asked("help style", lambda word: word == "help") is None


def test_a_korean_style_ending_leaves_the_whole_name():
    never = lambda word: False      # noqa: E731
    assert unknown_name_asked("만화풍으로 해줘", never) == "만화" and unknown_name_asked("수채화풍", never) == "수채화"
    assert unknown_name_asked("그 스타일로 해줘", never) is None and unknown_name_asked("similar style", never) is None
