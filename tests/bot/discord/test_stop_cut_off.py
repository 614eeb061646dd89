"""A stop (Ctrl-C, SIGTERM, a restart) while Discord requests are still under way: the client
closed under them, their handlers were neither waited for with a limit nor cancelled, and their
users were never told. Now they get HANDLERS_STOP_WAIT_S, then are cut off, and each user is told
busy_restarting in their language (a message: a reply in its channel; an interaction: a follow-up),
unless the layer held the painting over for the next start or the user's /cancel dropped it; the
stop stays within bot/__main__.py's CLOSE_S. With discord.py against the fake Discord."""
from __future__ import annotations

import asyncio
import time

import discord
import pytest

from bot import discord_bot, discord_messages, discord_stop, layer_timing
from bot.__main__ import CLOSE_S
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_messages import DM, posts, replies_to
from tests.bot.fake_discord import APP_ID, interaction, user_message
from tests.bot.test_held_over_at_stop import JournaledWaitingQueue, WaitingQueue

fake_api = test_discord.fake_api        # the fixture: the fake Discord

STOP_WAIT_S = discord_stop.HANDLERS_STOP_WAIT_S      # (the real one: each test shortens it)
LIMIT_S = 1.0        # the stop's wait for requests under way, made short here (HANDLERS_STOP_WAIT_S: 6 s)
MARGIN_S = 4.0       # for a slow, shared machine
# a download that outlasts the stop's wait (the fake's stop ends it: its length costs no time)
SLOW_S = LIMIT_S + 3.0
WAIT_S = 30.0


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(discord_stop, "HANDLERS_STOP_WAIT_S", LIMIT_S)


def busy_words(fake, channel: str) -> list[str]:
    """The busy_restarting words posted in ``channel`` (either language)."""
    words = {t("en", "busy_restarting"), t("ko", "busy_restarting")}
    return [p["content"] for p in posts(fake, channel) if p.get("content") in words]


async def timed_stop(frontend) -> float:
    began = time.monotonic()
    await frontend.stop()
    return time.monotonic() - began


@pytest.mark.parametrize("text, lang", [("gogh", "en"), ("고흐", "ko")])
async def test_a_message_cut_off_mid_download_is_told_in_its_users_language(text, lang, fake_api, layer,
                                                                            settings, fake_queue):
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    fake.cdn_delay = SLOW_S
    msg = user_message(USER, DM, text, [fake.add_attachment("slow.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: "slow.jpg" in fake.downloading, timeout=WAIT_S)
    took = await timed_stop(frontend)
    # waited for it, then cut it off and told its user, answering their message, within the bound
    assert LIMIT_S - 0.1 <= took < LIMIT_S + discord_stop.CUT_OFF_TELL_S + MARGIN_S, took
    assert [p["content"] for p in replies_to(fake, DM, msg)] == [t(lang, "busy_restarting")]
    assert not fake_queue.jobs


async def test_a_slash_command_cut_off_mid_download_gets_a_follow_up(fake_api, layer, settings, fake_queue):
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    fake.cdn_delay = SLOW_S
    att = fake.add_attachment("slow.jpg", make_photo(160, 120))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": "gogh"}, {"name": "image", "type": 11, "value": att["id"]}],
        "resolved": {"attachments": {att["id"]: att}}}, USER, channel_id="333", locale="ko"))
    await fake.wait_for(lambda: "slow.jpg" in fake.downloading, timeout=WAIT_S)
    await timed_stop(frontend)
    followups = [body["content"] for _, body, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")]
    assert followups == [t("ko", "busy_restarting")]


@pytest.mark.parametrize("queue_type, told", [(JournaledWaitingQueue, False), (WaitingQueue, True)])
async def test_a_painting_cut_off_is_told_unless_the_journal_holds_it_over(queue_type, told, fake_api, settings,
                                                                           store):
    """Held over by a queue with a journal, it is painted and delivered after the restart: "send
    it again" had it painted twice. Without a journal it is lost: its user is told."""
    fake, queue = fake_api, queue_type()
    frontend = await connect(fake, CommandLayer(settings, store, queue), settings)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("held.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.wait_for(queue.waiting.wait(), WAIT_S)        # painting: the stop cuts it off
    await timed_stop(frontend)
    assert busy_words(fake, DM) == ([t("en", "busy_restarting")] if told else [])


async def test_a_photo_dropped_by_forgetme_then_cut_off_gets_no_word(fake_api, layer, settings, fake_queue,
                                                                    monkeypatch):
    """Still downloading as its user confirmed /forgetme ("Done: I deleted ..."): "send it again"
    after it would ask them for what they had just had deleted."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)     # (the /forgetme does not wait out the download)
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    fake.cdn_delay = SLOW_S
    photo = user_message(USER, DM, "gogh", [fake.add_attachment("slow.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", photo)
    await fake.wait_for(lambda: "slow.jpg" in fake.downloading, timeout=WAIT_S)
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/forgetme yes"))
    await fake.wait_for(lambda: any(p["content"] == t("en", "forgot") for p in posts(fake, DM)), timeout=WAIT_S)
    assert frontend.handlers.under_way, "the photo's download ended before the stop"
    await timed_stop(frontend)
    assert busy_words(fake, DM) == []


async def test_a_photo_cancelled_while_downloading_then_cut_off_gets_no_word(fake_api, layer, settings,
                                                                            fake_queue, monkeypatch):
    """Its user's /cancel counted it ("Cancelled 1 painting"): "send it again" after it would
    undo what they asked."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.3)     # (the /cancel does not wait out the download)
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    fake.cdn_delay = SLOW_S
    photo = user_message(USER, DM, "gogh", [fake.add_attachment("slow.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", photo)
    await fake.wait_for(lambda: "slow.jpg" in fake.downloading, timeout=WAIT_S)
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/cancel"))
    cancelled = t("en", "cancelled_jobs", count=1)
    await fake.wait_for(lambda: any(p["content"] == cancelled for p in posts(fake, DM)), timeout=WAIT_S)
    assert frontend.handlers.under_way, "the photo's download ended before the stop"
    await timed_stop(frontend)
    assert busy_words(fake, DM) == []


async def test_a_stop_whose_words_hang_still_ends_within_its_bound(fake_api, layer, settings, monkeypatch):
    """Discord slow to take the words (a rate limit, an outage): the stop gives up on them after
    CUT_OFF_TELL_S and closes the client."""
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    fake.cdn_delay = SLOW_S
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "gogh", [fake.add_attachment(
        "slow.jpg", make_photo(160, 120))]))
    await fake.wait_for(lambda: "slow.jpg" in fake.downloading, timeout=WAIT_S)
    asked = asyncio.Event()

    async def hanging_send(self, reply):
        asked.set()
        await asyncio.sleep(3600)
    monkeypatch.setattr(discord_messages.MessageResponder, "send", hanging_send)
    took = await timed_stop(frontend)
    assert asked.is_set()
    assert took < LIMIT_S + discord_stop.CUT_OFF_TELL_S + MARGIN_S, took
    assert frontend.client.is_closed()


def test_the_stops_bounds_fit_in_the_time_the_bot_gives_a_front_end_to_close():
    """bot/__main__.py closes the front-ends side by side within CLOSE_S (then STOP_GRACE ends)."""
    assert discord_bot.STOP_S == CLOSE_S
    assert STOP_WAIT_S + discord_stop.CUT_OFF_TELL_S + discord_bot.GATEWAY_CLOSE_MIN_S <= CLOSE_S


async def test_a_message_that_comes_once_the_others_are_cut_off_is_told_not_begun(fake_api, layer, settings,
                                                                                 fake_queue):
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    frontend.handlers.closing = True                 # (as the stop has just cut off the others)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment("late.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: frontend.handlers.turned_away, timeout=WAIT_S)
    await timed_stop(frontend)
    assert "late.jpg" not in fake.downloading and not fake_queue.jobs
    assert [p["content"] for p in replies_to(fake, DM, msg)] == [t("en", "busy_restarting")]


async def test_a_slash_command_that_comes_once_the_others_are_cut_off_is_answered_so(fake_api, layer, settings):
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    frontend.handlers.closing = True
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "help", "type": 1}, USER,
                                                          channel_id="333", locale="ko"))
    await fake.wait_for(lambda: frontend.handlers.turned_away, timeout=WAIT_S)
    await timed_stop(frontend)
    # (not acknowledged: the words are the interaction's response, not a follow-up)
    [(_, response, _)] = fake.recorded("POST", "/callback")
    assert response["type"] == 4 and response["data"]["content"] == t("ko", "busy_restarting")


async def test_an_album_cut_off_after_its_held_over_photo_is_told_which_photos_to_send_again(fake_api, settings,
                                                                                            store):
    """Two photos in one message, the first painting (the journal holds it over) as the stop
    comes: "send it again" had the first painted twice, and nothing lost the second."""
    fake, queue = fake_api, JournaledWaitingQueue()
    frontend = await connect(fake, CommandLayer(settings, store, queue), settings)
    msg = user_message(USER, DM, "gogh", [fake.add_attachment(f"a{i}.jpg", make_photo(160, 120, seed=i))
                                          for i in (1, 2)])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.wait_for(queue.waiting.wait(), WAIT_S)
    await timed_stop(frontend)
    # (under the first photo's progress line)
    assert [p["content"] for p in replies_to(fake, DM, msg)][1:] == [t("en", "album_last_restarting", n=1)]


class SecondPaintingWaits(FakeQueue):
    """The first painting done (and sent), the next one still painting as the stop comes."""

    def __init__(self):
        super().__init__()
        self.waits = 0
        self.waiting = asyncio.Event()

    async def wait(self, job_id, on_status=None):
        self.waits += 1
        if self.waits == 1:
            return await super().wait(job_id, on_status)
        self.waiting.set()
        await asyncio.sleep(3600)


@pytest.mark.parametrize("text, lang", [("gogh", "en"), ("고흐", "ko")])
async def test_an_album_cut_off_after_a_painting_was_sent_is_not_asked_again_whole(text, lang, fake_api, settings,
                                                                                   store):
    """Two photos in one message, the first one's painting sent, the second still painting (no
    journal: lost) as the stop comes: "send it again" had the first painted twice."""
    fake, queue = fake_api, SecondPaintingWaits()
    frontend = await connect(fake, CommandLayer(settings, store, queue), settings)
    msg = user_message(USER, DM, text, [fake.add_attachment(f"p{i}.jpg", make_photo(160, 120, seed=i))
                                        for i in (1, 2)])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.wait_for(queue.waiting.wait(), WAIT_S)
    assert any(p["attachments"] for p in fake.messages), "the first painting was not sent"
    await timed_stop(frontend)
    assert busy_words(fake, DM) == []
    assert [p["content"] for p in replies_to(fake, DM, msg)][-1] == t(lang, "album_cut_off_restarting")


async def test_a_slash_command_cut_off_as_its_acknowledgement_went_through_gets_a_follow_up(fake_api, layer,
                                                                                          settings, monkeypatch):
    """Cut off while its "thinking…" acknowledgement was on its way back: Discord has it, the
    interaction does not know it yet. Answering it anew is refused (40060, already acknowledged):
    it was left thinking, its user not told."""
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    acknowledged = asyncio.Event()
    defer = discord.InteractionResponse.defer

    async def answer_lost_on_the_way(self, **kwargs):
        await defer(self, **kwargs)
        self._response_type = None                   # (its answer not read yet)
        fake.refused_callbacks = (400, 40060, "Interaction has already been acknowledged.")
        acknowledged.set()
        await asyncio.sleep(3600)
    monkeypatch.setattr(discord.InteractionResponse, "defer", answer_lost_on_the_way)
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "help", "type": 1}, USER,
                                                          channel_id="333", locale="ko"))
    await asyncio.wait_for(acknowledged.wait(), WAIT_S)
    await timed_stop(frontend)
    followups = [body["content"] for _, body, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/")]
    assert followups == [t("ko", "busy_restarting")]


async def test_a_slash_command_turned_away_that_another_instance_took_is_left_to_it(fake_api, layer, settings,
                                                                                   caplog):
    """A redeploy's overlap: the new bot acknowledged it (40060 here), and answers it."""
    fake = fake_api
    frontend = await connect(fake, layer, settings)
    frontend.handlers.closing = True
    fake.refused_callbacks = (400, 40060, "Interaction has already been acknowledged.")
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "help", "type": 1}, USER,
                                                          channel_id="333"))
    await fake.wait_for(lambda: frontend.handlers.turned_away, timeout=WAIT_S)
    await timed_stop(frontend)
    assert fake.recorded("POST", f"/webhooks/{APP_ID}/") == []
    assert "could not be told" not in caplog.text
