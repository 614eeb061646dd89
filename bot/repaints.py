"""A photo painted again: an earlier painting repainted with another strength or method
(/stronger, /weaker, /hq without an artist: _rerun, of the painting a button or reply names,
_painting_named, else the user's last, _last_painting), or in other artists (the artist buttons:
/pick, _pick, leaving out the painting's own, _artists_of; a painting's photo painted in another
style as it was painted, _as_painted). A mixin of ``bot.commands.CommandLayer``, whose store,
settings, catalog, style lookup (resolve_style), photos (content_photo) and painting (paint)
it uses.

OFFER_KEPT_S is this module's, imported by bot.commands (_just_offered reads it too).
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from .arguments import strength_text
from .chat import Button, Painting, Reply, Request
from .errors import BotError
from .messages import t
from .painting_jobs import STRENGTH_STEP
from .store import PHOTOS_KEPT, photo_hash

if TYPE_CHECKING:       # (bot.commands imports this module)
    from .commands import Style

# how long a photo's artist buttons are remembered (_pick; read by bot.commands' _just_offered)
OFFER_KEPT_S = 600.0        # text naming no artist this soon after a photo's artist buttons: how to pick one
# "Another artist" tapped again this soon under the same painting: its menu is just above (a
# second identical "Which artist…" menu came), said once; later a new menu (the first scrolled away)
MENU_AGAIN_S = 60.0


class Repaints:
    """CommandLayer's repaints and artist buttons (see the module's docstring)."""

    def _as_painted(self, req, alpha: float | None = None) -> dict:
        """paint()'s settings for a painting's photo in other styles: "Another artist" under a
        painting ("/style monet #<job id>"), or /style monet replying to it, repaints it as it was
        painted (its strength, colours kept or not, size), with a strength typed (``alpha``)
        winning, as Stronger, Weaker and High quality do; it painted with the user's current
        settings instead. A photo of the message's own, or one named by its hash (the artist
        buttons under a photo), is a new painting: the user's settings."""
        settings = {"alpha": alpha}
        if not req.reply_ref or req.images or (req.reply_to_images and not req.reply_from_bot):
            return settings
        row = self.store.painting(req.chat_id, req.reply_ref)
        if row is None:                       # a photo's hash, not a painting
            return settings
        if alpha is None and row.get("alpha") is not None:
            settings["alpha"] = float(row["alpha"])
        if row.get("keep_colors") is not None:
            settings["keep_colors"] = bool(row["keep_colors"])
        if row.get("max_side") and row.get("method") != "gatys":    # /hq's was capped: no size asked for
            settings["side"] = int(row["max_side"])
        return settings

    async def cmd_pick(self, req, out, lang, args):
        if req.reply_ref and not req.images:
            await self.content_photo(req)      # a photo gone (or never here): said now, not by each button
        elif not req.images:                   # typed alone: the last photo's buttons, or "send a photo"
            # (it offered nine buttons that each answered "send a photo first")
            return await self._pick(req, out, lang, (await self.content_photo(req)).hash)
        if req.reply_ref and not req.images and self._a_painting(req) and self._menu_just_shown(req):
            return await self._tell_menu_above(req, out, lang)
        painted = self._artists_of(req.chat_id, req.reply_ref) if req.reply_ref and not req.images else set()
        try:
            await self._pick(req, out, lang, req.reply_ref or (photo_hash(req.images[0]) if req.images else None),
                             skip=painted)
        except BaseException:           # not sent: a tap again gets the menu, not "it is above"
            getattr(self, "_menus_shown", {}).pop((req.user_id, req.chat_id, req.reply_ref), None)
            raise

    def _menu_just_shown(self, req) -> bool:
        """Whether the artist menu of the painting ``req`` names was sent to this user in this
        chat in the last MENU_AGAIN_S ("Another artist" tapped twice: two identical menus came;
        the once-only rule holds for paintings, not for it). Noted as sent before the menu is:
        two taps handled at once make one menu. The second tap is told where the menu is
        (pick_menu_above), later ones nothing."""
        now = self.clock()
        shown = {key: seen for key, seen in getattr(self, "_menus_shown", {}).items()
                 if now - seen[0] < MENU_AGAIN_S}        # (the old ones go: it stays small)
        self._menus_shown = shown
        key = (req.user_id, req.chat_id, req.reply_ref)
        if key not in shown:
            shown[key] = (now, False)
            return False
        return True

    def _forget_menus_shown(self, user_id: str) -> None:
        """/forgetme: the user's artist menus noted as just shown go too (commands._forget_memory
        calls it), as the layer's other memories keyed by the user do."""
        shown = getattr(self, "_menus_shown", {})
        for key in [key for key in shown if key[0] == user_id]:
            del shown[key]

    def _a_painting(self, req) -> bool:
        """Whether req.reply_ref names a painting of this chat ("Another artist" is under one)."""
        try:
            return self.store.painting(req.chat_id, req.reply_ref) is not None
        except sqlite3.Error:            # (the menu then, as before)
            return False

    async def _tell_menu_above(self, req, out, lang) -> None:
        at, told = self._menus_shown[(req.user_id, req.chat_id, req.reply_ref)]
        if not told:
            self._menus_shown[(req.user_id, req.chat_id, req.reply_ref)] = (at, True)
            await out.send(Reply(t(lang, "pick_menu_above")))

    def _artists_of(self, chat_id: str, ref: str) -> set[str]:
        """The catalog artists (slugs) of the painting ``ref`` names in this chat: "Another artist"
        under a Monet offered Monet again."""
        try:
            row = self.store.painting(chat_id, ref)
        except sqlite3.Error:            # the buttons still work: with every artist
            return set()
        found = (self.catalog.get(str(name)) for kind, name, _ in (row or {}).get("styles", []) if kind == "artist")
        return {artist.slug for artist in found if artist is not None}

    async def _pick(self, req, out, lang, ref: str | None, verb: str = "/style", alpha: float | None = None,
                    text: str | None = None, album: bool = False, skip: set[str] = frozenset()):
        """The artist buttons, painting with ``verb`` (/style, /hq) at ``alpha`` (None: the user's
        strength); each names the photo it is for (``ref``): pressed later, it still paints that
        one (``album``: an album's first photo, marked "#<hash>*": the album, _album_named).
        ``text``: the line above them. ``skip``: artists left out (the painting's own), the next
        ones of the catalog in their place."""
        suffix = f" #{ref}{'*' if album else ''}" if ref else ""
        strength = f" {strength_text(alpha)}" if alpha is not None else ""
        slugs = [slug for slug in self.popular if slug not in skip]
        if skip:
            slugs += [a.slug for a in self.catalog if a.slug not in skip and a.slug not in slugs][:len(self.popular) - len(slugs)]
        rows, row = [], []
        for slug in slugs:
            row.append(Button(self.catalog.get(slug).name(lang), f"{verb} {slug}{strength}{suffix}"))
            if len(row) == 3:
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        text = text or (t(lang, "pick_artist_album", n=req.album[0], count=req.album[1]) if req.album else
                        t(lang, "pick_artist_hq" if verb == "/hq" else "pick_artist"))
        await out.send(Reply(text, buttons=rows))
        now = self.clock()
        self._offered = {key: at for key, at in self._offered.items() if now - at < OFFER_KEPT_S}
        self._offered[(req.user_id, req.chat_id)] = now

    async def cmd_stronger(self, req, out, lang, args):
        await self._rerun(req, out, lang, delta=+STRENGTH_STEP)

    async def cmd_weaker(self, req, out, lang, args):
        await self._rerun(req, out, lang, delta=-STRENGTH_STEP)

    async def _rerun(self, req, out, lang, delta: float = 0.0, method: str | None = None,
                     alpha: float | None = None):
        """/stronger, /weaker, /hq without an artist: the painting a button (or a reply) names,
        else the user's last one, again with another strength (``alpha``: this one) or method."""
        last = self._painting_named(req, lang) or self._last_painting(req, lang)
        if delta > 0 and last.alpha >= 1.0:
            raise BotError("already_max")
        if delta < 0 and last.alpha <= STRENGTH_STEP:
            raise BotError("already_min")
        if alpha is None:
            alpha = round(min(1.0, max(STRENGTH_STEP, last.alpha + delta)), 2) if delta else last.alpha
        content = await self.content_photo(req)
        await self.paint(req, out, lang, content, last.styles, method=method or last.method or "auto", alpha=alpha,
                         keep_colors=last.keep_colors, side=last.side)

    def _photo_gone(self) -> BotError:
        """The photo a button or reply names is kept no longer: only the last PHOTOS_KEPT are,
        each for PHOTO_KEEP_DAYS after it was last sent (0: no time limit), and none after /forgetme."""
        days = self.settings.PHOTO_KEEP_DAYS
        if not days:
            return BotError("photo_gone_no_time_limit", kept=PHOTOS_KEPT)
        return BotError("photo_gone", kept=PHOTOS_KEPT, days=int(days) if days == int(days) else days)

    def _painting_named(self, req, lang) -> "Painting | None":
        """The painting req.reply_ref names in this chat, as it was painted; None without a ref
        (or for a row from before styles were kept by name)."""
        if not req.reply_ref:
            return None
        row = self.store.painting(req.chat_id, req.reply_ref)
        if row is None and self.store.photo_of(req.chat_id, req.reply_ref) is not None:
            return None                     # a photo's (its artist buttons'): the last painting's styles on it
        if row is None:                     # forgotten, or from another chat: nothing to repaint
            raise self._photo_gone()
        if any(str(name).startswith("<") for _, name, _ in row["styles"]):
            return None
        styles = [(self._kept_style(name, req, lang), float(weight)) for _, name, weight in row["styles"]]
        keep = row.get("keep_colors")
        side = row["max_side"] if row["method"] != "gatys" else None     # /hq was capped: not a size asked for
        return Painting(styles, row["alpha"] if row["alpha"] is not None else 1.0, row["method"],
                        None if keep is None else bool(keep), side)

    def _names_a_photo(self, req: Request) -> bool:
        """req.reply_ref is a kept photo of this chat (the artist buttons under a photo, or "/hq"
        typed as a reply to them), not a painting."""
        return self.store.painting(req.chat_id, req.reply_ref) is None and \
            self.store.photo_of(req.chat_id, req.reply_ref) is not None

    def _kept_style(self, name: str, req: Request, lang: str) -> Style:
        """A style a painting was made with, by the name it was kept under."""
        try:
            return self.resolve_style(name, req, lang)
        except BotError as exc:
            if exc.key == "unknown_style":          # a community style removed since
                raise BotError("style_gone", name=name)
            raise

    def _last_painting(self, req, lang) -> "Painting":
        prefs = self.prefs_of(req)
        if not prefs.last_styles:
            raise BotError("no_previous")
        alpha = prefs.last_alpha if prefs.last_alpha is not None else 1.0
        return Painting([(self._kept_style(n, req, lang), w) for n, w in prefs.last_styles], alpha,
                        prefs.last_method)
