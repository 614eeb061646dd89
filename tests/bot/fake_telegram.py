"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) for driving python-telegram-bot for real.

Serves getMe/getUpdates with real update JSON, getFile and the file download, and records every
call (sendMessage, sendPhoto, editMessageText, ...) with its parameters and uploaded files.
As Telegram does, getUpdates hands out only the kinds of update in its ``allowed_updates``, and a
getUpdates still waiting when another one comes is answered 409 "terminated by other getUpdates
request" (two bot instances polling with one token).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import time

from aiohttp import web

BOT_ID = 999
POLL_S = 0.05       # wait_for looks again this often when nothing it is told of changed (the layer's state)
BOT_USERNAME = "paintbot_test_bot"
TERMINATED = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


class Refused(Exception):
    """An API method's answer is an error: ``{"ok": false, "error_code": status, ...}``."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def command_entities(msg: dict) -> dict:
    """The bot_command entity Telegram marks a text or caption starting with "/" with."""
    for key in ("text", "caption"):
        if msg.get(key, "").startswith("/"):
            msg["caption_entities" if key == "caption" else "entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(msg[key].split()[0])}]
    return msg


BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Paintbot", "username": BOT_USERNAME}
# the rights of a restricted member, as the Bot API (9.x, python-telegram-bot 22.8's) sends them
# in a ChatMemberRestricted: python-telegram-bot 22.8 cannot read one without can_edit_tag and
# can_react_to_messages (TypeError), and a getUpdates batch holding one was fetched again for ever
RESTRICTED_RIGHTS = ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                     "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                     "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
                     "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages", "can_manage_topics")


def restricted_member(user: dict | None = None, **rights: bool) -> dict:
    """A ChatMemberRestricted as Telegram sends it (the bot's own by default): every right
    (RESTRICTED_RIGHTS) True but those given, e.g. ``can_send_photos=False``."""
    unknown = set(rights) - set(RESTRICTED_RIGHTS)
    if unknown:
        raise ValueError(f"no such right: {unknown}")
    return {"status": "restricted", "user": user or BOT_USER, "is_member": True, "until_date": 0,
            **{r: rights.get(r, True) for r in RESTRICTED_RIGHTS}}


def chat_permissions(**rights: bool) -> dict:
    """A group's default ChatPermissions as getChat sends them (ChatFullInfo.permissions): every
    right True but those given, e.g. ``can_send_photos=False``."""
    unknown = set(rights) - set(RESTRICTED_RIGHTS)
    if unknown:
        raise ValueError(f"no such right: {unknown}")
    return {r: rights.get(r, True) for r in RESTRICTED_RIGHTS}


def my_chat_member(chat: dict, by: dict, old: dict, new: dict) -> dict:
    """A my_chat_member update's payload: ``by`` changed the bot's membership in ``chat``."""
    return {"chat": chat, "from": by, "date": int(time.time()), "old_chat_member": old, "new_chat_member": new}


class Migrated(Refused):
    """A group upgraded to a supergroup: Telegram answers 400 with the new chat's id."""

    def __init__(self, new_id: int):
        super().__init__(400, "Bad Request: group chat was upgraded to a supergroup chat")
        self.parameters = {"migrate_to_chat_id": new_id}


class FakeTelegram:
    def __init__(self, token: str):
        self.token = token
        self.updates: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.calls: list[tuple[str, dict, dict]] = []       # (method, params, files)
        self.downloads: list[str] = []
        self.slow_files: dict[str, float] = {}       # file_id -> seconds its download takes, at most ...
        self.link_fast_again = asyncio.Event()       # ... until this is set (end_slow_downloads)
        self.chat_members: dict[tuple[int, int], str] = {}  # (chat, user) -> status
        self.anonymous_admins: set[tuple[int, int]] = set()  # (chat, user): an admin who stays anonymous there
        # (chat, user) -> the whole member getChatMember answers (restricted_member(...)), before chat_members
        self.members: dict[tuple[int, int], dict] = {}
        # chat -> its default permissions, as getChat answers them (chat_permissions(...)); all True if not set
        self.permissions: dict[int, dict] = {}
        self.bot_messages: dict[int, dict] = {}        # message id -> a message the bot sent, as Telegram returned it
        self._next_update = 1
        self._next_message = 1000
        self._new = asyncio.Event()
        self._changed = asyncio.Event()
        self.runner = None
        self.base = ""
        self.flood: dict[str, int] = {}        # method -> how many calls get 429 "retry after 1"
        self.refuse: dict[str, tuple[int, str]] = {}   # method -> (status, description), until removed
        self.gone_threads: set[int] = set()            # forum topics deleted: sending into one fails
        # method -> the answers its next calls get, one each, before it works again:
        # (status, description, parameters), e.g. (429, "Too Many Requests: retry after 5", {"retry_after": 5})
        self.errors: dict[str, list[tuple[int, str, dict]]] = {}
        self.migrated: dict[int, int] = {}             # a group upgraded to a supergroup: old id -> new id
        self.download_errors: list[int] = []           # the HTTP status of the next downloads, one each
        self.cut_files: dict[str, int] = {}            # file_id -> its next downloads that break off halfway
        self.max_upload = 50 * 1000 * 1000             # a larger file from the bot: 413, as Telegram answers
        self.slow_methods: dict[str, float] = {}       # method -> seconds its answer takes (at most: see stop)
        self.closing = asyncio.Event()                 # set by stop
        self.dropped: dict[str, int] = {}              # method -> calls done whose connection then drops, unanswered
        self.started: list[str] = []                   # the slow methods called, as their calls come
        self._polling: asyncio.Event | None = None     # set: the getUpdates waiting now is terminated
        self.confirmed = 0          # the highest getUpdates offset: updates below it are confirmed, gone

    # -- the test's side ---------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.api)
        app.router.add_get("/file/bot{token}/{path:.*}", self.download)
        self.runner = web.AppRunner(app, access_log=None)   # its URLs hold the token
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.base

    async def stop(self) -> None:
        # slow answers and downloads still under way end now: the bot is gone, and the server's
        # cleanup would wait out each one's seconds for nobody
        self.link_fast_again.set()
        self.closing.set()
        await self.runner.cleanup()

    def add_file(self, file_id: str, data: bytes) -> None:
        self.files[file_id] = data

    def note_change(self) -> None:
        """Something a wait_for predicate reads changed outside this server (a request the layer
        answered): the waiting test looks again at once, not at its next 0.5 s tick."""
        self._changed.set()

    def end_slow_downloads(self) -> None:
        """The slow link is fast again: slow downloads under way end now, later ones take no time
        (a test waits for what it needs, not for slow_files' seconds)."""
        self.link_fast_again.set()

    def push(self, kind: str, payload: dict) -> int:
        update = {"update_id": self._next_update, kind: payload}
        self._next_update += 1
        self.updates.append(update)
        self._new.set()
        return update["update_id"]

    def message(self, user: dict, chat: dict, **fields) -> dict:
        self._next_message += 1
        msg = {"message_id": self._next_message, "date": int(time.time()), "chat": chat, "from": user, **fields}
        return command_entities(msg)

    def edited(self, msg: dict, **fields) -> dict:
        """``msg`` as its author edited it (a new text or caption), to push as "edited_message"."""
        body = {k: v for k, v in msg.items() if k not in ("text", "caption", "entities", "caption_entities")}
        return command_entities({**body, **fields, "edit_date": int(time.time())})

    def sent(self, method: str, chat_id: int | None = None) -> list[tuple[dict, dict]]:
        return [(p, f) for m, p, f in self.calls
                if m == method and (chat_id is None or str(p.get("chat_id")) == str(chat_id))]

    async def wait_for(self, predicate, timeout: float = 60.0):
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"timed out; calls were: {[(m, p) for m, p, _ in self.calls]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, POLL_S))
            except asyncio.TimeoutError:
                pass

    # -- the bot's side ------------------------------------------------------------------------
    async def download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        path = request.match_info["path"]
        self.downloads.append(path)
        self._changed.set()                 # wait_for(lambda: fake.downloads) wakes at once
        if self.download_errors:
            return web.Response(status=self.download_errors.pop(0), text="failed")
        file_id = path.rsplit("/", 1)[-1]
        if file_id not in self.files:
            raise web.HTTPNotFound()
        if self.slow_files.get(file_id):             # a big photo on a slow link
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.link_fast_again.wait(), self.slow_files[file_id])
        if self.cut_files.get(file_id):             # the connection lost halfway through the file
            self.cut_files[file_id] -= 1
            body = self.files[file_id]
            response = web.StreamResponse()
            response.content_length = len(body)
            await response.prepare(request)
            await response.write(body[:len(body) // 2])
            request.transport.close()
            return response
        return web.Response(body=self.files[file_id])

    async def api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params, files = {}, {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    try:
                        params[key] = json.loads(value)
                    except (ValueError, TypeError):
                        params[key] = value
        if method in self.refuse:               # a revoked token (401), a webhook set elsewhere (409), ...
            status, description = self.refuse[method]
            self.calls.append((f"{method}:{status}", params, files))
            self._changed.set()
            return web.json_response({"ok": False, "error_code": status, "description": description}, status=status)
        if any(len(body) > self.max_upload for body in files.values()):
            self.calls.append((f"{method}:413", params, files))
            self._changed.set()
            return web.json_response({"ok": False, "error_code": 413, "description": "Request Entity Too Large"},
                                     status=413)
        if self.errors.get(method):
            status, description, parameters = self.errors[method].pop(0)
            self.calls.append((f"{method}:{status}", params, files))
            self._changed.set()
            body = {"ok": False, "error_code": status, "description": description}
            return web.json_response({**body, **({"parameters": parameters} if parameters else {})}, status=status)
        if self.flood.get(method):
            self.flood[method] -= 1
            self.calls.append((method + ":429", params, files))
            return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                      "parameters": {"retry_after": 1}}, status=429)
        handler = getattr(self, "m_" + method, None)
        if method in self.slow_methods:          # a slow answer from Telegram: the call has come
            self.started.append(method)
            self._changed.set()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.closing.wait(), self.slow_methods[method])
        try:
            result = True if handler is None else await handler(params, files)
        except Refused as exc:
            self.calls.append((f"{method}:{exc.status}", params, files))
            self._changed.set()
            body = {"ok": False, "error_code": exc.status, "description": exc.description}
            parameters = getattr(exc, "parameters", None)
            return web.json_response({**body, **({"parameters": parameters} if parameters else {})},
                                     status=exc.status)
        if method != "getUpdates":
            self.calls.append((method, params, files))
            self._changed.set()
        if self.dropped.get(method):             # done, and the connection lost before the answer
            self.dropped[method] -= 1
            request.transport.close()
        return web.json_response({"ok": True, "result": result})

    async def m_getMe(self, params, files):
        return {"id": BOT_ID, "is_bot": True, "first_name": "Paintbot", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def m_getUpdates(self, params, files):
        offset = int(params.get("offset") or 0)
        self.confirmed = max(self.confirmed, offset)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        allowed = params.get("allowed_updates") or None
        if isinstance(allowed, str):
            allowed = json.loads(allowed)

        def pending():
            return [u for u in self.updates if u["update_id"] >= offset
                    and (allowed is None or any(kind in u for kind in allowed))]

        if self._polling is not None:
            self._polling.set()             # Telegram ends the one waiting: 409 to it
        terminated = self._polling = asyncio.Event()
        try:
            if not pending() and timeout:
                self._new.clear()
                new, ended = asyncio.ensure_future(self._new.wait()), asyncio.ensure_future(terminated.wait())
                await asyncio.wait((new, ended), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                new.cancel()
                ended.cancel()
            if terminated.is_set():
                raise Refused(409, TERMINATED)
            return pending()
        finally:
            if self._polling is terminated:
                self._polling = None

    async def m_getFile(self, params, files):
        file_id = params["file_id"]
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"documents/{file_id}"}

    async def m_getChatMember(self, params, files):
        if (int(params["chat_id"]), int(params["user_id"])) in self.members:
            return self.members[(int(params["chat_id"]), int(params["user_id"]))]
        status = self.chat_members.get((int(params["chat_id"]), int(params["user_id"])), "member")
        user = {"id": int(params["user_id"]), "is_bot": False, "first_name": "U"}
        extra = {"administrator": {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                                   "can_delete_messages": True, "can_manage_video_chats": True,
                                   "can_restrict_members": True, "can_promote_members": False,
                                   "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
                                   "can_edit_stories": False, "can_delete_stories": False},
                 "creator": {"is_anonymous": False}}.get(status, {})
        if extra and (int(params["chat_id"]), int(params["user_id"])) in self.anonymous_admins:
            extra = {**extra, "is_anonymous": True}
        return {"status": status, "user": user, **extra}

    async def m_getChat(self, params, files):
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": True, "limited_gifts": True, "unique_gifts": True,
                                        "premium_subscription": True, "gifts_from_channels": True}}
        if chat_id < 0:
            chat.update(title="g", permissions=self.permissions.get(chat_id) or chat_permissions())
        return chat

    def _reply(self, params, **fields):
        if params.get("message_thread_id") in self.gone_threads:
            raise Refused(400, "Bad Request: message thread not found")
        if int(params["chat_id"]) in self.migrated:
            raise Migrated(self.migrated[int(params["chat_id"])])
        self._next_message += 1
        chat_id = int(params["chat_id"])
        message = {"message_id": self._next_message, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "g"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Paintbot", "username": BOT_USERNAME},
                   **fields}
        self.bot_messages[message["message_id"]] = message
        return message

    async def m_sendMessage(self, params, files):
        return self._reply(params, text=params.get("text", ""))

    async def m_sendPhoto(self, params, files):
        return self._reply(params, caption=params.get("caption", ""),
                           photo=[{"file_id": "out", "file_unique_id": "uout", "width": 128, "height": 96}])

    async def m_sendDocument(self, params, files):
        return self._reply(params, caption=params.get("caption", ""),
                           document={"file_id": "doc", "file_unique_id": "udoc", "file_name": "mydata.json"})

    async def m_editMessageText(self, params, files):
        return self._reply(params, text=params.get("text", ""))
