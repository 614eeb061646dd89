"""python-telegram-bot driven for real against a fake Bot API server on 127.0.0.1, with the real
engine behind the in-process queue."""
from __future__ import annotations

import asyncio
import io
import logging

import pytest
from PIL import Image

from bot.commands import CommandLayer
from bot.messages import t
from bot.store import Store
from bot.telegram_bot import TelegramFrontend

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram

TOKEN = "123456789:AAE-fake-token-for-tests_xyz"
ANN = {"id": 1, "is_bot": False, "first_name": "Ann", "language_code": "en"}
MINSU = {"id": 2, "is_bot": False, "first_name": "민수", "language_code": "ko"}
PRIVATE_ANN = {"id": 1, "type": "private", "first_name": "Ann"}
PRIVATE_MINSU = {"id": 2, "type": "private", "first_name": "민수"}
GROUP = {"id": -100123, "type": "supergroup", "title": "Painters"}


def photo_sizes(fake: FakeTelegram, key: str, data: bytes) -> list[dict]:
    small = io.BytesIO()
    Image.open(io.BytesIO(data)).resize((40, 30)).save(small, "JPEG")
    fake.add_file(key + "_s", small.getvalue())
    fake.add_file(key, data)
    w, h = Image.open(io.BytesIO(data)).size
    return [{"file_id": key + "_s", "file_unique_id": "s" + key, "width": 40, "height": 30,
             "file_size": len(small.getvalue())},
            {"file_id": key, "file_unique_id": "u" + key, "width": w, "height": h, "file_size": len(data)}]


def bot_process_env(tmp_path, api_base: str, **settings) -> dict:
    """The environment of a `python -m bot` against the fake Bot API at ``api_base``, with the fake
    engine, no style training, no tokens of the machine's own."""
    import os
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(Path(__file__).resolve().parents[3]), DATA_DIR=str(tmp_path / "data"),
               TELEGRAM_TOKEN=TOKEN, TELEGRAM_API_BASE=api_base, ENGINE_FACTORY="tests.queue.fakes:make_engine",
               STYLE_TRAINING="false", LOG_LEVEL="WARNING", **settings)
    return env


@pytest.fixture
async def telegram(real_layer, settings, caplog):
    caplog.set_level(logging.DEBUG)
    fake = FakeTelegram(TOKEN)
    base = await fake.start()
    settings.TELEGRAM_TOKEN = TOKEN
    settings.TELEGRAM_API_BASE = base
    frontend = TelegramFrontend(real_layer, settings)
    await frontend.start()
    yield fake
    await frontend.stop()
    await fake.stop()


@pytest.mark.slow
async def test_photo_with_caption_comes_back_painted(telegram, caplog):
    fake = telegram
    assert fake.sent("getMe") or any(m == "getMe" for m, _, _ in fake.calls)
    photo = make_photo(160, 120)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", photo), caption="/style gogh"))
    params, files = (await fake.wait_for(lambda: fake.sent("sendPhoto", 1)))[0]
    painted = Image.open(io.BytesIO(files["photo"]))
    assert painted.format == "JPEG" and painted.size == (128, 96)       # MAX_SIDE=128, aspect kept
    assert "Vincent van Gogh" in params["caption"]
    commands = [b["callback_data"] for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert {c.split()[0] for c in commands} == {"/pick", "/hq", "/weaker"}   # + "#<job id>"; at full strength
    # a progress message was sent first and edited to "done"
    assert fake.sent("sendMessage", 1) and "🎨" in fake.sent("sendMessage", 1)[0][0]["text"]
    assert any("done" in p["text"] for p, _ in fake.sent("editMessageText", 1))
    # the download followed TELEGRAM_API_BASE: the largest photo size, via /file/bot<token>/
    assert fake.downloads == ["documents/p1"]

    # a text file sent as a document: a clear error, no painting
    fake.add_file("d1", b"shopping list: eggs, milk\n" * 20)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, caption="/style gogh",
                                      document={"file_id": "d1", "file_unique_id": "ud1", "file_name": "notes.txt",
                                                "mime_type": "text/plain", "file_size": 520}))
    await fake.wait_for(lambda: any("not an image" in p.get("text", "") for p, _ in fake.sent("sendMessage", 1)))
    assert len(fake.sent("sendPhoto")) == 1

    # the bot keeps working: a Korean user, a Korean artist name, a Korean reply
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "p2", make_photo(120, 120, 4)),
                                      caption="/style 김홍도"))
    params, files = (await fake.wait_for(lambda: fake.sent("sendPhoto", 2)))[0]
    assert "김홍도" in params["caption"] and files["photo"][:2] == b"\xff\xd8"
    assert any("완성" in p["text"] for p, _ in fake.sent("editMessageText", 2))

    # a button press (callback query) re-paints the last photo weaker
    fake.push("callback_query", {"id": "cb1", "from": ANN, "chat_instance": "ci", "data": "/weaker",
                                 "message": fake._reply({"chat_id": 1}, text="x")})
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", 1)) == 2)
    assert fake.sent("answerCallbackQuery")

    # Telegram's flood control (429, "retry after 1") on the painting: it is sent again, not lost
    fake.flood["sendPhoto"] = 1
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style monet"))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", 1)) == 3)
    assert [m for m, _, _ in fake.calls].count("sendPhoto:429") == 1

    # a plain text command, and an unknown artist with "did you mean"
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style gohg"))
    await fake.wait_for(lambda: any("Did you mean: Vincent van Gogh" in p.get("text", "") for p, _ in fake.sent("sendMessage", 1)))

    # the token never reached the logs (httpx logs URLs, and Telegram's URLs hold the token)
    assert not [r for r in caplog.records if TOKEN in r.getMessage()]
    assert not [r for r in caplog.records if r.name.startswith("httpx") and r.levelno < logging.WARNING]


@pytest.mark.slow
async def test_group_album_addstyle_admins_only(telegram):
    fake = telegram
    paintings = [make_photo(96, 96, seed=s) for s in (1, 2)]

    def album(user, group_id):
        msgs = []
        for i, data in enumerate(paintings):
            fields = {"photo": photo_sizes(fake, f"a{group_id}{i}", data), "media_group_id": group_id}
            if i == 0:
                fields["caption"] = "/addstyle Sunset"
            msgs.append(fake.message(user, GROUP, **fields))
        for m in msgs:
            fake.push("message", m)

    # chatter in the group is not for the bot: no reply
    fake.push("message", fake.message(ANN, GROUP, text="nice weather today"))
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "g1", make_photo())))
    # Ann is a plain member: a polite refusal (the admin check asks getChatMember)
    album(ANN, "m1")
    await fake.wait_for(lambda: any("only this community's admins" in p.get("text", "")
                                    for p, _ in fake.sent("sendMessage", GROUP["id"])))
    assert [p["text"] for p, _ in fake.sent("sendMessage", GROUP["id"])] == [
        p["text"] for p, _ in fake.sent("sendMessage", GROUP["id"]) if "admins" in p["text"]]
    # 민수 is an administrator: the album becomes a style for this group
    fake.chat_members[(GROUP["id"], 2)] = "administrator"
    album(MINSU, "m2")
    await fake.wait_for(lambda: any("Sunset" in p.get("text", "") and "2" in p.get("text", "")
                                    for p, _ in fake.sent("editMessageText", GROUP["id"])))
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "g2", make_photo(128, 96)),
                                      caption="/style@%s sunset" % "paintbot_test_bot"))
    params, files = (await fake.wait_for(lambda: fake.sent("sendPhoto", GROUP["id"])))[0]
    assert params["caption"] == "Sunset" and Image.open(io.BytesIO(files["photo"])).size == (128, 96)
    # a command for another bot is ignored
    n = len(fake.calls)
    fake.push("message", fake.message(ANN, GROUP, text="/style@otherbot gogh"))
    fake.push("message", fake.message(ANN, GROUP, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: any("Queue:" in p.get("text", "") for p, _ in fake.sent("sendMessage", GROUP["id"])))
    assert [m for m, _, _ in fake.calls[n:]] == ["sendMessage"]


async def start_frontend(layer, settings, **kwargs) -> tuple[FakeTelegram, TelegramFrontend]:
    fake = FakeTelegram(TOKEN)
    settings.TELEGRAM_TOKEN = TOKEN
    settings.TELEGRAM_API_BASE = await fake.start()
    frontend = TelegramFrontend(layer, settings, **kwargs)
    await frontend.start()
    return fake, frontend


@pytest.fixture
async def recorded(layer, settings):
    """The front-end over the command layer with the fake queue; ``fake.requests`` keeps every
    Request it handed on, ``fake.handled`` counts those the layer has answered."""
    fake, frontend = await start_frontend(layer, settings)
    fake.requests, fake.handled, fake.frontend = [], [], frontend
    handle = layer.handle

    async def keep(req, out):
        fake.requests.append(req)
        await handle(req, out)
        fake.handled.append(req)
        fake.note_change()

    layer.handle = keep
    yield fake
    if isinstance(layer.queue, FakeQueue):
        layer.queue.finish_now()        # the test has looked: its paintings held in progress need not hold the stop
    await frontend.stop()
    await fake.stop()


async def test_a_revoked_token_stops_the_bot_not_only_the_polling(layer, settings, caplog):
    """getUpdates answers 401 mid-run: python-telegram-bot ends polling and only logs; the
    front-end says why in one line and tells its owner (python -m bot exits non-zero)."""
    caplog.set_level(logging.INFO)
    gave_up: list[str] = []
    fake, frontend = await start_frontend(layer, settings, on_fatal=gave_up.append)
    try:
        await fake.wait_for(lambda: fake.sent("deleteWebhook"))
        assert not gave_up
        fake.refuse["getUpdates"] = (401, "Unauthorized")
        await fake.wait_for(lambda: gave_up, timeout=15)
        assert len(gave_up) == 1 and "Unauthorized" in gave_up[0]
        [line] = [r.getMessage() for r in caplog.records if r.name == "bot.telegram_bot" and r.levelno >= logging.ERROR]
        assert "Unauthorized" in line and "\n" not in line
    finally:
        await frontend.stop()            # polling ended with the error: stopping still closes everything
        await fake.stop()
    assert not frontend.app.running and len(gave_up) == 1
    # the operator reads that one line: python-telegram-bot's own traceback of the same 401 is not
    # logged on top of it (before or while stopping), and the token is in no record
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [line]
    assert not [r for r in caplog.records if r.exc_info] and TOKEN not in caplog.text


async def test_getupdates_refused_for_long_stops_the_bot(layer, settings, monkeypatch, caplog):
    """409 (a webhook set, another instance polling) is retried by python-telegram-bot for ever:
    refused without one good answer for GIVE_UP_AFTER_S, the front-end gives up. The first
    refusal is one warning line, not a traceback at every retry."""
    import bot.telegram_bot as telegram_bot

    caplog.set_level(logging.INFO)
    monkeypatch.setattr(telegram_bot, "GIVE_UP_AFTER_S", 2.5)
    gave_up: list[str] = []
    fake, frontend = await start_frontend(layer, settings, on_fatal=gave_up.append)
    try:
        fake.refuse["getUpdates"] = (409, "Conflict: can't use getUpdates method while webhook is active")
        await fake.wait_for(lambda: gave_up, timeout=15)
        assert "a webhook is set for this token" in gave_up[0] and "webhook is active" in gave_up[0]
        assert len([m for m, _, _ in fake.calls if m == "getUpdates:409"]) >= 3     # not at the first refusal
    finally:
        await frontend.stop()
        await fake.stop()
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert [level for level, _ in logged] == ["WARNING", "ERROR"], logged
    assert all("a webhook is set for this token" in text for _, text in logged)
    assert not [r for r in caplog.records if r.exc_info]


async def test_two_instances_polling_with_one_token(layer, settings, monkeypatch, caplog):
    """Two bots polling with one token: Telegram ends each one's getUpdates when the other asks
    (409 "terminated by other getUpdates request"). Each logs the first conflict once, as a
    warning; one that keeps getting only conflicts for GIVE_UP_AFTER_S says it is another
    instance, in one line, and gives up (python -m bot exits 1); no traceback at any retry."""
    import bot.telegram_bot as telegram_bot

    caplog.set_level(logging.INFO)
    monkeypatch.setattr(telegram_bot, "GIVE_UP_AFTER_S", 6.0)   # the fake: a conflict every 1-4 s
    gave_up: list[tuple[str, str]] = []
    fake, first = await start_frontend(layer, settings, on_fatal=lambda why: gave_up.append(("first", why)))
    second = TelegramFrontend(layer, settings, on_fatal=lambda why: gave_up.append(("second", why)))
    await second.start()
    frontends = {"first": first, "second": second}
    try:
        await fake.wait_for(lambda: gave_up, timeout=30)
        which, why = gave_up[0]
        assert "another bot instance is polling with this token" in why and "\n" not in why
        await frontends.pop(which).stop()              # what python -m bot does next
        conflicts = len([m for m, _, _ in fake.calls if m == "getUpdates:409"])
        assert conflicts >= 4
        [(survivor, frontend)] = frontends.items()
        if not [w for w, _ in gave_up if w == survivor]:     # the other one polls alone again: it works
            fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/status"))
            await fake.wait_for(lambda: fake.sent("sendMessage", 1))
    finally:
        for frontend in frontends.values():
            await frontend.stop()
        await fake.stop()
    warnings_ = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert 1 <= len(warnings_) <= 2 and all("another bot instance is polling with this token" in w for w in warnings_)
    assert len(errors) == len(gave_up) and all("another bot instance" in e for e in errors)
    assert not [r for r in caplog.records if r.exc_info] and TOKEN not in caplog.text


async def test_polling_through_a_telegram_outage_logs_two_lines(layer, settings, caplog):
    """Telegram's 502s while polling are retried; one line when they start, one when polling
    works again, not a traceback at every retry. The bot keeps going."""
    caplog.set_level(logging.INFO)
    gave_up: list[str] = []
    fake, frontend = await start_frontend(layer, settings, on_fatal=gave_up.append)
    try:
        fake.refuse["getUpdates"] = (502, "Bad Gateway")
        await fake.wait_for(lambda: len([m for m, _, _ in fake.calls if m == "getUpdates:502"]) >= 3, timeout=15)
        del fake.refuse["getUpdates"]
        fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/status"))
        await fake.wait_for(lambda: fake.sent("sendMessage", 1), timeout=15)
    finally:
        await frontend.stop()
        await fake.stop()
    ours = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "bot.telegram_bot"]
    assert ours == [("WARNING", "polling Telegram failed (NetworkError: Bad Gateway); retrying"),
                    ("INFO", "polling Telegram works again")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "bot.telegram_bot"]
    assert not gave_up


@pytest.mark.slow
async def test_python_m_bot_exits_non_zero_when_the_token_is_revoked(tmp_path):
    import asyncio
    import sys

    fake = FakeTelegram(TOKEN)
    env = bot_process_env(tmp_path, await fake.start(), QUEUE_BACKEND="memory")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        await fake.wait_for(lambda: fake.sent("deleteWebhook"), timeout=90)     # polling has started
        fake.refuse["getUpdates"] = (401, "Unauthorized")
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()
    output = out.decode()
    assert proc.returncode == 1, output
    assert len([line for line in output.splitlines() if "bot.telegram_bot" in line and "Unauthorized" in line]) == 1
    assert TOKEN not in output and "Traceback" not in output and "telegram.ext" not in output, output


async def test_a_plain_reply_to_the_bot_in_a_group_is_not_for_the_bot(recorded):
    """ "와 멋지다!" under the bot's painting in a group is chatter: no hint. A reply with a command
    (text, or a photo's caption) is for the bot; private chats are unchanged."""
    fake = recorded
    fake.add_file("out", make_photo())
    painting = fake._reply({"chat_id": GROUP["id"]}, caption="Vincent van Gogh",
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 96, "height": 72}])
    fake.push("message", fake.message(MINSU, GROUP, text="와 멋지다!", reply_to_message=painting))
    fake.push("message", fake.message(ANN, GROUP, text="wow nice", reply_to_message=painting))
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "r0", make_photo()),
                                      reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 3)
    assert not [r.mentioned for r in fake.requests if r.mentioned]
    assert {r.user_name for r in fake.requests} == {"민수", "Ann"}      # who they are, for "added by"
    assert not fake.sent("sendMessage") and not fake.sent("sendPhoto")

    fake.push("message", fake.message(ANN, GROUP, text="/status", reply_to_message=painting))
    fake.push("message", fake.message(ANN, GROUP, text="/nosuch", reply_to_message=painting))   # addressed: answered
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "r1", make_photo(128, 96)),
                                      caption="/style gogh", reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 6)
    texts = [p["text"] for p, _ in fake.sent("sendMessage", GROUP["id"])]
    assert any("Queue:" in t for t in texts) and any("/nosuch" in t for t in texts)
    await fake.wait_for(lambda: fake.sent("sendPhoto", GROUP["id"]))

    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="wow nice",
                                      reply_to_message=fake._reply({"chat_id": 1}, text="x")))
    await fake.wait_for(lambda: any("Send me a photo" in p["text"] for p, _ in fake.sent("sendMessage", 1)))


async def test_a_reply_to_the_bots_painting_names_it_instead_of_repainting_it(recorded):
    """/stronger replying to the bot's own painting acts on that painting's job (its buttons carry
    "#<job id>"); the painting is marked the bot's (never a new photo, but "/style" may use it as
    the style). Others' photos are plain replied-to photos."""
    fake = recorded
    ref = "0123456789abcdef0123456789abcdef"
    fake.add_file("out", make_photo())
    keyboard = {"inline_keyboard": [[{"text": "Another", "callback_data": f"/pick #{ref}"}],
                                    [{"text": "Stronger", "callback_data": f"/stronger #{ref}"},
                                     {"text": "Weaker", "callback_data": f"/weaker #{ref}"}]]}
    painting = fake._reply({"chat_id": 1}, caption="Vincent van Gogh", reply_markup=keyboard,
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 96, "height": 72}])
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/stronger", reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 1)
    [req] = fake.requests
    assert req.reply_ref == ref and req.reply_from_bot and req.mentioned
    # not downloaded: /stronger repaints the job's photo (tests/bot/telegram/test_reply_painting_not_downloaded.py)
    assert req.reply_to_images == [] and "documents/out" not in fake.downloads

    # a message of the bot's without such buttons names nothing, and is no photo either
    grid = fake._reply({"chat_id": 1}, caption="grid", photo=painting["photo"])
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/hq monet", reply_to_message=grid))
    await fake.wait_for(lambda: len(fake.handled) == 2)
    assert fake.requests[1].reply_ref is None and fake.requests[1].reply_from_bot

    # a reply to someone else's photo still paints that photo
    theirs = fake.message(MINSU, GROUP, photo=photo_sizes(fake, "m1", make_photo(128, 96)))
    fake.push("message", fake.message(ANN, GROUP, text="/style gogh", reply_to_message=theirs))
    await fake.wait_for(lambda: len(fake.handled) == 3)
    assert fake.requests[2].reply_ref is None and len(fake.requests[2].reply_to_images) == 1
    assert not fake.requests[2].reply_from_bot
    # whose it is, so their /forgetme deletes the copy kept for Ann's buttons (tests/bot/test_forget_copies.py)
    assert fake.requests[2].reply_author == f"tg:{MINSU['id']}" and fake.requests[2].user_id == f"tg:{ANN['id']}"


def sent_photos(fake) -> list[dict]:
    """The messages of photos the bot sends, as the fake Telegram returns them (a list it fills)."""
    sent = []
    send_photo = fake.m_sendPhoto

    async def keep(params, files):
        sent.append(await send_photo(params, files))
        return sent[-1]

    fake.m_sendPhoto = keep
    return sent


async def test_a_reply_to_a_painting_whose_buttons_the_update_left_out_still_names_it(recorded, fake_queue):
    """The Bot API documents a Message's reply_markup as optional and promises nothing of the one
    in reply_to_message, which the bot read its painting's job id from. Where the replied-to
    painting comes without its buttons, the front-end knows it from when it sent it: "/stronger"
    under the first of two paintings repaints that one (its photo, style and strength), not the
    user's last. (Also after a restart: test_a_reply_to_a_painting_from_before_a_restart_...)"""
    fake = recorded
    sent = sent_photos(fake)                    # the paintings as Telegram returns them
    fake.add_file("out", make_photo())          # the paintings' file, downloaded when replied to
    first, second = make_photo(160, 120, seed=1), make_photo(160, 120, seed=2)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", first), caption="/style gogh 50%"))
    await fake.wait_for(lambda: len(sent) == 1)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p2", second), caption="/style monet"))
    await fake.wait_for(lambda: len(sent) == 2)
    painting = {k: v for k, v in sent[0].items() if k != "reply_markup"}      # the reply's copy: no buttons
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/stronger", reply_to_message=painting))
    await fake.wait_for(lambda: len(sent) == 3)
    gogh, _, stronger = fake_queue.jobs
    assert fake.requests[-1].reply_ref == gogh.id
    assert (stronger.image, [s.value for s in stronger.styles], stronger.alpha) == (first, ["gogh"], 0.75)
    # a message of the bot's that was never one with such buttons still names nothing
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/stronger",
                                      reply_to_message=fake._reply({"chat_id": 1}, caption="x", photo=painting["photo"])))
    await fake.wait_for(lambda: len(fake.handled) == 4)
    assert fake.requests[-1].reply_ref is None


async def test_a_reply_to_a_painting_from_before_a_restart_still_names_it(settings):
    """What the bot's paintings name is kept in bot.sqlite3, not in memory only: after a restart
    (a new store and Application over the same DATA_DIR; the same Telegram), "/stronger" replying
    to a painting from before it, without its buttons, repaints that painting (its photo, style
    and strength), not the user's last one. The user's /forgetme deletes what was kept."""
    fake = FakeTelegram(TOKEN)
    settings.TELEGRAM_TOKEN, settings.TELEGRAM_API_BASE = TOKEN, await fake.start()
    sent = sent_photos(fake)                    # the paintings as Telegram returns them
    fake.add_file("out", make_photo())          # the paintings' file, downloaded when replied to
    first, second = make_photo(160, 120, seed=1), make_photo(160, 120, seed=2)

    async def run_bot():
        store = Store(settings.DATA_DIR)
        queue = FakeQueue()
        frontend = TelegramFrontend(CommandLayer(settings, store, queue), settings)
        await frontend.start()
        return store, queue, frontend

    async def stop_bot(store, frontend):
        await frontend.stop()
        store.close()

    store, queue, frontend = await run_bot()
    try:
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", first),
                                          caption="/style gogh 50%"))
        await fake.wait_for(lambda: len(sent) == 1)
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p2", second),
                                          caption="/style monet"))
        await fake.wait_for(lambda: len(sent) == 2)
        gogh = queue.jobs[0]
    finally:
        await stop_bot(store, frontend)
    # Telegram forgets the updates the stopped bot confirmed; the fake keeps them all
    fake.updates = [u for u in fake.updates if u["update_id"] >= fake.confirmed]

    store, queue, frontend = await run_bot()
    try:
        painting = {k: v for k, v in sent[0].items() if k != "reply_markup"}      # the reply's copy: no buttons
        fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/stronger", reply_to_message=painting))
        await fake.wait_for(lambda: len(sent) == 3)
        [stronger] = queue.jobs
        assert (stronger.image, [s.value for s in stronger.styles], stronger.alpha) == (first, ["gogh"], 0.75)
        assert store.message_ref("tg:1", painting["message_id"]) == gogh.id

        fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
        await fake.wait_for(lambda: any(p.get("text") == t("en", "forgot") for p, _ in fake.sent("sendMessage", 1)))
        assert store.message_ref("tg:1", painting["message_id"]) is None
    finally:
        await stop_bot(store, frontend)
        await fake.stop()


async def test_a_painting_is_sent_while_the_store_cannot_keep_what_it_names(recorded, store, caplog):
    """bot.sqlite3 locked by an operator's shell: the message with buttons is out, and stays so
    (no error for the command to answer "try again"); what it names is not kept, and one line says so."""
    import sqlite3

    from bot.commands import Button, Reply
    from bot.telegram_bot import TelegramResponder

    frontend = recorded.frontend
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        out = TelegramResponder(frontend.app.bot, 1, on_sent=frontend._on_sent("tg:1"))
        message = await out.send(Reply("Gogh", buttons=[[Button("Stronger", "/stronger #" + "0" * 32)]]))
    finally:
        other.rollback()
        other.close()
    assert recorded.sent("sendMessage", 1) and store.message_ref("tg:1", message) is None
    assert [r.getMessage() for r in caplog.records if "could not remember" in r.getMessage()] == [
        f"could not remember what message {message} names (database is locked); a reply to it without its "
        "buttons acts as without the reply"]


def sticker(fake: FakeTelegram, key: str, **kind) -> dict:
    fake.add_file(key, make_photo(64, 64, fmt="WEBP"))
    return {"file_id": key, "file_unique_id": "u" + key, "type": "regular", "width": 64, "height": 64,
            "is_animated": False, "is_video": False, "emoji": "👍", **kind}


async def test_a_sticker_gets_the_photo_hint_in_private_and_nothing_in_a_group(recorded):
    """A sticker is a reaction, not a photo to paint: in a private chat the "send me a photo" hint,
    in a group nothing (a sticker carries no command)."""
    fake = recorded
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, sticker=sticker(fake, "s1")))
    await fake.wait_for(lambda: fake.sent("sendMessage", 2))
    [(params, _)] = fake.sent("sendMessage", 2)
    assert "사진을 보내 주세요" in params["text"] and not fake.sent("sendPhoto")
    assert fake.requests[0].images == [] and fake.downloads == []
    fake.push("message", fake.message(ANN, PRIVATE_ANN, sticker=sticker(fake, "s2", is_animated=True)))
    await fake.wait_for(lambda: any("Send me a photo" in p["text"] for p, _ in fake.sent("sendMessage", 1)))

    painting = fake._reply({"chat_id": GROUP["id"]}, caption="Vincent van Gogh",
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 96, "height": 72}])
    fake.push("message", fake.message(ANN, GROUP, sticker=sticker(fake, "s3")))
    fake.push("message", fake.message(ANN, GROUP, sticker=sticker(fake, "s4"), reply_to_message=painting))
    await fake.wait_for(lambda: len(fake.handled) == 4)
    assert not fake.sent("sendMessage", GROUP["id"]) and fake.downloads == []


@pytest.mark.filterwarnings("ignore:.*InaccessibleMessage")     # the command handlers' look at it
async def test_a_button_answers_in_the_chat_it_is_in_even_under_an_old_message(recorded):
    """A button under a message too old for the bot to see (an InaccessibleMessage: only its chat
    and id) answers in that chat, not in the presser's private chat; only a button with no message
    at all (inline mode) falls back to the private chat. In a forum topic, in that topic."""
    from telegram import CallbackQuery, Chat, InaccessibleMessage, Update, User

    fake, bot = recorded, recorded.frontend.app.bot
    # python-telegram-bot 22 still parses Telegram's {"date": 0} as a Message; hand it the type it
    # documents (MaybeInaccessibleMessage) as a later version may
    old = InaccessibleMessage(Chat(GROUP["id"], "supergroup", title="Painters"), 77)
    query = CallbackQuery("cb1", User(1, "Ann", False, language_code="en"), "ci", data="/status", message=old)
    query.set_bot(bot)
    await recorded.frontend.app.update_queue.put(Update(90001, callback_query=query))
    await fake.wait_for(lambda: fake.sent("sendMessage", GROUP["id"]))
    assert fake.requests[0].community_id == f"tg:{GROUP['id']}" and not fake.sent("sendMessage", 1)
    # the same through the server: {"date": 0}
    fake.push("callback_query", {"id": "cb2", "from": ANN, "chat_instance": "ci", "data": "/status",
                                 "message": {"chat": GROUP, "message_id": 78, "date": 0}})
    await fake.wait_for(lambda: len(fake.sent("sendMessage", GROUP["id"])) == 2)

    fake.push("callback_query", {"id": "cb3", "from": ANN, "chat_instance": "ci", "data": "/status",
                                 "inline_message_id": "im1"})
    await fake.wait_for(lambda: fake.sent("sendMessage", 1))
    assert fake.requests[2].community_id is None

    topic = fake._reply({"chat_id": GROUP["id"]}, text="x", message_thread_id=5, is_topic_message=True)
    fake.push("callback_query", {"id": "cb4", "from": ANN, "chat_instance": "ci", "data": "/status", "message": topic})
    await fake.wait_for(lambda: len(fake.sent("sendMessage", GROUP["id"])) == 3)
    assert fake.sent("sendMessage", GROUP["id"])[2][0]["message_thread_id"] == 5


def test_button_data_fits_telegrams_64_bytes_and_keeps_its_ref():
    from bot.telegram_bot import callback_data

    ref = " #" + "0123456789abcdef" * 2
    assert callback_data("/stronger" + ref) == "/stronger" + ref
    long = callback_data("/style " + "수채화" * 10 + ref)          # Korean: 3 bytes a character
    assert len(long.encode()) <= 64 and long.endswith(ref) and long.startswith("/style 수채화")


async def test_an_edited_command_is_acted_on_like_a_new_one(recorded):
    """A user who fixes a typo in a command by editing the message ("/style goh" -> "/style gogh")
    gets what the edit asks for, on the same photo; edits without a command (chatter), and edits
    that leave the command as it was, are not acted on again."""
    fake = recorded
    sent = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "e1", make_photo(128, 96)), caption="/style goh")
    fake.push("message", sent)
    await fake.wait_for(lambda: any("Did you mean: Vincent van Gogh" in p["text"] for p, _ in fake.sent("sendMessage", 1)))
    fake.push("edited_message", fake.edited(sent, caption="/style gogh"))
    params, files = (await fake.wait_for(lambda: fake.sent("sendPhoto", 1)))[0]
    assert params["reply_parameters"]["message_id"] == sent["message_id"]     # under the edited message
    assert [(r.text, len(r.images)) for r in fake.requests] == [("/style goh", 1), ("/style gogh", 1)]
    assert fake.downloads == ["documents/e1", "documents/e1"]

    # not again: the same caption (Telegram also sends edits of what a command does not hold), or
    # only its spacing; chatter edited in a group and in a private chat; a command edited away
    fake.push("edited_message", fake.edited(sent, caption="/style gogh"))
    fake.push("edited_message", fake.edited(sent, caption="/style  gogh "))
    chat = fake.message(ANN, GROUP, text="nice weather")
    hello = fake.message(ANN, PRIVATE_ANN, text="hello")
    fake.push("message", chat)
    fake.push("message", hello)
    await fake.wait_for(lambda: len(fake.handled) == 4)
    fake.push("edited_message", fake.edited(chat, text="nice weather today"))
    fake.push("edited_message", fake.edited(hello, text="hello there"))
    fake.push("edited_message", fake.edited(sent, caption="gogh please"))
    # an edit that turns text into a command is one
    fake.push("edited_message", fake.edited(chat, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: any("Queue:" in p["text"] for p, _ in fake.sent("sendMessage", GROUP["id"])))
    await fake.wait_for(lambda: len(fake.handled) == 5)
    await asyncio.sleep(0.5)            # an edit acted on by mistake would download its photo first
    assert [r.text for r in fake.requests[4:]] == [f"/status@{BOT_USERNAME}"]
    assert len(fake.sent("sendPhoto", 1)) == 1

    # an album's command edited: every photo of the album, as the first time
    album = [fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"al{i}", make_photo(96, 96, seed=i)),
                          media_group_id="alb", **({"caption": "/style monnet"} if i == 0 else {}))
             for i in range(2)]
    for m in album:
        fake.push("message", m)
    await fake.wait_for(lambda: len(fake.handled) == 6)
    fake.push("edited_message", fake.edited(album[0], caption="/style monet"))
    await fake.wait_for(lambda: len(fake.handled) == 7)
    assert [(r.text, len(r.images)) for r in fake.requests[5:]] == [("/style monnet", 2), ("/style monet", 2)]


@pytest.mark.slow
async def test_a_stop_fetches_no_more_updates_but_delivers_the_painting_under_way(tmp_path):
    """SIGTERM mid-painting: the painting still arrives (the drain), and a message sent during the
    drain is left at Telegram for the next instance, not fetched and answered "restarting"."""
    import signal
    import sys

    fake = FakeTelegram(TOKEN)
    env = bot_process_env(tmp_path, await fake.start(), QUEUE_BACKEND="process", WORKERS_FAST="1", WORKERS_HQ="0",
                          FAKE_ENGINE_SECONDS="8", DRAIN_TIMEOUT="30", METRICS_PORT="0", WEB_ENABLED="false")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        await fake.wait_for(lambda: fake.sent("deleteWebhook"), timeout=90)     # polling has started
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo(160, 120)),
                                          caption="/style gogh"))
        await fake.wait_for(lambda: any("%" in p.get("text", "") for p, _ in fake.sent("editMessageText", 1)))
        proc.send_signal(signal.SIGTERM)                       # mid-painting
        await asyncio.sleep(3)                                 # a getUpdates waits 1 s at most here
        later = fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style monet"))
        out, _ = await asyncio.wait_for(proc.communicate(), 90)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()
    assert proc.returncode == 0, out.decode()
    assert len(fake.sent("sendPhoto", 1)) == 1                  # the painting under way was delivered
    texts = [p.get("text", "") for p, _ in fake.sent("sendMessage", 1)]
    assert len(texts) == 1 and "🎨" in texts[0], texts           # its progress line; nothing said to "later"
    assert fake.confirmed <= later                              # still at Telegram for the next instance


async def test_a_panorama_goes_as_a_file_since_telegram_refuses_it_as_a_photo():
    """sendPhoto takes no side over 20 times the other (nor width + height over 10000): a painted
    panorama (2560x102) goes as a document with its caption and buttons; a usual one as a photo."""
    from telegram import Bot

    from bot.commands import Button, Reply
    from bot.telegram_bot import TelegramResponder

    fake = FakeTelegram(TOKEN)
    base = await fake.start()
    try:
        async with Bot(TOKEN, base_url=f"{base}/bot") as bot:
            out = TelegramResponder(bot, 1)
            for size in ((2560, 102), (512, 384)):
                buf = io.BytesIO()
                Image.new("RGB", size, (90, 120, 200)).save(buf, "JPEG")
                await out.send(Reply("Gogh", image=buf.getvalue(), buttons=[[Button("Stronger", "/stronger #1")]]))
    finally:
        await fake.stop()
    [(doc, files)] = fake.sent("sendDocument", 1)
    assert doc["caption"] == "Gogh" and doc["reply_markup"]["inline_keyboard"][0][0]["text"] == "Stronger"
    assert Image.open(io.BytesIO(files["document"])).size == (2560, 102)
    [(photo, files)] = fake.sent("sendPhoto", 1)
    assert Image.open(io.BytesIO(files["photo"])).size == (512, 384)


async def test_a_result_delivered_after_a_restart_mentions_its_user_in_a_group_only(recorded):
    """deliver (a job's result after a restart) in a group: each message sent begins with a
    mention of the job's user, named as the job kept them or, for a job journaled without it, as
    Telegram names them (getChatMember); a progress line edited into the outcome is not a new
    message and mentions nobody. Emoji count twice in the mention's length (UTF-16)."""
    from bot.commands import Reply

    fake, frontend = recorded, recorded.frontend
    painting = Reply("Claude Monet", image=make_photo())
    await frontend.deliver("tg:-100123", [Reply("✅ done"), painting], user_id="tg:5", origin={"name": "Ann 🎨"})
    [(text, _)] = fake.sent("sendMessage", -100123)
    [(photo, _)] = fake.sent("sendPhoto", -100123)
    assert text["text"] == "Ann 🎨 ✅ done" and photo["caption"] == "Ann 🎨 Claude Monet"
    mention = [{"type": "text_link", "offset": 0, "length": 6, "url": "tg://user?id=5"}]
    assert text["entities"] == mention and photo["caption_entities"] == mention

    await frontend.deliver("tg:-100123", [Reply("✅ done"), painting], user_id="tg:6", line=4242)
    assert fake.sent("editMessageText", -100123)[-1][0]["text"] == "✅ done"
    assert "entities" not in fake.sent("editMessageText", -100123)[-1][0]
    assert fake.sent("getChatMember", -100123)[-1][0]["user_id"] in (6, "6")
    assert fake.sent("sendPhoto", -100123)[-1][0]["caption"] == "U Claude Monet"     # the fake's first_name

    await frontend.deliver("tg:5", [Reply("✅ done"), painting], user_id="tg:5")
    assert fake.sent("sendMessage", 5)[-1][0]["text"] == "✅ done" and "entities" not in fake.sent("sendMessage", 5)[-1][0]
    assert fake.sent("sendPhoto", 5)[-1][0]["caption"] == "Claude Monet"


async def test_a_cancel_sent_while_a_photo_downloads_cancels_it(recorded, fake_queue):
    """A big photo takes seconds to download before the command layer sees it; a /cancel sent
    meanwhile was numbered first, said "nothing to cancel", and the painting came. Found by
    review."""
    fake = recorded
    sent = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "slow1", make_photo(128, 96)), caption="/style gogh")
    fake.slow_files["slow1"] = 1.5
    fake.push("message", sent)
    await fake.wait_for(lambda: any(d.endswith("/slow1") for d in fake.downloads))     # under way
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 2)
    texts = [p["text"] for p, _ in fake.sent("sendMessage", 1)]
    assert t("en", "cancelled_jobs", count=1) in texts, texts
    assert not fake_queue.jobs and not fake.sent("sendPhoto", 1)
