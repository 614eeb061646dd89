""""Did you mean: Claude Monet, Piet Mondrian?" joined its alternatives with a bare comma; people
write alternatives with "or": "Claude Monet or Piet Mondrian", "A, B or C" (Korean: "A 또는 B").
Both the unknown style's did_you_mean and a mistyped command's unknown_command_near say them so;
one suggestion reads as before."""
import pytest

from bot.messages import t
from bot.name_lists import names_or
from styles import normalise

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


@pytest.mark.parametrize("lang,names,said", [
    ("en", ["Claude Monet", "Black or White"], "Claude Monet or “Black or White”"),
    ("en", ["Rain, Steam", "Monet", "Oreo"], "“Rain, Steam”, Monet or Oreo"),      # "or" as a word only
    ("en", ["Black OR White", "Monet"], "“Black OR White” or Monet"),
    ("ko", ["흑 또는 백", "모네"], "“흑 또는 백” 또는 모네"),
    ("ko", ["Black or White", "모네"], "Black or White 또는 모네"),      # (a Korean list's "or" is 또는)
    ("en", ["Black or White"], "Black or White"),                       # one name: no list to misread
])
def test_a_name_that_holds_the_lists_own_word_is_quoted(lang, names, said):
    """A community style named "Black or White" among alternatives read as three of them
    ("Did you mean: Claude Monet or Black or White?"); such a name is quoted, as replies quote
    a style's name (“{name}”)."""
    assert names_or(lang, names) == said


def add_style(store, scope: str, name: str) -> None:
    key = normalise(name)
    path = store.style_dir(scope) / f"{key}.safetensors"
    path.write_bytes(b"descriptor")
    store.add_style(scope, name, key, path, 3, "tg:1")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_community_styles_named_with_or_are_told_apart(layer, store, photo, lang):
    add_style(store, "tg:1", "Black or White")
    add_style(store, "tg:1", "Black or Blue")
    out = await say(layer, "/style blackor", images=[photo], locale=lang)
    said = {"en": "“Black or Blue” or “Black or White”", "ko": "Black or Blue 또는 Black or White"}[lang]
    told = t(lang, "did_you_mean", suggestions=said)     # (a Korean list's own word is 또는: nothing to misread)
    assert out.texts == [t(lang, "unknown_style", name="blackor") + " " + told], out.texts
    assert [b.label for row in out.sent[0].buttons for b in row] == ["Black or Blue", "Black or White"]
