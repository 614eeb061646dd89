"""A group that lets the bot post photos but not files: a strip painting (over 20:1, which goes as
a file) was painted and then refused every time. Now a photo whose shape (Telegram gives its
size with it) says its painting goes as a file is told so at once there, in its user's language,
neither downloaded nor painted; other photos are painted as before."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, photo_sizes
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said
from tests.bot.telegram.test_media_refusal_kinds import paint, refuse_documents

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")
STRIP = t("en", "no_file_rights_strip")


async def test_a_strip_in_a_group_refusing_files_is_told_before_painting(recorded, fake_queue):
    fake = recorded
    refuse_documents(fake)
    await paint(fake, "sx1", 840, 40)       # nothing known yet: painted, refused as a file
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    await paint(fake, "sx2", 840, 40)       # 21:1 again: told at once
    await fake.wait_for(lambda: said(fake, STRIP) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(MINSU, GROUP, photo=photo_sizes(fake, "sx3", make_photo(40, 900)),
                                      caption="/style 고흐"))
    await fake.wait_for(lambda: said(fake, t("ko", "no_file_rights_strip")) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1                    # neither painted
    assert not any("sx2" in d or "sx3" in d for d in fake.downloads), fake.downloads
    assert [m for m, _, _ in fake.calls if m.startswith("sendDocument")] == ["sendDocument:400"]
    await paint(fake, "sx4")                            # a photo's shape: painted and sent
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 2 and said(fake, REFUSED) == 1 and said(fake, STRIP) == 1


async def test_an_album_with_a_photo_that_fits_is_still_painted(recorded, fake_queue):
    """Only a request whose every photo would go as a file is refused so: an album of a strip and
    a photo goes on (the photo is delivered; the strip after it is refused as a file, as before)."""
    fake = recorded
    refuse_documents(fake)
    await paint(fake, "sa1", 840, 40)
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    for i, (w, h) in enumerate(((96, 72), (840, 40))):
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, f"sa{i + 2}", make_photo(w, h)),
                                          media_group_id="strips", **({"caption": "/style gogh"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert said(fake, STRIP) == 0
