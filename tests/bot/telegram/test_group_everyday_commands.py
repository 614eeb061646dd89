"""/start, /help, /settings, /cancel and /lang in a group (and /status, /styles, /mydata,
/forgetme, /size, /strength): answered there bare too, as Telegram means them. Its clients add
@botname to a command picked from the menu or tapped where a group has several bots, and with
privacy mode on a bare command reaches only the last bot that spoke; in a group with our bot
alone people type "/help" bare, and holding these back (4a20169) met them with silence. Addressed
(/cmd@paintbot, a reply to our message) they are answered as well. A /cancel (/취소) just after a
photo to us cancels it, even before the photo has arrived; the Korean everyday words ("/시작",
"/취소" with nothing of ours under way) stay other bots' (tests/bot/test_korean_words_in_groups.py).
The artist commands, our own words (/setstyle, /keepcolors) and an anonymous admin's typed
"/forgetme yes" are ours."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0
EVERYDAY = ["/start", "/help", "/settings", "/cancel", "/lang ko",
            "/status", "/styles", "/mydata", "/forgetme", "/forgetme yes", "/size 256", "/strength 0.3"]
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}


async def said(fake, text: str, **fields) -> None:
    """Ann's ``text`` in the group, handled (answered or passed by)."""
    n = len(fake.handled)
    fake.push("message", fake.message(ANN, GROUP, text=text, **fields))
    await fake.wait_for(lambda: len(fake.handled) > n, timeout=WAIT_S)


@pytest.mark.parametrize("command", [c for c in EVERYDAY if c != "/forgetme yes"])
async def test_an_everyday_command_sent_bare_in_a_group_is_answered(recorded, command):
    fake = recorded
    await said(fake, command)
    assert len(texts(fake, GROUP["id"])) == 1, texts(fake, GROUP["id"])


async def test_a_bare_forgetme_yes_in_a_group_deletes_the_senders_data(recorded, fake_queue):
    fake = recorded
    await said(fake, "/forgetme yes")
    assert fake_queue.forgotten_users == [f"tg:{ANN['id']}"]
    assert t("en", "forgot") in texts(fake, GROUP["id"])


@pytest.mark.parametrize("command", EVERYDAY)
async def test_an_everyday_command_addressed_to_us_is_answered(recorded, command):
    word, _, rest = command.partition(" ")
    fake = recorded
    await said(fake, f"{word}@{BOT_USERNAME} {rest}".strip())
    assert len(texts(fake, GROUP["id"])) == 1


async def test_an_everyday_command_replying_to_our_message_is_answered(recorded):
    fake = recorded
    await said(fake, f"/status@{BOT_USERNAME}")
    [ours] = [p for p, _ in fake.sent("sendMessage", GROUP["id"])]
    bot_message = fake.bot_messages[max(fake.bot_messages)]
    assert bot_message["text"] == ours["text"]
    await said(fake, "/help", reply_to_message=bot_message)
    assert len(texts(fake, GROUP["id"])) == 2


@pytest.mark.parametrize("cancel", ["/cancel", "/취소"])
async def test_a_cancel_just_after_a_photo_to_us_cancels_it(recorded, fake_queue, cancel):
    """Ann's photo "/style gogh" in the group, then "/cancel" as it is painted: hers to us."""
    fake_queue.delay = 5.0
    fake = recorded
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "grpcancel", make_photo(seed=5)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    await said(fake, cancel)
    assert [job.id for job in fake_queue.jobs] == fake_queue.cancelled_jobs


async def test_a_cancel_while_the_photo_to_us_still_downloads_cancels_it(recorded, fake_queue):
    """Sent before the photo is even there (a slow upload): nothing of Ann's queued yet, and the
    /cancel is still for it, not passed by as another bot's."""
    fake = recorded
    sizes = photo_sizes(fake, "grpslow", make_photo(seed=9))
    fake.slow_files["grpslow"] = 2.0
    fake.push("message", fake.message(ANN, GROUP, photo=sizes, caption="/style gogh"))
    await fake.wait_for(lambda: fake.downloads, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert t("en", "cancelled_jobs_one") in texts(fake, GROUP["id"]), texts(fake, GROUP["id"])
    assert not fake_queue.jobs or fake_queue.cancelled_jobs


async def test_an_artist_command_not_addressed_to_us_is_still_ours(recorded, fake_queue):
    fake = recorded
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "grpstyle", make_photo(seed=6)),
                                      caption="/gogh"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    assert fake_queue.jobs[0].styles[0].value == "gogh"


@pytest.mark.parametrize("command", ["/setstyle monet", "/keepcolors on"])
async def test_our_own_setting_words_not_addressed_are_still_ours(recorded, command):
    """No other bot's everyday word: answered in a group as before."""
    fake = recorded
    await said(fake, command)
    assert len(texts(fake, GROUP["id"])) == 1


async def test_an_anonymous_admins_typed_yes_not_addressed_is_ours(recorded, fake_queue):
    """forget_confirm_typed asks someone writing as the group to send "/forgetme yes" (a button
    would act for their own account): that yes is ours though it does not name the bot."""
    fake = recorded
    fake.push("message", fake.message(ANONYMOUS_ADMIN, GROUP, sender_chat=GROUP, text="/forgetme yes"))
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    assert fake_queue.forgotten_users == [f"tg:{GROUP['id']}"]
    assert t("en", "forgot") in texts(fake, GROUP["id"])
