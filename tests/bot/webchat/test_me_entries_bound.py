"""The page's record of the user's own bubbles (meEntries: client id -> its saved entry) grew by
each message sent over a tab open for days; the conversation it saves (history) keeps its newest
KEEP_SHOWN to 2 x KEEP_SHOWN entries, and the bot's entries (botEntries) went with the pruned ones.
The user's go with them now. A unit check of the page's own remember() (its source, from
index.html), run by node with the variables it uses."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from bot.webchat import STATIC

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(not NODE, reason="needs node to run the page's script")


def page_function(name: str) -> str:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    found = re.search(rf"\n(  function {name}\(.*?\n  \}})\n", page, re.S)
    assert found, name
    return found.group(1)


def run(script: str) -> dict:
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_users_entries_are_pruned_with_the_saved_conversation():
    script = f"""
      const KEEP_SHOWN = 60; let history = []; const botEntries = {{}}, meEntries = {{}};
      function save() {{}}
      {page_function("remember")}
      for (let i = 1; i <= 500; i++) {{
        if (i % 2) {{ const e = {{me: {{text: "m" + i, ids: []}}}}; meEntries[String(i)] = e; remember(e); }}
        else {{ botEntries["b" + i] = {{bot: {{id: "b" + i}}}}; remember(botEntries["b" + i]); }}
      }}
      console.log(JSON.stringify({{history: history.length, me: Object.keys(meEntries),
        kept: history.filter((e) => e.me).map((e) => Object.keys(meEntries).find((k) => meEntries[k] === e)),
        bot: Object.keys(botEntries).length}}));
    """
    seen = run(script)
    assert seen["history"] <= 120
    assert len(seen["me"]) <= 60, len(seen["me"])          # it was 250
    # each bubble the conversation keeps still has its entry (its marks and acks find it)
    assert seen["kept"] and None not in seen["kept"] and sorted(seen["kept"], key=int) == sorted(seen["me"], key=int)
    assert "499" in seen["me"] and "1" not in seen["me"]
    assert seen["bot"] == seen["history"] - len(seen["me"])
