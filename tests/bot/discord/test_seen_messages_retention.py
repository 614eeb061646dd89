"""The Discord messages the bot acted on (seen_messages: their sender, a digest of the command) are
kept for the edit window only, but old rows were deleted only when a new Discord message came:
with Discord off or quiet they stayed until /forgetme. The retention job deletes them now, each
minute, with PHOTO_KEEP_DAYS and JOB_HISTORY_DAYS off too."""
from __future__ import annotations

import asyncio
import time

from bot.discord_messages import EDIT_WINDOW_S, UPDATE_SLACK_S
from bot.retention import forget_old_data


async def test_the_retention_job_forgets_messages_past_the_edit_window(store):
    store.keep_seen_message("dc:1", "dc:7", "a" * 32, True, keep_s=EDIT_WINDOW_S + UPDATE_SLACK_S, most=2000)
    store.keep_seen_message("dc:2", "dc:7", "b" * 32, True, keep_s=EDIT_WINDOW_S + UPDATE_SLACK_S, most=2000)
    with store._writing():          # the first sent past the window (Discord quiet since)
        store.db.execute("update seen_messages set at = ? where id = 'dc:1'",
                         [time.time() - EDIT_WINDOW_S - UPDATE_SLACK_S - 5])
    task = asyncio.create_task(forget_old_data(store, photo_days=0, job_days=0, every=3600))
    try:
        for _ in range(200):
            if store.seen_message("dc:1") is None:
                break
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert [row["message"] for row in store.export_user("dc:7")["messages_acted_on"]] == ["dc:2"]
