"""A painting delivered to two or more of the user's open pages (the page that asked for it was
reloading) got a different id on each: a page that then reloaded said it showed its copy, was not
known by that id, and was sent the painting again: shown twice. Each reply now has one id, the
same on every page."""
from __future__ import annotations

from bot.commands import Button, Reply
from bot.webchat import WebChatHub, WebResponder


class Socket:
    def __init__(self):
        self.closed, self.got = False, []

    async def send_json(self, payload):
        if self.closed:
            raise ConnectionError
        self.got.append(payload)


def pictures(out):
    return [p["id"] for p in out.ws.got if p.get("image")]


async def test_a_painting_sent_to_several_pages_has_one_id_and_is_not_sent_again():
    hub, chat = WebChatHub(), "web:u1"
    asking, two, three = (WebResponder(Socket(), hub) for _ in range(3))
    for out in (asking, two, three):
        await hub.join(chat, out)
    asking.ws.closed = True                       # reloading when its painting came
    hub.leave(chat, asking)
    await asking.send(Reply("Gogh", image=b"\xff\xd8jpeg", buttons=[[Button("Another", "/pick #" + "ab" * 16)]]))
    assert len(pictures(two)) == 1 and pictures(two) == pictures(three), (pictures(two), pictures(three))
    shown = pictures(three)
    three.ws.closed = True                        # the third page reloads, showing its copy
    hub.leave(chat, three)
    again = WebResponder(Socket(), hub)
    await hub.join(chat, again, have=set(shown))
    assert pictures(again) == [], "sent the painting it shows again"
    # a reply to it on any page is a reply to the painting
    assert hub.painted[chat][shown[0]] == "ab" * 16
