"""PHOTO_KEEP_DAYS: users' photos are deleted that many days after they were last sent, checked
at start and every hour while the bot runs. Each user's last 20 alone would keep, for ever, the
photos of everyone who ever tried the bot: disk that only grows, and pictures of people kept long
after anyone needs them (the buttons under an old painting then say to send the photo again)."""
from __future__ import annotations

import asyncio
import logging
import time

from .store import StorageError, Store

log = logging.getLogger("bot.photos")

CHECK_EVERY_S = 3600.0


async def forget_old_photos(store: Store, days: float, every: float = CHECK_EVERY_S) -> None:
    """Runs until cancelled (the bot's stop); a storage problem (locked, disk full) is a line and
    the next round tries again."""
    while True:
        try:
            deleted = await store.off_loop.forget_photos_before(time.time() - days * 86400)
        except StorageError as exc:
            log.warning("old photos could not be deleted now (%s); trying again in %.0f s", exc, every)
        else:
            if deleted:
                log.info("deleted %d photo(s) last sent more than %g day(s) ago (PHOTO_KEEP_DAYS)", deleted, days)
        await asyncio.sleep(every)
