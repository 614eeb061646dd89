"""The preference and privacy commands of the command layer: /settings, /setstyle, /strength,
/keepcolors, /size, /lang, and /mydata and /forgetme (a user's data: all of it as a file, or
deleted). A mixin of ``bot.commands.CommandLayer``, whose store, settings, queue and style lookup
it uses.
"""
from __future__ import annotations

import asyncio
import inspect
import io
import json
import math
import time
import zipfile

from .arguments import (is_clear_word, is_number, parse_number, read_language, read_size, read_switch,
                        percent, strength_text, without_hashtags)
from .chat import Button, Reply, Request
from .errors import BotError
from .messages import has, t

SIZES = {"small": 384, "medium": 512, "large": 768, "xl": 1024}
MIN_OUTPUT_SIDE = 128
FORGET_YES = ("yes", "y", "confirm", "네", "예", "확인")     # /forgetme yes: the confirmation
FORGET_NO = ("no", "n", "nope", "keep", "cancel", "아니", "아니요", "아니오", "아뇨", "취소")   # /forgetme no: keep it
MYDATA_INTERVAL = 60.0           # seconds: one /mydata per user in this time


def forget_answer(args: str) -> tuple[list[str], str, bool]:
    """/forgetme's words, its answer (yes, no, or anything else) and whether words were typed
    after it."""
    words = args.lower().split()
    # "/forgetme yes please": typed words after the yes, not the user id a button names (every
    # id is "platform:..."), were answered "that button deletes the data of whoever asked for
    # it", of a button no one pressed: they get the question, as "/forgetme" does
    typed = len(words) > 1 and ":" not in words[1]
    # the answer as written, its case and trailing punctuation aside: "No." and "Yes!" alike
    # ("/forgetme yes." asked again, where "/forgetme no." kept the data)
    answer = words[0].rstrip(".!~,") if words else ""
    return words, answer, typed


def platform_key(req: Request, key: str) -> str:
    """The front-end's own wording of ``key`` where bot/messages has one ("dc_settings_change",
    "web_forgot": the platform's prefix), else the common one: each new platform wording is a
    messages key, not another ``if req.platform == ...`` here."""
    own = f"{req.platform}_{key}"
    return own if has(own) else key


def _mydata_zip(data: dict, files: list[tuple[str, bytes]]) -> bytes:
    """/mydata's zip: mydata.json deflated, the photos stored (ZIP_STORED: compressed already)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("mydata.json", json.dumps(data, ensure_ascii=False, indent=2, default=str),
                   compress_type=zipfile.ZIP_DEFLATED)
        for name, body in files:
            z.writestr(name, body)
    return archive.getvalue()


class PreferenceCommands:
    """A user's settings and data (a mixin of CommandLayer)."""

    def size_names(self) -> dict[str, int]:
        """/size's words and their pixels here (none above MAX_SIDE_LIMIT)."""
        return {name: min(side, self.settings.MAX_SIDE_LIMIT) for name, side in SIZES.items()}

    async def cmd_settings(self, req, out, lang, args):
        p = self.store.prefs(req.user_id)
        # as a photo paints it (current_style: renamed since too, where the rename left it as it was)
        found = self.current_style(p.default_style, req, lang) if p.default_style else None
        if found is not None:
            style = found.label
        elif p.default_style:       # removed since (it said "default artist: Golden Age"), or another community's
            style = t(lang, "settings_default_gone", name=p.default_style)
        else:
            style = t(lang, "none")
        await out.send(Reply(t(lang, "settings", style=style,
                               # as the captions say it ("strength 75%"): it said "strength: 1"
                               strength=percent(p.strength if p.strength is not None
                                                else self.settings.DEFAULT_STRENGTH),
                               keep=t(lang, "on" if p.keep_colors else "off"),
                               size=self._output_side(p, "adain"), language=t(lang, "language_name")) +
                             # how to change them (it listed them only). Discord's own line
                             # (dc_settings_change): its commands take options ("/strength
                             # value:0.6"), where "/strength 60%" or "/keepcolors on" is refused
                             "\n" + t(lang, platform_key(req, "settings_change"))))

    async def cmd_setstyle(self, req, out, lang, args):
        # hashtags are the user's tags, as after /style ("/setstyle gogh #mood" was an unknown style)
        args = without_hashtags(args, self._style_named(req))
        if is_clear_word(args):
            await self.store.off_loop.set_prefs(req.user_id, req.platform, default_style=None)
            return await out.send(Reply(t(lang, "setstyle_cleared")))
        words = args.split()
        if len(words) > 1 and is_clear_word(" ".join(words[:-1])) and is_number(words[-1]):
            # "/setstyle off 0.5": cleared, as "/setstyle off" is (it was "I don't know the style
            # “off”"); the strength is not set with no artist to go with it, and the reply says how.
            # One that is no strength ("off 7.5") is refused, clearing nothing, as "/setstyle gogh
            # 7.5" and "/style gogh 7.5" refuse it (it cleared, and named "/strength 7.5", refused too)
            value = parse_number(words[-1])
            await self.store.off_loop.set_prefs(req.user_id, req.platform, default_style=None)
            return await out.send(Reply(t(lang, "setstyle_cleared") + " " +
                                        t(lang, "setstyle_cleared_strength", value=strength_text(value))))
        if not args:
            raise BotError("setstyle_usage")
        # a style by its name, or as /style reads a phrase ("모네처럼", "monet please"); not a
        # picture ("@painting": the default was then "not available here"), nor a mix: "gogh monet"
        # was "I don't know the style “gogh monet”", of two names it knows
        style = self.find_style(args, req, lang)
        strength = None
        if style is None:
            # "/setstyle gogh 0.5": the default artist and the strength (/strength), as /style gogh
            # 0.5 reads them; it was "I don't know the style “gogh 0.5”"
            tokens = args.split()
            at = len(tokens) - 1 if len(tokens) > 1 and is_number(tokens[-1]) else \
                self._strength_inside(tokens, req, lang)
            if at is not None:
                strength = parse_number(tokens.pop(at))
                args = " ".join(tokens)
            style = self.find_style(args, req, lang)
        if style is None:
            try:
                read = [] if args.startswith("@") else self.read_styles(args, req, lang)
            except BotError as exc:      # "gogh gogh": one artist named twice is that artist
                read = [(found, 1.0) for _, name in exc.params.get("choices") or []
                        if exc.key == "mix_repeated" and (found := self.find_style(name, req, lang))]
            again = f" {strength_text(strength)}" if strength is not None else ""
            if len(read) > 1:
                exc = BotError("setstyle_one", choices=[(s.label, s.name) for s, _ in read])
                raise await self.offer(exc, req, lambda choice: f"/setstyle {choice}{again}", photo=False)
            if not read:
                raise await self.offer(self.unknown_style(args, req, lang), req,
                                       lambda choice: f"/setstyle {choice}{again}", photo=False)
            style = read[0][0]
        await self.store.off_loop.set_prefs(req.user_id, req.platform, default_style=style.name)
        await out.send(Reply(t(lang, "setstyle_done", style=style.label)))
        if strength is not None:
            await self._set_strength(req, out, lang, strength)

    async def cmd_strength(self, req, out, lang, args):
        args = without_hashtags(args)       # "/strength 0.6 #soft": a tag, not part of the number
        if not args.strip():
            raise BotError("strength_usage")
        await self._set_strength(req, out, lang, parse_number(args.strip()))

    async def _set_strength(self, req, out, lang, value: float) -> None:
        """/strength's setting and its reply (also of /setstyle gogh 0.5)."""
        await self.store.off_loop.set_prefs(req.user_id, req.platform, strength=value)
        text = t(lang, "strength_done_percent", percent=percent(value))     # (as captions say it)
        if value == 0:            # a setting that paints nothing: say so before the next photo does
            text += " " + t(lang, "strength_zero_percent")     # ("0%", as the line before says it)
        await out.send(Reply(text))

    async def cmd_keepcolors(self, req, out, lang, args):
        keep = read_switch(without_hashtags(args))
        if keep is None:
            raise BotError("keepcolors_usage")
        await self.store.off_loop.set_prefs(req.user_id, req.platform, keep_colors=keep)
        await out.send(Reply(t(lang, "keepcolors_done", value=t(lang, "on" if keep else "off"))))

    async def cmd_size(self, req, out, lang, args):
        high = self.settings.MAX_SIDE_LIMIT
        args = without_hashtags(args)                # "/size 1024 #tag": 1024
        usage = {"low": MIN_OUTPUT_SIDE, "high": high, **self.size_names()}
        if not args.strip():         # what it is now, then how to change it (as /lang does)
            current = t(lang, "size_current", value=self._output_side(self.store.prefs(req.user_id), "adain"))
            return await out.send(Reply(current + " " + self.as_typed(req, "size_usage", t(lang, "size_usage", **usage))))
        side = read_size(args, self.size_names())
        # a number out of bounds is told the bound it passed ("/size 5000" got the whole usage)
        if side is not None and side > high:
            raise BotError("size_too_large", value=side, high=high)
        if side is not None and side < MIN_OUTPUT_SIDE:
            raise BotError("size_too_small", value=side, low=MIN_OUTPUT_SIDE)
        if side is None:
            raise BotError("size_usage", **usage)
        await self.store.off_loop.set_prefs(req.user_id, req.platform, output_size=side)
        await out.send(Reply(t(lang, "size_done", value=side)))

    async def cmd_lang(self, req, out, lang, args):
        args = without_hashtags(args)
        if not args.strip():         # what it is now, and how to change it
            return await out.send(Reply(t(lang, "lang_current", language=t(lang, "language_name")) + " " +
                                        self.as_typed(req, "lang_usage", t(lang, "lang_usage"))))
        value = read_language(args)
        if value is None:
            raise BotError("lang_usage")
        await self.store.off_loop.set_prefs(req.user_id, req.platform, lang=value)
        await out.send(Reply(t(value, "lang_done")))

    async def cmd_mydata(self, req, out, lang, args):
        if req.is_group and not req.private_reply:   # not someone's history and photos before a group
            raise BotError("mydata_private")
        asked = self._mydata_asked(req.user_id)
        data = await self.store.off_loop.export_user(req.user_id)
        files = await self.store.off_loop.export_files(req.user_id)     # the photos: files to read
        if not files and self._mydata_times.get(req.user_id) == asked:
            del self._mydata_times[req.user_id]     # no photo: a few KB of JSON, not worth a wait
        # off the loop: 20 kept phone photos are some 400 MB to write (deflating them held every
        # chat up for ~10 s); stored as they are, as they are compressed already (JPEG, PNG, WebP)
        body = await asyncio.to_thread(_mydata_zip, data, files)
        await out.send(Reply(t(lang, "mydata_caption"), document=("mydata.zip", body)))

    def _mydata_asked(self, user_id: str) -> float:
        """One /mydata export with photos per user per MYDATA_INTERVAL seconds: a command that
        paints nothing is not under the rate limit, and each export reads and zips every photo
        kept for the user (20 phone photos: 400 MB). Refused with mydata_wait (before any work)
        within the interval; otherwise the time it began."""
        now, times = time.monotonic(), self._mydata_times
        for user, at in list(times.items()):
            if now - at >= MYDATA_INTERVAL:
                del times[user]
        if user_id in times:
            raise BotError("mydata_wait", seconds=max(1, math.ceil(MYDATA_INTERVAL - (now - times[user_id]))))
        times[user_id] = now
        return now

    def confirms_forget(self, req, args: str) -> bool:
        """Whether /forgetme's ``args`` delete the asker's data now (cmd_forgetme's yes)."""
        words, answer, typed = forget_answer(args)
        return answer in FORGET_YES and not typed and (len(words) < 2 or words[1] == req.user_id.lower())

    async def cmd_forgetme(self, req, out, lang, args):
        """Asks first (one mistyped command deleted preferences, photos and history for good);
        "/forgetme yes" deletes. The button names its asker: in a group, another member pressing
        it deletes nothing (they would have read it as the asker's confirmation)."""
        words, answer, typed = forget_answer(args)
        if answer in FORGET_NO:     # "/forgetme no": it asked again, as if unsure
            return await out.send(Reply(t(lang, "forget_kept")))
        yes = answer in FORGET_YES and not typed
        if not yes and req.as_chat:
            # (written as a group or channel: the button's tap would come from the person's own
            # account, and delete nothing of this one's: they type the yes)
            return await out.send(Reply(t(lang, "forget_confirm_typed")))
        # the web chat has no groups, no private chat beside it and no one else's photos: its own
        # words (web_forget_confirm, web_forgot)
        if not yes:
            # a "no" beside the "yes": the question had only the button that deletes
            return await out.send(Reply(t(lang, platform_key(req, "forget_confirm")), buttons=[[
                Button(t(lang, "button_forget_yes"), f"/forgetme yes {req.user_id}"),
                Button(t(lang, "button_forget_no"), "/forgetme no")]]))
        if len(words) > 1 and words[1] != req.user_id.lower():
            return await out.send(Reply(t(lang, "forget_not_yours")))
        self.forgotten[req.user_id] = time.time()      # their jobs still ending write no history back
        self._forget_requests(req)                     # nor do their requests still on the way
        await self.queue.forget_user(req.user_id)      # the queue's journal keeps nothing of theirs either
        for style in self.store.own_styles(req.user_id):   # those of a private chat; a group's stay its
            if self.trainer is not None:
                await self.trainer.cancel(style.id)
            await self.store.off_loop.remove_style(style.scope, style.key)
        await self.store.off_loop.forget_user(req.user_id)
        for forget in self.forget_hooks:
            if inspect.isawaitable(done := forget(req.user_id)):    # the web chat clears its pages first
                await done
        await out.send(Reply(t(lang, platform_key(req, "forgot"))))
