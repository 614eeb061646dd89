"""A restart's delivery refused for want of rights speaks the user's language, as its outcome line does."""
from __future__ import annotations

from bot.commands import Reply
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_a_restarts_refusal_is_in_the_users_language(recorded, fake_queue):
    """A user who chose Korean (/lang ko) read the delivery's Korean outcome line, then the
    refusal in the bot's default language (English). Now in Korean too."""
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/lang ko"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.errors["sendPhoto"] = [(400, "Bad Request: not enough rights to send photos to the chat", {})]
    fake.errors["sendDocument"] = [(400, "Bad Request: not enough rights to send documents to the chat", {})]
    await fake.frontend.deliver(f"tg:{GROUP['id']}", [Reply("✅ 빈센트 반 고흐: 완료"),
                                                      Reply("빈센트 반 고흐", image=make_photo(128, 96))],
                                user_id=f"tg:{ANN['id']}", origin={"name": "Ann"})
    said = texts(fake, GROUP["id"])
    assert said[-1].endswith(t("ko", "no_media_rights")), said
