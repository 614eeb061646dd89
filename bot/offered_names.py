"""A suggestion's text kept to the names its buttons offer. A button whose command is past
Telegram's 64 bytes (a long slug, the words typed after a mistyped command, the photo's
" #<hash>") is dropped (CommandLayer.offer); its name stayed in the text: "Did you mean: Claude
Monet or Piet Mondrian?" over one button, Claude Monet's."""
from __future__ import annotations

from .errors import BotError


def offered_only(exc: BotError, labels: list[str]) -> None:
    """``exc``'s choices and suggestions cut to those of ``labels`` (the buttons kept, in order).
    Suggestions as a list stay one (unknown_style's, said by did_you_mean); a mistyped command's
    text (unknown_command_near) becomes the list, said with "or" (names_or) as its text is made."""
    kept = set(labels)
    exc.params["choices"] = [(label, name) for label, name in exc.params.get("choices") or [] if label in kept]
    if "suggestions" in exc.params:
        exc.params["suggestions"] = [label for label, _ in exc.params["choices"]]
