"""/docs and /redoc load their scripts and styles from this server: no CDN, so the API's
documentation works offline."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import httpx
import pytest


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_reference_no_other_host_and_their_assets_load(
    api: httpx.AsyncClient, page: str
) -> None:
    response = await api.get(page)
    assert response.status_code == 200
    html = response.text
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    references += re.findall(r"""url:\s*["']([^"']+)["']""", html)
    assert references, "the page names its assets"
    for reference in references:
        assert not urlparse(reference).netloc, f"{page} loads {reference} from another host"
    assets = [r for r in references if not r.endswith("openapi.json")]
    assert any(a.endswith(".js") for a in assets)
    for asset in assets:
        loaded = await api.get(asset)
        assert loaded.status_code == 200, asset
        assert len(loaded.content) > 0
    assert (await api.get("/api/v1/openapi.json")).status_code == 200


async def test_swagger_ui_keeps_its_login_redirect(api: httpx.AsyncClient) -> None:
    assert (await api.get("/docs/oauth2-redirect")).status_code == 200
