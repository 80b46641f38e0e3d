"""The web client: static files (plain ES modules, no build step) served by the API at `/`,
with a strict Content-Security-Policy. It talks only to the public REST API (/api/v1)."""

from __future__ import annotations

from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_DIR = Path(__file__).parent / "static"
# Telegram opens a Mini App in a frame of its web clients; no other site may frame the app.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)
WEB_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    # No build step, so no fingerprinted names: the browser revalidates (ETag) every time.
    (b"cache-control", b"no-cache"),
)
# Paths the API owns: an unknown one there stays the API's JSON 404 (or 405), never a page.
API_PATHS = ("/api/", "/docs", "/redoc", "/telegram/", "/metrics")


class SecurityHeaders:
    """Adds the web client's headers (CSP and friends) to every response of `app`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *(
                        (name, value)
                        for name, value in message.get("headers", [])
                        if name.lower() not in {header for header, _ in WEB_HEADERS}
                    ),
                    *WEB_HEADERS,
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class WebMount(Mount):
    """The static files at `/`, after every API route: they answer GET and HEAD outside the
    API's paths only, so the API's own 404 and 405 answers are unchanged."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith(API_PATHS)
        ):
            return Match.NONE, {}
        return super().matches(scope)


def web_client() -> WebMount:
    files = StaticFiles(directory=STATIC_DIR, html=True)
    return WebMount("/", app=SecurityHeaders(GZipMiddleware(files, minimum_size=512)), name="web")
