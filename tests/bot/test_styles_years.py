"""/화가목록 showed Kim Hong-do's years as the English "(1745–c. 1806)" in Korean: "1806년경" now;
English keeps "c. 1806", and the catalog's painting titles are not touched."""
from bot.commands import years_text

from tests.bot.test_commands import say


def test_years_text():
    assert years_text("ko", "1745–c. 1806") == "1745–1806년경"
    assert years_text("en", "1745–c. 1806") == "1745–c. 1806"
    assert years_text("ko", "c. 1600–1650") == "1600년경–1650"
    assert years_text("ko", "1853–1890") == "1853–1890"


async def test_the_korean_artist_list_says_년경(layer):
    text = "\n".join((await say(layer, "/화가목록", locale="ko")).texts)
    assert "(1745–1806년경)" in text and "c. " not in text, text
    text = "\n".join((await say(layer, "/styles", locale="en")).texts)
    assert "(1745–c. 1806)" in text, text
