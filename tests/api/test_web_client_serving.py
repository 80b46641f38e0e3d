"""The web client is served by the API at `/` with a strict CSP; the API's own paths and
answers are unchanged by it."""

from __future__ import annotations

import gzip
import re

import httpx

from api.web import CONTENT_SECURITY_POLICY, STATIC_DIR

FIRST_LOAD_BUDGET = 200 * 1024
# HTML from strings (data could become markup), eval (the CSP refuses it), tokens kept where
# any script could read them, inline styles (the CSP refuses them).
FORBIDDEN_IN_SCRIPTS = (
    r"\.(inner|outer)HTML\s*=",
    r"insertAdjacentHTML\(",
    r"\beval\(",
    r"new Function\(",
    r"(local|session)Storage\.",
    r"setAttribute\(\s*['\"]style",
)


async def test_index_is_served_with_the_security_headers(api: httpx.AsyncClient) -> None:
    response = await api.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert '<script type="module" src="/js/app.js"></script>' in response.text
    script = await api.get("/js/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert script.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_html_has_no_inline_script_style_or_handler() -> None:
    for page in STATIC_DIR.rglob("*.html"):
        html = page.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), f"{page}: inline <script>"
        assert not re.search(r"\sstyle\s*=", html), f"{page}: style attribute"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{page}: inline event handler"
    for script in STATIC_DIR.rglob("*.js"):
        code = script.read_text()
        for forbidden in FORBIDDEN_IN_SCRIPTS:
            assert not re.search(forbidden, code), f"{script.relative_to(STATIC_DIR)}: {forbidden}"


async def test_the_first_load_is_small_when_compressed(api: httpx.AsyncClient) -> None:
    """index.html, the CSS it links, app.js with its static imports and the login page."""
    html = (await api.get("/")).text
    assets = ["/", *re.findall(r'href="(/[^"]+\.(?:css|svg))"', html)]
    assets += ["/js/app.js", "/js/api.js", "/js/ui.js", "/js/telegram.js", "/js/pages/login.js"]
    total = 0
    for path in assets:
        response = await api.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        # httpx decodes: measure what went over the wire by compressing the same way.
        total += len(gzip.compress(response.content))
    assert total < FIRST_LOAD_BUDGET, f"first load {total} bytes compressed"
    large = await api.get("/app.css", headers={"Accept-Encoding": "gzip"})
    assert large.headers.get("content-encoding") == "gzip"


async def test_api_paths_keep_their_own_answers(api: httpx.AsyncClient) -> None:
    missing = await api.get("/api/v1/no-such-route")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert "content-security-policy" not in missing.headers
    wrong_method = await api.get("/api/v1/auth/login")
    assert wrong_method.status_code == 405
    assert (await api.get("/api/v1/openapi.json")).status_code == 200
    assert (await api.get("/docs")).status_code == 200
    assert (await api.get("/api/v1/health")).status_code == 200
    # The web client answers only GET and HEAD: a POST to a page is the API's 405/404.
    post = await api.post("/", json={})
    assert post.status_code in (404, 405)
    assert post.headers["content-type"] == "application/json"


async def test_an_unknown_file_is_404_and_no_path_escapes_the_folder(
    api: httpx.AsyncClient,
) -> None:
    assert (await api.get("/js/pages/no-such-page.js")).status_code == 404
    escape = await api.get("/..%2f..%2fpyproject.toml")
    assert escape.status_code == 404
    assert "german-tutor" not in escape.text
