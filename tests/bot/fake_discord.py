"""A fake Discord REST API and gateway on 127.0.0.1 (aiohttp), enough to drive discord.py for real:
login, application info, command sync, a gateway session (HELLO, IDENTIFY, READY, heartbeats),
interactions pushed as INTERACTION_CREATE, and the REST calls they cause, recorded: interaction
responses, follow-ups (webhooks) and their edits, channel messages and their edits. The messages
the bot sent are kept (``messages``), each in the channel of its interaction: the bot's own messages
can be edited through the channel route too (PATCH /channels/C/messages/M) as on Discord, except
ephemeral ones, and one deleted (``delete``) or unknown is 404 "Unknown Message" (10008). It can
make interaction tokens expire (webhook_calls_left, webhook_gone_code), refuse channel posts and
edits (forbidden_channels), or only the edits (refused_edits). As Discord, it refuses a message over
2000 characters (400, 50035) and, with ``upload_limit`` set (also the interactions'
attachment_size_limit), a file over it (413, 40005 "Request entity too large"). In a channel of
``no_files_channels`` (no Attach Files permission) a message with a file is refused (403, 50013),
also as a follow-up. DMs: opened with POST /users/@me/channels; a user in ``closed_dms`` takes none
(403, 50007 "Cannot send messages to this user"). As on Discord, the first follow-up after a
deferred "thinking" response becomes that response's message, ephemeral or not as the defer was,
whatever its own flags; once that message is deleted (DELETE .../messages/@original), a follow-up is
a message of its own, with its own flags. Users' messages come as MESSAGE_CREATE (``user_message``):
as on Discord, where the bot did not ask for the privileged message-content intent, a server message
that does not mention it comes with no content, attachments, embeds or components (a DM, or one
that mentions the bot, comes whole); a reply carries the message it replies to (referenced_message), itself blanked so unless it is the
bot's or mentions it. Edits come as MESSAGE_UPDATE (``edited_message``), blanked the same way. A
server the bot is in comes as GUILD_CREATE (``guild``), with the bot's managed role ("@Paintbot" in
the mention picker, tags.bot_id the bot's id): whether a message mentioning that role comes whole
without the intent Discord does not document, so ``role_mention_reveals`` says (default: blanked).
As Discord, a channel post with ``enforce_nonce`` whose nonce a message of the bot's there already
has is not made again: that message is the answer (a retry after a 5xx is no duplicate)."""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from datetime import datetime, timezone

from aiohttp import WSMsgType, web

APP_ID = "111111111111111111"
POLL_S = 0.05       # wait_for looks again this often when nothing it is told of changed (the layer's state)


def json_response(data, status: int = 200) -> web.Response:
    # discord.py decodes a body only when Content-Type is exactly application/json (no charset)
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

BOT_USER = {"id": APP_ID, "username": "paintbot", "discriminator": "0", "global_name": "Paintbot",
            "avatar": None, "bot": True}


class FakeDiscord:
    def __init__(self, token: str):
        self.token = token
        self.calls: list[tuple[str, str, dict, dict]] = []      # (method, path, json, files)
        self.files: dict[str, bytes] = {}
        self.synced: list[dict] = []
        self.messages: list[dict] = []                         # follow-ups and channel messages the bot sent
        # webhook calls (follow-ups, their edits) answered before interaction tokens "expire" (Discord:
        # 15 minutes), then 401 "Invalid Webhook Token" (50027), or with webhook_gone_code = 10015,
        # 404 "Unknown Webhook"; None: they never do
        self.webhook_calls_left: int | None = None
        self.webhook_gone_code = 50027
        # channels where the bot may not post (nor edit there; it may see them): 403 "Missing Permissions" (50013)
        self.forbidden_channels: set[str] = set()
        # channels the bot cannot see at all (a private channel a slash command was used in): every
        # call on them, a GET too, is 403 "Missing Access" (50001)
        self.unseen_channels: set[str] = set()
        self.gone_channels: set[str] = set()            # deleted: 404 Unknown Channel for anything there
        # channels where the bot may post but not read the history (no Read Message History): reading
        # one of its messages there (fetch_message) is 403 "Missing Permissions" (50013)
        self.unreadable_channels: set[str] = set()
        # (status, code, message): the answer to every edit through the channel route, e.g. (403, 50001,
        # "Missing Access") as for an app installed by a user in a server the bot is not in
        self.refused_edits: tuple[int, int, str] | None = None
        # the largest file Discord takes (per attachment; 10 MiB in a server without boosts); None: any
        self.upload_limit: int | None = None
        self.no_files_channels: set[str] = set()                # channels where the bot may not attach files
        self.closed_dms: set[str] = set()                      # users whose DMs are closed to the bot
        self.dm_channels: dict[str, str] = {}                  # user id -> their DM channel's id
        self.channels: dict[str, dict] = {}                    # the channels of the interactions dispatched
        self.token_channels: dict[str, str] = {}               # interaction token -> its channel id
        self.thinking: dict[str, int] = {}                     # token -> the flags of its pending "thinking" defer
        self.bot_roles: set[str] = set()                       # the bot's managed roles, one per server (guild())
        self.role_mention_reveals = False                      # a mention of one comes with its content
        # rate limits: (method, path fragment) -> how many such calls are answered 429 (with Discord's
        # "Via" header and a short retry_after, which discord.py waits and retries on, 5 tries in
        # all) before they pass; (method, path fragment, "file"): those with a file only
        self.rate_limited: dict[tuple[str, ...], int] = {}
        self.retry_after = 0.05
        # follow-ups (POST /webhooks/), channel posts (POST /channels/C/messages) and edits through
        # the channel (PATCH /channels/) Discord makes,
        # then answers 500 (its trouble after acting): (method, path fragment) -> how many such calls
        # are kept as made yet answered 500 (discord.py tries again, 5 tries in
        # all); (method, path fragment, "file"): those with a file only
        self.acted_then_failed: dict[tuple[str, ...], int] = {}
        # follow-ups Discord answers 500 without making them: (method, path fragment[, "file"]) -> how many
        self.failed_unmade: dict[tuple[str, ...], int] = {}
        self.deleted: set[str] = set()                         # ids of the bot's messages deleted since
        self.cdn_delay = 0.0                                   # seconds an attachment's download takes (at most: stop)
        self.closing = asyncio.Event()                         # set by stop
        self.downloaded: list[str] = []                        # the names of the files downloaded
        self.downloading: list[str] = []                       # attachments asked for, finished or not
        # (status, code, message): the answer to interaction responses, e.g. (404, 10062, "Unknown
        # interaction") as for one acknowledged after Discord's 3 seconds; None: they are taken
        self.refused_callbacks: tuple[int, int, str] | None = None
        # interactions whose deferred "thinking" message someone deleted (delete_thinking): as on
        # Discord, their webhook takes no more follow-ups nor edits (404, 10008 Unknown Message)
        self.thinking_deleted: set[str] = set()
        self.identified: dict | None = None
        self.handled: list = []            # the requests the command layer has answered (count_handled)
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._next_id = 900000000000000000
        self._changed = asyncio.Event()
        self.base = ""

    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gw", self.gateway)
        app.router.add_get("/cdn/{name}", self.cdn)
        app.router.add_route("*", "/api/v10/{path:.*}", self.rest)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.base

    async def stop(self) -> None:
        # slow downloads still under way end now: the bot is gone, and the server's cleanup
        # would wait out cdn_delay for nobody
        self.closing.set()
        if self._ws is not None:
            await self._ws.close()
        await self.runner.cleanup()

    def snowflake(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def add_attachment(self, name: str, data: bytes, content_type: str = "image/jpeg") -> dict:
        self.files[name] = data
        return {"id": self.snowflake(), "filename": name, "size": len(data), "url": f"{self.base}/cdn/{name}",
                "proxy_url": f"{self.base}/cdn/{name}", "content_type": content_type}

    async def dispatch(self, event: str, data: dict) -> None:
        for _ in range(200):
            if self._ws is not None and self.identified:
                break
            await asyncio.sleep(0.05)
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            data = self.as_delivered(data)
        if event == "INTERACTION_CREATE":        # its follow-ups are messages in its channel
            if self.upload_limit is not None:
                data["attachment_size_limit"] = self.upload_limit
            self.token_channels[data["token"]] = data["channel_id"]
            channel = dict(data["channel"])
            if channel["type"] == 1:
                channel["recipients"] = [data.get("user") or data["member"]["user"]]
            self.channels.setdefault(data["channel_id"], channel)
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    MESSAGE_CONTENT = 1 << 15                   # the privileged intent

    def as_delivered(self, data: dict) -> dict:
        """A user's message as the bot's gateway session gets it. A DM's channel is the one the bot
        opens with that user too."""
        if "guild_id" not in data:
            user = data["author"]["id"]
            self.dm_channels.setdefault(user, data["channel_id"])
            self.channels.setdefault(data["channel_id"], {"id": data["channel_id"], "type": 1,
                                                          "last_message_id": None, "recipients": [data["author"]]})
            return data
        if (self.identified or {}).get("intents", 0) & self.MESSAGE_CONTENT:
            return data
        if data.get("referenced_message") and not self.readable(data["referenced_message"]):
            data = {**data, "referenced_message": self.blanked(data["referenced_message"])}
        return data if self.readable(data) else self.blanked(data)

    def readable(self, data: dict) -> bool:
        """Whether a server message comes whole without the message-content intent: the bot's
        own, or one that mentions it (its managed role: where role_mention_reveals)."""
        return data["author"]["id"] == APP_ID or any(u["id"] == APP_ID for u in data.get("mentions", [])) or \
            (self.role_mention_reveals and bool(self.bot_roles & set(data.get("mention_roles", []))))

    @staticmethod
    def blanked(data: dict) -> dict:
        return {**data, "content": "", "attachments": [], "embeds": [], "components": []}

    def guild(self, guild_id: str) -> tuple[dict, str]:
        """A GUILD_CREATE payload for a server the bot is in, with its @everyone role and the bot's
        managed role (named as the bot: what the mention picker offers as "@Paintbot"), and that
        role's id."""
        role_id = self.snowflake()
        self.bot_roles.add(role_id)

        def role(rid: str, name: str, **more) -> dict:
            return {"id": rid, "name": name, "color": 0, "hoist": False, "position": 0, "permissions": "0",
                    "managed": False, "mentionable": False, "flags": 0, **more}
        return {"id": guild_id, "name": "server", "owner_id": "1", "member_count": 2, "large": False,
                "unavailable": False, "features": [], "emojis": [], "stickers": [], "channels": [], "threads": [],
                "members": [], "voice_states": [], "presences": [], "stage_instances": [],
                "guild_scheduled_events": [], "soundboard_sounds": [],
                "roles": [role(guild_id, "@everyone"),
                          role(role_id, BOT_USER["global_name"], managed=True, position=1, tags={"bot_id": APP_ID})],
                "joined_at": "2024-01-01T00:00:00+00:00"}, role_id

    def find(self, message_id: str) -> dict | None:
        """A message the bot sent, by id (None once deleted)."""
        return next((m for m in self.messages if m["id"] == message_id), None)

    def delete(self, message_id: str) -> None:
        """Someone deleted one of the bot's messages (a moderator, the user in a DM)."""
        self.messages = [m for m in self.messages if m["id"] != message_id]
        self.deleted.add(message_id)

    def delete_thinking(self, token: str) -> None:
        """A moderator deleted an interaction's public "Paintbot is thinking…" message."""
        self.thinking.pop(token, None)
        self.thinking_deleted.add(token)

    def note_change(self) -> None:
        """Something a wait_for predicate reads changed outside this server (the bot's handling of
        an event ended): the waiting test looks again at once."""
        self._changed.set()

    def count_handled(self, layer) -> None:
        """Keep in ``handled`` each request ``layer`` has answered, as it is answered (the front-end
        calls layer.handle anew each time): a test waits for the requests it sent to be answered,
        not for a guessed number of seconds."""
        handle = layer.handle

        async def counted(req, out):
            await handle(req, out)
            self.handled.append(req)
            self._changed.set()
        layer.handle = counted

    def recorded(self, method: str, fragment: str) -> list[tuple[str, dict, dict]]:
        return [(p, j, f) for m, p, j, f in self.calls if m == method and fragment in p]

    async def wait_for(self, predicate, timeout: float = 60.0):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if loop.time() > deadline:
                raise AssertionError(f"timed out; calls: {[(m, p) for m, p, _, _ in self.calls]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), POLL_S)
            except asyncio.TimeoutError:
                pass

    # -- gateway -------------------------------------------------------------------------------
    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_json({"op": 11})
            elif payload["op"] == 2:
                assert payload["d"]["token"] == self.token
                self.identified = payload["d"]
                self._ws = ws
                self._seq += 1
                await ws.send_json({"op": 0, "t": "READY", "s": self._seq, "d": {
                    "v": 10, "user": BOT_USER, "guilds": [], "session_id": "session",
                    "resume_gateway_url": f"{self.base.replace('http', 'ws')}/gw",
                    "application": {"id": APP_ID, "flags": 0}, "private_channels": [], "relationships": []}})
        return ws

    async def cdn(self, request: web.Request) -> web.Response:
        self.downloading.append(request.match_info["name"])     # asked for (its download under way)
        self._changed.set()                 # wait_for(lambda: fake.downloading) wakes at once
        if self.cdn_delay:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.closing.wait(), self.cdn_delay)
        self.downloaded.append(request.match_info["name"])
        return web.Response(body=self.files[request.match_info["name"]])

    # -- REST ----------------------------------------------------------------------------------
    def message(self, content: str | None, channel_id: str = "0", attachments=()) -> dict:
        return {"id": self.snowflake(), "channel_id": channel_id, "type": 0, "content": content or "",
                "author": BOT_USER, "attachments": list(attachments), "embeds": [], "mentions": [],
                "mention_roles": [], "pinned": False, "mention_everyone": False, "tts": False,
                "timestamp": datetime.now(timezone.utc).isoformat(), "edited_timestamp": None,
                "flags": 0, "components": [], "webhook_id": APP_ID, "application_id": APP_ID}

    @staticmethod
    def edited(msg: dict, body: dict) -> dict:
        """A kept message with an edit's fields applied (content, components)."""
        for key in ("content", "components"):
            if key in body:
                msg[key] = body[key] if body[key] is not None else ("" if key == "content" else [])
        msg["edited_timestamp"] = datetime.now(timezone.utc).isoformat()
        return msg

    def sent(self, body: dict, files: dict, channel_id: str = "0") -> dict:
        """A message the bot sent (a follow-up, or in a channel), kept in self.messages."""
        attachments = []
        for name, data in files.items():            # downloadable, as a reply to the message downloads it
            key = self.snowflake()
            self.files[f"{key}-{name}"] = data
            attachments.append({"id": key, "filename": name, "size": len(data), "url": f"{self.base}/cdn/{key}-{name}",
                                "proxy_url": f"{self.base}/cdn/{key}-{name}", "content_type": "image/jpeg"
                                if name.endswith(".jpg") else "application/octet-stream"})
        msg = self.message(body.get("content"), channel_id=channel_id, attachments=attachments)
        msg["components"] = body.get("components", [])
        msg["flags"] = body.get("flags") or 0
        if body.get("nonce") is not None:
            msg["nonce"] = str(body["nonce"])
        self.messages.append(msg)
        return msg

    def made_with_nonce(self, body: dict, channel_id: str) -> dict | None:
        """The bot's message in the channel made with the post's nonce, where it enforces it."""
        if not body.get("enforce_nonce") or body.get("nonce") is None:
            return None
        return next((msg for msg in self.messages if msg["channel_id"] == channel_id
                     and msg.get("nonce") == str(body["nonce"])), None)

    async def rest(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") not in (f"Bot {self.token}", None):
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        path = "/" + request.match_info["path"]
        body, files = {}, {}
        if request.content_type == "application/json":
            body = await request.json()
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files[part.filename or part.name] = await part.read()
        self.calls.append((request.method, path, body, files))
        self._changed.set()
        m = request.method
        for limited, left in self.rate_limited.items():
            method, fragment, *only = limited
            if left > 0 and m == method and fragment in path and (files or not only):
                self.rate_limited[limited] = left - 1
                return web.Response(body=json.dumps({"message": "You are being rate limited.", "global": False,
                                                     "retry_after": self.retry_after}).encode(), status=429,
                                    headers={"Content-Type": "application/json", "Via": "1.1 google",
                                             "Retry-After": "1", "X-RateLimit-Scope": "user"})
        if m in ("POST", "PATCH") and len((body if isinstance(body, dict) else {}).get("content") or "") > 2000:
            return json_response({"message": "Invalid Form Body", "code": 50035, "errors": {"content": {
                "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]}}},
                status=400)
        if self.upload_limit is not None and any(len(f) > self.upload_limit for f in files.values()):
            return json_response({"message": "Request entity too large", "code": 40005}, status=413)
        if m == "GET" and path == "/users/@me":
            return json_response(BOT_USER)
        if m == "GET" and path == "/oauth2/applications/@me":
            return json_response({"id": APP_ID, "name": "Paintbot", "description": "", "icon": None,
                                      "bot_public": True, "bot_require_code_grant": False, "verify_key": "k",
                                      "owner": {"id": "1", "username": "owner", "discriminator": "0", "avatar": None},
                                      "flags": 0})
        if m == "GET" and path == "/gateway/bot":
            return json_response({"url": self.base.replace("http", "ws") + "/gw", "shards": 1,
                                      "session_start_limit": {"total": 1000, "remaining": 999,
                                                              "reset_after": 0, "max_concurrency": 1}})
        if m == "PUT" and path.endswith("/commands"):
            self.synced = body
            return json_response([{"description": "", "default_member_permissions": None, "dm_permission": True,
                                   "nsfw": False, **c, "id": self.snowflake(), "application_id": APP_ID,
                                   "version": "1"} for c in body])
        if m == "POST" and path.endswith("/callback") and self.refused_callbacks is not None:
            status, code, text = self.refused_callbacks
            return json_response({"message": text, "code": code}, status=status)
        if m == "POST" and path.endswith("/callback"):
            interaction_id = path.split("/")[2]
            if body.get("type") == 5:                          # /interactions/ID/TOKEN/callback
                self.thinking[path.split("/")[3]] = (body.get("data") or {}).get("flags", 0) & 64
            return json_response({"interaction": {"id": interaction_id, "type": body.get("type"),
                                                      "response_message_loading": body.get("type") == 5,
                                                      "response_message_ephemeral": ephemeral(body.get("data"))}})
        if path.startswith("/webhooks/") and self.webhook_calls_left is not None:
            if self.webhook_calls_left <= 0:
                if self.webhook_gone_code == 10015:
                    return json_response({"message": "Unknown Webhook", "code": 10015}, status=404)
                return json_response({"message": "Invalid Webhook Token", "code": 50027}, status=401)
            self.webhook_calls_left -= 1
        if path.startswith("/webhooks/") and path.split("/")[3] in self.thinking_deleted:
            return json_response({"message": "Unknown Message", "code": 10008}, status=404)
        if m == "POST" and path == "/users/@me/channels":      # a DM with a user, opened
            user = body["recipient_id"]
            channel_id = self.dm_channels.setdefault(str(user), self.snowflake())
            self.channels[channel_id] = {"id": channel_id, "type": 1, "last_message_id": None, "recipients": [
                {"id": str(user), "username": "u", "discriminator": "0", "global_name": None, "avatar": None}]}
            return json_response(self.channels[channel_id])
        if m == "POST" and files and (path.split("/")[2] if path.startswith("/channels/") else self.token_channels.get(
                path.split("/")[3] if path.startswith("/webhooks/") else "", "")) in self.no_files_channels:
            return json_response({"message": "Missing Permissions", "code": 50013}, status=403)
        if m == "POST" and path.startswith("/channels/") and any(
                self.dm_channels.get(user) == path.split("/")[2] for user in self.closed_dms):
            return json_response({"message": "Cannot send messages to this user", "code": 50007}, status=403)
        for failing, left in self.acted_then_failed.items():
            method, fragment, *only = failing
            if left > 0 and m == method == "POST" and fragment in path and path.startswith("/webhooks/") and \
                    (files or not only):
                self.acted_then_failed[failing] = left - 1
                token = path.split("/")[3]
                if token in self.thinking:
                    body = {**body, "flags": ((body.get("flags") or 0) & ~64) | self.thinking.pop(token)}
                self.sent(body, files, channel_id=self.token_channels.get(token, "0"))
                return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
        for failing, left in self.failed_unmade.items():
            method, fragment, *only = failing
            if left > 0 and m == method == "POST" and fragment in path and path.startswith("/webhooks/") and \
                    (files or not only):
                self.failed_unmade[failing] = left - 1
                return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
        for failing, left in self.failed_unmade.items():           # an edit through the channel, not made: 500
            method, fragment, *only = failing
            if left > 0 and m == method == "PATCH" and fragment in path and path.startswith("/channels/"):
                self.failed_unmade[failing] = left - 1
                return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
        for failing, left in self.acted_then_failed.items():     # an edit through the channel, made, then 500
            method, fragment, *only = failing
            if left > 0 and m == method == "PATCH" and fragment in path and path.startswith("/channels/") and \
                    self.find(path.split("/")[-1]) is not None:
                self.acted_then_failed[failing] = left - 1
                self.edited(self.find(path.split("/")[-1]), body)
                return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
        if m == "POST" and path.startswith("/webhooks/"):       # /webhooks/APP/TOKEN: a follow-up
            token = path.split("/")[3]
            if token in self.thinking:                          # it replaces the "thinking" message: its flags
                body = {**body, "flags": ((body.get("flags") or 0) & ~64) | self.thinking.pop(token)}
            return json_response(self.sent(body, files, channel_id=self.token_channels.get(token, "0")))
        if m == "DELETE" and path.startswith("/webhooks/") and path.endswith("/messages/@original"):
            self.thinking.pop(path.split("/")[3], None)
            return web.Response(status=204)
        if m == "PATCH" and path.startswith("/webhooks/"):      # /webhooks/APP/TOKEN/messages/ID
            msg = self.find(path.split("/")[-1])
            if msg is None and path.split("/")[-1] in self.deleted:
                return json_response({"message": "Unknown Message", "code": 10008}, status=404)
            return json_response(self.edited(msg, body) if msg else self.message(body.get("content")))
        if path.startswith("/channels/") and path.split("/")[2] in self.gone_channels:
            return json_response({"message": "Unknown Channel", "code": 10003}, status=404)
        if path.startswith("/channels/") and path.split("/")[2] in self.unseen_channels:
            return json_response({"message": "Missing Access", "code": 50001}, status=403)
        if m != "GET" and path.startswith("/channels/") and path.split("/")[2] in self.forbidden_channels:
            return json_response({"message": "Missing Permissions", "code": 50013}, status=403)
        if m == "GET" and "/messages/" in path and path.startswith("/channels/") and \
                path.split("/")[2] in self.unreadable_channels:
            return json_response({"message": "Missing Permissions", "code": 50013}, status=403)
        if m == "GET" and path.startswith("/channels/") and path.endswith("/messages") and path.count("/") == 3:
            # a channel's history (channel.history): the bot's messages kept there, not ephemeral, newer
            # than ?after= (a snowflake: its time, as Discord's ids hold it), oldest first
            if path.split("/")[2] in self.unreadable_channels:
                return json_response({"message": "Missing Access", "code": 50001}, status=403)
            after = int(request.query.get("after", "0"))
            since = datetime.fromtimestamp(((after >> 22) + DISCORD_EPOCH_MS) / 1000, timezone.utc)
            found = [msg for msg in self.messages if msg["channel_id"] == path.split("/")[2]
                     and not msg["flags"] & 64 and datetime.fromisoformat(msg["timestamp"]) > since]
            return json_response(found[:int(request.query.get("limit", "50"))])
        if m == "GET" and path.startswith("/channels/") and path.count("/") == 4 and "/messages/" in path:
            msg = self.find(path.split("/")[-1])       # one of the bot's messages, read (fetch_message)
            if msg is None or msg["channel_id"] != path.split("/")[2] or msg["flags"] & 64:
                return json_response({"message": "Unknown Message", "code": 10008}, status=404)
            return json_response(msg)
        if m == "GET" and path.count("/") == 2 and path.startswith("/channels/"):
            channel = self.channels.get(path.split("/")[2])
            if channel is None:
                return json_response({"message": "Unknown Channel", "code": 10003}, status=404)
            return json_response(channel)
        if m == "POST" and path.startswith("/channels/") and path.endswith("/messages"):
            channel_id = path.split("/")[2]
            made = self.made_with_nonce(body, channel_id) or self.sent(body, files, channel_id=channel_id)
            for failing, left in self.acted_then_failed.items():     # made, then 500
                method, fragment, *only = failing
                if left > 0 and method == "POST" and fragment in path and (files or not only):
                    self.acted_then_failed[failing] = left - 1
                    return json_response({"message": "500: Internal Server Error", "code": 0}, status=500)
            return json_response(made)
        if m == "PATCH" and path.startswith("/channels/"):      # /channels/C/messages/ID
            channel_id, message_id = path.split("/")[2], path.split("/")[-1]
            if self.refused_edits is not None:
                status, code, text = self.refused_edits
                return json_response({"message": text, "code": code}, status=status)
            msg = self.find(message_id)
            if msg is None or msg["channel_id"] != channel_id or msg["flags"] & 64:   # ephemeral: not there
                return json_response({"message": "Unknown Message", "code": 10008}, status=404)
            return json_response(self.edited(msg, body))
        if m == "DELETE":
            if path.startswith("/channels/"):
                self.delete(path.split("/")[-1])
            return web.Response(status=204)
        return json_response({"message": "not in the fake", "code": 0}, status=404)


def ephemeral(data: dict | None) -> bool:
    """Whether a response or message (its data) is flagged EPHEMERAL: only its user sees it."""
    return bool((data or {}).get("flags", 0) & 64)


_ids = iter(range(800000000000000001, 900000000000000000))
_sequence = iter(range(1, 1 << 22))
DISCORD_EPOCH_MS = 1420070400000


def snowflake_at(when: datetime) -> str:
    """A message id as Discord makes it: its time (the message's created_at) in the high bits."""
    return str((int(when.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22 | next(_sequence) % (1 << 22))


def interaction(kind: int, data: dict, user: dict, channel_id: str, guild_id: str | None = None,
                permissions: str = "0", locale: str = "en-US", message: dict | None = None) -> dict:
    payload = {"id": str(next(_ids)),
               "application_id": APP_ID, "type": kind, "data": data, "token": f"itoken{time.time_ns()}",
               "version": 1, "channel_id": channel_id, "locale": locale, "app_permissions": "0",
               "entitlements": [], "authorizing_integration_owners": {}, "context": 0 if guild_id else 1,
               "attachment_size_limit": 25 * 1024 * 1024,
               "channel": {"id": channel_id, "type": 0 if guild_id else 1}}
    if message is not None:
        payload["message"] = message
    if guild_id:
        payload["guild_id"] = guild_id
        payload["channel"] = {"id": channel_id, "type": 0, "name": "general", "position": 0, "guild_id": guild_id,
                              "permission_overwrites": [], "nsfw": False, "parent_id": None,
                              "permissions": permissions}
        payload["guild_locale"] = "en-US"
        payload["member"] = {"user": user, "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
                             "mute": False, "permissions": permissions, "flags": 0}
    else:
        payload["user"] = user
    return payload


def user_message(user: dict, channel_id: str, content: str = "", attachments=(), guild_id: str | None = None,
                 replying_to: dict | None = None, reply_ping: bool = True, sent_at: datetime | None = None) -> dict:
    """A MESSAGE_CREATE payload: ``user`` (a bot too, with "bot": True) wrote ``content`` with
    ``attachments`` (FakeDiscord.add_attachment's) in a DM (no ``guild_id``) or a server channel,
    now or ``sent_at``. Its mentions are the users named as <@ID> in the content, and, for a reply
    (``replying_to``: a message the fake kept, or one of these payloads), its author where the
    reply pings them (Discord's default); its role mentions the roles named as <@&ID>."""
    sent_at = sent_at or datetime.now(timezone.utc)
    mentioned = set(re.findall(r"<@!?(\d+)>", content))
    users = {user["id"]: user, APP_ID: BOT_USER}
    if replying_to is not None and reply_ping:
        mentioned.add(replying_to["author"]["id"])
        users[replying_to["author"]["id"]] = replying_to["author"]
    data = {"id": snowflake_at(sent_at), "channel_id": channel_id, "type": 19 if replying_to else 0,
            "content": content, "author": user, "attachments": list(attachments), "embeds": [], "components": [],
            "mentions": [users.get(i, {"id": i, "username": "x", "discriminator": "0", "avatar": None})
                         for i in sorted(mentioned)],
            "mention_roles": re.findall(r"<@&(\d+)>", content), "mention_everyone": False, "pinned": False,
            "tts": False, "timestamp": sent_at.isoformat(), "edited_timestamp": None, "flags": 0}
    if guild_id:
        data["guild_id"] = guild_id
        data["member"] = {"roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                          "flags": 0}
    if replying_to is not None:
        data["message_reference"] = {"type": 0, "message_id": replying_to["id"], "channel_id": channel_id,
                                     **({"guild_id": guild_id} if guild_id else {})}
        data["referenced_message"] = replying_to
    return data


def edited_message(message: dict, content: str, attachments=None, edited_at: datetime | None = None) -> dict:
    """A MESSAGE_UPDATE payload: ``message`` (a user_message) as its author edited it now (or at
    ``edited_at``) to ``content`` (and ``attachments``, else those it had), its mentions those of
    the new text."""
    replying_to = message.get("referenced_message")
    again = user_message(message["author"], message["channel_id"], content,
                         message["attachments"] if attachments is None else attachments, message.get("guild_id"),
                         replying_to, reply_ping=any(replying_to and u["id"] == replying_to["author"]["id"]
                                                     for u in message["mentions"]))
    return {**again, "id": message["id"], "timestamp": message["timestamp"],
            "edited_timestamp": (edited_at or datetime.now(timezone.utc)).isoformat()}
