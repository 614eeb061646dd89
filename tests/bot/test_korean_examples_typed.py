"""QA: the Korean texts' examples mixed Latin artist names ("예: 캡션에 /style gogh 를 적은 사진",
"/mix gogh 70% monet") with Korean ones ("/setstyle 고흐"). Every example now names its artists in
Korean, each one an artist when typed as shown; the one example that shows an English name on
purpose ("/style van gogh — 한글 이름도, 영어 이름도 돼요") and the shortcut commands (/gogh,
/monet: command words, tappable in Telegram) keep theirs. A particle after an example is written
on to the Korean name ("/style 고흐를"), not spaced off as it was after a Latin one ("gogh 를")."""
import re

import pytest

from bot.messages import table
from styles.catalog import load_catalog

from tests.bot.test_commands import say

HANGUL_WORD = r"[가-힣]+"
# an example of a command that paints: its artists (Korean words) and numbers, as typed
EXAMPLE = re.compile(rf"(/(?:style|hq|mix)(?: (?:{HANGUL_WORD}|\d+(?:\.\d+)?%?))+)")
# what a sentence puts after an example (on its last word): not typed
AFTER_EXAMPLE = re.compile(r"(를|을|처럼)$")
ENGLISH_ON_PURPOSE = "/style van gogh"


def korean_texts() -> dict[str, str]:
    """The Korean texts as sent, {command} filled in as a paint command."""
    return {key: text.replace("{command}", "/hq") for key, text in table("ko").items()}


def korean_names() -> set[str]:
    return {alias for artist in load_catalog().artists for alias in artist.aliases if re.fullmatch(HANGUL_WORD, alias)}


def typed_examples() -> list[tuple[str, str]]:
    """(key, example as typed) for every paint command example in a Korean text: the command and
    the names and numbers after it, up to the sentence's own words ("/style 고흐를 적은 사진":
    "/style 고흐"); a command followed by no artist's name ("/style 뒤에") is spoken of, no example."""
    names, found = korean_names(), []
    for key, text in korean_texts().items():
        for example in EXAMPLE.findall(text):
            command, *words = example.split()
            if AFTER_EXAMPLE.sub("", words[0]) not in names:     # "/style 화가", "/style 뒤에": no example
                continue
            typed = [words[0]]
            for word in words[1:]:
                if not re.fullmatch(r"\d+(?:\.\d+)?%?", word) and AFTER_EXAMPLE.sub("", word) not in names:
                    break
                typed.append(word)
                if AFTER_EXAMPLE.search(word):
                    break
            typed[-1] = AFTER_EXAMPLE.sub("", typed[-1])
            found.append((key, " ".join([command, *typed])))
    return found


def test_no_example_names_an_artist_in_latin_letters(layer):
    latin = {alias for artist in layer.catalog.artists for alias in artist.aliases if re.fullmatch(r"[a-z ]+", alias)}
    for key, text in korean_texts().items():
        text = text.replace(ENGLISH_ON_PURPOSE, "")
        text = re.sub(r"/[a-z]+", "", text)                    # command words, the shortcuts too
        words = set(re.findall(r"(?<![\w{])[a-z]+(?![\w}])", text.replace("artist:", "artist: ")))
        assert not words & latin, (key, words & latin, text)


def test_no_particle_spaced_off_an_example():
    for key, text in korean_texts().items():
        assert not re.search(r"/(?:style|hq|mix) [^ ]+ (를|을) ", text), (key, text)


def test_the_examples_are_found():
    examples = typed_examples()
    assert ("no_photo", "/style 고흐") in examples and ("bad_mix", "/mix 고흐 70% 모네") in examples
    assert ("mix_too_many", "/mix 고흐 모네 클림트 뭉크") in examples and ("start", "/style 고흐 0.5") in examples
    assert len(typed_examples()) >= 20


@pytest.mark.parametrize("key,example", typed_examples())
async def test_each_example_paints_the_artists_it_names(layer, fake_queue, photo, key, example):
    names = [w for w in example.split()[1:] if re.fullmatch(HANGUL_WORD, w)]
    out = await say(layer, example, images=[photo], locale="ko")
    assert len(fake_queue.jobs) == 1, (key, example, out.texts)
    painted = [ref.value for ref in fake_queue.jobs[0].styles]
    assert painted == [layer.catalog.get(name).slug for name in names], (key, example, painted)
    assert example.startswith("/hq") == (fake_queue.jobs[0].method == "gatys"), (key, example)


def test_discords_examples_name_artists_in_korean(layer):
    texts = korean_texts()
    for key in ("dc_no_style_no_photo", "dc_settings_change"):
        [name] = re.findall(r"artist:(\S+?)[,.]", texts[key])
        assert name == "고흐" and layer.catalog.get(name) is not None, (key, name)
    mix = texts["dc_desc_opt_styles"].split("예: ")[1]
    assert mix == "고흐 70% 모네", mix
