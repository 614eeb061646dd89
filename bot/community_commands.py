"""The community-style commands of the command layer: /addstyle (a style described from
paintings, with its own model trained where the bot trains them), /removestyle, /renamestyle and
/communitystyles, who may edit a community's styles, and what a finished training tells its
chat. A mixin of ``bot.commands.CommandLayer``, whose store, settings, describer, trainer and
style lookup it uses.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import unicodedata

from styles import normalise

from .arguments import is_number, mix_words, split_strength
from .artist_mentions import ArtistMentions
from .chat import Reply, Request, display_name, ordinal, pack_lines
from .errors import BotError
from .messages import t
from .preference_commands import platform_key
from .store import StyleExists, StyleLimit
from .style_training import ON_TRAINED_PHOTOS

log = logging.getLogger(__name__)

STYLE_NAME = re.compile(r"^[\w][\w \-]{0,31}$")
# A style's key in UTF-8, at most: its file is "<key>.<ns>.pending.safetensors", under the 255
# bytes a file name may have. 32 characters are at most 128 bytes; only a name that NFKD
# expands is longer ("\ufdfa" is 15 Arabic letters: 32 of them made a key of 960 bytes)
MAX_KEY_BYTES = 128
# the paintings one /addstyle describes a style from, at most (the web chat's pictures in one
# message too); the texts "1 to 10" (addstyle_usage, addstyle_count...) say it in words
STYLE_PAINTINGS_MAX = 10


def bad_name(name: str) -> BotError:
    """Why a style name is refused, as precisely as can be said: the characters it cannot hold
    (an emoji: "must be letters, digits, ..." left the user to find which), or its length; else
    the rule."""
    bad = re.search(r"[^\w \-]+", name)
    if bad is not None:
        # said back as typed, but shortened, and an "@" mentioning nobody ("@everyone" on Discord)
        def quoted(text: str, most: int) -> str:
            return (text if len(text) <= most else text[:most - 1] + "…").replace("@", "@\u2060")

        return BotError("addstyle_name_char", name=quoted(name, 40), char=quoted(bad.group(), 8))
    if len(name) > 32:
        return BotError("addstyle_name_long", count=len(name))
    return BotError("addstyle_bad_name")


def same_name_note(name: str, existing: str) -> str:
    """The ending of a name-taken reply's key: "" where the name typed differs from the style's
    ("My-Style" for "my style": the reply says that to the bot they are the same name), "_exact"
    where it is that name letter for letter ("Ink" again: "(to me, “Ink” is the same name)" said nothing)."""
    return "_exact" if name == existing else ""


def editing_refused(req: Request, global_scope: bool) -> BotError:
    """The refusal of a style change to someone who may not make it. The web chat's own words
    (web_not_admin, web_not_operator) say how to become an operator there: nobody is a web chat's
    admin with WEB_ADMIN=false, and its ids are seen nowhere else, so the reply gives the user's
    own; an anonymous page's id (no storage in the browser) changes at each load: the common words."""
    key = "not_operator" if global_scope else "not_admin"
    if req.user_id.startswith("web:anonymous-") or req.user_id == "web:":
        return BotError(key)
    return BotError(platform_key(req, key), user_id=req.user_id)


# /renamestyle's old name in quotes, then the new name: '"Ink" Wash Blue', '“Ink” Wash Blue'
QUOTED_FIRST = re.compile(r'\s*["“]([^"“”]+)["”]\s*(.*)$', re.S)


class CommunityStyleCommands:
    """Styles a community (or a user, in a private chat) adds from paintings (a mixin of CommandLayer)."""

    async def may_edit_styles(self, req: Request, global_scope: bool) -> bool:
        if req.user_id in self.settings.ADMIN_USER_IDS:
            return True
        if global_scope:
            return False
        if not req.is_group:
            return True                      # a private chat is the user's own community
        return bool(req.is_admin and await req.is_admin())

    def _style_args(self, args: str, req: Request) -> tuple[bool, str]:
        """(for every community, the style's name). "global" first is the operators' keyword;
        anyone else's is the name's first word ("/addstyle Global Ink" in a group was refused as
        an operator's command); "--global" is the keyword for all (refused to non-operators)."""
        tokens = args.split()
        first = tokens[0].lower() if tokens else ""
        global_scope = first == "--global" or (first == "global" and req.user_id in self.settings.ADMIN_USER_IDS)
        if global_scope:
            tokens = tokens[1:]
        # NFC: a keyboard that writes Hangul as letters (NFD, as macOS names files) made a
        # 12-syllable name 36 characters long, refused by the 32-character rule, and kept it so
        return global_scope, unicodedata.normalize("NFC", " ".join(tokens))

    async def _style_target(self, req: Request, args: str, usage: str) -> tuple[bool, str]:
        """/addstyle's and /removestyle's (global scope, name), once the name is given (else
        ``usage`` is the reply) and the user may edit that scope's styles."""
        global_scope, name = self._style_args(args, req)
        if not name:
            raise BotError(usage)
        if not await self.may_edit_styles(req, global_scope):
            raise editing_refused(req, global_scope)
        return global_scope, name

    def _check_new_name(self, name: str) -> str:
        """A new style name's key, once the name is one a style may have (/addstyle's and
        /renamestyle's rules): else the refusal of why."""
        # the key names the style's file: one too long for a file name failed the describing,
        # and the user was told "something went wrong"
        key = normalise(name)
        if not STYLE_NAME.match(name) or not key or len(key.encode()) > MAX_KEY_BYTES:
            raise bad_name(name)
        if key in self.commands:
            raise BotError("addstyle_command", name=name)
        if self.catalog.get(name) is not None:
            raise BotError("addstyle_taken", name=name)
        return key

    async def cmd_addstyle(self, req, out, lang, args):
        global_scope, name = await self._style_target(req, args, "addstyle_usage")
        key = self._check_new_name(name)
        scope = "global" if global_scope else self.scope_of(req)
        own = not global_scope and not req.is_group          # a private chat: the user's own styles
        self._check_room(req, scope, key, name, own)      # a full scope: told at once
        await self._add_style(req, out, lang, global_scope, name, key, scope, own)

    @contextlib.asynccontextmanager
    async def _adding(self, scope: str):
        """Held while an /addstyle of ``scope`` is checked, described and kept (see cmd_addstyle)."""
        locks = self.__dict__.setdefault("_adding_now", {})      # scope -> [its lock, those holding or waiting]
        entry = locks.setdefault(scope, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if not entry[1]:
                del locks[scope]

    async def _add_style(self, req, out, lang, global_scope: bool, name: str, key: str, scope: str, own: bool):
        """/addstyle past the checks of its name and its room: described, then kept."""
        began = time.time()         # a /forgetme of the adder's since then wins (see _forgotten_since)
        self._check_name_reads_as_itself(name, req, lang)
        sent = req.images + req.reply_to_images
        paintings = list(dict.fromkeys(sent))    # the same picture twice is one
        repeats = len(sent) - len(paintings)     # said: "from 1 painting" of 5 sent said nothing of why
        if not paintings and req.reply_errors:
            raise BotError(req.reply_errors[0].key, **req.reply_errors[0].params)
        if not 1 <= len(paintings) <= STYLE_PAINTINGS_MAX:
            if repeats:     # "I got 11" of 14 sent: the different ones, and how many came
                raise BotError("addstyle_count_repeats", sent=len(sent), count=len(paintings))
            raise BotError("addstyle_count", count=len(paintings))
        if self.describer is None:
            raise BotError("engine_error")
        handle = await out.send(Reply(t(lang, "addstyle_working", count=len(paintings)), progress=True))
        folder = await self.store.off_loop.style_dir(scope)
        # Described into a file of its own: a style of that name added meanwhile keeps its file.
        pending = folder / f"{key}.{time.monotonic_ns()}.pending.safetensors"
        # One /addstyle of a scope described and kept at a time, checked against the styles kept
        # by those before it: 15 at once under a cap of 3 ran the engine's describing 15 times
        # (for everyone one at a time), and counting those being described told "you have 3
        # styles, remove one" with none kept yet. Each is told "studying" before it waits, and
        # the lock is not held over the "added" edit (a slow platform held up the next one)
        async with self._adding(scope):
            try:
                self._check_room(req, scope, key, name, own)   # again: those before it kept theirs meanwhile
                await self.describer(paintings, pending)
                self._check_room(req, scope, key, name, own)   # and an operator's, or another chat's
                # not the files of a style renamed from this name, which keeps them (file_key)
                file_key = await self.store.off_loop.free_file_key(scope, key)
                path = folder / f"{file_key}.safetensors"
            except Exception as exc:
                pending.unlink(missing_ok=True)
                key_ = getattr(exc, "key", None) or "engine_error"
                if key_ == "engine_error":
                    log.exception("describing a community style failed")
                return await self._edit(out, handle, self.error_text(lang, key_, getattr(exc, "params", {})))
            forgotten = self._forgotten_since(req.user_id, began)
            if forgotten and own:           # the user's own style is their data: not kept
                pending.unlink(missing_ok=True)
                return await self._edit(out, handle, t(lang, "addstyle_forgotten", name=name))
            pending.replace(path)
            try:
                # a group's style stays the group's (as /forgetme leaves them), without its adder
                style_id = await self.store.off_loop.add_style(scope, name, key, path, len(paintings),
                                                               None if forgotten else req.user_id,
                                                               None if forgotten else display_name(req.user_name),
                                                               private=own,
                                                               added_in=req.chat_id, lang=lang,
                                                               limit=self._limit(scope, own), file_key=file_key)
            except StyleExists as exc:        # checked above; reached only if another was added meanwhile
                return await self._edit(out, handle,
                                        self.error_text(lang, *self._exists_error(exc.existing, name, req)))
            except StyleLimit as exc:         # the same
                path.unlink(missing_ok=True)  # its own file (a style of that key would be StyleExists)
                key_ = "addstyle_limit_own" if own else platform_key(req, "addstyle_limit")
                return await self._edit(out, handle,
                                        self.error_text(lang, key_, {"count": exc.count, "limit": exc.limit}))
        if own and self._forgotten_since(req.user_id, began):
            # /forgetme came while the style was written: its own_styles may have missed it (the
            # store's thread wrote it after), and forget_user then left it, unattributed, for good
            await self.store.off_loop.remove_style(scope, key)
            return await self._edit(out, handle, t(lang, "addstyle_forgotten", name=name))
        style = self.store.get_style(style_id)
        if own:
            done = t(lang, "addstyle_done_own", name=name, count=len(paintings), command=self.usage_of(style, req))
        else:
            done = t(lang, "addstyle_done", name=name, count=len(paintings),
                     scope=t(lang, "scope_global" if global_scope else platform_key(req, "scope_community")),
                     command=self.usage_of(style, req))
        if repeats:
            done += " " + t(lang, "addstyle_repeats", count=repeats)
        if self.trainer is not None and self.trainer.running and await self.trainer.enqueue(style_id):
            done += "\n" + t(lang, "addstyle_training")
        await self._edit(out, handle, done)

    def _forgotten_since(self, user_id: str, began: float) -> bool:
        """Whether the user asked /forgetme since ``began`` (an /addstyle of theirs described
        meanwhile was kept after the forget: their own style, and their name on a group's, came
        back). The command layer's ``forgotten``; a forget made later removes what is there then."""
        return self.forgotten.get(user_id, 0.0) >= began

    def _exists_error(self, existing, name: str, req: Request) -> tuple[str, dict]:
        """The reply to a name taken: which style has it and how to free it; also who added it
        and when, for styles that know their adder's name (added since migration 005)."""
        command = "/removestyle " + ("global " if existing.scope == "global" else "") + existing.name
        params = {"name": name, "existing": existing.name, "command": command}
        exact = same_name_note(name, existing.name)
        if not existing.created_by_name:
            return "addstyle_exists" + exact, params
        params["date"] = time.strftime("%Y-%m-%d", time.gmtime(existing.created))      # UTC
        if existing.created_by == req.user_id:
            return "addstyle_exists_yours" + exact, params
        # "@" followed by a word joiner: a name such as "@everyone" or "@someone" mentions nobody
        return "addstyle_exists_by" + exact, {**params, "by": existing.created_by_name.replace("@", "@\u2060")}

    def _check_room(self, req: Request, scope: str, key: str, name: str, own: bool) -> None:
        """A new style's name must be free in its scope (a style is never replaced: its owner
        removes it first) and not an operator's style for everyone (which it would hide here),
        and the scope under its cap (MAX_STYLES_PER_USER in a private chat,
        MAX_STYLES_PER_COMMUNITY in a group; none for operators' global styles)."""
        self._check_name_free(req, scope, key, name)
        if scope == "global":
            return
        limit = self._limit(scope, own)
        count = len(self.store.styles_in(scope))
        if count >= limit:
            raise BotError("addstyle_limit_own" if own else platform_key(req, "addstyle_limit"), count=count, limit=limit)

    def _check_name_free(self, req: Request, scope: str, key: str, name: str) -> None:
        """A name no style of the scope has, nor an operator's style for everyone (which a style of
        the community would hide there)."""
        existing = self.store.find_style(scope, key)
        if existing is not None:
            error, params = self._exists_error(existing, name, req)
            raise BotError(error, **params)
        if scope == "global":
            return
        shared = self.store.find_style("global", key)
        if shared is not None:
            raise BotError("addstyle_global_exists" + same_name_note(name, shared.name), name=name, existing=shared.name)

    def _limit(self, scope: str, own: bool) -> int | None:
        if scope == "global":
            return None
        return self.settings.MAX_STYLES_PER_USER if own else self.settings.MAX_STYLES_PER_COMMUNITY

    def _check_name_reads_as_itself(self, name: str, req: Request, lang: str) -> None:
        """A name the commands would read as something else is refused: a number in it is read
        as a strength ("/style Summer 2024" said 2024 was no strength, and on Discord
        "/style gogh 2" painted Van Gogh at 2%); a name begun with /style, /hq or /setstyle takes
        over that command's shortcut ("/style_gogh" painted the style "style gogh"); and one
        that asks for known styles ("gogh monet", "모네처럼") took over their mix or phrase in
        this community."""
        spaced = name.split()       # as commands read them ("Summer-2024" is one word, and fine)
        number = next((w for w in spaced if is_number(w)), None)
        if number is not None and all(is_number(w) for w in spaced):
            raise BotError("addstyle_number_only", name=name)
        if number is not None:      # "Summer 2024": "Summer2024"
            joined = re.sub(rf"\s*{re.escape(number)}\s*", number, name)
            raise BotError("addstyle_number", name=name, number=number, joined=joined)
        words = [w for w in re.split(r"[\s\-_]+", name) if w]     # as a shortcut joins them: /style_gogh
        if len(words) > 1 and self.underscored("_".join(words).casefold(), ""):
            raise BotError("addstyle_command_start", name=name, command="/" + words[0].casefold())
        mentions = ArtistMentions(is_style=lambda n: self.find_style(n, req) is not None,
                                  all_known=lambda ws: self._all_known(ws, req))
        asked = mentions.style_asked(name, None, photo_sent=True)
        if asked:
            # a strength read from the name's words ("Light Monet" asks for "monet 50%") is no name
            names = [w for w in mix_words(asked) if not is_number(w)]
            try:        # as the painting would be labelled: "Vincent van Gogh + Claude Monet"
                named = self.split_names(names, req, lang)
            except BotError:
                named = [style for style, _ in self.parse_mix(asked, req, lang)]
            raise BotError("addstyle_reads_as_styles", name=name, names=" + ".join(s.label for s in named))

    def style_outcome(self, style, outcome: str) -> tuple[str, list[Reply], str | None] | None:
        """What to say, and where, when a community style's own model is trained ("used",
        "kept_adain") or could not be ("failed"): (the chat it was added in, the replies, whom to
        mention); None for a style from before its chat was kept (migration 007). A verdict taken
        on the photos the model trained on (``outcome`` ending in ON_TRAINED_PHOTOS: a training
        folder of one photo) says so: it was said in the bot's log only."""
        chat = style.added_in
        if not chat:
            return None
        platform = chat.partition(":")[0]
        community = None if style.private or style.scope == "global" else style.scope
        # the adder's /lang, else the language their /addstyle was answered in (kept with the style)
        req = Request(platform, style.created_by or chat, chat, community_id=community, locale=style.lang)
        lang = self.lang_of(req) if style.created_by else (style.lang or self.settings.DEFAULT_LANG)
        verdict = outcome.removesuffix(ON_TRAINED_PHOTOS)
        key = {"used": "style_trained_used", "kept_adain": "style_trained_kept"}.get(verdict, "style_trained_failed")
        text = t(lang, key, name=style.name, command=self.usage_of(style, req))
        if verdict != outcome and key != "style_trained_failed":
            text += "\n" + t(lang, "style_trained_on_its_photos")
        return chat, [Reply(text)], style.created_by

    async def cmd_removestyle(self, req, out, lang, args):
        global_scope, name = await self._style_target(req, args, "removestyle_usage")
        scope = "global" if global_scope else self.scope_of(req)
        style = self.store.find_style(scope, normalise(name))
        if style is not None and self.trainer is not None:
            await self.trainer.cancel(style.id)           # its training stops with it
        # (counted before the style goes: their /settings say it is gone)
        defaults = await self.store.off_loop.users_with_default(scope, normalise(name)) if style is not None else 0
        if not await self.store.off_loop.remove_style(scope, normalise(name), remember=True):
            own = not global_scope and not req.is_group
            raise BotError("removestyle_missing_own" if own else "removestyle_missing", name=name)
        text = t(lang, "removestyle_done", name=style.name if style is not None else name)
        if defaults:            # they get the artist buttons for a photo now, as /settings says
            text += " " + t(lang, "removestyle_was_default")
        await out.send(Reply(text))

    async def cmd_renamestyle(self, req, out, lang, args):
        """/renamestyle OLD NEW: the style keeps its paintings, descriptor, model and training
        (their files keep their key: Store.rename_style), and the users' defaults follow it."""
        global_scope, names = await self._style_target(req, args, "renamestyle_usage")
        scope = "global" if global_scope else self.scope_of(req)
        style, new, old = self._renamed_and_new_name(scope, names)
        if style is None:
            own = not global_scope and not req.is_group
            raise BotError("removestyle_missing_own" if own else "removestyle_missing", name=old)
        if not new:
            raise BotError("renamestyle_usage")
        new_key = self._check_new_name(new)
        if new_key != style.key:           # ("ink" to "Ink": the same name, only written otherwise)
            self._check_name_free(req, scope, new_key, new)
        self._check_name_reads_as_itself(new, req, lang)
        try:
            renamed = await self.store.off_loop.rename_style(scope, style.key, new, new_key)
        except StyleExists as exc:        # named so meanwhile
            error, params = self._exists_error(exc.existing, new, req)
            raise BotError(error, **params) from None
        if renamed is None:               # removed meanwhile
            raise BotError("removestyle_missing", name=style.name)
        now, defaults = renamed
        text = t(lang, "renamestyle_done", old=style.name, name=now.name, command=self.usage_of(now, req))
        if defaults:
            text += " " + t(lang, "renamestyle_defaults")
        await out.send(Reply(text))

    def _renamed_and_new_name(self, scope: str, names: str):
        """(the scope's style that the longest first words of ``names`` name, the words after it
        as the new name, the old name as typed); no style where no first words name one. Names
        have spaces: "golden age Gilded Age" is "golden age" renamed "Gilded Age". All the words
        naming a style leave no new name: then fewer do ("ink Wash" beside a style "Ink Wash"
        renames "ink" Wash), else that style, without one (the usage). An old name in quotes is
        that name ('"Ink" Wash Blue' beside "Ink Wash"): Discord's slash command sends it so, its
        options being two."""
        quoted = QUOTED_FIRST.match(names)
        if quoted:
            return self.store.find_style(scope, normalise(quoted[1])), quoted[2].strip().strip('"“”'), quoted[1]
        words = names.split()
        whole = None
        for k in range(len(words), 0, -1):
            style = self.store.find_style(scope, normalise(" ".join(words[:k])))
            if style is not None and k < len(words):
                return style, " ".join(words[k:]), " ".join(words[:k])
            whole = whole or style
        return whole, "", words[0] if words else ""

    def removed_style_error(self, name: str, req: Request, everyones: bool = True) -> BotError | None:
        """Of a command named as a style removed or renamed since ("/golden_age" was "I don't know
        the command"): its new name, else that it was removed; else None. This community's styles
        first, then everyone's (``everyones``), as _renamed_style follows them: an operators'
        rename left the old command "unknown", while "/style OLD" painted the renamed style."""
        key = normalise(name)
        removed = None
        for scope in ((self.scope_of(req), "global") if everyones else (self.scope_of(req),)) if key else ():
            gone = self.store.removed_style(scope, key)
            if gone is None:
                continue
            if gone["renamed_to"]:
                # its new name looked up in the scope that renamed it alone, and a rename there
                # ends the search, as _renamed_style's: renamed and removed since, the style is
                # gone (an operators' rename of that old name read next said it "renamed", and
                # "/style OLD" then answered "unknown style")
                now = self.store.find_style(scope, normalise(gone["renamed_to"]))
                if now:
                    return BotError("style_renamed", name=gone["name"], new=now.name, command=self.usage_of(now, req))
                return BotError("style_gone", name=gone["name"])
            removed = removed or gone
        return BotError("style_gone", name=removed["name"]) if removed is not None else None

    def renamed_command(self, name: str, args: str, req: Request) -> tuple[BotError, str] | None:
        """removed_style_error's style_renamed where a command names a style renamed since, and
        the words after that name: "/golden_age 30%", or typed with its space, "/golden age 30%"
        (as is_shortcut reads "/my style"). Its old command is the style's as its new one is; in
        a group not addressed to the bot, only a rename of that community's own: an operators'
        rename reaches every group, where its old name may well be another bot's command."""
        everyones = not req.is_group or req.mentioned
        words, strength = split_strength(args)
        for named, rest in [(name, args)] + ([(" ".join([name, *words]), strength or "")] if words else []):
            gone = self.removed_style_error(named, req, everyones)
            if gone is not None and gone.key == "style_renamed":
                return gone, rest
        return None

    # -- listing ----------------------------------------------------------------------------------
    async def _community_lines(self, req, lang) -> list[str]:
        """The styles usable here. In a group: one list (the community's, then everyone's); in a
        private chat the user's own styles and everyone's under headings of their own."""
        here = self.store.styles_in(self.scope_of(req))
        # an operator's style named as one of this community's is hidden by it here: its line would
        # name a command that paints the community's
        shared = [s for s in self.store.styles_in("global") if s.key not in {h.key for h in here}]
        waiting = any(s.training in ("queued", "training") for s in here + shared)
        places = await self.trainer.places_in_line() if waiting and self.trainer is not None else {}

        def lines(styles, scope: str) -> list[str]:
            return [t(lang, "community_line", command=self.usage_of(s, req), name=s.name, count=s.paintings,
                      scope=t(lang, scope)) + self._style_note(lang, s, places) for s in styles]

        if req.is_group:
            if not here and not shared:
                return []
            # (the web chat's page is one "community": everybody using it, not a community's members)
            return [t(lang, platform_key(req, "community_header"), count=len(here) + len(shared))] + \
                lines(here, platform_key(req, "scope_community")) + lines(shared, "scope_global")
        out = []
        if here:
            out += [t(lang, "community_header_own", count=len(here))] + lines(here, "scope_own")
        if shared:
            out += [t(lang, "community_header_global", count=len(shared))] + lines(shared, "scope_global")
        return out

    def _style_note(self, lang: str, style, places: dict[int, int]) -> str:
        """_training_note as this bot's trainer sees it: a style waiting or training on a bot
        that trains none (STYLE_TRAINING off, no training photos) paints with the general method,
        and a waiting one says its place in the training line (``places``: the trainer's
        places_in_line)."""
        if style.training not in ("queued", "training"):
            return self._training_note(lang, style)
        trainer = self.trainer
        if trainer is None or not trainer.running:
            return " · " + t(lang, "training_off")
        if trainer.is_training(style.id):
            return self._training_note(lang, style)
        place = places.get(style.id)
        if place is None:          # its run was cut short while the bot ran on: the next start resumes it
            return " · " + t(lang, "training_queued_later")
        return " · " + t(lang, "training_queued_place", place=ordinal(lang, place))

    @staticmethod
    def _training_note(lang: str, style) -> str:
        """Where a community style's own model stands, after its line ("" when none is trained)."""
        if style.training == "training" and style.eta_s is None and (style.progress or 0) < 1:
            note = t(lang, "training_starting")          # no estimate before the first steps
        elif style.training == "training" and (style.progress or 0) >= 1:
            note = t(lang, "training_comparing")         # every step done: the verdict is computed
        elif style.training == "training":
            note = t(lang, "training_running", percent=round(100 * (style.progress or 0)),
                     minutes=max(1, round((style.eta_s or 0) / 60)))
        elif style.training in ("queued", "used", "kept_adain", "failed"):
            note = t(lang, f"training_{style.training}")
        else:
            return ""
        return " · " + note

    async def cmd_communitystyles(self, req, out, lang, args):
        lines = await self._community_lines(req, lang)
        none = platform_key(req, "community_none") if req.is_group else "community_none_own"
        for text in pack_lines(lines) if lines else [t(lang, none)]:
            await out.send(Reply(text))
