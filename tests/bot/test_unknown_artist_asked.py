"""An artist the catalog lacks, asked for after a photo: "picasso please", "피카소로 해줘".

It got the common hint to tap an artist ("pick_artist_hint"), which never said Picasso is not
one the bot knows. Now the reply says so over the artist buttons, and tells whoever may add a
style here how (/addstyle); chat and the usual words after a painting are unchanged."""
import pytest

from bot.messages import t
from bot.unknown_artists import unknown_name_asked

from tests.bot.test_commands import say


async def after_a_photo(layer, photo, text: str, **kw):
    await say(layer, "", images=[photo], **kw)
    return await say(layer, text, **kw)


@pytest.mark.parametrize("text,name,lang", [
    ("picasso please", "Picasso", "en"), ("Picasso style", "Picasso", "en"), ("picasso's style please", "Picasso", "en"),
    ("피카소로 해줘", "피카소", "ko"), ("피카소 처럼", "피카소", "ko"), ("피카소 스타일로 그려줘", "피카소", "ko"),
])
async def test_an_unknown_artist_is_said_over_the_buttons(layer, fake_queue, photo, text, name, lang):
    out = await after_a_photo(layer, photo, text, locale=lang)
    assert out.texts[0].startswith(t(lang, "unknown_artist_asked", name=name)), out.texts
    assert out.sent[0].buttons and fake_queue.jobs == [], out.texts
    pressed = out.sent[0].buttons[0][0].command          # a button paints the last photo
    await say(layer, pressed)
    assert len(fake_queue.jobs) == 1


async def test_how_to_add_it_is_said_to_who_may_add_a_style(layer, photo):
    private = await after_a_photo(layer, photo, "picasso please")      # a private chat: one's own styles
    assert "/addstyle picasso" in private.texts[0]
    member = await after_a_photo(layer, photo, "@paintbot picasso please", user="tg:7", community="tg:-5",
                                 chat="tg:-5", mentioned=True)
    assert "/addstyle" not in member.texts[0] and "Picasso (yet)" in member.texts[0], member.texts
    admin = await after_a_photo(layer, photo, "피카소로 해줘", user="tg:8", community="tg:-5", chat="tg:-5",
                                admin=True, locale="ko", mentioned=True)
    assert "/addstyle 피카소" in admin.texts[0], admin.texts


@pytest.mark.parametrize("text", ["more please", "again please", "이걸로 해줘", "아까처럼 해줘", "배경화면으로 해줘",
                                  "똑같이 해줘", "I love picasso", "피카소 좋아", "I want picasso", "thanks please"])
async def test_other_words_are_no_unknown_artist(layer, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert not any("(yet)" in line or "아직 몰라요" in line for line in out.texts), out.texts


async def test_a_name_near_a_known_one_gets_did_you_mean(layer, photo):
    out = await after_a_photo(layer, photo, "gog style")
    assert "Vincent van Gogh" in out.texts[0] and "(yet)" not in out.texts[0], out.texts


async def test_without_a_photo_nothing_is_said_of_it(layer):
    out = await say(layer, "picasso please")
    assert not any("(yet)" in line for line in out.texts), out.texts


def test_the_name_read():
    never = lambda word: False      # noqa: E731
    assert unknown_name_asked("피카소풍으로 해주세요", never) == "피카소"
    assert unknown_name_asked("pablo picasso please", never) is None       # two words: which is the name?
    assert unknown_name_asked("help please", lambda word: word == "help") is None
