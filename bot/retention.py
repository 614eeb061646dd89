"""What the bot keeps, for how long: users' photos PHOTO_KEEP_DAYS after they were last sent, the
job history JOB_HISTORY_DAYS; checked at start and every hour while the bot runs. Each user's last
20 photos alone would keep, for ever, the photos of everyone who ever tried the bot (disk that
only grows, pictures of people kept long after anyone needs them: the buttons under an old
painting then say to send the photo again), and the history a row for every painting ever made.
The messages the bot acted on (seen_messages: Discord's, with their sender and a digest of the
command, for their edits; the web chat's photos, web:<user>:<id>, for a page that sends one again)
are kept for SEEN_MESSAGE_KEEP_S only: checked each minute, whatever the settings (a Discord
front-end off or quiet deleted none of them). What the web chat keeps for a user's next visit
(their paintings no page took: webchat/kept_results.py) is forgotten WEB_RESULTS_KEEP_DAYS on, or
PHOTO_KEEP_DAYS where that is sooner (a painting of a photo outliving the photo), hourly, with
the lines' outcomes past the newest WEB_LINES_KEPT."""
from __future__ import annotations

import asyncio
import logging
import time

from .store import SEEN_MESSAGE_KEEP_S, WEB_LINES_KEPT, WEB_RESULTS_KEEP_DAYS, StorageError, Store     # (not from discord_messages: see there)

log = logging.getLogger("bot.retention")

CHECK_EVERY_S = 3600.0
SEEN_CHECK_EVERY_S = 60.0
DAY_S = 86400


async def forget_old_data(store: Store, photo_days: float, job_days: float, every: float = CHECK_EVERY_S,
                          seen_every: float = SEEN_CHECK_EVERY_S) -> None:
    """Runs until cancelled (the bot's stop); 0 days: kept without a time limit. A storage problem
    (locked, disk full) is a line, and the next round tries again."""
    next_round = 0.0
    while True:
        if time.monotonic() >= next_round:
            next_round = time.monotonic() + every
            await _forget_photos_and_jobs(store, photo_days, job_days, every)
        try:
            deleted = await store.off_loop.forget_seen_messages_before(time.time() - SEEN_MESSAGE_KEEP_S)
            if deleted:         # (the table holds the web chat's photo ids too: not only Discord's)
                log.debug("forgot %d message(s) acted on (Discord's, the web chat's photos) older than %d s",
                          deleted, SEEN_MESSAGE_KEEP_S)
        except StorageError as exc:
            log.warning("old messages acted on (Discord's, the web chat's photos) could not be forgotten now (%s)",
                        exc)
        except Exception:                   # a bug: said, and the next round still comes
            log.exception("forgetting old messages acted on (Discord's, the web chat's photos) failed")
        await asyncio.sleep(min(every, seen_every))


async def _forget_photos_and_jobs(store: Store, photo_days: float, job_days: float, every: float) -> None:
    try:
        if photo_days:
            deleted = await store.off_loop.forget_photos_before(time.time() - photo_days * DAY_S)
            if deleted:
                log.info("deleted %d photo(s) last sent more than %g day(s) ago (PHOTO_KEEP_DAYS)",
                         deleted, photo_days)
        web_days = min(WEB_RESULTS_KEEP_DAYS, photo_days or WEB_RESULTS_KEEP_DAYS)
        deleted = await store.off_loop.forget_web_results_before(time.time() - web_days * DAY_S)
        if deleted:
            log.info("deleted %d web chat result(s) kept more than %g day(s) for a page never opened again,"
                     " or past the newest %d lines' outcomes", deleted, web_days, WEB_LINES_KEPT)
        if job_days:
            deleted = await store.off_loop.forget_jobs_before(time.time() - job_days * DAY_S)
            if deleted:
                log.info("deleted %d job(s) of the history older than %g day(s) (JOB_HISTORY_DAYS)",
                         deleted, job_days)
    except StorageError as exc:
        log.warning("old photos and jobs could not be deleted now (%s); trying again in %.0f s", exc, every)
    except Exception:                   # a bug: said, and the next round still comes
        log.exception("deleting old photos and jobs failed; trying again in %.0f s", every)
