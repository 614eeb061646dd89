"""A burst of /stronger at full strength is said once (QUIET_KEYS), but the refusal names one
painting: "/stronger" replying to painting A, then to painting B a moment later, left B's
unanswered on Telegram and in Discord messages (found by a review). Each painting's refusal is
its own news; the same painting's burst is still said once."""
from __future__ import annotations

from bot.messages import t

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req, say


async def test_full_strength_refusals_of_two_paintings_are_both_said(layer, fake_queue):
    await say(layer, "/gogh", images=[make_photo(seed=1)])
    await say(layer, "/monet", images=[make_photo(seed=2)])
    a, b = fake_queue.jobs[0].id, fake_queue.jobs[1].id
    outs = [Recorder() for _ in range(4)]
    for ref, out in zip((a, a, b, b), outs):
        await layer.handle(req("/stronger", reply_ref=ref), out)
    assert [out.texts for out in outs] == [[t("en", "already_max")], [], [t("en", "already_max")], []]
    # typed with the painting's reference (its button's command): the same painting, said a moment ago
    assert [(await say(layer, f"/stronger #{ref}")).texts for ref in (a, b)] == [[], []]
