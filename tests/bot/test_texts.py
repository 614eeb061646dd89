"""The reply texts of bot/messages, checked as a user meets them: test_commands.py's
test_messages_complete_in_both_languages holds that both files have the same keys and {names};
here every text also formats (a stray "{" or "}" in one language raised at reply time, where the
user got nothing, and no key check saw it), and every key the code names is there (t() of a key
that is missing answered the user with the key itself: "style_usage")."""
from __future__ import annotations

import ast
import string
from pathlib import Path

from bot.messages import LANGS, table

BOT = Path(__file__).resolve().parents[2] / "bot"


def format_problems(texts: dict[str, str]) -> list[str]:
    """The keys of ``texts`` that do not format with every {name} they have given (each with why)."""
    problems = []
    for key, text in texts.items():
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            said = text.format(**{name: "X" for name in fields})
        except (ValueError, KeyError, IndexError, AttributeError) as exc:
            problems.append(f"{key}: {exc}")
            continue
        if not all(name.isidentifier() for name in fields):    # "{}", "{0}", "{a.b}": no name the code gives
            problems.append(f"{key}: fields {sorted(fields)}")
        elif "{" in said or "}" in said:
            problems.append(f"{key}: a brace left in {said!r}")
    return problems


def test_every_text_formats_in_both_languages():
    for lang in LANGS:
        assert format_problems(table(lang)) == [], lang


def test_a_broken_text_is_found():
    """The check above finds what it is for (so a file broken so fails it)."""
    assert format_problems({"ok": "Done in {seconds} s.", "plain": "Cancelled."}) == []
    for broken in ("Done in {seconds s.", "Done in seconds} s.", "{} s", "{seconds.real} s", "{0} s"):
        assert format_problems({"k": broken}), broken


def named_keys() -> dict[str, str]:
    """Every text key bot/ names literally: t(lang, "key"), BotError("key"), USAGE's values -> where."""
    from bot.commands import USAGE

    keys = {key: "bot.commands.USAGE" for key in USAGE.values()}
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            at = {"t": 1, "BotError": 0}.get(func)
            if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant) \
                    and isinstance(node.args[at].value, str):
                keys[node.args[at].value] = f"{path.relative_to(BOT.parent)}:{node.lineno}"
    return keys


def test_every_key_the_code_names_has_a_text():
    keys = named_keys()
    assert len(keys) > 100 and "style_usage" in keys and "no_photo" in keys      # the scan sees them
    for lang in LANGS:
        missing = {key: where for key, where in keys.items() if key not in table(lang)}
        assert missing == {}, (lang, missing)
