"""A Bot API stand-in served over HTTP on 127.0.0.1, checking every request against the spec.

The official Bot API specification (``tests/botapi_spec/api.json``, vendored with its MIT licence)
says which methods exist, which parameters they take and of what types; a
request the real Telegram would reject is recorded as a violation and fails
the test. Updates are queued by the test and handed out through getUpdates.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.httputil import parse_body_arguments
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

# Vendored with its licence: a clone with nothing beside it runs the whole suite.
SPEC_PATH = Path(__file__).resolve().parent / "botapi_spec" / "api.json"

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Partnerbot",
            "username": "partnerbot_test_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False}

# Lengths the spec states in prose; checked on the fields where they apply.
TEXT_LIMITS = {("sendMessage", "text"): (1, 4096), ("editMessageText", "text"): (1, 4096),
               ("sendDocument", "caption"): (0, 1024), ("sendPhoto", "caption"): (0, 1024),
               ("answerCallbackQuery", "text"): (0, 200)}


def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: list[str]
    at: float
    status: int = 200


@dataclass
class StandIn:
    """The recorded calls, queued updates and spec violations of one test."""

    spec: dict[str, Any] = field(default_factory=load_spec)
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    token: str = "123456789:TESTtokenTESTtokenTESTtokenTESTtoken"
    # Flood control: at most this many chat-bound calls per second overall, 1 per chat.
    global_rate: float | None = None
    per_chat_rate: float | None = None
    blocked_chats: set[int] = field(default_factory=set)
    # Files users sent, by file_id: getFile names them, /file/bot<token>/<path> serves them.
    files: dict[str, bytes] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _server: HTTPServer | None = None
    _sent_at: list[float] = field(default_factory=list)
    _chat_sent_at: dict[int, float] = field(default_factory=dict)
    too_many: int = 0
    # setWebhook: updates are POSTed there (as Telegram does, retried until answered 200)
    # instead of being fetched with getUpdates, which is then refused (409).
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_posts: int = 0  # POSTs made, retries included
    webhook_failures: int = 0  # of them, not answered 200 (the update was sent again)
    _delivering: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = Application([(r"/bot([^/]+)/(\w+)", _Handler, {"standin": self}),
                           (r"/file/bot([^/]+)/(.+)", _FileHandler, {"standin": self})])
        self._server = HTTPServer(app)
        sockets = bind_sockets(0, "127.0.0.1")
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for task in list(self._delivering):
            task.cancel()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    # -- test side ----------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> None:
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook_url is not None:
            task = asyncio.get_running_loop().create_task(self._post(update))
            self._delivering.add(task)
            task.add_done_callback(self._delivering.discard)
            return
        self.updates.append(update)
        self._new_update.set()

    async def _post(self, update: dict[str, Any]) -> None:
        """One update to the webhook, sent again (after 0.5 s, then longer) until a 200."""
        from tornado.httpclient import AsyncHTTPClient

        body = json.dumps(update)
        delay = 0.5
        while self.webhook_url is not None:
            headers = {"Content-Type": "application/json"}
            if self.webhook_secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
            self.webhook_posts += 1
            try:
                reply = await AsyncHTTPClient().fetch(self.webhook_url, method="POST", body=body,
                                                      headers=headers, raise_error=False,
                                                      request_timeout=10)
                if reply.code == 200:
                    return
            except OSError:
                pass
            self.webhook_failures += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    @property
    def webhook_pending(self) -> int:
        """Updates not yet answered 200 by the webhook."""
        return len(self._delivering)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        """Calls of ``method`` that were accepted (flood-controlled or forbidden ones left out)."""
        return [c for c in self.calls if c.method == method and c.status == 200 and (
            chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    async def wait_for(self, count: int, method: str = "sendMessage", chat_id: int | None = None,
                       within: float = 10.0) -> list[Call]:
        """Until ``count`` calls of ``method`` arrived (fails after ``within`` seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while len(self.sent(method, chat_id)) < count:
            if loop.time() > deadline:
                raise AssertionError(f"expected {count} {method} calls, got "
                                     f"{len(self.sent(method, chat_id))}: {self.calls[-5:]}")
            await asyncio.sleep(0.01)
        return self.sent(method, chat_id)

    # -- server side ----------------------------------------------------------------

    def validate(self, method: str, params: dict[str, Any], files: list[str]) -> None:
        spec = self.spec["methods"].get(method)
        if spec is None:
            self.violations.append(f"{method}: no such method")
            return
        fields = {f["name"]: f for f in spec.get("fields", [])}
        for name in params.keys() | set(files):
            if name not in fields:
                self.violations.append(f"{method}: unknown parameter {name!r}")
        for name, f in fields.items():
            if f["required"] and name not in params and name not in files:
                self.violations.append(f"{method}: missing required parameter {name!r}")
        for name, value in params.items():
            if name in fields:
                problem = self._check(value, fields[name]["types"], f"{method}.{name}",
                                      from_form=True)
                if problem:
                    self.violations.append(problem)
        for (m, name), (lo, hi) in TEXT_LIMITS.items():
            if m == method and name in params and not lo <= len(str(params[name])) <= hi:
                self.violations.append(f"{method}.{name}: length {len(str(params[name]))} "
                                       f"outside {lo}-{hi}")

    def _check(self, value: Any, types: list[str], path: str, *, from_form: bool = False
               ) -> str | None:
        problems = []
        for type_name in types:
            problem = self._check_one(value, type_name, path, from_form)
            if problem is None:
                return None
            problems.append(problem)
        return problems[0]

    def _check_one(self, value: Any, type_name: str, path: str, from_form: bool) -> str | None:
        if type_name == "Integer":
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                from_form and isinstance(value, str) and re.fullmatch(r"-?\d+", value))
            return None if ok else f"{path}: expected Integer, got {value!r}"
        if type_name in ("Float", "Float number"):
            try:
                float(value)
                return None
            except (TypeError, ValueError):
                return f"{path}: expected Float, got {value!r}"
        if type_name == "Boolean":
            ok = isinstance(value, bool) or (from_form and value in ("true", "false", "True",
                                                                     "False"))
            return None if ok else f"{path}: expected Boolean, got {value!r}"
        if type_name == "String":
            return None if isinstance(value, str) else f"{path}: expected String, got {value!r}"
        if type_name == "InputFile":
            return f"{path}: InputFile must be sent as a multipart file"
        if from_form and isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                return f"{path}: expected JSON for {type_name}, got {value[:40]!r}"
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return f"{path}: expected {type_name}"
            inner = type_name.removeprefix("Array of ")
            for i, item in enumerate(value):
                problem = self._check(item, [inner], f"{path}[{i}]")
                if problem:
                    return problem
            return None
        return self._check_object(value, type_name, path)

    def _check_object(self, value: Any, type_name: str, path: str) -> str | None:
        spec = self.spec["types"].get(type_name)
        if spec is None:
            return f"{path}: unknown type {type_name}"
        if "subtypes" in spec:
            return self._check(value, spec["subtypes"], path)
        if not isinstance(value, dict):
            return f"{path}: expected {type_name} object"
        fields = {f["name"]: f for f in spec.get("fields", [])}
        for name, item in value.items():
            if name not in fields:
                return f"{path}: {type_name} has no field {name!r}"
            problem = self._check(item, fields[name]["types"], f"{path}.{name}")
            if problem:
                return problem
        for name, f in fields.items():
            if f["required"] and name not in value:
                return f"{path}: {type_name} lacks required {name!r}"
        if type_name == "InlineKeyboardButton" and "callback_data" in value:
            size = len(value["callback_data"].encode())
            if not 1 <= size <= 64:
                return f"{path}.callback_data: {size} bytes, allowed 1-64"
        if type_name == "BotCommand" and not re.fullmatch(r"[a-z0-9_]{1,32}", value["command"]):
            return f"{path}.command: {value['command']!r} is not a valid command"
        return None

    @staticmethod
    def _refusal(method: str, params: dict[str, Any]) -> str | None:
        """The 400s Telegram gives for a message it will not deliver at all."""
        markup = params.get("reply_markup")
        if markup:
            data = json.loads(markup) if isinstance(markup, str) else markup
            for row in data.get("inline_keyboard", []):
                for button in row:
                    size = len(str(button.get("callback_data", "")).encode())
                    if "callback_data" in button and not 1 <= size <= 64:
                        return "BUTTON_DATA_INVALID"
        for (m, name), (_lo, hi) in TEXT_LIMITS.items():
            if m == method and name in params and len(str(params[name])) > hi:
                return "message caption is too long" if name == "caption" else \
                    "message is too long"
        return None

    def _flood(self, params: dict[str, Any]) -> float | None:
        """Seconds to retry after, when a call exceeds the configured rates."""
        chat = params.get("chat_id")
        if chat is None or (self.global_rate is None and self.per_chat_rate is None):
            return None
        now = time.monotonic()
        if self.global_rate is not None:
            self._sent_at = [t for t in self._sent_at if now - t < 1.0]
            if len(self._sent_at) >= self.global_rate:
                return 1.0
        if self.per_chat_rate is not None:
            last = self._chat_sent_at.get(int(chat))
            if last is not None and now - last < 1.0 / self.per_chat_rate:
                return 1.0
        self._sent_at.append(now)
        self._chat_sent_at[int(chat)] = now
        return None

    async def respond(self, method: str, params: dict[str, Any], files: list[str]
                      ) -> tuple[int, dict[str, Any]]:
        call = Call(method, params, files, time.monotonic())
        self.calls.append(call)
        self.validate(method, params, files)
        refusal = self._refusal(method, params)
        if refusal is not None:  # what Telegram answers instead of delivering
            call.status = 400
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {refusal}"}
        retry = self._flood(params)
        if retry is not None:
            self.too_many += 1
            call.status = 429
            return 429, {"ok": False, "error_code": 429, "description":
                         f"Too Many Requests: retry after {int(retry)}",
                         "parameters": {"retry_after": int(retry)}}
        chat = params.get("chat_id")
        if chat is not None and int(chat) in self.blocked_chats:
            call.status = 403
            return 403, {"ok": False, "error_code": 403,
                         "description": "Forbidden: bot was blocked by the user"}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "setWebhook":
            self.webhook_url = str(params["url"])
            self.webhook_secret = params.get("secret_token")
            return 200, {"ok": True, "result": True}
        if method == "deleteWebhook":
            self.webhook_url = None
            return 200, {"ok": True, "result": True}
        if method == "getUpdates" and self.webhook_url is not None:
            call.status = 409
            return 409, {"ok": False, "error_code": 409, "description": "Conflict: can't use "
                         "getUpdates method while webhook is active; use deleteWebhook to "
                         "delete the webhook first"}
        if method == "getUpdates":
            offset = int(params.get("offset", 0) or 0)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates:
                self._new_update.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(),
                                           min(float(params.get("timeout", 0) or 0), 0.2))
            return 200, {"ok": True, "result": self.updates[:100]}
        if method == "getFile":
            file_id = str(params.get("file_id"))
            if file_id not in self.files:
                call.status = 400
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: invalid file_id"}
            return 200, {"ok": True, "result": {
                "file_id": file_id, "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]), "file_path": f"documents/{file_id}"}}
        if method in ("sendMessage", "editMessageText", "sendDocument", "sendPhoto"):
            return 200, {"ok": True, "result": self._message(params, method)}
        return 200, {"ok": True, "result": True}

    def _message(self, params: dict[str, Any], method: str) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0) or 0)
        message = {"message_id": int(params.get("message_id") or next(self._ids)),
                   "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}}
        if "text" in params:
            message["text"] = params["text"]
        if "reply_markup" in params:
            message["reply_markup"] = json.loads(params["reply_markup"])
        if method == "sendDocument":
            message["document"] = {"file_id": "doc1", "file_unique_id": "doc1u"}
        return message


class _FileHandler(RequestHandler):
    """Downloads, as api.telegram.org/file/bot<token>/<file_path> serves them."""

    def initialize(self, standin: StandIn) -> None:
        self.standin = standin

    def get(self, token: str, path: str) -> None:
        file_id = path.rsplit("/", 1)[-1]
        if token != self.standin.token or file_id not in self.standin.files:
            self.set_status(404)
            self.finish({"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self.finish(self.standin.files[file_id])


class _Handler(RequestHandler):
    def initialize(self, standin: StandIn) -> None:
        self.standin = standin

    async def post(self, token: str, method: str) -> None:
        if token != self.standin.token:
            self.set_status(401)
            self.finish({"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        args: dict[str, list[bytes]] = {}
        files: dict[str, list[Any]] = {}
        content_type = self.request.headers.get("Content-Type", "")
        params: dict[str, Any]
        if content_type.startswith("application/json"):
            params = json.loads(self.request.body or b"{}")
        else:
            parse_body_arguments(content_type, self.request.body, args, files)
            params = {k: v[0].decode() for k, v in args.items()}
        try:
            status, payload = await self.standin.respond(method, params, list(files))
        except asyncio.CancelledError:  # the client went away (the bot is stopping)
            return
        except Exception as exc:  # a bug in the stand-in must fail the test, visibly
            self.standin.violations.append(f"stand-in error in {method}: {exc!r}")
            raise
        self.set_status(status)
        self.finish(payload)

    get = post


# -- update builders ---------------------------------------------------------------------

_message_ids = itertools.count(1)


def user(user_id: int = 501, language_code: str | None = "en") -> dict[str, Any]:
    out: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ana"}
    if language_code:
        out["language_code"] = language_code
    return out


def message(text: str | None = None, *, user_id: int = 501, language_code: str | None = "en",
            chat_id: int | None = None, chat_type: str = "private", **extra: Any
            ) -> dict[str, Any]:
    chat_id = chat_id if chat_id is not None else user_id
    msg: dict[str, Any] = {"message_id": next(_message_ids), "date": int(time.time()),
                           "chat": {"id": chat_id, "type": chat_type},
                           "from": user(user_id, language_code)}
    if chat_type != "private":
        msg["chat"]["title"] = "IURC partners"
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    msg.update(extra)
    return {"message": msg}


def callback(data: str, message_id: int, *, user_id: int = 501, language_code: str = "en",
             chat_id: int | None = None,
             reply_markup: dict[str, Any] | str | None = None) -> dict[str, Any]:
    """A button pressed; ``reply_markup``: the buttons of the message it is on, as
    Telegram sends them back with the query (a sent call's ``reply_markup`` will do)."""
    chat_id = chat_id if chat_id is not None else user_id
    msg: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                           "chat": {"id": chat_id, "type": "private"}, "text": "..."}
    if reply_markup is not None:
        msg["reply_markup"] = (json.loads(reply_markup) if isinstance(reply_markup, str)
                               else reply_markup)
    return {"callback_query": {
        "id": f"cb{next(_message_ids)}", "from": user(user_id, language_code),
        "chat_instance": "ci", "data": data, "message": msg}}


def my_chat_member(status: str, *, user_id: int = 501, old: str = "member",
                   chat_id: int | None = None, chat_type: str = "private") -> dict[str, Any]:
    """The bot's own membership changed: blocked ("kicked") or unblocked ("member")."""
    chat_id = chat_id if chat_id is not None else user_id
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "IURC partners"

    def member(value: str) -> dict[str, Any]:
        out: dict[str, Any] = {"status": value, "user": BOT_USER}
        if value == "kicked":
            out["until_date"] = 0
        return out

    return {"my_chat_member": {"chat": chat, "from": user(user_id), "date": int(time.time()),
                               "old_chat_member": member(old),
                               "new_chat_member": member(status)}}
