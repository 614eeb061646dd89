"""/forgetme deletes the names of a user's private styles removed or renamed since (014's
removed_styles, private_of), but /mydata did not export them: mydata.json said nothing of rows
kept as that user's. A group's removed style's name is the group's, not in it."""
from __future__ import annotations

import io
import json
import zipfile

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

ME = dict(user="tg:42")


async def mydata_json(layer) -> dict:
    out = await say(layer, "/mydata", **ME)
    [document] = [r.document for r in out.sent if r.document]
    with zipfile.ZipFile(io.BytesIO(document[1])) as z:
        return json.loads(z.read("mydata.json"))


async def test_mydata_exports_the_private_styles_removed_or_renamed(layer, store):
    await say(layer, "/addstyle mine", images=[make_photo(80, 80, seed=4)], **ME)
    await say(layer, "/renamestyle mine Ours", **ME)
    await say(layer, "/addstyle Sketch", images=[make_photo(80, 80, seed=5)], **ME)
    await say(layer, "/removestyle sketch", **ME)
    await say(layer, "/addstyle Group Ink", images=[make_photo(80, 80, seed=6)], chat="tg:-100",
              community="tg:-100", mentioned=True, admin=True, **ME)
    await say(layer, "/removestyle group ink", chat="tg:-100", community="tg:-100", mentioned=True, admin=True, **ME)
    assert store.removed_style("tg:-100", "groupink") is not None
    rows = (await mydata_json(layer))["own_styles_removed_or_renamed"]
    assert [(r["name"], r["renamed_to"]) for r in rows] == [("mine", "Ours"), ("Sketch", None)]
    assert all(r["removed"] > 0 for r in rows)
    await say(layer, "/forgetme yes tg:42", **ME)
    assert store.export_user("tg:42")["own_styles_removed_or_renamed"] == []
