"""A page's hello is sent each progress line still under way (acb2bc4), one after the other. The
lines were taken once, before the first went out: a line whose outcome came while an earlier one
was being sent (the page is among the user's open ones by then, and got the outcome) was sent
after it as it had stood, "painting… 50%", under way on that page for good. Each line is sent as
it stands when its turn comes, and not at all once it is done."""
from __future__ import annotations

from bot.commands import Reply
from bot.webchat import WebChatHub, WebResponder

FIRST = Reply("🎨 Claude Monet: painting… 50%", progress=True)
SECOND = Reply("🎨 Vincent van Gogh: painting… 50%", progress=True)
DONE = Reply("✅ Vincent van Gogh: done in 3 s")


class Socket:
    """A page's socket; ``on_send``: run (awaited) as the first message goes down it."""

    def __init__(self, on_send=None):
        self.closed, self.sent, self.on_send = False, [], on_send

    async def send_json(self, data: dict) -> None:
        if self.on_send:
            hook, self.on_send = self.on_send, None
            await hook()
        self.sent.append(data)


async def test_a_line_done_while_the_hello_is_sent_the_lines_before_it_is_not_sent_under_way():
    hub, chat = WebChatHub(), "web:ann"
    asking = WebResponder(Socket(), hub)
    await hub.join(chat, asking)
    await asking.send(FIRST)
    second = await asking.send(SECOND)

    async def outcome():
        await asking.edit(second, DONE)

    new_tab = Socket(on_send=outcome)
    await hub.join(chat, WebResponder(new_tab, hub), fresh=True, have=set(), open_lines=set())
    of_second = [m for m in new_tab.sent if m.get("id") == second]
    assert of_second and of_second[-1]["text"] == DONE.text and not of_second[-1]["progress"], new_tab.sent


async def test_the_lines_a_reloaded_page_names_are_sent_as_they_stand_too():
    hub, chat = WebChatHub(), "web:ann"
    asking = WebResponder(Socket(), hub)
    await hub.join(chat, asking)
    first = await asking.send(FIRST)
    second = await asking.send(SECOND)

    async def outcome():
        await asking.edit(second, DONE)

    back = Socket(on_send=outcome)
    await hub.join(chat, WebResponder(back, hub), have=set(), open_lines={first, second})
    of_second = [m for m in back.sent if m.get("id") == second]
    assert of_second and of_second[-1]["text"] == DONE.text and not of_second[-1]["progress"], back.sent


async def test_a_named_line_whose_outcome_no_page_got_is_sent_once():
    # its outcome was kept for the next page (unseen) and sent again after it: read out twice
    hub, chat = WebChatHub(), "web:ann"
    going = Socket()
    asking = WebResponder(going, hub)
    await hub.join(chat, asking)
    line = await asking.send(SECOND)
    going.closed = True                               # reloading as the outcome goes out
    await asking.edit(line, DONE)
    back = Socket()
    await hub.join(chat, WebResponder(back, hub), have=set(), open_lines={line})
    assert [m["text"] for m in back.sent if m.get("id") == line] == [DONE.text], back.sent
