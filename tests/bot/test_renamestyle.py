"""/renamestyle OLD NEW: there was no way to rename a community style ("/renamestyle golden_age
Gilded" was answered "Did you mean: /removestyle?"). Admins only, as /addstyle and /removestyle;
the new name under /addstyle's rules (the same refusals); the style keeps its paintings,
descriptor, trained model and a training under way (its files keep their key); the users whose
default artist it was keep it under its new name; "/golden_age" afterwards names the new one."""
import pytest

from bot.messages import t
from bot.style_training import StyleTrainer

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)
ADMIN = dict(GROUP, admin=True, user="tg:7")


async def add_golden_age(layer, store):
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], **ADMIN)
    style = store.find_style("tg:-100", "goldenage")
    assert style is not None
    # its own bytes: the fake describer writes the same for every style, so a painting with any
    # style's descriptor looked like one with this one's
    store.style_path(style).write_bytes(b"golden age's descriptor")
    return style


async def test_rename_keeps_the_style_its_files_and_the_defaults(layer, store, fake_queue, photo):
    before = await add_golden_age(layer, store)
    await say(layer, "/setstyle golden age", user="tg:8", **GROUP)
    out = await say(layer, "/renamestyle golden_age Gilded", **ADMIN)
    after = store.find_style("tg:-100", "gilded")
    assert out.texts == [t("en", "renamestyle_done", old="Golden Age", name="Gilded", command="/gilded") + " " +
                         t("en", "renamestyle_defaults")]
    assert after.id == before.id and after.name == "Gilded" and after.paintings == before.paintings
    assert store.style_path(after) == store.style_path(before) and store.style_path(after).exists()
    assert store.model_paths(after) == store.model_paths(before)          # its model's and run's files too
    assert store.find_style("tg:-100", "goldenage") is None
    assert store.prefs("tg:8").default_style == "Gilded"
    await say(layer, "", images=[photo], user="tg:8", **GROUP)             # the default paints it, renamed
    assert fake_queue.jobs[-1].styles[0].value == b"golden age's descriptor"     # (carried)
    said = await say(layer, "/golden_age", user="tg:8", **GROUP)
    assert said.texts == [t("en", "style_renamed", name="Golden Age", new="Gilded", command="/gilded")]


async def test_a_trained_model_and_a_running_training_stay_the_styles(layer, store, settings):
    style = await add_golden_age(layer, store)
    run, model = store.model_paths(style)
    model.write_bytes(b"an exported style")
    store.set_training(style.id, training="used", adaptive_path=model)
    trainer = StyleTrainer(settings, store)
    training = store.get_style(style.id)          # as a run under way holds it
    await say(layer, "/renamestyle golden age Gilded Age", **ADMIN)
    renamed = store.find_style("tg:-100", "gildedage")
    assert renamed.has_own_model and store.data_dir / renamed.adaptive_path == model and model.exists()
    assert store.model_paths(renamed) == (run, model)
    assert trainer._still(training)                  # not taken for removed: its run reports on
    painted = layer.find_style("gilded age", layer_req())
    assert painted.ref.value == str(model)


def layer_req():
    from tests.bot.test_commands import req
    return req("/style gilded age", **GROUP)


async def test_a_new_style_of_the_old_name_gets_files_of_its_own(layer, store):
    renamed = await add_golden_age(layer, store)
    await say(layer, "/renamestyle golden_age Gilded", **ADMIN)
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=3)], **ADMIN)
    new = store.find_style("tg:-100", "goldenage")
    assert new is not None and new.id != renamed.id
    assert store.style_path(new) != store.style_path(renamed) and store.style_path(renamed).exists()
    assert store.style_path(renamed).read_bytes() == b"golden age's descriptor"     # not written over
    assert store.model_paths(new)[1] != store.model_paths(renamed)[1]
    said = await say(layer, "/golden_age", user="tg:8", **GROUP)         # the name is a style again
    assert not said.texts or "Gilded" not in said.texts[0]


async def test_only_admins_rename(layer, store):
    await add_golden_age(layer, store)
    out = await say(layer, "/renamestyle golden_age Gilded", user="tg:8", admin=False, **GROUP)
    assert out.texts == [t("en", "not_admin")]
    assert store.find_style("tg:-100", "goldenage") is not None


@pytest.mark.parametrize("typed,key,params", [
    ("gogh", "addstyle_taken", dict(name="gogh")),
    ("style", "addstyle_command", dict(name="style")),
    ("x" * 33, "addstyle_name_long", dict(count=33)),
    ("Gilded 2024", "addstyle_number", dict(name="Gilded 2024", number="2024", joined="Gilded2024"))])
async def test_the_new_name_follows_the_addstyle_rules(layer, store, typed, key, params):
    await add_golden_age(layer, store)
    out = await say(layer, f"/renamestyle golden_age {typed}", **ADMIN)
    assert out.texts == [t("en", key, **params)]
    assert store.find_style("tg:-100", "goldenage").name == "Golden Age"


async def test_a_name_another_style_has_is_refused(layer, store):
    await add_golden_age(layer, store)
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=4)], **ADMIN)
    out = await say(layer, "/renamestyle golden_age ink", **ADMIN)
    assert "Ink" in out.texts[0] and "/removestyle Ink" in out.texts[0]
    assert store.find_style("tg:-100", "goldenage") is not None


async def test_usage_missing_style_and_the_korean_name(layer, store):
    assert (await say(layer, "/renamestyle", **ADMIN)).texts == [t("en", "renamestyle_usage")]
    assert (await say(layer, "/renamestyle nothing Else", **ADMIN)).texts == [
        t("en", "removestyle_missing", name="nothing")]
    await add_golden_age(layer, store)
    assert (await say(layer, "/renamestyle golden_age", **ADMIN)).texts == [t("en", "renamestyle_usage")]
    out = await say(layer, "/화풍이름변경 golden_age 황금시대", locale="ko", **ADMIN)
    assert out.texts[0].startswith(t("ko", "renamestyle_done", old="Golden Age", name="황금시대", command="")[:20])
    assert store.find_style("tg:-100", "황금시대") is not None


async def test_a_private_chat_renames_its_own(layer, store):
    await say(layer, "/addstyle mine", images=[make_photo(80, 80, seed=5)], user="tg:42")
    out = await say(layer, "/renamestyle mine ours", user="tg:42")
    assert out.texts[0].startswith(t("en", "renamestyle_done", old="mine", name="ours", command="")[:30])
    assert store.find_style("tg:42", "ours").private == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_help_lists_it(layer, lang):
    text = (await say(layer, "/help", locale=lang)).texts[0]
    assert "/renamestyle" in text
    if lang == "ko":        # and among the Korean command words
        korean_line = next(line for line in text.splitlines() if line.startswith("한글 명령어도 돼요"))
        assert "/화풍이름변경" in korean_line


async def test_a_name_from_two_renames_ago_names_the_newest(layer, store):
    await add_golden_age(layer, store)
    await say(layer, "/renamestyle golden_age Gilded", **ADMIN)
    await say(layer, "/renamestyle gilded Amber", **ADMIN)
    said = await say(layer, "/golden_age", user="tg:8", **GROUP)
    assert said.texts == [t("en", "style_renamed", name="Golden Age", new="Amber", command="/amber")]
