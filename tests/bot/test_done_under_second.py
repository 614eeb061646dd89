"""QA: a painting done in under a second was told "✅ 빈센트 반 고흐: 1초도 안 되는 시간 만에
완성했어요." (done's "{seconds} 만에" with "under a second" as its duration). Its line says
"1초도 안 걸려 완성했어요" now; English "done in under a second" as before."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang,name", [("en", "Vincent van Gogh"), ("ko", "빈센트 반 고흐")])
async def test_a_painting_done_at_once(layer, photo, lang, name):
    out = await say(layer, "/style gogh", images=[photo], locale=lang)      # (the fake queue: at once)
    assert t(lang, "done_under_second", style=name) in out.texts, out.texts
    assert not any("되는 시간 만에" in text for text in out.texts), out.texts


def test_the_korean_line():
    assert t("ko", "done_under_second", style="빈센트 반 고흐") == "✅ 빈센트 반 고흐: 1초도 안 걸려 완성했어요."


async def test_a_preview_done_at_once(layer, photo):
    out = await say(layer, "/preview", images=[photo], locale="ko")
    assert any(text.endswith("1초도 안 걸려 완성했어요.") for text in out.texts), out.texts
    assert not any("되는 시간 만에" in text for text in out.texts), out.texts
