"""The photos a request paints: the one sent kept as the user's last (keep_photo), the one to
paint found (content_photo), a photo alone painted in the default style or offered the artist
buttons (bare_photo), and an album painted photo by photo or offered one message of buttons for
all its photos (_album, _album_buttons, _album_named). A mixin of ``bot.commands.CommandLayer``,
whose store, preferences, style lookup, request order (_forgotten_request) and painting (_handle,
cmd_style, _pick) it uses.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import re

from .chat import PAINTING_REF, Reply, Request, Responder
from .errors import BotError
from .messages import t
from .store import Photo

log = logging.getLogger(__name__)

# the mark after "#<hash>" of an album's own artist buttons (the album's first photo): only they
# paint the album; any other button naming that photo ("did you mean", its own buttons) paints it
ALBUM_MARK = re.compile(r"(?<=#[0-9a-f]{32})\*")
ALBUM_OFFERS_KEPT = 2000    # albums whose one buttons message paints them all (Store.keep_album)


class PhotoCommands:
    """CommandLayer's photos and albums (see the module's docstring)."""

    @staticmethod
    def sent_photo(req: Request) -> bool:
        """A photo came with the message: attached, replied to, or named by a button or reply."""
        return bool(req.images or req.reply_ref or (req.reply_to_images and not req.reply_from_bot))

    async def _album(self, req: Request, out: Responder, lang: str, parsed: tuple[str, str] | None) -> None:
        """Each photo of an album painted in turn; a photo that fails says which it was, and a
        limit reached stops the rest with one message naming them. An album that would get the
        artist buttons (no caption naming one, no default artist) gets one message of them for
        all its photos (it was one per photo: 5 albums of 10 were 50 messages)."""
        count = len(req.images)
        prefs = self.prefs_of(req)
        if parsed is None and not self.artist_in_text(req) and not self._default_style_here(prefs, req, lang):
            return await self._album_buttons(req, out, lang, prefs)
        for i, image in enumerate(req.images):
            try:
                await self._handle(dataclasses.replace(req, images=[image], album=(i + 1, count), prefs=prefs),
                                   out, lang, parsed)
            except asyncio.CancelledError:
                await self._tell_album_rest_at_stop(req, out, lang)
                raise
            except BotError as exc:
                error = self.error_text(lang, exc.key, exc.params)
                if exc.key == "no_media_rights":    # the chat refuses every picture: once, and no more painted
                    return await out.send(Reply(error))
                if exc.key in ("rate_limited", "too_many_pending"):
                    self._log_limit(req, exc.key)
                    if i + 1 == count:          # "photos 3 to 3": the last one alone
                        return await out.send(Reply(t(lang, "album_stopped_last", error=error)))
                    return await out.send(Reply(t(lang, "album_stopped", error=error, first=i + 1, count=count)))
                await out.send(Reply(t(lang, "album_photo", n=i + 1, count=count, error=error)))

    async def _tell_album_rest_at_stop(self, req: Request, out: Responder, lang: str) -> None:
        """The queue's stop ended the wait of an album's photo, held over for the next start,
        before its later photos were submitted: its user hears of those here (album_rest_at_stop),
        as the handling ends on its own, unseen by the front-end's stop. Not where the front-end
        cancelled the handling (cut off): it tells them itself, within its own time limit."""
        said = self.album_rest_at_stop(req)
        task = asyncio.current_task()
        if said is None or (task is not None and task.cancelling()):
            return
        key, params = said
        try:
            await out.send(Reply(t(lang, key, **params)))
        except Exception as exc:        # (the stop goes on: the handling ends as it would have)
            log.warning("an album's photos left at a stop could not be told (%s)", type(exc).__name__)

    async def _album_buttons(self, req: Request, out: Responder, lang: str, prefs) -> None:
        """A bare album with no default artist: its photos kept, and the artist buttons offered
        once for all of them (_album_named finds the album again from them)."""
        hashes = []
        for image in req.images:
            if self._forgotten_request(req):
                return      # (a /forgetme past its wait while they were kept: seconds each, on a slow disk)
            photo = await self.content_photo(dataclasses.replace(req, images=[image], kept_photo=None))
            if photo.hash not in hashes:
                hashes.append(photo.hash)
        if prefs.default_style:          # removed since, or a community's style used outside it
            await out.send(Reply(t(lang, "default_style_missing", name=prefs.default_style)))
        if len(hashes) > 1:
            # (chat, the first photo's hash) -> (its sender, the photos' hashes): its buttons name
            # the first photo, marked (ALBUM_MARK), and paint them all (_album_named). Kept in the
            # store (it was in memory: after a restart a tap painted the first photo alone); a
            # later album of the same first photo replaces it
            await self.store.off_loop.keep_album(req.chat_id, req.user_id, hashes, ALBUM_OFFERS_KEPT)
        await self._pick(dataclasses.replace(req, album=None), out, lang, hashes[0],
                         text=t(lang, "pick_artist_album_all", count=len(hashes)) if len(hashes) > 1 else None,
                         album=len(hashes) > 1)

    def _album_named(self, req: Request, parsed: tuple[str, str]) -> tuple[list[bytes] | None, str]:
        """The photos of the album a button of its own names (ALBUM_MARK: the artist buttons of
        a bare album name its first photo), those still kept; else None and what to say before
        its first photo alone is painted: the album forgotten (ALBUM_OFFERS_KEPT newer ones,
        PHOTO_KEEP_DAYS, offered before the store kept albums), or tapped by another than its
        sender (whose account would paint, and keep, them all)."""
        ref = PAINTING_REF.search(parsed[1])
        offer = self.store.album(req.chat_id, ref.group(1)) if ref else None
        if offer is None:
            return None, "album_others_gone"
        sender, hashes = offer
        if sender != req.user_id:
            return None, "album_not_yours"
        photos = [photo.data for h in hashes if (photo := self.store.photo_of(req.chat_id, h)) is not None]
        return (photos, "") if len(photos) > 1 else (None, "album_others_gone")

    async def keep_photo(self, req: Request, parsed: tuple[str, str] | None) -> None:
        """One photo sent with a message is the user's last photo before its command runs: a
        command that fails (a typo, a size out of range) leaves it for the retry, which painted
        an older photo or asked for one. Paintings sent to /addstyle are no photo to paint."""
        if len(req.images) != 1 or (parsed is not None and parsed[0] == "addstyle"):
            return
        # checked again here, in the same step as the write is queued behind the store's others:
        # a /forgetme that stopped waiting for this request (ORDER_WAIT_S, the store slow) queues
        # its deletion after, and the photo was kept after "Done: I deleted ..."
        if self._forgotten_request(req):
            return
        photo = Photo.of(req.images[0])
        await self.store.off_loop.save_photo(req.user_id, photo.data, req.chat_id, digest=photo.hash,
                                             sender=req.images_from)
        req.kept_photo = photo

    async def content_photo(self, req: Request, use_reply: bool = True) -> Photo:
        """The photo to paint: attached, else replied to, else the one a button or a reply to a
        painting names, else the user's last one in this chat (never one from another chat).
        With its photo_hash, computed here once for the whole request."""
        if req.images and req.kept_photo is not None:      # kept as the message came in
            return req.kept_photo
        if req.images:
            photo = Photo.of(req.images[0])
        elif use_reply and req.reply_to_images and not req.reply_from_bot:
            photo = Photo.of(req.reply_to_images[0])
        elif use_reply and req.reply_errors:           # replied to a file that is not a usable image
            raise BotError(req.reply_errors[0].key, **req.reply_errors[0].params)
        elif use_reply and req.reply_ref:
            photo = self.store.photo_of(req.chat_id, req.reply_ref)
            if photo is None:
                raise self._photo_gone()
            return photo
        else:
            photo = self.store.last_photo(req.user_id, req.chat_id)
            if photo is None:
                raise BotError("no_photo")
            return photo
        sender = req.images_from if req.images else req.reply_author     # another's photo: whose it is
        if not self._forgotten_request(req):       # (as keep_photo: none kept after a /forgetme)
            await self.store.off_loop.save_photo(req.user_id, photo.data, req.chat_id, digest=photo.hash,
                                                 sender=sender)
        return photo

    async def bare_photo(self, req: Request, out: Responder, lang: str) -> None:
        photo = await self.content_photo(req)
        prefs = self.prefs_of(req)
        if prefs.default_style:
            if self._default_style_here(prefs, req, lang):
                return await self.cmd_style(req, out, lang, prefs.default_style, photo=photo)
            # removed since, or a community's style used outside it: the buttons instead
            await out.send(Reply(t(lang, "default_style_missing", name=prefs.default_style)))
        await self._pick(req, out, lang, req.reply_ref or (photo.hash if req.images else None))

    def _default_style_here(self, prefs, req: Request, lang: str) -> bool:
        """Whether the user's default artist names a style here, renamed since too (current_style,
        as /style paints it): a default a /renamestyle left as it was (another community has a
        style of that name) got the "default missing" buttons where /style painted it."""
        return bool(prefs.default_style) and self.current_style(prefs.default_style, req, lang) is not None
