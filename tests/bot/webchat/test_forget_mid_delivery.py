"""/forgetme arriving while a painting is being delivered to the user's pages: the rest of that
delivery put the painting back into the web chat's memory (the pictures kept for replies, the last
paintings a new tab is shown) and sent it on to the user's other pages, so what /forgetme had just
deleted came back on a new tab or a reload. Now a delivery stops where the user's data was deleted."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

from tests.bot.webchat.test_join_mid_delivery import PAINTING, Socket, paintings


def _forgetting(hub: WebChatHub, chat: str) -> Socket:
    """A page whose socket is sent the painting as the user's /forgetme comes (from another tab)."""
    async def forget():
        await hub.forget(chat)
    return Socket(on_painting=forget)


async def _after(hub: WebChatHub, chat: str) -> list[str]:
    """What a tab the user opens afterwards is shown (a new tab: their last paintings, waiting ones)."""
    later = Socket()
    await hub.join(chat, WebResponder(later, hub), fresh=True)
    return paintings(later)


async def test_forgetme_during_a_delivery_keeps_nothing_of_the_painting():
    hub, chat = WebChatHub(), "web:ann"
    # two tabs: the one sent the painting first is where /forgetme comes (in whichever order)
    first, second = _forgetting(hub, chat), _forgetting(hub, chat)
    await hub.join(chat, WebResponder(first, hub))
    await hub.join(chat, WebResponder(second, hub))
    await hub.deliver(chat, [PAINTING, Reply("Claude Monet", image=b"\xff\xd8another")])
    assert not hub.images.get(chat) and not hub.recent.get(chat) and not hub.waiting.get(chat)
    # the other tab, told "forgotten", is not sent it after (nor the delivery's next painting)
    assert len(paintings(first) + paintings(second)) == 1
    assert await _after(hub, chat) == []


async def test_forgetme_during_a_requests_painting_keeps_nothing_of_it():
    hub, chat = WebChatHub(), "web:bob"
    asking, other = WebResponder(_forgetting(hub, chat), hub), _forgetting(hub, chat)
    await hub.join(chat, asking)
    await hub.join(chat, WebResponder(other, hub))
    await asking.send(PAINTING)
    assert not hub.images.get(chat) and not hub.painted.get(chat) and not hub.recent.get(chat)
    assert paintings(other) == []
    assert await _after(hub, chat) == []


async def test_a_delivery_after_forgetme_still_reaches_the_user():
    # only the delivery under way at the time stops: the next painting is the user's as before
    hub, chat = WebChatHub(), "web:cat"
    page = Socket()
    await hub.join(chat, WebResponder(page, hub))
    await hub.forget(chat)
    await hub.deliver(chat, [PAINTING])
    assert len(paintings(page)) == 1 and len(await _after(hub, chat)) == 1
