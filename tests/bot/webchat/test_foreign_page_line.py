"""The log line of a web chat connection refused for its page's origin says what to do: it ended
"…is not the chat's own (127.0.0.1:8391): WEB_ORIGINS allows it", which reads as "it is allowed".
QA report s22, finding 6."""
from __future__ import annotations

from aiohttp.test_utils import make_mocked_request

from bot.webchat.origins import foreign_page


def test_a_foreign_page_is_refused_with_the_setting_that_allows_it():
    request = make_mocked_request("GET", "/ws", headers={"Host": "127.0.0.1:8391", "Origin": "http://localhost:8391"})
    why = foreign_page(request, "127.0.0.1", "")
    assert why == ("the page at 'http://localhost:8391' is not the chat's own (127.0.0.1:8391); if it is yours "
                   "(a proxy under another name), add it to WEB_ORIGINS to allow it")
    assert foreign_page(request, "127.0.0.1", "http://localhost:8391") is None     # as it says
