"""QA: /settings said "strength: 1" ("강도: 1") while captions say "strength 75%"; /mydata showed a mix
weight 0.30000000000000004; "/mix gogh 1 monet" got the generic "Write a mix like this". A strength
reads as a percentage everywhere, weights are stored rounded, and a weight that leaves nothing for
the other artist says so."""
from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_settings_and_strength_show_a_percentage_as_captions_do(layer, lang):
    await say(layer, "/strength 0.75", locale=lang)
    settings = (await say(layer, "/settings", locale=lang)).texts[0]
    assert t(lang, "note_strength", percent="75%").split()[-1] in settings
    line = next(line for line in settings.splitlines() if "75%" in line)
    assert line.strip() in ("strength: 75%", "강도: 75%"), settings
    assert (await say(layer, "/strength 0.6", locale=lang)).texts == [t(lang, "strength_done_percent", percent="60%")]


async def test_the_default_strength_is_shown_as_a_percentage_too(layer):
    settings = (await say(layer, "/settings")).texts[0]
    assert f"strength: {round(100 * layer.settings.DEFAULT_STRENGTH)}%" in settings, settings


async def test_a_mix_weight_is_stored_and_exported_rounded(layer, photo):
    await say(layer, "/mix gogh 0.7 monet", images=[photo])
    assert layer.store.prefs("tg:1").last_styles == [["gogh", 0.7], ["monet", 0.3]]
    layer._mydata_times.clear()
    out = await say(layer, "/mydata")
    data = next(r.document for r in out.sent if getattr(r, "document", None))
    text = zipfile.ZipFile(io.BytesIO(data[1] if isinstance(data, tuple) else data)).read("mydata.json").decode()
    assert "0.30000000000000004" not in text and "0.3" in text
    assert json.loads(json.loads(text)["jobs"][0]["styles"])[1][2] == 0.3


def test_rows_written_before_the_rounding_are_exported_rounded(store):
    store.record_job(id="j1", user_id="tg:1", chat_id="tg:1", platform="tg", command="/mix", method="adain",
                     alpha=1.0, max_side=128, styles='[["artist", "monet", 0.30000000000000004]]',
                     created=time.time(), seconds=1.0, ok=True, error_key=None)
    exported = store.export_user("tg:1")
    assert json.loads(exported["jobs"][0]["styles"]) == [["artist", "monet", 0.3]]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("text", ["/mix gogh 1 monet", "/mix gogh 100% monet", "/mix gogh 60 monet 40 klimt"])
async def test_a_weight_leaving_nothing_says_who_gets_nothing(layer, fake_queue, photo, lang, text):
    out = await say(layer, text, images=[photo], locale=lang)
    said = "\n".join(out.texts)
    assert said != t(lang, "bad_mix") and not fake_queue.jobs
    rest = "Gustav Klimt" if "klimt" in text else "Claude Monet"
    name = layer.catalog.get(rest.split()[-1].lower()).name(lang)
    assert name in said and "100%" in said, said


async def test_other_bad_mixes_keep_the_generic_text(layer, fake_queue, photo):
    for text in ("/mix gogh 0 monet", "/mix gogh 1.5 monet", "/mix gogh"):
        assert (await say(layer, text, images=[photo])).texts == [t("en", "bad_mix")], text
    assert not fake_queue.jobs
