"""What users type after a command, read the way they mean it: strengths as fractions or
percentages (or in words beside an artist: "gogh strongly"), the artists and weights of a mix,
on/off words, sizes, languages.

Pure functions of text (no store, no catalog), so each rule is tested on its own
(tests/bot/test_arguments.py); bot/commands.py decides what a reading does.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable

from .errors import BotError

PERCENT_SIGNS = ("%", "％")
# what joins the artists of a mix: "gogh, monet", "gogh+monet", "gogh & monet", "gogh/monet"
MIX_SEPARATORS = re.compile(r"[,+&/，、]")
AND_WORDS = {"and", "with", "와", "과", "랑", "이랑", "하고", "및", "그리고"}
# Korean joins two names with a particle on the first: 고흐와 모네, 모네랑 고흐
AND_PARTICLES = ("이랑", "하고", "와", "과", "랑")

ON_WORDS = {"on", "yes", "y", "true", "1", "켜기", "켜", "켬", "켜줘", "네", "예", "응"}
OFF_WORDS = {"off", "no", "n", "false", "0", "끄기", "꺼", "끔", "꺼줘", "아니요", "아니오", "아니"}
# /setstyle off: no default artist
CLEAR_WORDS = {"off", "none", "clear", "no", "-", "없음", "끄기", "꺼", "해제", "취소", "삭제"}
# /size in Korean: the English names' words (preference_commands.SIZES)
SIZE_WORDS = {"작게": "small", "작은": "small", "보통": "medium", "중간": "medium", "크게": "large", "큰": "large",
              "아주 크게": "xl", "아주크게": "xl", "매우 크게": "xl", "매우크게": "xl", "가장 크게": "xl", "최대": "xl"}
LANGUAGES = {"en": "en", "english": "en", "영어": "en", "ko": "ko", "kr": "ko", "korean": "ko",
             "한국어": "ko", "한글": "ko", "kor": "ko", "eng": "en"}
BOT_MENTION = re.compile(r"@(\w+)$")
# a caption's hashtag ("#cat", "#monet"): the user's tag, not a style. It ends where its word
# does, what follows it up to the next space going with it ("#cat!", "#cat,", "#고양이🐱",
# "#cat#dog"); not inside a word ("gogh#monet", a button's "@painting#<digest>")
HASHTAG = re.compile(r"(?<!\S)(?:#\w+[^\w\s]*)+(?!\S)")
TAG_WORD = re.compile(r"#(\w+)")


# -- numbers ----------------------------------------------------------------------------------
def read_number(token: str) -> tuple[float, bool] | None:
    """"50%" -> (50.0, True), "0,5" -> (0.5, False): a number and whether it was written as a
    percentage; None when it is no number ("nan", "inf" and "²" are words here)."""
    text = token.strip()
    percent = text.endswith(PERCENT_SIGNS)
    if percent:
        text = text[:-1].rstrip()
    if "_" in text:                  # Python reads "1_0" as 10: no one writes a number so
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return value + 0.0, percent      # + 0.0: "-0" is 0, not "-0" in the reply


def is_number(token: str) -> bool:
    return read_number(token) is not None


def split_strength(words: str) -> tuple[list[str], str | None]:
    """"golden age 30%" -> (["golden", "age"], "30%"): the words, and a strength typed last (None
    where the last word is no number)."""
    split = words.split()
    return (split[:-1], split[-1]) if split and is_number(split[-1]) else (split, None)


def read_strength(token: str) -> float | None:
    """A strength as a fraction: "0.6", "60%" and "60" are 0.6. A bare number is a percentage
    only when it is a whole number from 2 to 100 ("1" is full strength, and "1.5" is no strength:
    read as 1.5% it painted almost nothing); None when it is no strength."""
    read = read_number(token)
    if read is None:
        return None
    value, percent = read
    if percent or (value.is_integer() and 2 <= value <= 100):
        return value / 100
    return value if value <= 1 else None


def read_weight(token: str) -> float | None:
    """A mix weight: "70%" is 0.7, a bare number stays as it is (a part: "gogh 1 monet 2");
    None when it is no number."""
    read = read_number(token)
    if read is None:
        return None
    value, percent = read
    return value / 100 if percent else value


def parse_number(value: str) -> float:
    """A strength from 0 to 1, also written 0–100% (read_strength); else a BotError that says
    which way it is wrong: "bad_number" (over the most: "150%", "1.5", "200"), "strength_below_zero",
    "strength_without_percent" ("7.5": a percentage without its sign, over 1 as a fraction), or
    "not_a_strength" (no number: "strong"). One "is not a number between 0 and 1" for them all
    did not say it was the strength, nor that 100% is the most."""
    read = read_number(value)
    if read is None:
        raise BotError("not_a_strength", value=value)
    number = read_strength(value)
    if number is not None and number < 0.0:
        raise BotError("strength_below_zero", value=value)
    if number is None and not read[1] and 2 <= read[0] <= 100:
        # "too high: give 0–100%" to "7.5" named a range that holds it: a bare number is a
        # percentage only when whole (read_strength), so this one needs its % sign
        raise BotError("strength_without_percent", value=value)
    if number is None or number > 1.0:
        raise BotError("bad_number", value=value)
    return number


def percent(fraction: float) -> str:
    """0.555 -> "56%": a strength or a share as people read it."""
    return f"{round(100 * fraction)}%"


def strength_text(value: float) -> str:
    """0.55555 -> "0.56": a strength as /settings and /strength show it."""
    return f"{round(value, 2):g}"


def strip_bot_mention(args: str, bot_username: str | None) -> str:
    """"gogh@paintbot" -> "gogh": Telegram's command menu adds the bot's name to what it inserts,
    and a user may type it after the arguments too (the web chat's name is "paintbot"); another
    name stays (it is no name of ours), and so does any without the bot's name known:
    "/addstyle my@style" keeps it."""
    found = BOT_MENTION.search(args)
    if found and bot_username and found.group(1).lower() == bot_username.lower():
        return args[:found.start()].rstrip()
    return args


# -- mixes ------------------------------------------------------------------------------------
def mix_words(args: str) -> list[str]:
    """"gogh, monet", "gogh+monet", "gogh and monet 30 %" -> the names' words and the weights
    ("30%"), with separators and joining words dropped."""
    words: list[str] = []
    for word in MIX_SEPARATORS.sub(" ", args).split():
        if word.lower() in AND_WORDS:
            continue
        if word in PERCENT_SIGNS and words and is_number(words[-1]):
            words[-1] += "%"
            continue
        words.append(word)
    return words


def without_hashtags(args: str, is_style: Callable[[str], bool] | None = None) -> str:
    """"gogh #monet #cat" -> "gogh": the hashtags under a command are the user's tags, not styles
    ("#monet" joined the mix, "#cat" was an unknown style). Where nothing but them (and numbers,
    a strength) is there, the tags that name a style (``is_style``) are the names: "/style #monet
    #cat" is monet ("#cat" was unknown); where none does, the text as it is ("/style #cat": the
    unknown name, as written), or the numbers alone ("/style 0.5 #cat": the strength)."""
    left = HASHTAG.sub("", args)
    words = left.split()
    if any(not is_number(word) for word in words):
        return left
    named = [word for tag in HASHTAG.findall(args) for word in TAG_WORD.findall(tag)
             if is_style is not None and is_style(word)]
    if named:
        return " ".join(named + words)
    return left if words else args


def without_particle(word: str) -> str | None:
    """"고흐와" -> "고흐": a Korean word with the particle that joins it to the next name; None
    when it has none (the caller tries this only for a word it does not know as it is)."""
    for particle in AND_PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            return word[:-len(particle)]
    return None


MIN_SHARE = 0.01           # an artist's least share of a mix: less is no part of the painting


def mix_shares(weights: list[float | None]) -> list[float] | None:
    """The shares of a mix's artists, adding up to 1, from the weights typed (None: none typed;
    a percentage already a fraction, read_weight). None when a weight is negative, when all are 0,
    when nothing is left for the artists without one, or when an artist would get under 1% (a
    weight of 0, or 1e9 against 1: "gogh 100% + monet 0%" was painted as a mix)."""
    given = [w for w in weights if w is not None]
    if any(w < 0 for w in given):
        return None
    free = len(weights) - len(given)
    if free:
        # Every artist weighted: the weights in proportion (1 and 2: 33/67; 70% and 30%). Some
        # not: the weights given are parts of a whole, 1 when they add up to at most 1
        # ("gogh 0.7 monet": 70/30), else 100 when they are whole numbers ("gogh 70 monet");
        # the artists without one share what is left equally; anything else is refused.
        whole = 1.0 if sum(given) <= 1 else 100.0 if all(w.is_integer() for w in given) else 0.0
        rest = whole - sum(given)
        if rest <= 1e-9:
            return None
        weights = [rest / free if w is None else w for w in weights]
    total = sum(weights)
    if total <= 0:
        return None
    shares = [w / total for w in weights]
    return shares if min(shares) >= MIN_SHARE else None


def mix_label(labels: list[str], shares: list[float]) -> str:
    """"Vincent van Gogh 70% + Claude Monet 30%": a mix by the real shares it was painted with."""
    total = sum(shares) or 1.0
    return " + ".join(f"{label} {percent(share / total)}" for label, share in zip(labels, shares))


# -- artists named in a sentence ------------------------------------------------------------------
# The words around an artist's name that ask for a painting ("make it like monet", "고흐 느낌으로
# 그려 주세요"): a message of names and these words only is a request for those artists.
REQUEST_WORDS = {
    "make", "it", "this", "look", "looks", "like", "in", "the", "style", "styled", "of", "please", "pls",
    "plz", "paint", "painted", "draw", "drawn", "as", "a", "an", "by", "can", "could", "you", "do", "into",
    "turn", "photo", "picture", "pic", "image", "painting",
    "처럼", "같이", "풍", "풍으로", "화풍", "화풍으로", "스타일", "스타일로", "느낌", "느낌으로", "그림", "그림으로",
    "그림처럼", "로", "으로", "그려", "그려줘", "그려줘요", "그려주세요", "주세요", "줘", "줘요", "해", "해줘",
    "해줘요", "해주세요", "만들어", "만들어줘", "만들어줘요", "만들어주세요", "바꿔", "바꿔줘", "바꿔줘요",
    "바꿔주세요", "좀", "부탁해", "부탁해요", "부탁드려요", "이", "이거", "이걸", "사진", "사진을", "버전", "버전으로",
    # the other common ways to ask, polite and casual: "모네로 해주세요", "고흐 느낌 나게 해 줘", "모네 ㄱㄱ"
    "해줄래", "해줄래요", "해봐", "해주라", "해줘용", "해주세용", "그려줄래", "그려줄래요", "그려주라", "바꿔줄래",
    "바꿔주라", "만들어줄래", "변환해줘", "변환해주세요", "부탁합니다", "부탁드립니다", "부탁해용", "나게", "ㄱㄱ",
    "해주실래", "해주실래요", "그려주실래요", "바꿔주실래요", "내줘", "내주세요",      # "클림트 느낌 좀 내줘"
    "해봐요", "작품", "작품으로", "작품처럼", "작품같이",                             # "모네 작품처럼 해줘"
    "i", "i'd", "want", "wanna", "try", "use", "let's", "lets",      # "I want monet", "let's try monet"
}
# the request words that ask for a painting on their own: text sent without a photo paints the
# last one only with one of these, a style cue or nothing but the name ("do you like monet?" is chatter)
# the verbs of a wish: they ask only as the user's own ("I want monet", not "do you want monet?")
WISH_VERBS = {"i'd", "want", "wanna", "try", "use", "let's", "lets"}
REQUEST_VERBS = {
    "make", "paint", "draw", "turn", "그려", "그려줘", "그려줘요", "그려주세요", "만들어", "만들어줘", "만들어줘요",
    "만들어주세요", "바꿔", "바꿔줘", "바꿔줘요", "바꿔주세요",
    # "해" (do) asks as 그려 (paint) does: "모네로 해줘", "모네로 해 줘" (the 줘 a word of its own)
    "해", "해줘", "해줘요", "해주세요", "해줄래", "해줄래요", "해봐", "해주라", "해줘용", "해주세용", "그려줄래",
    "그려줄래요", "그려주라", "바꿔줄래", "바꿔주라", "만들어줄래", "변환해줘", "변환해주세요", "ㄱㄱ",
    "해주실래", "해주실래요", "그려주실래요", "바꿔주실래요", "내줘", "내주세요", "해봐요", *WISH_VERBS,
}
# words that change nothing about a bare name: "monet please", "고흐 좀"
POLITE_WORDS = {"please", "pls", "plz", "좀", "주세요", "부탁해", "부탁해요", "부탁드려요", "부탁합니다", "부탁드립니다",
                "부탁해용"}
# words of a question or a chat around a name ("do you like monet?", "can you do it like this monet")
# ("I like monet" after a photo is chat too; "I want monet" asks: "want" is a verb)
CHATTER_WORDS = {"do", "you", "can", "could", "it", "this", "a", "an", "as", "by", "i"}
# endings a name takes: Korean particles and "in the style of" (고흐처럼, 김홍도풍으로, 모네의,
# 고흐처럼그려줘 written without spaces) and English's possessive (monet's style)
STYLE_ENDINGS = ("처럼", "같이", "풍", "풍으로", "화풍", "화풍으로", "스타일", "스타일로", "느낌", "느낌으로")
# (monet’s too: plain_word straightens the apostrophe)
# ("요": the polite ending on a bare name or its particle, "고흐요", "고흐로요")
PLAIN_ENDINGS = ("으로", "로", "의", "를", "을", "요", "그려줘", "그려줘요", "그려주세요", "'s")
# the words next to a name that say it is the style asked for: "like monet", "monet style",
# "in the style of monet", "모네 풍으로"
STYLE_CUES_AFTER = {"style", "styled", "그림처럼", "그림같이", "작품처럼", "작품같이", *STYLE_ENDINGS}


# laughter and crying typed in letters, on a word or alone: "해줘ㅎㅎ", "모네로 ㅋㅋ", "ㅠㅠ"
LAUGHTER = re.compile(r"[ㅋㅎㅠㅜ]+(?=[\s.,!?~]|$)")


# a Korean request's ending on a word that is no request word itself: "섞어줘", "믹스해 주세요"
ASKING_ENDINGS = ("줘", "줘요", "주세요", "줄래", "줄래요")


def without_laughter(text: str) -> str:
    """"모네로 해줘ㅎㅎ" -> "모네로 해줘": what a chat adds to a request, no word of it. Kept where
    no request word is left ("고흐 ㅋㅋ", "모네 ㅠㅠ": a name laughed or cried at is a reaction to
    it, no choice of it, and still asks for no painting)."""
    if not LAUGHTER.search(text):
        return text
    words = LAUGHTER.sub("", text).split()
    asking = any(plain_word(w) in REQUEST_VERBS | POLITE_WORDS or plain_word(w).endswith(ASKING_ENDINGS)
                 for w in words)
    return " ".join(words) if asking else text


def plain_word(word: str) -> str:
    """"Please!" -> "please": a word without the punctuation around it, in lower case; a phone's
    curly apostrophe inside it as the straight one ("don’t" -> "don't": an iPhone types it)."""
    return re.sub(r"^[^\w']+|[^\w']+$", "", word.casefold()).replace("’", "'")


def is_request_word(word: str) -> bool:
    """"like", "please", "스타일로", "그려줘": a word that asks for a painting, no name."""
    return plain_word(word) in REQUEST_WORDS


def asks_on_its_own(words: list[str]) -> str | None:
    """What the request words (no names) around a name say without a photo: "bare" (none, or
    only polite ones), "verb" (one asks for a painting: "paint it like monet"), "chatter" (a
    question's words and no verb: "do you like monet?"), else None (a style cue may still ask)."""
    plain = {plain_word(w) for w in words} - POLITE_WORDS
    if not plain:
        return "bare"
    verbs = plain & REQUEST_VERBS
    if verbs - WISH_VERBS or (verbs and "you" not in plain):
        return "verb"
    return "chatter" if plain & CHATTER_WORDS else None


def name_stems(word: str) -> list[tuple[str, bool]]:
    """"김홍도풍으로" -> [("김홍도풍", False), ("김홍도", True)]: the word without the endings a
    name takes (STYLE_ENDINGS, PLAIN_ENDINGS, one after another), least taken off first; True
    where an ending said "in the style of". The caller keeps a stem only where it is a known
    name: "정선으로 가는 길" is no request, and "모네로" is 모네 only because 모네 is an artist."""
    stems: dict[str, bool] = {}
    todo = [(plain_word(word), False)]
    while todo:
        text, styled = todo.pop()
        for ending in STYLE_ENDINGS + PLAIN_ENDINGS:
            if text.endswith(ending) and len(text) > len(ending):
                stem = text[:-len(ending)]
                cue = styled or ending in STYLE_ENDINGS
                if stems.get(stem) is None or cue and not stems[stem]:
                    stems[stem] = cue
                    todo.append((stem, cue))
    return sorted(stems.items(), key=lambda item: -len(item[0]))


# a "like" said not to be: "I don't like monet", "not like gogh" name no style
NOT_LIKE = {"not", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "never", "no", "won't", "isn't"}


def names_the_style(before: list[str], after: str | None) -> bool:
    """A name with ``before`` (the words before it) and ``after`` (the word after it) around it
    is the style asked for: "like monet" (not "I don't like monet"), "in the style of monet",
    "monet style", "모네 풍으로"."""
    last = [plain_word(w) for w in before[-2:]]
    if last[-1:] == ["like"]:
        # the two words before "like" in its clause: "not gogh, just like monet" likes monet; a
        # cue after the name changes nothing ("I don't like monet style")
        clause = itertools.takewhile(lambda w: not re.search(r"[,.;!?]$", w), before[-3:-1][::-1])
        return not NOT_LIKE & {plain_word(w) for w in clause}
    return last == ["style", "of"] or (after is not None and plain_word(after) in STYLE_CUES_AFTER)


# -- a strength said in words -------------------------------------------------------------------
# The strengths a word beside an artist asks for ("gogh strongly", "모네 살짝"), read as "gogh 100%"
# and "monet 50%" are. Strong is the most /strength takes (also DEFAULT_STRENGTH, but a user's own
# lower /strength is overridden); light is halfway, two /weaker steps (STRENGTH_STEP) below it:
# the least that still looks like the artist, where "a touch of" reads as a quarter too faint.
STRONG_STRENGTH, LIGHT_STRENGTH = 1.0, 0.5

_EN_MORE = r"(?:(?:very|really|extra|super|quite)\s+)?"
_KO_MORE = r"(?:(?:아주|엄청|완전|진짜|정말|되게|최대한|많이|좀|조금)\s*)?"
_STRONG_STEMS = r"(?:강하|진하|세|쎄|짙|찐하|강렬하)"
_LIGHT_STEMS = r"(?:약하|연하|옅|흐리|은은하)"


def _phrases(*patterns: str) -> re.Pattern:
    """Whole words (a comma or "!" after them goes with them, a polite 요 too: "은은하게요")."""
    return re.compile(r"(?<!\S)(?:" + "|".join(patterns) + r")(?:요)?[.,!?~]*(?=\s|$)", re.IGNORECASE)


# a light word said not to be ("not too light", "너무 약하지 않게"): how strong, then? left unread
NOT_LIGHT = _phrases(r"not\s+(?:too\s+|so\s+|that\s+|very\s+)?(?:light(?:ly)?|weak(?:ly)?|subtle|subtly|faint(?:ly)?)",
                     r"(?:너무\s*)?" + _LIGHT_STEMS + r"지\s*(?:않게|않도록)", r"(?:너무\s*)?안\s*" + _LIGHT_STEMS + "게")
STRENGTH_WORDS = [
    # a strong word said not to be: light ("not too strong", "너무 강하지 않게", "안 진하게")
    (_phrases(r"(?:but\s+)?not\s+(?:too\s+|so\s+|that\s+|very\s+|overly\s+)?(?:strong(?:ly)?|intense(?:ly)?|heavy|heavily)",
              r"(?:너무\s*)?" + _STRONG_STEMS + r"지\s*(?:않게|않도록)", r"(?:너무\s*)?안\s*" + _STRONG_STEMS + "게"),
     LIGHT_STRENGTH),
    (_phrases(r"(?:an?\s+)?" + _EN_MORE + r"(?:strong(?:ly)?|intense(?:ly)?|heavily)", r"(?:at\s+)?full\s+strength",
              _KO_MORE + _STRONG_STEMS + "게"),
     STRONG_STRENGTH),
    (_phrases(r"(?:just\s+)?a\s+(?:little(?:\s+bit)?|tiny\s+bit|bit|touch|hint|dash)(?:\s+of)?",
              r"(?:just\s+)?" + _EN_MORE + r"(?:slightly|lightly|subtly|gently|faintly|weakly)",
              r"(?:an?\s+)?" + _EN_MORE + r"(?:light|subtle|weak|faint)",
              _KO_MORE + r"(?:" + _LIGHT_STEMS + r"게|살짝|약간|가볍게|조금만)"),
     LIGHT_STRENGTH),
]


STRENGTH_MARK = "\x00strength"      # where a word of strength stood, as one word, and its number


def strength_in_words(text: str, is_name: Callable[[str], bool] = lambda name: False) -> tuple[str, float | None]:
    """"gogh strongly" -> ("gogh", STRONG_STRENGTH), "just a touch of monet" -> ("monet",
    LIGHT_STRENGTH) (``is_name``: whether words are an artist's name): the text without its
    words of strength, and the strength they ask for; (text, None) where it has none, or where
    they say two things ("strong and light") or a light one is said not to be ("not too
    light"). Only words said of the artist count (said_of_the_artist): "light colours", "a bit
    of blue", "light like monet" are none. Whether an artist is asked for is the caller's ("I
    strongly agree" names none; "I like monet a little" is no request)."""
    if NOT_LIGHT.search(text):
        return text, None
    said: list[tuple[str, float]] = []          # each word of strength as typed, and its strength

    def marked_as(strength: float) -> Callable[[re.Match], str]:
        def mark(match: re.Match) -> str:
            said.append((match.group(0), strength))
            return f" {STRENGTH_MARK}{len(said) - 1} "
        return mark

    marked = text
    for phrase, strength in STRENGTH_WORDS:
        marked = phrase.sub(marked_as(strength), marked)
    words, kept, found = marked.split(), [], set()
    for at, word in enumerate(words):
        if not word.startswith(STRENGTH_MARK):
            kept.append(word)
            continue
        typed, strength = said[int(word[len(STRENGTH_MARK):])]
        if said_of_the_artist(words, at, is_name, ends_a_clause=typed.rstrip()[-1:] in ",.!?~"):
            found.add(strength)
        else:
            kept.append(typed)
    if len(found) != 1:
        return text, None
    return " ".join(kept), found.pop()


def said_of_the_artist(words: list[str], at: int, is_name: Callable[[str], bool], ends_a_clause: bool = False) -> bool:
    """Whether the word of strength at ``at`` (a STRENGTH_MARK among ``words``) says how strongly
    to paint the artist. The rule: it touches the name, just before it ("a strong gogh", "살짝
    모네로") or just after it ("gogh, strongly", "모네 살짝"; a style cue may stand between:
    "모네 느낌 살짝", "monet style, lightly"), and nothing but a request word follows it ("monet,
    lightly please"). Otherwise it says how something else is: the word after it ("light
    colours", "slightly brighter", "살짝 밝게") or the likeness ("light like monet", "it looks a
    little like monet": such a user wants monet, not a light monet). Another word of strength
    may stand between it and the name ("모네 살짝 약하게"), and a number ("gogh 0.6 strongly").
    ``ends_a_clause``: a comma or "!" typed after it: it says nothing of a name after that ("the
    light is strong, monet please", "strong! monet please")."""
    def is_mark(word: str) -> bool:
        return word.startswith(STRENGTH_MARK)

    after = list(itertools.dropwhile(is_mark, words[at + 1:]))
    if not ends_a_clause and name_starts(after, is_name):
        return True
    if after and plain_word(after[0]) and not is_request_word(after[0]):
        return False
    # (a number typed after the name is read as its strength instead: "gogh 0.6 strongly" is 0.6)
    before = list(itertools.dropwhile(lambda w: is_mark(w) or plain_word(w) in STYLE_CUES_AFTER or is_number(w),
                                      words[:at][::-1]))
    return name_starts(before, is_name, backwards=True)


def name_starts(words: list[str], is_name: Callable[[str], bool], backwards: bool = False) -> bool:
    """Whether ``words`` start with an artist's name of up to three words, the one nearest the
    start with its Korean ending ("모네로 해줘", "고흐처럼"); ``backwards``: ``words`` are read
    from the end of the text ("... van gogh" as ["gogh", "van", ...])."""
    for n in range(1, min(len(words), 3) + 1):
        near, far = words[0], [plain_word(w) for w in words[1:n]]
        for stem in [plain_word(near)] + [s for s, _ in name_stems(near)]:
            if stem and is_name(" ".join(far[::-1] + [stem] if backwards else [stem] + far)):
                return True
    return False


# -- preferences ------------------------------------------------------------------------------
def read_switch(text: str) -> bool | None:
    """/keepcolors: True for on, yes, 켜기, 네..., False for off, no, 끄기, 아니요...; None otherwise."""
    word = text.strip().lower()
    if word in ON_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    return None


def is_clear_word(text: str) -> bool:
    """/setstyle off (none, 끄기, 해제...): no default artist."""
    return text.strip().lower() in CLEAR_WORDS


def read_size(text: str, named: dict[str, int]) -> int | None:
    """/size: a named size ("xl", "아주 크게"), or pixels ("512", "512px", "512 px"); None otherwise."""
    word = " ".join(text.lower().split())
    word = SIZE_WORDS.get(word, word)
    if word in named:
        return named[word]
    word = re.sub(r"\s*(px|pixels?|픽셀)$", "", word)
    return int(word) if word.isdecimal() else None     # not isdigit(): "²" is a digit int() refuses


def read_language(text: str) -> str | None:
    """/lang: "en" or "ko" from a code ("ko-KR", "en_US"), or the language's name in either."""
    word = text.strip().lower().replace("_", "-")
    if not word:
        return None
    return LANGUAGES.get(word) or LANGUAGES.get(word.split("-")[0])
