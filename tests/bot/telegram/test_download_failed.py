"""A photo whose download from Telegram fails for network reasons (every try a 5xx, the connection
lost each time) was told "That file could not be read as an image.", which blames the user's
file; a good photo, sent again, paints. Now it is told the bot could not fetch it just now."""
from __future__ import annotations

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_a_download_that_keeps_failing_is_not_blamed_on_the_file(recorded, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "DOWNLOAD_PATIENCE_S", 1.0)
    monkeypatch.setattr(telegram_bot, "RETRY_FIRST_WAIT_S", 0.05, raising=False)
    fake = recorded
    fake.download_errors = [502] * 50                   # Telegram's file server down meanwhile
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "nf1", make_photo()),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = texts(fake, PRIVATE_ANN["id"])
    assert t("en", "download_failed") in said and t("en", "bad_image") not in said, said
    # the connection lost halfway through the file, each try: in Korean to a Korean user
    fake.download_errors = []
    fake.cut_files["nf2"] = 99
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "nf2", make_photo(seed=2)),
                                      caption="고흐처럼"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    said = texts(fake, PRIVATE_MINSU["id"])
    assert t("ko", "download_failed") in said and t("ko", "bad_image") not in said, said
    assert not fake_queue.jobs
    # Telegram back: the same photo sent again paints
    fake.cut_files.clear()
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "nf1", make_photo()),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 1, timeout=WAIT_S)


async def test_a_file_that_is_no_image_is_still_told_so(recorded, fake_queue):
    """A guard: a file that downloads and is no picture is still the file's fault."""
    fake = recorded
    fake.add_file("nd1", b"just some notes, not a picture")
    fake.push("message", fake.message(ANN, PRIVATE_ANN, caption="/style gogh", document={
        "file_id": "nd1", "file_unique_id": "und1", "file_name": "notes.txt", "mime_type": "text/plain",
        "file_size": 30}))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = texts(fake, PRIVATE_ANN["id"])
    assert said and not any(t(lang, "download_failed") in s for s in said for lang in ("en", "ko")), said
    assert not fake_queue.jobs
