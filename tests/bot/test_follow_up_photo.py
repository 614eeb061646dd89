"""Which photo "how about monet?" repaints, and where it repaints nothing (57dfc08).

It painted the user's last photo in the chat, not the one they were looking at: after a button
under an older painting (➕ Stronger, 🎨 Another artist), "how about monet?" painted the newer
photo; and where the painting's photo was gone (its sender's /forgetme), an older photo of the
user's was painted in its place, a painting no one asked for. In a group a follow-up said
with the bot's @name was never read, and the after-painting hint there told the user to do
what a group ignores (a reply naming an artist without a command, a photo with no caption)."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


def button(out, command: str) -> str:
    """The command of the button of ``out`` that starts with ``command`` ("/pick #<job id>")."""
    return next(b.command for row in out.sent[-1].buttons for b in row if b.command.startswith(command))


@pytest.mark.parametrize("tapped", ["/hq", "/pick"])
async def test_a_follow_up_repaints_the_photo_last_shown(layer, fake_queue, tapped):
    older, newer = make_photo(seed=1), make_photo(seed=2)
    first = await say(layer, "/style gogh", images=[older])
    await say(layer, "/style gogh", images=[newer])
    await say(layer, button(first, tapped))          # a button under the older painting
    await say(layer, "how about monet?")
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"], fake_queue.jobs[-1].styles
    assert fake_queue.jobs[-1].image == older


async def test_a_follow_up_whose_photo_is_gone_paints_no_other(layer, fake_queue):
    own, forwarded = make_photo(seed=1), make_photo(seed=2)
    await say(layer, "/style gogh", images=[own])
    await say(layer, "/style gogh", images=[forwarded], images_from="tg:7")
    layer.store.forget_user("tg:7")                  # its sender's /forgetme: the copy goes too
    out = await say(layer, "how about monet?")
    assert len(fake_queue.jobs) == 2, [j.image == own for j in fake_queue.jobs]
    assert out.texts and "no longer have the photo" in out.texts[0], out.texts


GROUP = dict(chat="tg:-5", community="tg:-5")


async def test_in_a_group_a_follow_up_with_the_bots_name_paints(layer, fake_queue, photo):
    await say(layer, "/style gogh", images=[photo], **GROUP)
    await say(layer, "@paintbot how about monet?", mentioned=True, **GROUP)
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"], fake_queue.jobs[-1].styles


async def test_in_a_group_another_members_follow_up_paints_nothing(layer, fake_queue, photo):
    await say(layer, "/style gogh", images=[photo], **GROUP)
    out = await say(layer, "@paintbot how about monet?", user="tg:2", mentioned=True, **GROUP)
    assert len(fake_queue.jobs) == 1 and out.texts == [t("en", "text_hint")], out.texts


async def test_group_chatter_after_a_painting_gets_nothing(layer, fake_queue, photo):
    await say(layer, "/style gogh", images=[photo], **GROUP)
    out = await say(layer, "how about monet?", **GROUP)
    assert len(fake_queue.jobs) == 1 and out.texts == [], out.texts


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_hint_in_a_group_says_what_a_group_reads(layer, photo, lang):
    await say(layer, "/style gogh", images=[photo], locale=lang, **GROUP)
    out = await say(layer, "@paintbot thanks!", mentioned=True, locale=lang, **GROUP)
    # a Telegram group reads a reply naming an artist (CommandLayer.reply_asks): said so, not "/style ARTIST"
    assert out.texts == [t(lang, "after_painting_hint_group_reply")], out.texts
    assert "/style" in out.texts[0] and t(lang, "button_another") in out.texts[0]
    assert {"en": "/style ARTIST", "ko": "/style 화가"}[lang] not in out.texts[0]
    assert {"en": "artist's name", "ko": "화가 이름"}[lang] in out.texts[0]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_discord_servers_hint_keeps_its_key(layer, photo, lang):
    """A Discord server gets the key every group does (it reads a reply naming an artist too), which
    Discord words its own way (discord_messages.MESSAGE_WORDING)."""
    where = dict(user="dc:1", chat="dc:5", community="dc:9")
    await say(layer, "/style gogh", images=[photo], locale=lang, **where)
    out = await say(layer, "@paintbot thanks!", mentioned=True, locale=lang, **where)
    assert out.texts == [t(lang, "after_painting_hint_group_reply")], out.texts


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_hint_in_a_private_chat_names_what_works_there(lang):
    text = t(lang, "after_painting_hint")
    assert t(lang, "button_another") in text and "/stronger" in text and "/weaker" in text


async def test_a_follow_up_to_a_photos_buttons_paints_that_photo(layer, fake_queue):
    await say(layer, "/style gogh", images=[make_photo(seed=1)])
    fresh = make_photo(seed=2)
    await say(layer, "", images=[fresh])             # the artist buttons for it
    await say(layer, "could you try monet")
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"] and fake_queue.jobs[-1].image == fresh


async def test_a_follow_up_after_a_newer_photo_paints_the_newer_photo(layer, fake_queue):
    """A photo sent since the painting (its caption a typo, or its painting still under way) is
    the one the user means."""
    await say(layer, "/style gogh", images=[make_photo(seed=1)])
    newer = make_photo(seed=2)
    await say(layer, "/style nosuchartist", images=[newer])
    await say(layer, "how about monet?")
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"] and fake_queue.jobs[-1].image == newer


async def test_the_web_chat_gets_the_private_hint(layer, photo):
    """The web chat's pages share one community (is_group), but each is a private chat: a reply
    naming an artist, and a photo alone, are read there."""
    web = dict(user="web:1", community="web:local", mentioned=True, private_reply=True, only_bot=True)
    await say(layer, "/style gogh", images=[photo], **web)
    out = await say(layer, "thanks!", **web)
    assert out.texts == [t("en", "after_painting_hint")], out.texts


async def test_a_follow_up_replying_to_a_painting_repaints_its_photo(layer, fake_queue):
    """Replying to a painting names it, as "monet" replying to it does: it got the buttons."""
    older = make_photo(seed=1)
    first = await say(layer, "/style gogh", images=[older])
    await say(layer, "/style gogh", images=[make_photo(seed=2)])
    job = button(first, "/pick").split("#")[1]
    await say(layer, "how about monet?", reply_ref=job, reply_from_bot=True)
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"], fake_queue.jobs[-1].styles
    assert fake_queue.jobs[-1].image == older


async def test_in_a_group_a_follow_up_replying_to_a_photo_paints_that_photo(layer, fake_queue, photo):
    await say(layer, "/style gogh", images=[photo], **GROUP)
    theirs = make_photo(seed=3)
    await say(layer, "@paintbot how about monet?", reply=[theirs], reply_author="tg:2", mentioned=True, **GROUP)
    assert [s.value for s in fake_queue.jobs[-1].styles] == ["monet"] and fake_queue.jobs[-1].image == theirs
