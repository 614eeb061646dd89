"""A follow-up after a painting that names one artist as a question or a try: "how about
monet?", "could you try monet", "can you do monet?", "모네도 돼?", "모네 가능?", "모네 버전도 보고 싶어".

Such text asks for the last photo in another style, but names the artist without the request
words ArtistMentions reads ("paint it like monet", "모네로 해줘"), so it got "Send me a photo".
Only whole messages of these shapes are read, the name the one thing left: "monet was french",
"I like monet's colours" are chat, and the caller paints only a catalog style's name, and only
just after a painting or the artist buttons (CommandLayer._hint_key's cases).
"""
from __future__ import annotations

import re

# the shapes; NAME is what is left of the message (the caller checks it is a style's name)
FOLLOW_UPS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^(?:(?:and|ok|okay|so|then|now),?\s+)?(?:how|what)\s+about\s+(?P<name>.+?)(?:\s+(?:instead|too|then|now))?\s*[?!.~]*$",
    r"^(?:(?:could|can|would|will)\s+you\s+)?(?:please\s+)?try\s+(?P<name>.+?)(?:\s+(?:instead|too|please|now|next))*\s*[?!.~]*$",
    r"^(?P<name>\S+?)(?:도|로도|으로도)\s*(?:돼|되나요|될까|될까요|돼요|되요|가능해|가능해요|가능할까요|해\s*줘|해\s*줘요|해\s*주세요|해\s*줄래|해\s*줄래요)\s*[?!.~]*$",
    # an artist offered as a question is asked for: "can you do monet?", "is monet possible?",
    # "모네 가능?", "모네로 가능할까요?", "모네 되나요?" (a mix asked so is no one name: "can you mix
    # gogh and monet?" stays chat, as the caller paints only a style's name)
    r"^(?:(?:and|ok|okay|so|then|now),?\s+)?(?:(?:can|could|would|will)\s+you|do\s+you)\s+(?:please\s+)?do\s+"
    r"(?:(?:it|this|one)\s+)?(?:(?:in|as|like)\s+)?(?:an?\s+)?(?P<name>.+?)"
    r"(?:\s+(?:style|version|instead|too|please|now|next|as\s+well))*\s*[?!.~]*$",
    r"^(?:is\s+)?(?P<name>.+?)\s+possible(?:\s+too)?\s*[?!.~]*$",
    r"^(?P<name>\S+?)(?:도|로도|으로도|로|으로)?\s*(?:가능|가능해|가능해요|가능할까|가능할까요|가능한가요|가능하나요|가능합니까|"
    r"되나요|될까요)\s*[?!.~]*$",
    r"^(?P<name>\S+)\s+버전도\s*(?:보고\s*싶어|보고\s*싶어요|보여\s*줘|보여\s*줘요|보여\s*주세요|해\s*줘|해\s*주세요)\s*[?!.~]*$",
)]


def name_followed_up(text: str) -> str | None:
    """The name a follow-up message asks to try ("how about monet?" -> "monet"), else None."""
    plain = " ".join(text.split())
    for shape in FOLLOW_UPS:
        found = shape.match(plain)
        if found:
            return found.group("name").strip(" ,")
    return None
