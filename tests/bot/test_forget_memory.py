"""/forgetme left the command layer's memories of the user: a refusal said once a burst (the
10-second quiet slots) stayed quiet after it, "how to pick an artist" still answered text after a
photo that /forgetme had deleted, and /mydata just after was "wait a minute" for an export of
nothing. Now nothing keyed by the user is left there."""
from __future__ import annotations

import io
import json
import zipfile

from bot.messages import t

from tests.bot.test_commands import say


async def test_forgetme_clears_the_layers_memories_of_the_user(layer, photo):
    user = "tg:41"
    assert (await say(layer, "/stronger", user=user)).texts == [t("en", "no_previous")]
    assert (await say(layer, "/stronger", user=user)).texts == []        # said once a burst
    offered = await say(layer, "", images=[photo], user=user)            # the artist buttons
    assert offered.sent[0].buttons
    before = await say(layer, "/mydata", user=user)
    assert before.sent[0].document
    assert (await say(layer, "/forgetme yes", user=user)).texts == [t("en", "forgot")]

    # a new start: the refusal is said again, the deleted photo's buttons are not "just offered",
    # and /mydata exports at once, with nothing in it
    assert (await say(layer, "/stronger", user=user)).texts == [t("en", "no_previous")]
    assert (await say(layer, "hello there", user=user)).texts == [t("en", "text_hint")]
    after = await say(layer, "/mydata", user=user)
    name, body = after.sent[0].document
    archive = zipfile.ZipFile(io.BytesIO(body))
    data = json.loads(archive.read("mydata.json"))
    assert data["jobs"] == [] and data["photos"] == [] and data["albums_offered"] == []   # (its row: new since)
    assert archive.namelist() == ["mydata.json"]


async def test_nothing_keyed_by_the_user_is_left_in_the_layer(layer, photo):
    user, other = "tg:42", "tg:43"
    for who in (user, other):
        await say(layer, "/stronger", user=who)
        await say(layer, "", images=[photo], user=who)
        await say(layer, "/mydata", user=who)
    await say(layer, "/forgetme yes", user=user)
    assert not any(key[0] == user for key in layer._refused)
    assert not any(key[0] == user for key in layer._offered)
    assert user not in layer._mydata_times
    # another user's are theirs still
    assert any(key[0] == other for key in layer._refused) and other in layer._mydata_times
    assert any(key[0] == other for key in layer._offered)


async def test_forgetme_forgets_the_artist_menus_just_shown(layer):
    """"Another artist" tapped twice says the menu is above; after /forgetme the menu comes again."""
    from tests.bot.test_forget_menus_shown import tapped
    user = "tg:44"
    assert not layer._menu_just_shown(tapped(user))
    assert layer._menu_just_shown(tapped(user))
    await say(layer, "/forgetme yes", user=user)
    assert not layer._menu_just_shown(tapped(user))
