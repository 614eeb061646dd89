"""Button taps under the photo or painting of a group admin who stays anonymous: Telegram sends
the tap from the person's own account, while their messages come as the group."""
from __future__ import annotations

import pytest

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 20.0
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
AS_GROUP = f"tg:{GROUP['id']}"


async def painted_anonymously(fake) -> dict:
    """An anonymous admin's photo captioned "/style gogh", painted: the painting's message."""
    fake.push("message", fake.message(ANONYMOUS_ADMIN, GROUP, photo=photo_sizes(fake, "anon", make_photo(128, 96)),
                                      sender_chat=GROUP, caption="/style gogh"))
    await fake.wait_for(lambda: fake.sent("sendPhoto", GROUP["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    params, _ = fake.sent("sendPhoto", GROUP["id"])[0]
    return params


def tap(fake, user: dict, painting: dict, command: str) -> None:
    [data] = [b["callback_data"] for row in painting["reply_markup"]["inline_keyboard"] for b in row
              if b["callback_data"].startswith(command)]
    message = fake._reply({"chat_id": GROUP["id"]}, caption=painting["caption"], reply_markup=painting["reply_markup"],
                          photo=[{"file_id": "out", "file_unique_id": "uout", "width": 128, "height": 96}])
    message["chat"] = GROUP
    fake.push("callback_query", {"id": f"cb{len(fake.calls)}", "from": user, "chat_instance": "ci", "data": data,
                                 "message": message})


@pytest.mark.parametrize("restarted", [False, True])
async def test_an_anonymous_admins_tap_is_the_groups_and_keeps_no_name_of_theirs(recorded, fake_queue, restarted):
    """"Weaker" under their painting, tapped by the admin: the job was the tapper's own, their
    real name kept with it to mention them should a restart deliver it. Now the tap is the
    group's, as the admin's messages are: the group's job, the group's name. (``restarted``: the
    front-end no longer remembers whom it sent the painting for; the store's job says it.)"""
    fake = recorded
    fake.chat_members[(GROUP["id"], ANN["id"])] = "administrator"
    fake.anonymous_admins.add((GROUP["id"], ANN["id"]))
    painting = await painted_anonymously(fake)
    if restarted:
        fake.frontend._sent_for.clear()
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    req = fake.handled[1]
    assert req.user_id == AS_GROUP and req.origin["name"] == GROUP["title"], (req.user_id, req.origin)
    assert [job.user_id for job in fake_queue.jobs] == [AS_GROUP, AS_GROUP]
    assert all("Ann" not in str(job.meta) for job in fake_queue.jobs)


async def test_a_members_tap_under_an_anonymous_admins_painting_is_their_own(recorded, fake_queue):
    """Anyone else tapping there (not an anonymous admin) taps as themselves, as under anyone's
    painting: not as the group, nor its admin."""
    fake = recorded
    painting = await painted_anonymously(fake)
    tap(fake, MINSU, painting, "/weaker")
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert fake.handled[1].user_id == f"tg:{MINSU['id']}" and fake.handled[1].origin["name"] == MINSU["first_name"]


async def test_the_groups_cancel_cancels_an_anonymous_admins_tap(recorded, fake_queue):
    """The tap is the group's to /cancel too: the admin's /cancel (written as the group) after
    their tap cancels its painting."""
    fake = recorded
    fake.chat_members[(GROUP["id"], ANN["id"])] = "administrator"
    fake.anonymous_admins.add((GROUP["id"], ANN["id"]))
    painting = await painted_anonymously(fake)
    fake_queue.delay = 3.0
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(ANONYMOUS_ADMIN, GROUP, sender_chat=GROUP, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert fake_queue.jobs[1].id in fake_queue.cancelled_jobs
