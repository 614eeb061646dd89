"""A user at the limits whose photo names a renamed style (a default a /renamestyle left as it was,
another community having a style of that name; or the old name's own command) had the photo
downloaded before its refusal: the limits' check read the name with find_style, which knows no
rename, and took the photo for one that paints nothing. It reads it as painting now (as the
photo's own path, current_style, does), so the front-end skips the download."""
import pytest

from tests.bot.test_commands import req, say
from tests.bot.test_rename_default_of_another_community import A, ink_in_both


async def at_the_limit_after_a_rename(layer, store):
    layer.settings.MAX_PENDING_PER_USER = 1
    await ink_in_both(layer, store)                            # tg:8's default: "Ink" (B's)
    await say(layer, "/renamestyle ink Blot", admin=True, user="tg:7", **A)
    assert store.prefs("tg:8").default_style == "Ink"          # (B has an Ink: not rewritten)
    layer.pending["tg:8"] = {"an earlier painting"}            # at MAX_PENDING_PER_USER
    return layer


async def skips(layer, text: str) -> bool:
    request = req(text, user="tg:8", **A)
    request.seq = layer.arrive(request.user_id, request.chat_id, request.text)
    return await layer.skips_download(request)


async def test_a_photo_alone_with_a_renamed_default_skips_its_download_at_the_limit(layer, store):
    layer = await at_the_limit_after_a_rename(layer, store)
    assert await skips(layer, "")


@pytest.mark.parametrize("text,skipped", [("/ink", True), ("/style ink", True),
                                          ("/nosuchstyle", False)])     # (told its mistake with the photo)
async def test_the_old_names_command_skips_its_download_at_the_limit(layer, store, text, skipped):
    layer = await at_the_limit_after_a_rename(layer, store)
    assert await skips(layer, text) is skipped
