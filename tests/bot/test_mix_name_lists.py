"""QA: "/mix gogh 100% monet klimt" said "leaves nothing for Claude Monet, Gustav Klimt", as if a
word were missing. The names a mix refusal lists are joined as people write lists: in English
"Claude Monet and Gustav Klimt", "A, B and C"; in Korean with commas."""
import pytest

from bot.messages import t
from bot.name_lists import names_listed

from tests.bot.test_commands import say


@pytest.mark.parametrize("names,said", [
    (["Claude Monet"], "Claude Monet"),
    (["Claude Monet", "Gustav Klimt"], "Claude Monet and Gustav Klimt"),
    (["A", "B", "C"], "A, B and C"),
])
def test_english_lists_end_with_and(names, said):
    assert names_listed("en", names) == said


def test_korean_lists_with_commas():
    assert names_listed("ko", ["클로드 모네", "구스타프 클림트"]) == "클로드 모네, 구스타프 클림트"


async def test_the_artists_left_nothing_are_listed_with_and(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 100% monet klimt", images=[photo])
    assert out.texts == [t("en", "mix_nothing_left", weight="100%", weighted="Vincent van Gogh",
                           rest="Claude Monet and Gustav Klimt")]
    assert "leaves nothing for Claude Monet and Gustav Klimt." in out.texts[0] and not fake_queue.jobs


async def test_the_weighted_artists_are_listed_with_and(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 20 monet 30 klimt 50 munch", images=[photo])
    assert out.texts[0].startswith("100% for Vincent van Gogh, Claude Monet and Gustav Klimt leaves nothing"), out.texts
    assert out.texts[0].endswith("or mix them without Edvard Munch."), out.texts


async def test_korean_keeps_its_commas(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 100% monet klimt", images=[photo], locale="ko")
    assert "클로드 모네, 구스타프 클림트에게 남는 몫이 없어요" in out.texts[0], out.texts
