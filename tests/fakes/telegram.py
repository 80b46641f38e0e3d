"""A fake Telegram Bot API server that the real python-telegram-bot talks to over HTTP.

    async with FakeTelegram(token=TOKEN) as tg:
        app = ApplicationBuilder().token(TOKEN).base_url(tg.base_url)
                                 .base_file_url(tg.base_file_url).build()
        anna = tg.user(first_name="Anna")
        await tg.send_command(anna, "start")
        call = await tg.wait_for_call("sendMessage", chat_id=anna.id)

It answers with real Bot API shapes and errors (400 "message is not modified", 403 "bot was
blocked by the user", 429 with retry_after, ...), keeps every chat as the user sees it (text
and inline keyboard after edits, uploaded documents and photos) and records every request.
Only private chats exist: a chat id is the user id.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import LocalServer

__all__ = [
    "Call",
    "ChatRateStats",
    "FakeFile",
    "FakeMessage",
    "FakeTelegram",
    "FakeUser",
    "RateLimiter",
    "WebhookDelivery",
]

JSON = dict[str, Any]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"

# Methods that count as "sending to a chat" for rate limiting by default.
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
# Methods addressed to a chat: refused with 403 once the user blocked the bot.
CHAT_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendChatAction",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
    }
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Form/multipart parameters arrive as strings; these are decoded (PTB JSON-encodes non-strings).
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "menu_button",
    }
)
_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "max_connections",
        "cache_time",
        "message_thread_id",
        "reply_to_message_id",
        "user_id",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "disable_content_type_detection",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
    }
)
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_LEADING_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# Errors and records
# --------------------------------------------------------------------------------------------


class BotApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code", "description"}``."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, what: str) -> BotApiError:
        return cls(400, f"Bad Request: {what}")

    @classmethod
    def too_many_requests(cls, retry_after: int) -> BotApiError:
        return cls(
            429,
            f"Too Many Requests: retry after {retry_after}",
            {"retry_after": retry_after},
        )

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user; their private chat with the bot has ``chat_id == id``."""

    id: int
    first_name: str = "Anna"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "de"

    @property
    def chat_id(self) -> int:
        return self.id

    def to_api(self) -> JSON:
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_to_api(self) -> JSON:
        chat: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class FakeFile:
    """A file the bot sent (sendDocument/sendPhoto) or a user uploaded, with its bytes."""

    file_id: str
    file_unique_id: str
    kind: str  # "document" | "photo"
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_size(self) -> int:
        return len(self.content)

    @property
    def file_path(self) -> str:
        folder = "photos" if self.kind == "photo" else "documents"
        suffix = ""
        if self.file_name and "." in self.file_name:
            suffix = "." + self.file_name.rsplit(".", 1)[1]
        return f"{folder}/{self.file_unique_id}{suffix}"

    def document_to_api(self) -> JSON:
        doc: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def photo_to_api(self) -> list[JSON]:
        width, height = _image_size(self.content)
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": self.file_size,
                "width": width,
                "height": height,
            }
        ]

    def file_to_api(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


def _image_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return 320, 320


@dataclass
class FakeMessage:
    """A message of a private chat as the user sees it now (after edits)."""

    message_id: int
    chat: FakeUser
    from_bot: bool
    date: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    document: FakeFile | None = None
    photo: FakeFile | None = None
    edit_date: int | None = None
    deleted: bool = False
    source_text: str | None = None  # text as the bot sent it, before parse_mode
    parse_mode: str | None = None
    history: list[str | None] = field(default_factory=list)  # earlier texts, oldest first
    sender: JSON | None = None

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        return _inline(self.reply_markup) or []

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline buttons, row by row: (text, callback_data or None for URL/other buttons)."""
        return [
            (str(button.get("text", "")), button.get("callback_data"))
            for row in self.inline_keyboard
            for button in row
        ]

    def to_api(self) -> JSON:
        message: JSON = {
            "message_id": self.message_id,
            "from": self.sender or {},
            "chat": self.chat.chat_to_api(),
            "date": self.date,
        }
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if self.text is not None:
            message["text"] = self.text
            if self.entities:
                message["entities"] = self.entities
        if self.document is not None:
            message["document"] = self.document.document_to_api()
        if self.photo is not None:
            message["photo"] = self.photo.photo_to_api()
        if self.caption is not None:
            message["caption"] = self.caption
            if self.caption_entities:
                message["caption_entities"] = self.caption_entities
        if self.inline_keyboard:
            message["reply_markup"] = {"inline_keyboard": self.inline_keyboard}
        return message


@dataclass
class Call:
    """One request the bot made to the fake."""

    index: int
    method: str
    params: JSON
    files: dict[str, FakeFile]
    at: float  # time.monotonic() when the request arrived
    wall: float  # time.time() when the request arrived
    chat_id: int | None
    status: int = 200
    result: Any = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def text(self) -> str | None:
        value = self.params.get("text")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the webhook URL."""

    update_id: int
    attempt: int
    status: int | None  # HTTP status, None when the connection failed
    error: str | None
    at: float
    redelivery: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class ChatRateStats:
    accepted: int = 0
    rejected: int = 0


class RateLimiter:
    """Sliding-window flood control: at most N sends per window overall and per chat."""

    def __init__(
        self,
        global_per_second: float | None = 30,
        per_chat_per_second: float | None = 1,
        *,
        window: float = 1.0,
        methods: Iterable[str] = SEND_METHODS,
    ) -> None:
        self.global_limit = None if global_per_second is None else global_per_second * window
        self.chat_limit = None if per_chat_per_second is None else per_chat_per_second * window
        self.window = window
        self.methods = frozenset(methods)
        self.per_chat: dict[int, ChatRateStats] = {}
        self._global: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def stats(self, chat_id: int) -> ChatRateStats:
        return self.per_chat.setdefault(chat_id, ChatRateStats())

    @property
    def total_accepted(self) -> int:
        return sum(s.accepted for s in self.per_chat.values())

    @property
    def total_rejected(self) -> int:
        return sum(s.rejected for s in self.per_chat.values())

    def check(self, chat_id: int, now: float) -> int | None:
        """Count one send; None when accepted, else the retry_after (whole seconds, >= 1)."""
        chat_window = self._chats.setdefault(chat_id, deque())
        for window in (self._global, chat_window):
            while window and window[0] <= now - self.window:
                window.popleft()
        wait: float | None = None
        if self.chat_limit is not None and len(chat_window) >= self.chat_limit:
            wait = chat_window[0] + self.window - now
        elif self.global_limit is not None and len(self._global) >= self.global_limit:
            wait = self._global[0] + self.window - now
        stats = self.stats(chat_id)
        if wait is None:
            chat_window.append(now)
            self._global.append(now)
            stats.accepted += 1
            return None
        stats.rejected += 1
        return max(1, math.ceil(wait))


@dataclass
class _Fault:
    method: str
    status: int
    retry_after: int | None
    times: int
    description: str | None
    chat_id: int | None

    def error(self) -> BotApiError:
        if self.status == 429:
            retry_after = self.retry_after if self.retry_after is not None else 1
            error = BotApiError.too_many_requests(retry_after)
            if self.description:
                error.description = self.description
            return error
        default = {
            400: "Bad Request: fault injected",
            401: "Unauthorized",
            403: BLOCKED,
            404: "Not Found",
            409: "Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(self.status, "Internal Server Error")
        return BotApiError(self.status, self.description or default)


@dataclass
class _CallbackQuery:
    query_id: str
    chat_id: int
    created: float
    answered: bool = False


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    queue: deque[int] = field(default_factory=deque)
    last_error_date: int | None = None
    last_error_message: str | None = None


class _Signal:
    """Wakes every waiter whenever something happened (a call finished, an update arrived)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=max(seconds, 0))


# --------------------------------------------------------------------------------------------
# parse_mode: what Telegram does with HTML / MarkdownV2 / Markdown text
# --------------------------------------------------------------------------------------------

_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_CHAR_REF = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_HTML_START = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9-]*)(.*)$", re.S)
_HTML_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


class TextFormat:
    """Turns text sent with a parse_mode into (plain text, entities), or raises 400."""

    @classmethod
    def parse(cls, text: str, parse_mode: str | None) -> tuple[str, list[JSON]]:
        mode = (parse_mode or "").lower()
        if mode == "html":
            return cls._html(text)
        if mode == "markdownv2":
            return cls._markdown_v2(text), []
        if mode == "markdown":
            return cls._markdown(text), []
        if parse_mode:
            raise BotApiError.bad_request(f"unsupported parse_mode {parse_mode}")
        return text, []

    @staticmethod
    def _error(what: str) -> BotApiError:
        return BotApiError.bad_request(f"can't parse entities: {what}")

    @classmethod
    def _html(cls, source: str) -> tuple[str, list[JSON]]:
        out: list[str] = []
        length = 0  # UTF-16 code units written so far
        stack: list[tuple[str, int, JSON]] = []
        entities: list[JSON] = []
        i = 0
        while i < len(source):
            char = source[i]
            offset = len(source[:i].encode())
            if char == "<":
                end = source.find(">", i)
                if end == -1:
                    raise cls._error(f"Can't find end of the tag starting at byte offset {offset}")
                inner = source[i + 1 : end]
                if inner.startswith("/"):
                    name = inner[1:].strip().lower()
                    if not stack:
                        raise cls._error(f"Unexpected end tag at byte offset {offset}")
                    tag, start, attributes = stack.pop()
                    if name and name != tag:
                        raise cls._error(f'Can\'t find end tag corresponding to start tag "{tag}"')
                    if length > start:
                        entity: JSON = {
                            "offset": start,
                            "length": length - start,
                            "type": _HTML_ENTITY_TYPES[tag],
                        }
                        entities.append(entity | attributes)
                else:
                    match = _HTML_START.match(inner)
                    name = match.group(1).lower() if match else inner
                    if match is None or name not in _HTML_ENTITY_TYPES:
                        raise cls._error(f'Unsupported start tag "{name}" at byte offset {offset}')
                    attrs = {
                        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                        for m in _HTML_ATTR.finditer(match.group(2))
                    }
                    extra: JSON = {}
                    if name == "span" and attrs.get("class") != "tg-spoiler":
                        raise cls._error(f'Unsupported start tag "span" at byte offset {offset}')
                    if name == "a":
                        extra = {"url": attrs.get("href", "")}
                    if name == "tg-emoji":
                        extra = {"custom_emoji_id": attrs.get("emoji-id", "")}
                    stack.append((name, length, extra))
                i = end + 1
                continue
            if char == "&":
                ref = _HTML_CHAR_REF.match(source, i)
                if ref is not None:
                    decoded = cls._char_ref(ref.group(1))
                    if decoded is not None:
                        out.append(decoded)
                        length += _utf16_len(decoded)
                        i = ref.end()
                        continue
            out.append(char)
            length += _utf16_len(char)
            i += 1
        if stack:
            raise cls._error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
        entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(out), entities

    @staticmethod
    def _char_ref(ref: str) -> str | None:
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _HTML_NAMED.get(ref)

    @classmethod
    def _markdown_v2(cls, source: str) -> str:
        out: list[str] = []
        open_marks: list[tuple[str, int]] = []
        i = 0
        in_code: str | None = None  # "`" or "```"
        link_depth = 0
        while i < len(source):
            char = source[i]
            offset = len(source[:i].encode())
            if char == "\\" and i + 1 < len(source):
                out.append(source[i + 1])
                i += 2
                continue
            if in_code is not None:
                if source.startswith(in_code, i):
                    i += len(in_code)
                    in_code = None
                else:
                    out.append(char)
                    i += 1
                continue
            if source.startswith("```", i):
                in_code = "```"
                newline = source.find("\n", i)
                i = i + 3 if newline == -1 else newline + 1
                continue
            if char == "`":
                in_code = "`"
                i += 1
                continue
            mark = next((m for m in ("||", "__", "*", "_", "~") if source.startswith(m, i)), None)
            if mark is not None:
                if open_marks and open_marks[-1][0] == mark:
                    open_marks.pop()
                else:
                    open_marks.append((mark, offset))
                i += len(mark)
                continue
            if char == "[":
                link_depth += 1
                i += 1
                continue
            if char == "]" and link_depth:
                link_depth -= 1
                if source.startswith("(", i + 1):
                    close = source.find(")", i + 2)
                    if close == -1:
                        raise cls._error(f"Can't find end of a url at byte offset {offset}")
                    i = close + 1
                else:
                    i += 1
                continue
            if char == ">" and (i == 0 or source[i - 1] == "\n"):
                i += 1
                continue
            if char in _MDV2_RESERVED:
                raise cls._error(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            out.append(char)
            i += 1
        if in_code is not None or open_marks or link_depth:
            start = open_marks[-1][1] if open_marks else 0
            raise cls._error(f"Can't find end of the entity starting at byte offset {start}")
        return "".join(out)

    @classmethod
    def _markdown(cls, source: str) -> str:
        out: list[str] = []
        open_mark: tuple[str, int] | None = None
        i = 0
        while i < len(source):
            char = source[i]
            mark = "```" if source.startswith("```", i) else char
            if mark in ("*", "_", "`", "```"):
                if open_mark is None:
                    open_mark = (mark, len(source[:i].encode()))
                elif open_mark[0] == mark:
                    open_mark = None
                else:
                    out.append(char)
                    i += 1
                    continue
                i += len(mark)
                continue
            if char == "[" and open_mark is None:
                match = re.match(r"\[([^\]]*)\]\(([^)]*)\)", source[i:])
                if match:
                    out.append(match.group(1))
                    i += match.end()
                    continue
            out.append(char)
            i += 1
        if open_mark is not None:
            raise cls._error(f"Can't find end of the entity starting at byte offset {open_mark[1]}")
        return "".join(out)


# --------------------------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------------------------


@dataclass
class _Chat:
    user: FakeUser
    messages: dict[int, FakeMessage] = field(default_factory=dict)
    next_message_id: int = 1

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


Handler = Callable[[JSON, dict[str, FakeFile]], Awaitable[Any]]


class FakeTelegram:
    """A Bot API server on 127.0.0.1 for one bot; see the module docstring."""

    def __init__(
        self,
        token: str = "123456789:TEST-fake-token",
        bot_username: str = "GermanTutorTestBot",
        *,
        bot_first_name: str = "German Tutor",
        strict_chats: bool = True,
        callback_query_ttl: float = 15.0,
        webhook_retry_delays: Sequence[float] = (0.05, 0.2, 0.5),
    ) -> None:
        self.token = token
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 123456789
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.strict_chats = strict_chats
        self.callback_query_ttl = callback_query_ttl
        self.webhook_retry_delays = tuple(webhook_retry_delays)

        self.calls: list[Call] = []
        self.deliveries: list[WebhookDelivery] = []
        self.files: dict[str, FakeFile] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.commands: dict[str, list[JSON]] = {}
        # setChatMenuButton: per chat id, None for the bot's default button.
        self.menu_buttons: dict[int | None, JSON] = {}
        self.limiter: RateLimiter | None = None

        self._chats: dict[int, _Chat] = {}
        self._updates: dict[int, JSON] = {}
        self._pending: deque[int] = deque()  # update ids waiting for getUpdates
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(4_242_000_000_000_000_001)
        self._user_ids = itertools.count(100_001)
        self._queries: dict[str, _CallbackQuery] = {}
        self._faults: list[_Fault] = []
        self._blocked: set[int] = set()
        self._webhook: _Webhook | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None
        self._poll_generation = 0
        self._last_action_mark = 0
        self._activity = _Signal()
        self._closing = asyncio.Event()
        self._server = LocalServer(self._build_app())
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in self._method_table().items()
        }

    # ---- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegram:
        self._closing.clear()
        await self._server.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()
        self._activity.fire()
        await self._stop_webhook_worker()
        await self._server.stop()

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` / ``Bot(base_url=...)``: token is appended."""
        return f"{self._server.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._server.url}/file/bot"

    @property
    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ---- simulated users -------------------------------------------------------------------

    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Anna",
        language_code: str | None = "de",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> FakeUser:
        """Create (or replace) a user; their private chat with the bot exists from now on."""
        user = FakeUser(
            id=user_id if user_id is not None else next(self._user_ids),
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        chat = self._chats.get(user.id)
        if chat is None:
            self._chats[user.id] = _Chat(user)
        else:
            chat.user = user
        return user

    async def send_text(self, user: FakeUser, text: str) -> int:
        """The user writes ``text``; a leading /command gets its bot_command entity."""
        entities: list[JSON] = []
        command = _LEADING_COMMAND.match(text)
        if command:
            entities.append(
                {"offset": 0, "length": _utf16_len(command.group(0)), "type": "bot_command"}
            )
        message = self._user_message(user, text=text, entities=entities)
        return self._push_update({"message": message.to_api()})

    async def send_location(self, user: FakeUser, latitude: float, longitude: float) -> int:
        """The user shares a location (📎 → Location): a message with a map pin, no text."""
        message = self._user_message(user)
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_update({"message": {**message.to_api(), "location": location}})

    async def send_command(self, user: FakeUser, command: str, payload: str | None = None) -> int:
        """``/command payload`` (e.g. a /start deep-link payload)."""
        text = f"/{command.lstrip('/')}"
        if payload:
            text += f" {payload}"
        return await self.send_text(user, text)

    async def send_document(
        self,
        user: FakeUser,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> int:
        """The user uploads a document; the bot can fetch it with getFile + the file URL."""
        document = self._new_file("document", content, file_name, mime_type)
        message = self._user_message(user, document=document, caption=caption)
        return self._push_update({"message": message.to_api()})

    async def press_button(
        self, user: FakeUser, message_id: int, callback_data: str, *, strict: bool = True
    ) -> int:
        """The user taps an inline button; the update carries the message as shown now.

        With ``strict`` the button must be on the message's current keyboard; pass
        ``strict=False`` to simulate a tap that raced with an edit (stale data).
        """
        message = self.message(user.id, message_id)
        if strict and callback_data not in [data for _, data in message.buttons]:
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"buttons: {message.buttons}"
            )
        self._unblock_by_user(user)
        query_id = str(next(self._query_ids))
        self._queries[query_id] = _CallbackQuery(query_id, user.id, time.monotonic())
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": message.to_api(),
            "chat_instance": str(-4_000_000_000 - user.id),
            "data": callback_data,
        }
        return self._push_update({"callback_query": query})

    async def press_button_text(
        self, user: FakeUser, button_text: str, message_id: int | None = None
    ) -> int:
        """Tap the button labelled ``button_text`` (exact, else substring) on the given
        message, or on the newest bot message that has such a button."""
        candidates = (
            [self.message(user.id, message_id)]
            if message_id is not None
            else [m for m in reversed(self.chat(user.id)) if m.from_bot and m.buttons]
        )
        for exact in (True, False):
            for message in candidates:
                for text, data in message.buttons:
                    hit = text == button_text if exact else button_text in text
                    if hit and data is not None:
                        return await self.press_button(user, message.message_id, data)
        shown = [(m.message_id, m.buttons) for m in candidates]
        raise LookupError(f"no callback button {button_text!r}; buttons shown: {shown}")

    def _user_message(
        self,
        user: FakeUser,
        *,
        text: str | None = None,
        entities: list[JSON] | None = None,
        document: FakeFile | None = None,
        caption: str | None = None,
    ) -> FakeMessage:
        self._unblock_by_user(user)
        chat = self._chat_of(user)
        message = FakeMessage(
            message_id=chat.new_message_id(),
            chat=chat.user,
            from_bot=False,
            date=int(time.time()),
            text=text,
            entities=entities or [],
            document=document,
            caption=caption,
            sender=chat.user.to_api(),
        )
        chat.messages[message.message_id] = message
        return message

    def _unblock_by_user(self, user: FakeUser) -> None:
        # A user who blocked the bot has to unblock it before they can write to it.
        self._blocked.discard(user.id)

    def _chat_of(self, user: FakeUser) -> _Chat:
        chat = self._chats.get(user.id)
        if chat is None:
            chat = self._chats[user.id] = _Chat(user)
        return chat

    def _push_update(self, payload: JSON) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **payload}
        self._updates[update_id] = update
        self._last_action_mark = len(self.calls)
        if self._webhook is not None:
            self._webhook.queue.append(update_id)
        else:
            self._pending.append(update_id)
        self._activity.fire()
        return update_id

    # ---- reading what the bot did ----------------------------------------------------------

    def mark(self) -> int:
        """A position in :attr:`calls`; pass it as ``since=`` to look only at later calls."""
        return len(self.calls)

    def calls_to(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        since: int = 0,
        ok: bool | None = None,
    ) -> list[Call]:
        return [c for c in self.calls[since:] if self._matches(c, method, chat_id, ok, None)]

    async def wait_for_call(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        predicate: Callable[[Call], bool] | None = None,
        since: int | None = None,
        ok: bool | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the fake, not for I/O
    ) -> Call:
        """The first matching call at or after ``since``.

        ``since`` defaults to the moment of the latest simulated user action (send_text,
        send_command, press_button, ...), so "press, then wait for the edit" just works.
        For the call after that one use ``since=previous.index + 1``. ``ok=True`` skips
        failed attempts (e.g. a 429 before the retry).
        """
        start = self._last_action_mark if since is None else since
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for call in self.calls[start:]:
                if self._matches(call, method, chat_id, ok, predicate):
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [
                    (c.index, c.method, c.chat_id, c.status)
                    for c in self.calls[start:]
                    if c.method != "getUpdates"
                ]
                raise TimeoutError(
                    f"no {method} call (chat_id={chat_id}) within {timeout}s "
                    f"after call #{start}; calls seen: {seen}"
                )
            await self._activity.wait(remaining)

    @staticmethod
    def _matches(
        call: Call,
        method: str,
        chat_id: int | None,
        ok: bool | None,
        predicate: Callable[[Call], bool] | None,
    ) -> bool:
        return (
            call.method.lower() == method.lower()
            and (chat_id is None or call.chat_id == chat_id)
            and (ok is None or call.ok == ok)
            and (predicate is None or predicate(call))
        )

    def chat(self, chat_id: int) -> list[FakeMessage]:
        """The chat as the user sees it now: user and bot messages, oldest first."""
        chat = self._chats.get(chat_id)
        if chat is None:
            raise LookupError(f"no chat {chat_id}")
        return [m for m in chat.messages.values() if not m.deleted]

    def last_message(self, chat_id: int, *, from_bot: bool = True) -> FakeMessage:
        """The newest visible message in the chat sent by the bot (or by the user)."""
        for message in reversed(self.chat(chat_id)):
            if message.from_bot == from_bot:
                return message
        raise LookupError(f"no {'bot' if from_bot else 'user'} message in chat {chat_id}")

    def message(self, chat_id: int, message_id: int) -> FakeMessage:
        chat = self._chats.get(chat_id)
        message = chat.messages.get(message_id) if chat else None
        if message is None or message.deleted:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        return message

    @staticmethod
    def buttons(message: FakeMessage) -> list[tuple[str, str | None]]:
        return message.buttons

    def update(self, update_id: int) -> JSON:
        return self._updates[update_id]

    def callback_query_id(self, update_id: int) -> str:
        return str(self._updates[update_id]["callback_query"]["id"])

    def file_content(self, file_id: str) -> bytes:
        return self.files[file_id].content

    # ---- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 2,
        times: int = 1,
        *,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` (optionally only for ``chat_id``) fail."""
        self._faults.append(
            _Fault(method.lower(), status, retry_after, times, description, chat_id)
        )

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: every send/edit to the chat gets 403."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def rate_limit(
        self,
        global_per_second: float | None = 30,
        per_chat_per_second: float | None = 1,
        *,
        window: float = 1.0,
        methods: Iterable[str] = SEND_METHODS,
    ) -> RateLimiter:
        """Enforce flood limits from now on (sliding window); returns the live counters."""
        self.limiter = RateLimiter(
            global_per_second, per_chat_per_second, window=window, methods=methods
        )
        return self.limiter

    def expire_callback_queries(self) -> None:
        """Every open callback query becomes too old to answer."""
        for query in self._queries.values():
            query.created = -math.inf

    # ---- webhook ---------------------------------------------------------------------------

    @property
    def webhook_url(self) -> str | None:
        return self._webhook.url if self._webhook else None

    async def wait_for_delivery(
        self,
        update_id: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the fake, not for I/O
        ok: bool | None = True,
    ) -> WebhookDelivery:
        """The first webhook POST of the update (successful by default)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for delivery in self.deliveries:
                if delivery.update_id == update_id and (ok is None or delivery.ok == ok):
                    return delivery
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"update {update_id} was not delivered; {self.deliveries}")
            await self._activity.wait(remaining)

    async def deliver_again(self, update_id: int) -> WebhookDelivery:
        """POST an already sent update once more (Telegram does this when unsure)."""
        if self._webhook is None:
            raise RuntimeError("no webhook is set")
        return await self._post_update(self._webhook, update_id, attempt=1, redelivery=True)

    def _start_webhook_worker(self) -> None:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10.0)
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._webhook_worker())

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        client, self._http = self._http, None
        if client is not None:
            await client.aclose()

    async def _webhook_worker(self) -> None:
        while not self._closing.is_set():
            webhook = self._webhook
            if webhook is None:
                return
            if not webhook.queue:
                await self._activity.wait(1.0)
                continue
            update_id = webhook.queue[0]
            await self._deliver_with_retries(webhook, update_id)
            if webhook.queue and webhook.queue[0] == update_id:
                webhook.queue.popleft()

    async def _deliver_with_retries(self, webhook: _Webhook, update_id: int) -> None:
        for attempt, delay in enumerate((0.0, *self.webhook_retry_delays), start=1):
            if delay:
                await asyncio.sleep(delay)
            if self._webhook is not webhook:
                return  # replaced or deleted meanwhile
            delivery = await self._post_update(webhook, update_id, attempt=attempt)
            if delivery.ok:
                return

    async def _post_update(
        self, webhook: _Webhook, update_id: int, *, attempt: int, redelivery: bool = False
    ) -> WebhookDelivery:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10.0)
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        status: int | None = None
        error: str | None = None
        try:
            response = await self._http.post(
                webhook.url, content=json.dumps(self._updates[update_id]), headers=headers
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"Wrong response from the webhook: {status} {response.reason_phrase}"
        except httpx.HTTPError as exc:
            error = f"Connection failed: {exc.__class__.__name__}"
        if error is not None:
            webhook.last_error_date = int(time.time())
            webhook.last_error_message = error
        delivery = WebhookDelivery(update_id, attempt, status, error, time.monotonic(), redelivery)
        self.deliveries.append(delivery)
        self._activity.fire()
        return delivery

    # ---- HTTP plumbing ---------------------------------------------------------------------

    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._file_endpoint, methods=["GET"]),
            ]
        )

    async def _file_endpoint(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse(BotApiError(401, "Unauthorized").body(), status_code=401)
        path = request.path_params["file_path"]
        for file in self.files.values():
            if file.file_path == path:
                return Response(
                    file.content, media_type=file.mime_type or "application/octet-stream"
                )
        return JSONResponse(BotApiError(404, "Not Found").body(), status_code=404)

    async def _endpoint(self, request: Request) -> Response:
        arrived, wall = time.monotonic(), time.time()
        if request.path_params["token"] != self.token:
            return JSONResponse(BotApiError(401, "Unauthorized").body(), status_code=401)
        requested = request.path_params["method"]
        name, handler = self._handlers.get(requested.lower(), (requested, None))
        call = Call(-1, name, {}, {}, at=arrived, wall=wall, chat_id=None)
        try:
            call.params, call.files = await self._read_params(request)
            call.chat_id = self._call_chat_id(name, call.params)
            if handler is None:
                raise BotApiError(404, "Not Found")
            self._check_faults(call)
            call.result = await handler(call.params, call.files)
        except BotApiError as error:
            call.status = error.status
            call.description = error.description
            body = error.body()
        else:
            body = {"ok": True, "result": call.result}
            description = _SUCCESS_DESCRIPTIONS.get(name)
            if description:
                body["description"] = description(self, call.params)
        call.index = len(self.calls)
        self.calls.append(call)
        self._activity.fire()
        return JSONResponse(body, status_code=call.status)

    def _call_chat_id(self, method: str, params: JSON) -> int | None:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int):
            return chat_id
        if method == "answerCallbackQuery":
            query = self._queries.get(str(params.get("callback_query_id")))
            return query.chat_id if query else None
        return None

    def _check_faults(self, call: Call) -> None:
        for fault in self._faults:
            if fault.method == call.method.lower() and fault.chat_id in (None, call.chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                raise fault.error()
        if call.method not in CHAT_METHODS or call.chat_id is None:
            return
        if call.chat_id in self._blocked:
            raise BotApiError(403, BLOCKED)
        limiter = self.limiter
        if limiter is not None and call.method in limiter.methods:
            retry_after = limiter.check(call.chat_id, call.at)
            if retry_after is not None:
                raise BotApiError.too_many_requests(retry_after)

    @staticmethod
    async def _read_params(request: Request) -> tuple[JSON, dict[str, FakeFile]]:
        params: JSON = dict(request.query_params)
        files: dict[str, FakeFile] = {}
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            raw = await request.body()
            try:
                body = json.loads(raw) if raw else {}
            except ValueError as exc:
                raise BotApiError.bad_request("can't parse JSON encoded request body") from exc
            if not isinstance(body, dict):
                raise BotApiError.bad_request("JSON object expected in request body")
            params.update(body)
        elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await request.form()
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files[key] = FakeFile(
                        file_id="",
                        file_unique_id="",
                        kind="upload",
                        content=await value.read(),
                        file_name=value.filename,
                        mime_type=value.content_type,
                    )
                else:
                    params[key] = value
            await form.close()
        return {key: _coerce(key, value) for key, value in params.items()}, files

    # ---- Bot API methods -------------------------------------------------------------------

    def _method_table(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "deleteMessage": self._delete_message,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "close": self._true,
            "logOut": self._true,
            "setMyDescription": self._true,
            "setMyShortDescription": self._true,
            "setMyName": self._true,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
        }

    async def _true(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        return True

    async def _get_me(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSON, files: dict[str, FakeFile]) -> list[JSON]:
        if self._webhook is not None:
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if offset > 0:
            while self._pending and self._pending[0] < offset:
                self._pending.popleft()
        elif offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
        self._poll_generation += 1
        generation = self._poll_generation
        self._activity.fire()  # an older long poll still waiting ends with 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._pending and not self._closing.is_set():
            if generation != self._poll_generation:
                raise BotApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            remaining = deadline - loop.time()
            if remaining <= 0 or self._webhook is not None:
                break
            await self._activity.wait(remaining)
        return [self._updates[u] for u in itertools.islice(self._pending, limit)]

    async def _set_webhook(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(params, files)
        if not url.startswith(("http://", "https://")):
            raise BotApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(str(secret)):
            raise BotApiError.bad_request("secret token contains unallowed characters")
        drop = bool(params.get("drop_pending_updates"))
        previous = self._webhook
        webhook = _Webhook(
            url=url,
            secret_token=str(secret) if secret else None,
            max_connections=int(params.get("max_connections") or 40),
            allowed_updates=params.get("allowed_updates"),
        )
        if not drop:
            if previous is not None:
                webhook.queue.extend(previous.queue)
            webhook.queue.extend(self._pending)
        self._pending.clear()
        self._webhook = webhook
        self._start_webhook_worker()
        self._activity.fire()
        return True

    async def _delete_webhook(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        webhook, self._webhook = self._webhook, None
        if webhook is not None:
            await self._stop_webhook_worker()
            self._pending.extendleft(reversed(webhook.queue))
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._activity.fire()
        return True

    async def _get_webhook_info(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        webhook = self._webhook
        if webhook is None:
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
        info: JSON = {
            "url": webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(webhook.queue),
            "max_connections": webhook.max_connections,
            "ip_address": "127.0.0.1",
        }
        if webhook.allowed_updates is not None:
            info["allowed_updates"] = webhook.allowed_updates
        if webhook.last_error_date is not None:
            info["last_error_date"] = webhook.last_error_date
            info["last_error_message"] = webhook.last_error_message
        return info

    def _target_chat(self, params: JSON) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise BotApiError.bad_request("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            if self.strict_chats or not isinstance(chat_id, int):
                raise BotApiError.bad_request("chat not found")
            chat = self._chats[chat_id] = _Chat(FakeUser(id=chat_id))
        return chat

    def _target_message(self, params: JSON, missing: str) -> FakeMessage:
        if params.get("inline_message_id"):
            raise BotApiError.bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message = chat.messages.get(int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise BotApiError.bad_request(missing)
        return message

    @staticmethod
    def _formatted(
        text: Any, parse_mode: Any, entities: Any, limit: int, what: str
    ) -> tuple[str, list[JSON]]:
        if not isinstance(text, str) or not text.strip():
            raise BotApiError.bad_request(
                f"{what} text is empty" if what == "message" else f"{what} is empty"
            )
        plain, parsed = TextFormat.parse(text, parse_mode if isinstance(parse_mode, str) else None)
        if not plain.strip():
            raise BotApiError.bad_request("text must be non-empty")
        if _utf16_len(plain) > limit:
            raise BotApiError.bad_request(
                "message is too long" if what == "message" else "message caption is too long"
            )
        return plain, parsed or (entities if isinstance(entities, list) else [])

    @staticmethod
    def _checked_markup(markup: Any) -> JSON | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise BotApiError.bad_request("can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup
        if not isinstance(keyboard, list) or not all(isinstance(r, list) for r in keyboard):
            raise BotApiError.bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in keyboard:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise BotApiError.bad_request(
                        "text buttons are unallowed in the inline keyboard"
                    )
                web_app = button.get("web_app")
                if web_app is not None and not (
                    isinstance(web_app, dict) and str(web_app.get("url", "")).startswith("https://")
                ):
                    raise BotApiError.bad_request("BUTTON_URL_INVALID")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= (
                    MAX_CALLBACK_DATA_BYTES
                ):
                    raise BotApiError.bad_request("BUTTON_DATA_INVALID")
        return markup

    def _bot_message(self, chat: _Chat, **fields: Any) -> FakeMessage:
        message = FakeMessage(
            message_id=chat.new_message_id(),
            chat=chat.user,
            from_bot=True,
            date=int(time.time()),
            sender=self.bot_user,
            **fields,
        )
        chat.messages[message.message_id] = message
        return message

    async def _send_message(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        chat = self._target_chat(params)
        text, entities = self._formatted(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            MAX_MESSAGE_LENGTH,
            "message",
        )
        markup = self._checked_markup(params.get("reply_markup"))
        message = self._bot_message(
            chat,
            text=text,
            entities=entities,
            reply_markup=markup,
            source_text=params.get("text"),
            parse_mode=params.get("parse_mode"),
        )
        return message.to_api()

    async def _edit_message_text(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        message = self._target_message(params, "message to edit not found")
        if not message.from_bot:
            raise BotApiError.bad_request("message can't be edited")
        if message.text is None:
            raise BotApiError.bad_request("there is no text in the message to edit")
        text, entities = self._formatted(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            MAX_MESSAGE_LENGTH,
            "message",
        )
        markup = self._checked_markup(params.get("reply_markup"))
        if (text, entities, _inline(markup)) == (
            message.text,
            message.entities,
            _inline(message.reply_markup),
        ):
            raise BotApiError(400, NOT_MODIFIED)
        message.history.append(message.text)
        message.text, message.entities = text, entities
        message.source_text, message.parse_mode = params.get("text"), params.get("parse_mode")
        message.reply_markup = markup  # omitting reply_markup removes the inline keyboard
        message.edit_date = int(time.time())
        return message.to_api()

    async def _edit_message_reply_markup(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        message = self._target_message(params, "message to edit not found")
        if not message.from_bot:
            raise BotApiError.bad_request("message can't be edited")
        markup = self._checked_markup(params.get("reply_markup"))
        if _inline(markup) == _inline(message.reply_markup):
            raise BotApiError(400, NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return message.to_api()

    async def _answer_callback_query(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = self._queries.get(query_id)
        if (
            query is None
            or query.answered
            or time.monotonic() - query.created > self.callback_query_ttl
        ):
            raise BotApiError(400, QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise BotApiError.bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        self.callback_answers[query_id] = params
        return True

    def _new_file(
        self, kind: str, content: bytes, file_name: str | None, mime_type: str | None
    ) -> FakeFile:
        number = next(self._file_ids)
        prefix = "AgACAgIAAxk" if kind == "photo" else "BQACAgIAAxk"
        file = FakeFile(
            file_id=f"{prefix}-fake-{number:06d}",
            file_unique_id=f"AQAD{number:06d}",
            kind=kind,
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[file.file_id] = file
        return file

    def _input_file(
        self, kind: str, name: str, params: JSON, files: dict[str, FakeFile]
    ) -> FakeFile:
        upload = files.get(name)
        value = params.get(name)
        if upload is None and isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        if upload is not None:
            mime = upload.mime_type
            if kind == "photo":
                return self._new_file(kind, upload.content, None, "image/jpeg")
            return self._new_file(kind, upload.content, upload.file_name, mime)
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise BotApiError.bad_request("failed to get HTTP URL content")
        if value:
            raise BotApiError.bad_request("wrong file identifier/HTTP URL specified")
        raise BotApiError.bad_request(f"there is no {name} in the request")

    async def _send_media(self, kind: str, params: JSON, files: dict[str, FakeFile]) -> JSON:
        chat = self._target_chat(params)
        file = self._input_file(kind, kind, params, files)
        caption: str | None = None
        caption_entities: list[JSON] = []
        if params.get("caption"):
            caption, caption_entities = self._formatted(
                params.get("caption"),
                params.get("parse_mode"),
                params.get("caption_entities"),
                MAX_CAPTION_LENGTH,
                "caption",
            )
        markup = self._checked_markup(params.get("reply_markup"))
        message = self._bot_message(
            chat,
            caption=caption,
            caption_entities=caption_entities,
            reply_markup=markup,
            **{kind: file},
        )
        return message.to_api()

    async def _send_photo(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        return await self._send_media("photo", params, files)

    async def _send_document(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        return await self._send_media("document", params, files)

    async def _send_chat_action(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        self._target_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise BotApiError.bad_request("wrong parameter action in request")
        return True

    async def _delete_message(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        message = self._target_message(params, "message to delete not found")
        message.deleted = True
        return True

    @staticmethod
    def _commands_key(params: JSON) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _set_chat_menu_button(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise BotApiError.bad_request("can't parse menu button")
        if button["type"] == "web_app":
            web_app = button.get("web_app")
            url = str(web_app.get("url", "")) if isinstance(web_app, dict) else ""
            if not button.get("text") or not url.startswith("https://"):
                raise BotApiError.bad_request("BUTTON_URL_INVALID")
        chat_id = params.get("chat_id")
        self.menu_buttons[int(chat_id) if chat_id is not None else None] = button
        return True

    async def _get_chat_menu_button(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        chat_id = params.get("chat_id")
        key = int(chat_id) if chat_id is not None else None
        return self.menu_buttons.get(key) or self.menu_buttons.get(None) or {"type": "default"}

    async def _set_my_commands(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise BotApiError.bad_request("commands must be an array of at most 100 commands")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command"))):
                raise BotApiError.bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description") or "")) <= 256:
                raise BotApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: JSON, files: dict[str, FakeFile]) -> list[JSON]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JSON, files: dict[str, FakeFile]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _get_file(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        file = self.files.get(str(params.get("file_id")))
        if file is None:
            raise BotApiError.bad_request("invalid file_id")
        return file.file_to_api()

    async def _get_chat(self, params: JSON, files: dict[str, FakeFile]) -> JSON:
        chat = self._target_chat(params)
        return chat.user.chat_to_api() | {"accent_color_id": 0, "max_reaction_count": 11}


def _inline(markup: JSON | None) -> list[list[JSON]] | None:
    keyboard = markup.get("inline_keyboard") if markup else None
    if isinstance(keyboard, list) and keyboard:
        return keyboard
    return None


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError as exc:
            raise BotApiError.bad_request(f"can't parse {key} JSON object") from exc
    if key in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if key in _BOOL_PARAMS:
        return value.lower() in ("true", "1")
    return value


_SUCCESS_DESCRIPTIONS: Mapping[str, Callable[[FakeTelegram, JSON], str]] = {
    "setWebhook": lambda tg, params: (
        "Webhook was set" if params.get("url") else "Webhook was deleted"
    ),
    "deleteWebhook": lambda tg, params: "Webhook was deleted",
}
