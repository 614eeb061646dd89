"""A rename record leads an old name to the style it was renamed to, in the scope that renamed
it (a community's, or the operators' for everyone). The new name was looked up as any name is
(this community's styles, then everyone's, then the artists), so it could paint a style the
user never meant: a community's "Ink" renamed "Blot" and removed since led to the operators'
"Blot"; the operators' "Ink" renamed "Blot" led, in a community with a "Blot" of its own, to
the community's."""
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say
from tests.bot.test_rename_default_of_another_community import A, ink_in_both

OPERATOR = dict(user="tg:1000")


def label(store, scope: str, key: str, text: str) -> None:
    """Bytes of its own for the style's descriptor (the fake describer writes the same for all)."""
    store.style_path(store.find_style(scope, key)).write_bytes(text.encode())


async def test_a_renamed_then_removed_style_does_not_lead_to_the_operators_style_of_its_new_name(
        layer, store, fake_queue, photo):
    await ink_in_both(layer, store)                # tg:8's default: "Ink" (B's), kept by A's rename
    await say(layer, "/renamestyle ink Blot", admin=True, user="tg:7", **A)
    await say(layer, "/removestyle blot", admin=True, user="tg:7", **A)
    await say(layer, "/addstyle global Blot", images=[make_photo(80, 80, seed=9)], **OPERATOR)
    label(store, "global", "blot", "the operators' blot")
    out = await say(layer, "", images=[photo], user="tg:8", **A)
    assert out.texts[0] == t("en", "default_style_missing", name="Ink")
    out = await say(layer, "/style ink", images=[make_photo(seed=21)], user="tg:8", **A)
    assert not fake_queue.jobs, out.texts


async def test_an_operators_rename_leads_to_the_operators_style_not_the_communitys(layer, store, fake_queue):
    await say(layer, "/addstyle global Ink", images=[make_photo(80, 80, seed=2)], **OPERATOR)
    await say(layer, "/addstyle Blot", images=[make_photo(80, 80, seed=3)], admin=True, user="tg:7", **A)
    label(store, "global", "ink", "the operators' ink")
    label(store, "tg:-100", "blot", "the community's blot")
    out = await say(layer, "/renamestyle global ink Blot", **OPERATOR)
    assert store.find_style("global", "blot") is not None, out.texts
    # "/style ink" there, as the buttons under its paintings from before say it
    out = await say(layer, "/style ink", images=[make_photo(seed=22)], user="tg:8", **A)
    assert [job.styles[0].value for job in fake_queue.jobs] == [b"the operators' ink"], out.texts
