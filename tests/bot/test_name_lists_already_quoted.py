"""A community style whose name is already in quotes, “흑, 백”, holds the list's comma: it was
quoted once more, "““흑, 백””, 모네". A name in quotes of its own keeps them, and no more."""
import pytest

from bot.name_lists import names_listed, names_or


@pytest.mark.parametrize("lang,names,said", [
    ("ko", ["“흑, 백”", "모네"], "“흑, 백”, 모네"),
    ("en", ["“Black, White”", "Monet"], "“Black, White” and Monet"),
    ("en", ['"Salt and Pepper"', "Monet"], '"Salt and Pepper" and Monet'),
    ("en", ["“Salt” and Pepper", "Monet"], "““Salt” and Pepper” and Monet"),   # quotes inside only: quoted
])
def test_a_name_in_quotes_of_its_own_is_not_quoted_again(lang, names, said):
    assert names_listed(lang, names) == said


@pytest.mark.parametrize("lang,said", [("ko", "“흑, 백” 또는 모네"), ("en", "“흑, 백” or 모네")])
def test_alternatives_do_not_quote_it_again(lang, said):
    assert names_or(lang, ["“흑, 백”", "모네"]) == said


@pytest.mark.parametrize("lang,names,said", [
    ("en", ["“Black” and “White”", "Monet"], "““Black” and “White”” and Monet"),
    ("en", ['"Salt" and "Pepper"', "Monet"], '“"Salt" and "Pepper"” and Monet'),
    ("ko", ["“흑”, “백”", "모네"], "““흑”, “백””, 모네"),
])
def test_a_name_of_two_quoted_parts_is_quoted_as_a_whole(lang, names, said):
    """Its first and last letters are quotes, but of two parts: it is no name in quotes of its
    own, and left bare it read as two names ("“Black” and “White” and Monet")."""
    assert names_listed(lang, names) == said
