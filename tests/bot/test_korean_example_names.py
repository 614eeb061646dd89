"""The artists' Korean names a usage reply's example shows ("/섞기 고흐 70% 모네"): as_typed built
the slug -> Korean name map on every such reply; it is built once now, and again only when the
layer's artists change (another catalog, or an artist replaced in its list)."""
import dataclasses

from styles.catalog import Catalog

from tests.bot.test_commands import say


def with_gogh_named(catalog, first_korean_alias):
    """The catalog's artists, gogh with ``first_korean_alias`` as its first Korean alias."""
    return [dataclasses.replace(a, aliases=(first_korean_alias, *a.aliases)) if a.slug == "gogh" else a
            for a in catalog.artists]


async def test_built_once_for_many_replies(layer, photo):
    first = layer._korean_artist_names()
    for _ in range(3):
        text = (await say(layer, "/섞기 고흐", images=[photo], locale="ko")).texts[0]
        assert "/섞기 고흐 70% 모네" in text, text
    assert layer._korean_artist_names() is first


async def test_another_catalog_is_read_again(layer, photo):
    await say(layer, "/섞기 고흐", images=[photo], locale="ko")
    layer.catalog = Catalog(with_gogh_named(layer.catalog, "반 고흐"))
    # (the Korean texts name their examples' artists in Korean now: the map is read, not shown)
    assert layer._korean_artist_names()["gogh"] == "반 고흐"


async def test_an_artist_replaced_in_the_list_is_read_again(layer, photo):
    layer.catalog = Catalog(list(layer.catalog.artists))     # (a copy: the shared catalog is cached)
    await say(layer, "/섞기 고흐", images=[photo], locale="ko")
    layer.catalog.artists[:] = with_gogh_named(layer.catalog, "빈센트")
    assert layer._korean_artist_names()["gogh"] == "빈센트"
