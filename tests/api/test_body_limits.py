"""Request bodies are capped per route before parsing; validation errors echo no large input."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.types import Receive, Scope, Send

from api.body_limit import JSON_BODY_LIMIT, BodySizeLimit
from tests.helpers.learners import DEFAULT_PASSWORD, register_learner

REGISTER = "/api/v1/auth/register"


async def _chunks(total: int, size: int = 16 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


async def test_a_huge_json_body_is_refused_before_parsing(api: httpx.AsyncClient) -> None:
    huge = json.dumps({"email": "a@example.org", "password": "p" * 10_000_000})
    started = time.monotonic()
    response = await api.post(REGISTER, content=huge, headers={"Content-Type": "application/json"})
    assert time.monotonic() - started < 5
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than 64 KB.",
        "code": "too_large",
    }


async def test_a_chunked_body_is_counted_as_it_arrives(api: httpx.AsyncClient) -> None:
    response = await api.post(
        REGISTER,
        content=_chunks(JSON_BODY_LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


async def test_a_body_within_the_limit_is_served(api: httpx.AsyncClient) -> None:
    body = {"email": "fits@example.org", "password": DEFAULT_PASSWORD, "display_name": "Anna"}
    padded = json.dumps(body) + " " * (JSON_BODY_LIMIT - len(json.dumps(body)))
    response = await api.post(
        REGISTER, content=padded, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text


async def test_validation_errors_echo_only_a_short_excerpt(api: httpx.AsyncClient) -> None:
    body = {"email": "a" * 20_000, "password": list(range(2_000)), "display_name": "ä" * 4_000}
    response = await api.post(REGISTER, json=body)
    assert response.status_code == 422
    assert len(response.content) < 4_000, len(response.content)
    inputs = [error["input"] for error in response.json()["detail"] if "input" in error]
    assert len(inputs) == 3 and all(isinstance(v, str) and len(v) <= 101 for v in inputs), inputs
    assert "a" * 100 + "…" in inputs


async def test_the_import_takes_a_file_of_two_megabytes_but_no_more(
    api: httpx.AsyncClient,
) -> None:
    anna = await register_learner(api)
    boundary = "tutor-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()

    async def upload(size: int) -> AsyncIterator[bytes]:
        yield head
        async for chunk in _chunks(size):
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await anna.post(
        "/api/v1/vocabulary/deck/import",
        content=upload(3 * 1024 * 1024),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert "2 MB" in response.json()["detail"]
    # The webhook has its own, larger cap: this body reaches the route (webhook mode is off).
    webhook = await api.post("/telegram/webhook", json={"update_id": 1, "pad": "x" * 100_000})
    assert webhook.status_code == 404


async def _call(
    headers: list[tuple[bytes, bytes]], messages: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Run BodySizeLimit (limit 10 bytes) over one request; what it sent and what the app got."""
    sent: list[dict[str, Any]] = []
    seen: list[bytes] = []
    pending = list(messages)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((await receive())["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> dict[str, Any]:
        return pending.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/x", "headers": headers}
    await BodySizeLimit(app, default=10, limits={})(scope, receive, send)
    return sent, seen


async def test_the_limit_at_the_asgi_level() -> None:
    part = {"type": "http.request", "body": b"12345", "more_body": True}
    last = {"type": "http.request", "body": b"67890", "more_body": False}
    sent, seen = await _call([], [part, last])
    assert seen == [b"1234567890"] and sent[0]["status"] == 200
    # Declared too large: refused without reading a byte.
    sent, seen = await _call([(b"content-length", b"11")], [])
    assert seen == [] and sent[0]["status"] == 413
    sent, seen = await _call([(b"content-length", b"ten")], [])
    assert seen == [] and sent[0]["status"] == 400
    # The client goes away half-way: the app never runs, nothing is sent.
    sent, seen = await _call([], [part, {"type": "http.disconnect"}])
    assert seen == [] and sent == []
    sent, seen = await _call([], [part, part, last])
    assert seen == [] and sent[0]["status"] == 413
