"""Another bot's command in a group ("/sticker cat" under a photo too large, or one whose
download failed) was told this bot's refusal ("That file is too large…"): the layer refused the
upload before it knew the command was not its own. Such a message gets nothing; our own command
with the same upload is told, in English and Korean."""
from __future__ import annotations

import pytest

from bot.images import UploadError
from bot.messages import t

from tests.bot.test_commands import say

G = dict(user="tg:5", chat="tg:-100", community="tg:-100")


def too_large():
    return [UploadError("file_too_large", size=30.0, limit=20)]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_another_bots_command_gets_no_refusal_of_its_upload(layer, fake_queue, lang):
    assert (await say(layer, "/sticker cat", upload_errors=too_large(), locale=lang, **G)).sent == []
    assert (await say(layer, "/style_nosuchstyle", upload_errors=[UploadError("download_failed")],
                      locale=lang, **G)).sent == []
    told = (await say(layer, "/style gogh", upload_errors=too_large(), locale=lang, **G)).texts
    assert told == [t(lang, "file_too_large", size=30.0, limit=20)]
    assert not fake_queue.jobs
