"""A list of names in a reply ("A, B and C") misread where a name holds the list's own comma or
word: a community style "Salt and Pepper" in "leaves nothing for Salt and Pepper and Claude Monet"
reads as three names. Such a name is quoted, as the replies quote a style's name (“{name}”);
names_or's alternatives ("or", "또는") are in test_did_you_mean_alternatives."""
import pytest

from bot.name_lists import names_listed


@pytest.mark.parametrize("lang,names,said", [
    ("en", ["Salt and Pepper", "Claude Monet"], "“Salt and Pepper” and Claude Monet"),
    ("en", ["Rain, Steam", "Monet", "Klimt"], "“Rain, Steam”, Monet and Klimt"),
    ("en", ["Andes", "Sandy"], "Andes and Sandy"),                 # "and" as a word only
    ("ko", ["비, 증기", "모네"], "“비, 증기”, 모네"),                  # a Korean list's own mark: the comma
    ("ko", ["Salt and Pepper", "모네"], "Salt and Pepper, 모네"),
    ("en", ["Salt and Pepper"], "Salt and Pepper"),                 # one name: no list to misread
])
def test_a_name_that_holds_the_lists_own_word_is_quoted(lang, names, said):
    assert names_listed(lang, names) == said
