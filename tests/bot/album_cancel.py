"""What the Telegram tests of a /cancel during an album's download share: the /cancel sent once
the album's first photo is downloading, and what the user's chat was told after it."""
from __future__ import annotations

from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts

WAIT_S = 20.0


async def said_to_a_cancel_while_downloading(fake) -> list[str]:
    """``/cancel`` sent in the private chat once a download began (the album pushed before); the
    chat's texts once both the album and the /cancel were handled."""
    await fake.wait_for(lambda: fake.downloads, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    # the album's photos stay slow (slow_files' seconds at most) until the /cancel was answered:
    # then they arrive at once rather than after each one's seconds
    await fake.wait_for(lambda: any(r.text == "/cancel" for r in fake.handled), timeout=WAIT_S)
    fake.end_slow_downloads()
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    return texts(fake, PRIVATE_ANN["id"])
