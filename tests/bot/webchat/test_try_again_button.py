"""An engine failure's line has a "Try again" button (af3880b): the layer edits the job's progress
line into the failure with its buttons. The web chat passes the whole reply with an edit, so the
page gets the button on the line itself (with its label in each language, for /lang), and sending
its command paints the same photo again."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_failed_lines_edit_carries_try_again(settings, store, lang):
    queue = FakeQueue(error="engine_error")
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as client:
        ws = await open_page(client, "ann")
        await ws.send_json({**photo_message("ann", "/style gogh"), "locale": "ko-KR" if lang == "ko" else "en-US"})
        got = await messages(ws, lambda m: m["op"] == "edit" and not m.get("progress"))
        line = next(m for m in got if m["op"] == "send" and m.get("progress"))
        failure = got[-1]
        failed = queue.jobs[-1]
        assert failure["id"] == line["id"] and t(lang, "engine_error") in failure["text"]
        assert failure["buttons"] == [[{"label": t(lang, "button_retry"), "command": f"/style gogh #{failed.id}",
                                        "labels": {"en": t("en", "button_retry"), "ko": t("ko", "button_retry")}}]]

        queue.error = None
        await ws.send_json({"user": "ann", "text": failure["buttons"][0][0]["command"], "locale": "en-US",
                            "client_id": "2"})
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        assert queue.jobs[-1] is not failed and queue.jobs[-1].image == failed.image
        await ws.close()
