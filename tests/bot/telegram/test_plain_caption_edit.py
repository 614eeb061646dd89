"""An edited message without a command: where its new words name an artist to paint ("gohg"
fixed to "gogh" in a photo's caption, "monet" added), it is acted on as an edited "/style" is; it
was passed over (only edits starting with "/" were read), though the same caption on a new photo
paints. Chatter edited, or a name only re-spelt, is not acted on."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


def styles(fake_queue) -> list[str]:
    return [job.styles[0].value for job in fake_queue.jobs]


async def sent(fake, chat: dict, key: str, caption: str | None = None) -> dict:
    """Ann's photo, handled."""
    msg = fake.message(ANN, chat, photo=photo_sizes(fake, key, make_photo(seed=len(key))),
                       **({"caption": caption} if caption else {}))
    n = len(fake.handled)
    fake.push("message", msg)
    await fake.wait_for(lambda: len(fake.handled) > n, timeout=WAIT_S)
    return msg


async def answered(fake, text: str, chat: dict = PRIVATE_ANN) -> None:
    """Ann's ``text``, answered: her edits before it have been handled (or passed over) by then."""
    n = len(fake.handled)
    fake.push("message", fake.message(ANN, chat, text=text))
    await fake.wait_for(lambda: len(fake.handled) > n, timeout=WAIT_S)


async def test_a_caption_fixed_to_name_an_artist_paints_the_photo(recorded, fake_queue):
    fake = recorded
    msg = await sent(fake, PRIVATE_ANN, "fix1", caption="gohg")
    assert not fake_queue.jobs and t("en", "pick_artist") in texts(fake, 1)
    fake.push("edited_message", fake.edited(msg, caption="gogh"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    assert styles(fake_queue) == ["gogh"]


async def test_an_artist_added_as_a_caption_by_an_edit_paints_in_korean_after_lang_ko(recorded, fake_queue):
    fake = recorded
    await answered(fake, "/lang ko")
    msg = await sent(fake, PRIVATE_ANN, "fix2")
    fake.push("edited_message", fake.edited(msg, caption="모네처럼"))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert styles(fake_queue) == ["monet"]
    assert any("모네" in text for text in texts(fake, 1)[-2:])


async def test_a_name_re_spelt_or_chatter_edited_is_not_acted_on(recorded, fake_queue):
    fake = recorded
    msg = await sent(fake, PRIVATE_ANN, "same1", caption="gogh")
    assert styles(fake_queue) == ["gogh"]
    fake.push("edited_message", fake.edited(msg, caption="gogh!"))
    other = await sent(fake, PRIVATE_ANN, "chat1", caption="my cat")
    fake.push("edited_message", fake.edited(other, caption="my cute cat"))
    await answered(fake, "/status")
    assert styles(fake_queue) == ["gogh"] and len(fake.requests) == 3


async def test_a_caption_edited_in_a_group_is_the_members_talk(recorded, fake_queue):
    fake = recorded
    msg = fake.message(ANN, GROUP, photo=photo_sizes(fake, "grp1", make_photo(seed=2)), caption="look")
    fake.push("message", msg)
    fake.push("edited_message", fake.edited(msg, caption="gogh"))
    await answered(fake, "/status", GROUP)
    assert not fake_queue.jobs and [r.text for r in fake.requests] == ["look", "/status"]


async def test_a_command_edited_away_or_a_message_not_remembered_is_not_acted_on(recorded, fake_queue):
    """"/style gogh" edited to "gogh please" asks nothing new; a message the bot did not see
    (from before a restart) edited to "monet": what it asked before is not known."""
    fake = recorded
    msg = await sent(fake, PRIVATE_ANN, "away1", caption="/style gogh")
    fake.push("edited_message", fake.edited(msg, caption="gogh please"))
    unseen = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "unseen1", make_photo(seed=9)), caption="look")
    fake.push("edited_message", fake.edited(unseen, caption="monet"))
    await answered(fake, "/status")
    assert styles(fake_queue) == ["gogh"] and [r.text for r in fake.requests] == ["/style gogh", "/status"]


async def test_an_albums_caption_edited_while_it_is_gathered_is_handled_as_edited(recorded, fake_queue, monkeypatch):
    from bot import telegram_bot

    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 1.5)
    fake = recorded
    album = [fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"galb{i}", make_photo(seed=i)),
                          media_group_id="galb", **({"caption": "gohg"} if i == 0 else {})) for i in range(2)]
    for m in album:
        fake.push("message", m)
    await fake.wait_for(lambda: fake.frontend._albums, timeout=WAIT_S)
    fake.push("edited_message", fake.edited(album[0], caption="gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    assert [r.text for r in fake.requests] == ["gogh"] and styles(fake_queue) == ["gogh", "gogh"]


async def test_a_caption_fixed_after_its_artist_button_was_tapped_is_not_painted_again(recorded, fake_queue):
    """"gohg" got the artist buttons; Ann tapped Van Gogh (painted), then fixed the caption to
    "gogh": that tidies it, and the photo was painted a second time."""
    fake = recorded
    msg = await sent(fake, PRIVATE_ANN, "tapped1", caption="gohg")
    [(buttons, _)] = [(p, f) for p, f in fake.sent("sendMessage", 1) if p.get("reply_markup")]
    [data] = [b["callback_data"] for row in buttons["reply_markup"]["inline_keyboard"] for b in row
              if b["callback_data"].startswith("/style gogh")]
    under = fake._reply({"chat_id": 1}, text=buttons["text"], reply_markup=buttons["reply_markup"],
                        reply_to_message=msg)
    fake.push("callback_query", {"id": "cbt1", "from": ANN, "chat_instance": "ci", "data": data, "message": under})
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    fake.push("edited_message", fake.edited(msg, caption="gogh"))
    await answered(fake, "/status")
    assert styles(fake_queue) == ["gogh"] and [r.text for r in fake.requests][-1] == "/status"


async def test_an_old_photos_caption_edited_to_name_an_artist_is_not_painted(recorded, fake_queue):
    """A caption tidied an hour after the photo ("gohg" to "gogh"): no new request
    (it painted the photo again, unasked). Fixed at once, it paints (the first test)."""
    import time

    fake = recorded
    msg = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "old1", make_photo(seed=4)), caption="gohg")
    msg["date"] = int(time.time()) - 3600
    fake.push("message", msg)
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    fake.push("edited_message", fake.edited(msg, caption="gogh"))
    await answered(fake, "/status")
    assert not fake_queue.jobs and [r.text for r in fake.requests] == ["gohg", "/status"]
