"""A Telegram /forgetme and the user's photos still on their way: it answers without waiting for
a slow download, and nothing of what came before it is kept, painted or offered after it (a
photo downloading, an album still gathered, a late photo of an album)."""
from __future__ import annotations

import pytest

from bot import layer_timing, telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0
USER = f"tg:{ANN['id']}"


def forgot(fake) -> bool:
    return t("en", "forgot") in texts(fake, PRIVATE_ANN["id"])


async def settled(fake) -> None:
    """Until Ann's messages are all through: no album gathered, no download, nothing with the layer."""
    frontend = fake.frontend
    await fake.wait_for(lambda: not frontend._albums and not frontend._fetching and
                        not any(e.user == USER for e in frontend.layer._in_flight.values()), timeout=WAIT_S)


def nothing_kept(fake, fake_queue, *chats: dict) -> None:
    """Nothing of Ann's photos kept, queued or offered the artist buttons in ``chats``."""
    store = fake.frontend.layer.store
    for chat in chats:
        assert store.last_photo(USER, f"tg:{chat['id']}") is None, chat
        assert not [text for text in texts(fake, chat["id"]) if text.startswith(t("en", "pick_artist")[:20])]
        assert not fake.sent("sendPhoto", chat["id"])
    assert not fake_queue.jobs, [job.meta for job in fake_queue.jobs]


async def answered(fake, text: str) -> None:
    """Send Ann's ``text`` privately and wait until the layer has answered it: what came before
    it in the updates has been handled (or dropped) by then."""
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text=text))
    await fake.wait_for(lambda: any(r.text == text for r in fake.handled), timeout=WAIT_S)


@pytest.mark.parametrize("chat, caption", [(GROUP, "/style gogh"), (PRIVATE_ANN, None)])
async def test_forgetme_answers_before_a_slow_download_and_keeps_nothing_of_it(recorded, fake_queue, monkeypatch,
                                                                               chat, caption):
    """A photo slow to download (a group's "/style gogh", or a bare one in the private chat),
    then "/forgetme yes": the front-end held the /forgetme until the download ended (up to 150 s
    on a slow link). The command layer drops the requests from before it still on their way, so
    the /forgetme now answers first; the photo, downloaded after, is neither kept, painted nor
    offered the artist buttons."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    fake = recorded
    fake.slow_files["fe1"] = 3.0           # (under the download's 5 s timeout; ended once the /forgetme answered)
    fake.push("message", fake.message(ANN, chat, photo=photo_sizes(fake, "fe1", make_photo(128, 96)),
                                      **({"caption": caption} if caption else {})))
    await fake.wait_for(lambda: any(p.endswith("fe1") for p in fake.downloads), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: forgot(fake), timeout=WAIT_S)
    assert [r.text for r in fake.requests] == ["/forgetme yes"], "the /forgetme waited for the download"
    fake.end_slow_downloads()
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)     # the photo, downloaded
    await answered(fake, "/help")
    await settled(fake)
    nothing_kept(fake, fake_queue, chat)


@pytest.mark.parametrize("caption", ["/style gogh", None])
async def test_a_late_photo_of_an_album_from_before_forgetme_is_dropped(recorded, fake_queue, caption):
    """An album (painted as its caption asked, or offered the artist buttons), "/forgetme yes",
    then the album's last photo, uploaded slowly: the forget had dropped the album, and the photo
    was taken for a new one: kept, and offered the artist buttons. Now it is dropped with the
    rest of its album."""
    fake = recorded
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"fa{i}", make_photo(seed=i)),
                                          media_group_id="fe_album", **({"caption": caption} if caption and i == 0
                                                                        else {})))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    await answered(fake, "/forgetme yes")
    assert forgot(fake)
    fake_queue.jobs.clear()                              # (the album's own, from before)
    fake.calls.clear()
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fa2", make_photo(seed=2)),
                                      media_group_id="fe_album"))
    await answered(fake, "/help")
    await settled(fake)
    nothing_kept(fake, fake_queue, PRIVATE_ANN)


async def test_an_album_gathered_as_forgetme_runs_is_neither_remembered_nor_painted(recorded, fake_queue,
                                                                                   monkeypatch):
    """An album still being gathered (its photos wait ALBUM_WAIT_S for the rest) as the user taps
    "Delete it all": its flush, after the forget, remembered it again (its messages for edits, its
    caption for late photos), and a late photo then was painted as it asked, after "Done: I
    deleted ...". Now the album is dropped at its flush, and so is its late photo."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 3.0)
    fake = recorded
    frontend = fake.frontend
    await answered(fake, "/forgetme")
    [asked] = [p for p, _ in fake.sent("sendMessage", PRIVATE_ANN["id"]) if "reply_markup" in p]
    [data] = [b["callback_data"] for row in asked["reply_markup"]["inline_keyboard"] for b in row
              if b["text"] == t("en", "button_forget_yes")]          # (beside it: "No, keep it")
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"fg{i}", make_photo(seed=i)),
                                          media_group_id="fe_gathered", **({"caption": "/style gogh"} if i == 0
                                                                           else {})))
    await fake.wait_for(lambda: frontend._albums, timeout=WAIT_S)
    [asked_id] = [mid for mid, m in fake.bot_messages.items() if m.get("text") == asked["text"]]
    message = {**fake.bot_messages[asked_id], "chat": PRIVATE_ANN, "reply_markup": asked["reply_markup"]}
    fake.push("callback_query", {"id": "fe_tap", "from": ANN, "chat_instance": "ci", "data": data, "message": message})
    await fake.wait_for(lambda: forgot(fake), timeout=WAIT_S)
    assert frontend._albums, "the album was flushed before the /forgetme (make ALBUM_WAIT_S longer)"
    await settled(fake)
    assert not [key for key, acted in frontend._acted.items()
                if any(telegram_bot.sender_id(m) == USER for m in acted["messages"])]
    assert not [key for key, album in frontend._recent_albums.items()
                if album["user"] == USER and album["handled"]]
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fg2", make_photo(seed=2)),
                                      media_group_id="fe_gathered"))
    await answered(fake, "/help")
    await settled(fake)
    nothing_kept(fake, fake_queue, PRIVATE_ANN)



async def test_an_album_sent_after_forgetme_is_painted_though_gathered_as_it_deletes(recorded, fake_queue,
                                                                                    monkeypatch):
    """"/forgetme yes" waits a moment for a photo of Ann's still downloading in a group; her album
    sent just after it is still being gathered as the deletion runs. It came after the /forgetme:
    painted as its caption asks, not dropped with what came before (HANDLED_SEQ)."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 1.5)
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 4.0)
    fake = recorded
    fake.slow_files["fs0"] = 3.0
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "fs0", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: any(p.endswith("fs0") for p in fake.downloads), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    photos = [make_photo(seed=s) for s in (1, 2)]
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"fs{i + 1}", photos[i]),
                                          media_group_id="fe_after", **({"caption": "/style gogh"} if i == 0
                                                                        else {})))
    await fake.wait_for(lambda: forgot(fake), timeout=WAIT_S)
    assert fake.frontend._albums, "the album was flushed before the deletion (make ALBUM_WAIT_S longer)"
    await settled(fake)
    assert [job.image for job in fake_queue.jobs] == photos       # the group's photo, from before, is not
