"""Whom the bot's messages with buttons were sent for is kept for groups only (an anonymous
admin's taps there are the group's); private chats' messages do not push those out."""
from __future__ import annotations

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_anonymous_taps import ANONYMOUS_ADMIN, AS_GROUP

recorded = test_telegram.recorded

WAIT_S = 20.0


def with_buttons(fake, chat: int) -> list[dict]:
    return [p for p, _ in fake.sent("sendMessage", chat) if p.get("reply_markup")]


async def test_private_button_messages_do_not_push_out_the_groups(recorded, fake_queue, monkeypatch):
    """The artist buttons under an anonymous admin's photo, then under a photo in someone's
    private chat: the private one was kept too (its user is its chat), and with the list full
    the group's was forgotten; the admin's tap there, where Telegram left out the photo it
    answers, was then taken as their own account's. Now private chats' messages are not kept,
    and the tap is the group's. (The list is made one long here; it is 2000.)"""
    monkeypatch.setattr(telegram_bot, "REMEMBERED_COMMANDS", 1)
    fake = recorded
    fake.chat_members[(GROUP["id"], ANN["id"])] = "administrator"
    fake.anonymous_admins.add((GROUP["id"], ANN["id"]))
    fake.push("message", fake.message(ANONYMOUS_ADMIN, GROUP, photo=photo_sizes(fake, "sf1", make_photo(128, 96)),
                                      sender_chat=GROUP, caption="/style"))
    await fake.wait_for(lambda: with_buttons(fake, GROUP["id"]), timeout=WAIT_S)
    [params] = with_buttons(fake, GROUP["id"])
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "sf2", make_photo(seed=4))))
    await fake.wait_for(lambda: with_buttons(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    [sent] = [m for m in fake.bot_messages.values() if m["chat"]["id"] == GROUP["id"] and m["text"] == params["text"]]
    message = {**sent, "chat": GROUP, "reply_markup": params["reply_markup"]}      # no reply_to_message
    data = params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    fake.push("callback_query", {"id": "cb1", "from": ANN, "chat_instance": "ci", "data": data, "message": message})
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert fake.handled[2].user_id == AS_GROUP, (fake.handled[2].user_id, fake.handled[2].text)
