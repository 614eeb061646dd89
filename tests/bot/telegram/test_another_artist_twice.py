""""Another artist" tapped twice under a painting: two identical "Which artist…" menus came (the
once-only rule covers paintings, not this menu). The second tap within MENU_AGAIN_S is told the
menu is just above, once; later taps then, nothing; after it, a new menu (the first may have
scrolled away)."""
from __future__ import annotations

from bot import repaints
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def tap_another_artist(fake, painting: dict) -> None:
    [data] = [b["callback_data"] for row in painting["reply_markup"]["inline_keyboard"] for b in row
              if b["callback_data"].startswith("/pick")]
    message = fake._reply({"chat_id": PRIVATE_ANN["id"]}, caption=painting["caption"],
                          reply_markup=painting["reply_markup"],
                          photo=[{"file_id": "out", "file_unique_id": "uout", "width": 128, "height": 96}])
    n = len(fake.handled)
    fake.push("callback_query", {"id": f"cb{len(fake.calls)}", "from": ANN, "chat_instance": "ci", "data": data,
                                 "message": message})
    await fake.wait_for(lambda: len(fake.handled) > n, timeout=WAIT_S)


async def test_another_artist_tapped_twice_shows_one_menu(recorded, fake_queue, layer):
    fake = recorded
    now = [layer.clock()]
    layer.clock = lambda: now[0]
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "twice1", make_photo(seed=7)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", PRIVATE_ANN["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    [(painting, _)] = fake.sent("sendPhoto", PRIVATE_ANN["id"])

    def said(key: str) -> int:
        return texts(fake, PRIVATE_ANN["id"]).count(t("en", key))

    for _ in range(3):
        await tap_another_artist(fake, painting)
    assert (said("pick_artist"), said("pick_menu_above")) == (1, 1), texts(fake, PRIVATE_ANN["id"])
    now[0] += repaints.MENU_AGAIN_S
    await tap_another_artist(fake, painting)
    assert (said("pick_artist"), said("pick_menu_above")) == (2, 1), texts(fake, PRIVATE_ANN["id"])
    assert len(fake_queue.jobs) == 1


async def test_the_note_is_in_korean_after_lang_ko(recorded, fake_queue):
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/lang ko"))
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "twice2", make_photo(seed=8)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", PRIVATE_ANN["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    [(painting, _)] = fake.sent("sendPhoto", PRIVATE_ANN["id"])
    await tap_another_artist(fake, painting)
    await tap_another_artist(fake, painting)
    assert texts(fake, PRIVATE_ANN["id"])[-1] == t("ko", "pick_menu_above")
