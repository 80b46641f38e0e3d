"""A fake Anthropic Messages API that the real ``anthropic.AsyncAnthropic`` talks to over HTTP.

    async with FakeAnthropic() as fake:
        client = AsyncAnthropic(base_url=fake.base_url, api_key="test-key")
        fake.enqueue(FakeReply.json({"reply": "Hallo!", "corrections": []}))
        message = await client.messages.create(...)
        assert fake.requests[-1].usage.cache_read_input_tokens > 0

Serves ``POST /v1/messages`` (JSON or SSE stream) and ``POST /v1/messages/count_tokens`` with
the real shapes: text, forced tool use, structured output (``output_config.format``), usage
with prompt-cache accounting, and errors ``{"type": "error", "error": {...}}`` with a
``request-id`` header on every response and ``retry-after`` on 429.

Token counting is deterministic: ``ceil(len(utf8 bytes) / 4)`` per prompt block (a text block
counts its text; a tool or any other block counts its JSON without ``cache_control``).
Prompt caching follows the API's rules: blocks carrying ``cache_control`` (at most 4, plus
the top-level ``cache_control`` which marks the last block) are breakpoints over the prefix
tools -> system -> messages; a prefix shorter than ``min_cache_tokens`` (1024 by default, like
Sonnet/Opus) is never cached; a breakpoint reads the longest cached prefix ending within the
20 blocks before it; entries live 5 minutes (or 1 hour with ``"ttl": "1h"``) from last use,
and they are per model (changing ``tool_choice`` invalidates the messages part).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import itertools
import json
import math
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.server import LocalServer

__all__ = [
    "FakeAnthropic",
    "FakeReply",
    "FakeRequest",
    "FakeUsage",
    "count_tokens",
    "example_for_schema",
]

JSON = dict[str, Any]

MAX_CACHE_BREAKPOINTS = 4
CACHE_LOOKBACK_BLOCKS = 20
CACHE_TTL_SECONDS = {"5m": 300.0, "1h": 3600.0}

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}
ERROR_MESSAGES = {
    401: "invalid x-api-key",
    404: "Not found",
    429: "This request would exceed the rate limit for your organization of 50 requests per "
    "minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see "
    "the response headers for current usage. Please reduce the prompt length or the maximum "
    "tokens requested, or try again later.",
    500: "Internal server error",
    504: "Request timeout",
    529: "Overloaded",
}


def count_tokens(text: str) -> int:
    """The fake's tokenizer: one token per started 4 bytes of UTF-8."""
    return math.ceil(len(text.encode()) / 4)


# --------------------------------------------------------------------------------------------
# Replies, usage, recorded requests
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeReply:
    """What the fake model answers: a text block or one tool_use block."""

    kind: Literal["text", "tool_use"] = "text"
    content: str = ""
    tool_name: str | None = None  # None: the forced tool, else the first tool of the request
    tool_input: JSON | None = None
    stop_reason: str | None = None  # override, e.g. "max_tokens" or "refusal"

    @classmethod
    def text(cls, text: str, *, stop_reason: str | None = None) -> FakeReply:
        return cls("text", text, stop_reason=stop_reason)

    @classmethod
    def json(cls, value: Any) -> FakeReply:
        """Structured output: ``value`` serialised as the text block."""
        return cls("text", json.dumps(value, ensure_ascii=False))

    @classmethod
    def raw(cls, text: str) -> FakeReply:
        """Text returned verbatim, e.g. malformed JSON to break schema validation."""
        return cls("text", text)

    @classmethod
    def tool(cls, tool_input: JSON, name: str | None = None) -> FakeReply:
        return cls("tool_use", tool_name=name, tool_input=tool_input)


Replier = Callable[["FakeRequest"], "FakeReply | Awaitable[FakeReply]"]


@dataclass
class FakeUsage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_5m: int = 0
    cache_creation_1h: int = 0

    @property
    def total_input_tokens(self) -> int:
        return self.input_tokens + self.cache_creation_input_tokens + self.cache_read_input_tokens

    def __add__(self, other: FakeUsage) -> FakeUsage:
        return FakeUsage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_creation_input_tokens + other.cache_creation_input_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
            self.cache_creation_5m + other.cache_creation_5m,
            self.cache_creation_1h + other.cache_creation_1h,
        )

    def to_api(self) -> JSON:
        return {
            "input_tokens": self.input_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
            "cache_creation": {
                "ephemeral_5m_input_tokens": self.cache_creation_5m,
                "ephemeral_1h_input_tokens": self.cache_creation_1h,
            },
            "output_tokens": self.output_tokens,
            "service_tier": "standard",
        }


@dataclass
class FakeRequest:
    """One request received by the fake, with what it answered."""

    index: int
    path: str
    body: JSON
    headers: dict[str, str]
    at: float  # time.monotonic()
    request_id: str
    status: int = 200
    error_type: str | None = None
    usage: FakeUsage | None = None
    cache_markers: list[str] = field(default_factory=list)  # e.g. ["tools[1]", "system[0]"]
    reply: FakeReply | None = None
    response: JSON | None = None  # the message as sent (also for streams)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def api_key(self) -> str:
        """From ``x-api-key`` or ``Authorization: Bearer`` (the SDK 2.x sends the latter)."""
        bearer = self.headers.get("authorization", "").removeprefix("Bearer ")
        return self.headers.get("x-api-key") or bearer

    @property
    def is_count_tokens(self) -> bool:
        return self.path.endswith("/count_tokens")

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def model(self) -> str:
        return str(self.body.get("model", ""))

    @property
    def max_tokens(self) -> int:
        return int(self.body.get("max_tokens") or 0)

    @property
    def messages(self) -> list[JSON]:
        messages = self.body.get("messages")
        return messages if isinstance(messages, list) else []

    @property
    def system_text(self) -> str:
        system = self.body.get("system")
        if isinstance(system, str):
            return system
        if isinstance(system, list):
            return "\n".join(str(b.get("text", "")) for b in system if isinstance(b, dict))
        return ""

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return _text_of(message.get("content"))
        return ""

    @property
    def tools(self) -> list[JSON]:
        tools = self.body.get("tools")
        return tools if isinstance(tools, list) else []

    @property
    def tool_names(self) -> list[str]:
        return [str(t.get("name")) for t in self.tools]

    @property
    def tool_choice(self) -> JSON | None:
        choice = self.body.get("tool_choice")
        return choice if isinstance(choice, dict) else None

    @property
    def forced_tool(self) -> str | None:
        """The tool name when ``tool_choice`` is ``{"type": "tool", "name": ...}``."""
        choice = self.tool_choice
        if choice and choice.get("type") == "tool":
            return str(choice.get("name"))
        return None

    @property
    def output_schema(self) -> JSON | None:
        """The JSON schema requested via ``output_config.format`` (structured output)."""
        config = self.body.get("output_config") or {}
        fmt = config.get("format") if isinstance(config, dict) else None
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            schema = fmt.get("schema")
            return schema if isinstance(schema, dict) else None
        return None

    def tool_schema(self, name: str) -> JSON | None:
        for tool in self.tools:
            if tool.get("name") == name:
                schema = tool.get("input_schema")
                return schema if isinstance(schema, dict) else None
        return None


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(b.get("text", "")) for b in content if isinstance(b, dict) and "text" in b
        )
    return ""


# --------------------------------------------------------------------------------------------
# Placeholder values from a JSON schema
# --------------------------------------------------------------------------------------------

_STRING_FORMATS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "12:00:00",
    "email": "anna@example.com",
    "uri": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def example_for_schema(
    schema: Any, *, name: str = "value", root: Any = None, depth: int = 0
) -> Any:
    """A value of the right types for ``schema`` (follows $ref/$defs, anyOf, enum, const)."""
    root = schema if root is None else root
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "$ref" in schema:
        return example_for_schema(
            _resolve_ref(root, str(schema["$ref"])), name=name, root=root, depth=depth + 1
        )
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            chosen = next((o for o in options if o.get("type") != "null"), options[0])
            return example_for_schema(chosen, name=name, root=root, depth=depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object":
        properties = schema.get("properties") or {}
        return {
            key: example_for_schema(sub, name=key, root=root, depth=depth + 1)
            for key, sub in properties.items()
        }
    if kind == "array":
        count = max(int(schema.get("minItems") or 0), 1 if depth < 6 else 0)
        item = schema.get("items") or {}
        return [
            example_for_schema(item, name=name, root=root, depth=depth + 1) for _ in range(count)
        ]
    if kind == "string":
        text = _STRING_FORMATS.get(str(schema.get("format")), name)
        text = text.ljust(int(schema.get("minLength") or 0), "x")
        max_length = schema.get("maxLength")
        return text[: int(max_length)] if max_length is not None else text
    if kind in ("integer", "number"):
        minimum, above = schema.get("minimum"), schema.get("exclusiveMinimum")
        low = float(minimum) if minimum is not None else 0.0
        if minimum is None and above is not None:
            low = float(above) + 1
        high = schema.get("maximum")
        number = low if high is None else min(low, float(high))
        return int(number) if kind == "integer" else number
    if kind == "boolean":
        return False
    return None


def _resolve_ref(root: Any, ref: str) -> Any:
    node = root
    for part in ref.removeprefix("#/").split("/"):
        if not isinstance(node, dict):
            return None
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return node


# --------------------------------------------------------------------------------------------
# Prompt units, cache
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    label: str
    section: str  # "tools" | "system" | "messages"
    canonical: str
    tokens: int
    ttl: str | None  # cache breakpoint TTL ("5m" / "1h") if the block carries cache_control


def _without_cache_control(block: JSON) -> JSON:
    return {k: v for k, v in block.items() if k != "cache_control"}


def _block_unit(label: str, section: str, block: Any, role: str | None = None) -> _Unit:
    if not isinstance(block, dict):
        raise _ApiError(400, f"{label}: Input should be a valid dictionary")
    plain = _without_cache_control(block)
    if section == "tools":
        counted = json.dumps(plain, ensure_ascii=False, sort_keys=True)
    elif block.get("type") == "text" and isinstance(block.get("text"), str):
        counted = block["text"]
    else:
        counted = json.dumps(plain, ensure_ascii=False, sort_keys=True)
    marker = block.get("cache_control")
    ttl: str | None = None
    if isinstance(marker, dict):
        ttl = str(marker.get("ttl") or "5m")
        if ttl not in CACHE_TTL_SECONDS:
            raise _ApiError(400, f"{label}.cache_control.ttl: Input should be '5m' or '1h'")
    canonical = json.dumps([role, plain], ensure_ascii=False, sort_keys=True)
    return _Unit(label, section, canonical, count_tokens(counted), ttl)


def prompt_units(body: JSON) -> list[_Unit]:
    units: list[_Unit] = []
    for i, tool in enumerate(body.get("tools") or []):
        units.append(_block_unit(f"tools[{i}]", "tools", tool))
    system = body.get("system")
    if isinstance(system, str) and system:
        units.append(_block_unit("system", "system", {"type": "text", "text": system}))
    elif isinstance(system, list):
        for i, block in enumerate(system):
            units.append(_block_unit(f"system[{i}]", "system", block))
    for m, message in enumerate(body.get("messages") or []):
        role = str(message.get("role")) if isinstance(message, dict) else None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            block = {"type": "text", "text": content}
            units.append(_block_unit(f"messages[{m}].content", "messages", block, role))
        elif isinstance(content, list):
            for b, block in enumerate(content):
                label = f"messages[{m}].content[{b}]"
                units.append(_block_unit(label, "messages", block, role))
    top = body.get("cache_control")
    if isinstance(top, dict) and units:
        last = units[-1]
        ttl = str(top.get("ttl") or "5m")
        units[-1] = _Unit(last.label, last.section, last.canonical, last.tokens, last.ttl or ttl)
    return units


def _prefix_hashes(units: list[_Unit], body: JSON) -> list[str]:
    digest = hashlib.sha256(json.dumps(["model", body.get("model")]).encode())
    hashes: list[str] = []
    in_messages = False
    for unit in units:
        if unit.section == "messages" and not in_messages:
            in_messages = True
            choice = json.dumps(["tool_choice", body.get("tool_choice")], sort_keys=True)
            digest.update(choice.encode())
        digest.update(unit.canonical.encode())
        hashes.append(digest.copy().hexdigest())
    return hashes


@dataclass
class _CacheEntry:
    expires: float
    ttl: str


class PromptCache:
    """Prefix cache keyed by hash of (model, tools, system, tool_choice, messages) prefix."""

    def __init__(self, min_tokens: int) -> None:
        self.min_tokens = min_tokens
        self._entries: dict[str, _CacheEntry] = {}

    def clear(self) -> None:
        self._entries.clear()

    def _alive(self, key: str, now: float) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry.expires > now

    def account(self, units: list[_Unit], hashes: list[str], now: float) -> FakeUsage:
        cumulative = list(itertools.accumulate(u.tokens for u in units))
        total = cumulative[-1] if cumulative else 0
        breakpoints = [i for i, u in enumerate(units) if u.ttl]
        read_at = -1
        for bp in breakpoints:
            for j in range(bp, max(bp - CACHE_LOOKBACK_BLOCKS, -1), -1):
                if self._alive(hashes[j], now):
                    read_at = max(read_at, j)
                    break
        usage = FakeUsage()
        if read_at >= 0:
            usage.cache_read_input_tokens = cumulative[read_at]
            entry = self._entries[hashes[read_at]]
            entry.expires = now + CACHE_TTL_SECONDS[entry.ttl]
        written_to = read_at
        for bp in breakpoints:
            ttl = units[bp].ttl or "5m"
            if bp <= read_at or cumulative[bp] < self.min_tokens:
                continue
            if not self._alive(hashes[bp], now):
                start = cumulative[written_to] if written_to >= 0 else 0
                tokens = cumulative[bp] - start
                if ttl == "1h":
                    usage.cache_creation_1h += tokens
                else:
                    usage.cache_creation_5m += tokens
                written_to = bp
            self._entries[hashes[bp]] = _CacheEntry(now + CACHE_TTL_SECONDS[ttl], ttl)
        usage.cache_creation_input_tokens = usage.cache_creation_5m + usage.cache_creation_1h
        usage.input_tokens = (
            total - usage.cache_read_input_tokens - usage.cache_creation_input_tokens
        )
        return usage


# --------------------------------------------------------------------------------------------
# Errors and faults
# --------------------------------------------------------------------------------------------


class _ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        error_type: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.error_type = error_type or ERROR_TYPES.get(status, "api_error")
        self.message = message or ERROR_MESSAGES.get(status, "Internal server error")
        self.retry_after = retry_after
        super().__init__(self.message)

    def body(self, request_id: str) -> JSON:
        return {
            "type": "error",
            "error": {"type": self.error_type, "message": self.message},
            "request_id": request_id,
        }

    def headers(self, request_id: str) -> dict[str, str]:
        headers = {"request-id": request_id}
        if self.retry_after is not None:
            headers["retry-after"] = f"{self.retry_after:g}"
        return headers


@dataclass
class _Fault:
    status: int
    retry_after: float | None
    times: int
    message: str | None
    in_stream: bool

    def error(self) -> _ApiError:
        return _ApiError(self.status, self.message, retry_after=self.retry_after)


@dataclass
class _Delay:
    seconds: float
    times: int


# --------------------------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------------------------


class FakeAnthropic:
    """A Messages API on 127.0.0.1; see the module docstring."""

    def __init__(self, *, api_key: str | None = None, min_cache_tokens: int = 1024) -> None:
        self.api_key = api_key  # None: any non-empty key is accepted
        self.replier: Replier | None = None
        self.requests: list[FakeRequest] = []
        self.cache = PromptCache(min_cache_tokens)
        self._queue: deque[FakeReply] = deque()
        self._faults: deque[_Fault] = deque()
        self._delays: deque[_Delay] = deque()
        self._time_offset = 0.0
        self._closing = asyncio.Event()
        self._activity = asyncio.Event()
        self._server = LocalServer(
            Starlette(
                routes=[
                    Route("/v1/messages", self._messages, methods=["POST"]),
                    Route("/v1/messages/count_tokens", self._count_tokens, methods=["POST"]),
                    Route("/{path:path}", self._not_found, methods=["GET", "POST", "DELETE"]),
                ]
            )
        )

    async def __aenter__(self) -> FakeAnthropic:
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
        await self._server.stop()

    @property
    def base_url(self) -> str:
        """For ``AsyncAnthropic(base_url=...)``."""
        return self._server.url

    # ---- scripting -------------------------------------------------------------------------

    def enqueue(self, *replies: FakeReply | str) -> None:
        """Replies for the next requests, in order; they take precedence over ``replier``."""
        for reply in replies:
            self._queue.append(FakeReply.text(reply) if isinstance(reply, str) else reply)

    def fail_next(
        self,
        status: int = 429,
        retry_after: float | None = None,
        times: int = 1,
        *,
        message: str | None = None,
        in_stream: bool = False,
    ) -> None:
        """The next ``times`` /v1/messages requests fail with ``status``.

        429 sends ``retry-after`` (1 s unless given); other statuses only when given.
        ``in_stream=True`` fails a streaming request after ``message_start`` with an SSE
        ``error`` event, as the API does when overloaded mid-stream.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(_Fault(status, retry_after, times, message, in_stream))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """The next ``times`` /v1/messages requests answer only after ``seconds``."""
        self._delays.append(_Delay(seconds, times))

    def advance_time(self, seconds: float) -> None:
        """Move the fake's clock (cache TTLs) forward."""
        self._time_offset += seconds

    def now(self) -> float:
        return time.monotonic() + self._time_offset

    # ---- reading ---------------------------------------------------------------------------

    @property
    def message_requests(self) -> list[FakeRequest]:
        """Successful /v1/messages requests (what was billed)."""
        return [r for r in self.requests if r.ok and not r.is_count_tokens]

    def total_usage(self) -> FakeUsage:
        total = FakeUsage()
        for request in self.message_requests:
            if request.usage is not None:
                total = total + request.usage
        return total

    async def wait_for_requests(
        self,
        count: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the fake, not for I/O
    ) -> list[FakeRequest]:
        """Wait until at least ``count`` requests (of any outcome) were answered."""
        async with asyncio.timeout(timeout):
            while len(self.requests) < count:
                self._activity.clear()
                await self._activity.wait()
        return self.requests

    # ---- HTTP ------------------------------------------------------------------------------

    def _record(self, request: Request, body: JSON) -> FakeRequest:
        record = FakeRequest(
            index=len(self.requests),
            path=request.url.path,
            body=body,
            headers={k.lower(): v for k, v in request.headers.items()},
            at=time.monotonic(),
            request_id="req_" + secrets.token_hex(12),
        )
        return record

    def _finish(self, record: FakeRequest) -> None:
        record.index = len(self.requests)
        self.requests.append(record)
        self._activity.set()

    async def _read(self, request: Request, *, count_only: bool) -> FakeRequest:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            body = None
        record = self._record(request, body if isinstance(body, dict) else {})
        if not isinstance(body, dict):
            raise _RecordedError(record, _ApiError(400, "There was an issue with the JSON body"))
        key = record.api_key
        if not key or (self.api_key is not None and key != self.api_key):
            raise _RecordedError(record, _ApiError(401))
        if not record.headers.get("anthropic-version"):
            raise _RecordedError(record, _ApiError(400, "anthropic-version: header is required"))
        try:
            self._validate(body, count_only=count_only)
        except _ApiError as error:
            raise _RecordedError(record, error) from None
        return record

    @staticmethod
    def _validate(body: JSON, *, count_only: bool) -> None:
        if not body.get("model"):
            raise _ApiError(400, "model: Field required")
        if not count_only and "max_tokens" not in body:
            raise _ApiError(400, "max_tokens: Field required")
        messages = body.get("messages")
        if messages is None:
            raise _ApiError(400, "messages: Field required")
        if not isinstance(messages, list) or not messages:
            raise _ApiError(400, "messages: at least one message is required")
        for i, message in enumerate(messages):
            if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
                raise _ApiError(400, f"messages.{i}.role: Input should be 'user' or 'assistant'")
        names = [t.get("name") for t in body.get("tools") or [] if isinstance(t, dict)]
        choice = body.get("tool_choice")
        forced = choice.get("name") if isinstance(choice, dict) else None
        if isinstance(choice, dict) and choice.get("type") == "tool" and forced not in names:
            raise _ApiError(400, f"tool_choice: Tool '{forced}' not found")
        fmt = (body.get("output_config") or {}).get("format")
        if fmt is not None and (
            not isinstance(fmt, dict)
            or fmt.get("type") != "json_schema"
            or not isinstance(fmt.get("schema"), dict)
        ):
            raise _ApiError(400, "output_config.format: a json_schema with a schema is required")

    def _error_response(self, record: FakeRequest, error: _ApiError) -> Response:
        record.status = error.status
        record.error_type = error.error_type
        self._finish(record)
        return JSONResponse(
            error.body(record.request_id),
            status_code=error.status,
            headers=error.headers(record.request_id),
        )

    async def _not_found(self, request: Request) -> Response:
        record = self._record(request, {})
        return self._error_response(record, _ApiError(404, f"Not found: {request.url.path}"))

    async def _count_tokens(self, request: Request) -> Response:
        try:
            record = await self._read(request, count_only=True)
        except _RecordedError as failed:
            return self._error_response(failed.record, failed.error)
        try:
            units = prompt_units(record.body)
        except _ApiError as error:
            return self._error_response(record, error)
        record.cache_markers = [u.label for u in units if u.ttl]
        result = {"input_tokens": sum(u.tokens for u in units)}
        record.response = result
        self._finish(record)
        return JSONResponse(result, headers={"request-id": record.request_id})

    async def _messages(self, request: Request) -> Response:
        try:
            record = await self._read(request, count_only=False)
        except _RecordedError as failed:
            return self._error_response(failed.record, failed.error)
        try:
            units = prompt_units(record.body)
        except _ApiError as error:
            return self._error_response(record, error)
        record.cache_markers = [u.label for u in units if u.ttl]
        if len(record.cache_markers) > MAX_CACHE_BREAKPOINTS:
            found = len(record.cache_markers)
            too_many = _ApiError(
                400,
                f"A maximum of {MAX_CACHE_BREAKPOINTS} blocks with cache_control may be "
                f"provided. Found {found}.",
            )
            return self._error_response(record, too_many)

        delay = self._take(self._delays)
        if delay is not None and not await self._sleep_unless_gone(request, delay.seconds):
            # The client gave up (timeout): nothing is generated, no reply is consumed.
            record.status = 499
            record.error_type = "client_disconnected"
            self._finish(record)
            return Response(status_code=499, headers={"request-id": record.request_id})

        fault = self._take(self._faults)
        if fault is not None and not (fault.in_stream and record.stream):
            return self._error_response(record, fault.error())

        try:
            reply = await self._choose_reply(record)
        except Exception as exc:  # a broken replier should fail loudly, not hang the test
            return self._error_response(record, _ApiError(500, f"replier raised {exc!r}"))
        message = self._build_message(record, units, reply)
        record.reply = reply
        record.response = message
        headers = {"request-id": record.request_id}
        self._finish(record)
        if record.stream:
            stream_error = fault.error() if fault is not None else None
            if stream_error is not None:
                record.error_type = stream_error.error_type
            return StreamingResponse(
                self._sse(message, stream_error),
                media_type="text/event-stream",
                headers=headers | {"cache-control": "no-cache"},
            )
        return JSONResponse(message, headers=headers)

    async def _sleep_unless_gone(self, request: Request, seconds: float) -> bool:
        """Sleep; False as soon as the client disconnected (or the fake is closing)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (remaining := deadline - loop.time()) > 0:
            if self._closing.is_set() or await request.is_disconnected():
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), timeout=min(remaining, 0.05))
        return not (self._closing.is_set() or await request.is_disconnected())

    @staticmethod
    def _take(queue: deque[Any]) -> Any:
        if not queue:
            return None
        item = queue[0]
        item.times -= 1
        if item.times <= 0:
            queue.popleft()
        return item

    async def _choose_reply(self, record: FakeRequest) -> FakeReply:
        if self._queue:
            return self._queue.popleft()
        if self.replier is not None:
            reply = self.replier(record)
            if inspect.isawaitable(reply):
                reply = await reply
            return reply
        return self.default_reply(record)

    @staticmethod
    def default_reply(record: FakeRequest) -> FakeReply:
        """Forced tool: placeholder input from its schema; structured output: placeholder
        JSON; otherwise an echo of the last user text."""
        choice = record.tool_choice or {}
        tool = record.forced_tool
        if tool is None and choice.get("type") == "any" and record.tools:
            tool = record.tool_names[0]
        if tool is not None:
            return FakeReply.tool(example_for_schema(record.tool_schema(tool) or {}) or {}, tool)
        schema = record.output_schema
        if schema is not None:
            return FakeReply.json(example_for_schema(schema))
        return FakeReply.text(f"Echo: {record.last_user_text}".strip())

    def _build_message(self, record: FakeRequest, units: list[_Unit], reply: FakeReply) -> JSON:
        body = record.body
        stop_reason = "end_turn"
        stop_sequence: str | None = None
        if reply.kind == "tool_use":
            name = reply.tool_name or record.forced_tool or next(iter(record.tool_names), "tool")
            tool_input = reply.tool_input or {}
            block: JSON = {
                "type": "tool_use",
                "id": "toolu_" + secrets.token_hex(12),
                "name": name,
                "input": tool_input,
            }
            output_tokens = count_tokens(name + json.dumps(tool_input, ensure_ascii=False))
            stop_reason = "tool_use"
            if output_tokens > record.max_tokens:
                stop_reason = "max_tokens"
        else:
            text = reply.content
            for sequence in body.get("stop_sequences") or []:
                position = text.find(sequence)
                if sequence and position >= 0:
                    text, stop_reason, stop_sequence = text[:position], "stop_sequence", sequence
                    break
            if count_tokens(text) > record.max_tokens:
                text = text.encode()[: record.max_tokens * 4].decode(errors="ignore")
                stop_reason, stop_sequence = "max_tokens", None
            block = {"type": "text", "text": text}
            output_tokens = count_tokens(text)
        usage = self.cache.account(units, _prefix_hashes(units, body), self.now())
        usage.output_tokens = max(output_tokens, 1)
        record.usage = usage
        return {
            "id": "msg_" + secrets.token_hex(12),
            "type": "message",
            "role": "assistant",
            "model": body.get("model"),
            "content": [block],
            "stop_reason": reply.stop_reason or stop_reason,
            "stop_sequence": stop_sequence,
            "usage": usage.to_api(),
        }

    async def _sse(self, message: JSON, error: _ApiError | None) -> AsyncIterator[bytes]:
        for event, data in _stream_events(message, error):
            yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()
            await asyncio.sleep(0)


class _RecordedError(Exception):
    def __init__(self, record: FakeRequest, error: _ApiError) -> None:
        super().__init__(error.message)
        self.record = record
        self.error = error


def _chunks(text: str, size: int = 12) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _stream_events(message: JSON, error: _ApiError | None) -> list[tuple[str, JSON]]:
    """The SSE sequence of the Messages API for a finished message."""
    usage = message["usage"]
    start_usage = usage | {"output_tokens": 1}
    start = message | {
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": start_usage,
    }
    events: list[tuple[str, JSON]] = [
        ("message_start", {"type": "message_start", "message": start}),
        ("ping", {"type": "ping"}),
    ]
    if error is not None:
        events.append(
            (
                "error",
                {"type": "error", "error": {"type": error.error_type, "message": error.message}},
            )
        )
        return events
    for index, block in enumerate(message["content"]):
        if block["type"] == "tool_use":
            opening = block | {"input": {}}
            payload = json.dumps(block["input"], ensure_ascii=False)
            deltas = [
                {"type": "input_json_delta", "partial_json": part} for part in _chunks(payload)
            ]
        else:
            opening = block | {"text": ""}
            deltas = [{"type": "text_delta", "text": part} for part in _chunks(block["text"])]
        events.append(
            (
                "content_block_start",
                {"type": "content_block_start", "index": index, "content_block": opening},
            )
        )
        for delta in deltas:
            events.append(
                (
                    "content_block_delta",
                    {"type": "content_block_delta", "index": index, "delta": delta},
                )
            )
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {
                    "stop_reason": message["stop_reason"],
                    "stop_sequence": message["stop_sequence"],
                },
                "usage": {"output_tokens": usage["output_tokens"]},
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events
