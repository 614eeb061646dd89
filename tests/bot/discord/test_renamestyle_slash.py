"""Discord's /renamestyle slash command (as /addstyle and /removestyle are slash commands there):
its options "name" and "new_name" reach the layer's /renamestyle, for a member with Manage Server."""
from __future__ import annotations

import pytest

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.fake_discord import APP_ID, interaction

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_renamestyle_renames_the_servers_style(discord_fast):
    fake, frontend = discord_fast
    store = frontend.layer.store
    path = store.style_dir("dc:g555") / "sunset.safetensors"
    path.write_bytes(b"a descriptor")
    style_id = store.add_style("dc:g555", "Sunset", "sunset", path, 2, "dc:222222222222222222")
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "8", "name": "renamestyle", "type": 1,
        "options": [{"name": "name", "type": 3, "value": "Sunset"}, {"name": "new_name", "type": 3, "value": "Dusk"}]},
        USER, channel_id="444", guild_id="555", permissions=str(1 << 5)))
    await fake.wait_for(lambda: any("Renamed the style “Sunset” to “Dusk”" in (b.get("content") or "")
                                    for _, b, _ in fake.recorded("POST", f"/webhooks/{APP_ID}/") +
                                    fake.recorded("PATCH", "/messages/")))
    renamed = store.find_style("dc:g555", "dusk")
    assert renamed is not None and renamed.id == style_id and store.style_path(renamed) == path.resolve()
