""""Did you mean: Claude Monet, Piet Mondrian?" joined its alternatives with a bare comma; people
write alternatives with "or": "Claude Monet or Piet Mondrian", "A, B or C" (Korean: "A 또는 B").
Both the unknown style's did_you_mean and a mistyped command's unknown_command_near say them so;
one suggestion reads as before."""
import pytest

from bot.messages import t
from bot.name_lists import names_or

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang,names,said", [
    ("en", ["Claude Monet"], "Claude Monet"),
    ("en", ["Claude Monet", "Piet Mondrian"], "Claude Monet or Piet Mondrian"),
    ("en", ["A", "B", "C"], "A, B or C"),
    ("ko", ["클로드 모네"], "클로드 모네"),
    ("ko", ["고흐", "모네"], "고흐 또는 모네"),
    ("ko", ["A", "B", "C"], "A, B 또는 C"),
    ("fr", ["A", "B"], "A or B"),           # a language the texts lack: English, as t says it
])
def test_alternatives_end_with_or(lang, names, said):
    assert names_or(lang, names) == said


MEANT = {"en": ["Claude Monet", "Piet Mondrian"], "ko": ["클로드 모네", "피트 몬드리안"]}


@pytest.mark.parametrize("lang,told", [("en", "Did you mean: Claude Monet or Piet Mondrian?"),
                                       ("ko", "혹시 클로드 모네 또는 피트 몬드리안 말씀이신가요?")])
async def test_an_unknown_style_offers_its_alternatives_with_or(layer, fake_queue, photo, lang, told):
    out = await say(layer, "/style monat", images=[photo], locale=lang)
    assert out.texts == [t(lang, "unknown_style", name="monat") + " " + told]
    assert [b.label for row in out.sent[0].buttons for b in row] == MEANT[lang] and not fake_queue.jobs


@pytest.mark.parametrize("lang,told", [("en", "Did you mean: Claude Monet or Piet Mondrian?"),
                                       ("ko", "혹시 클로드 모네 또는 피트 몬드리안 말씀이신가요?")])
async def test_a_mistyped_command_offers_its_artists_with_or(layer, fake_queue, photo, lang, told):
    out = await say(layer, "/monat", images=[photo], locale=lang)
    assert out.texts == [t(lang, "unknown_command_near", command="monat", suggestions=names_or(lang, MEANT[lang]))]
    assert out.texts[0].endswith(told), out.texts


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_one_suggestion_reads_as_before(layer, photo, lang):
    gogh = layer.catalog.get("gogh").name(lang)
    out = await say(layer, "/style gohg", images=[photo], locale=lang)
    assert out.texts == [t(lang, "unknown_style", name="gohg") + " " + t(lang, "did_you_mean", suggestions=gogh)]
