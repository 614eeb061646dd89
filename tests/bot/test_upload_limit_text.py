"""The too-large reply said "the limit is 20.0 MB": MAX_UPLOAD_MB is a float, and the layer put
it in the text as it was. A whole limit is said without the ".0" now; a limit with a fraction
keeps it."""
from __future__ import annotations

import pytest

from bot.chat import plain_number
from bot.commands import CommandLayer
from bot.images import UploadError
from bot.messages import t

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


def test_plain_number_drops_only_a_needless_fraction():
    assert plain_number(20.0) == 20 and isinstance(plain_number(20.0), int)
    assert plain_number(1.5) == 1.5 and plain_number(20) == 20 and plain_number("20.0") == "20.0"
    assert plain_number(float("inf")) == float("inf")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_file_over_the_upload_limit_is_told_the_limit_without_a_fraction(settings, store, lang):
    layer = CommandLayer(settings.model_copy(update={"MAX_UPLOAD_MB": 1.0}), store, FakeQueue())
    out = await say(layer, "/style gogh", images=[b"\xff\xd8\xff" + bytes(1_600_000)], locale=lang)
    assert out.texts == [t(lang, "file_too_large", size=1.5, limit="1")], out.texts


@pytest.mark.parametrize("limit,said", [(20.0, "20"), (7.5, "7.5")])
async def test_a_file_the_front_end_refused_is_told_the_limit_as_it_is(layer, limit, said):
    out = await say(layer, "/style gogh", upload_errors=[UploadError("file_too_large", size=25.3, limit=limit)])
    assert out.texts == [f"That file is too large (25.3 MB; the limit is {said} MB)."], out.texts
