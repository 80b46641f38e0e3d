"""The CPU-heavy parts of the deck import and exports run in a worker thread, never on the
event loop (the lag they would cause is measured in bench/event_loop_lag.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from core.db import Database
from core.vocabulary import export_apkg, export_csv, import_apkg, import_csv
from tests.helpers.learners import register_learner
from tests.vocabulary.test_exchange import DECK, catalogue, upload

__all__ = ["catalogue"]


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, threads: dict[str, int]) -> None:
    real: Callable[..., Any] = getattr(module, name)

    def spy(*args: Any) -> Any:
        threads[name] = threading.get_ident()
        return real(*args)

    monkeypatch.setattr(module, name, spy)


async def test_import_and_exports_run_off_the_event_loop(
    api: httpx.AsyncClient, catalogue: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: dict[str, int] = {}
    _spy(monkeypatch, import_csv, "read_csv_rows", threads)
    _spy(monkeypatch, import_apkg, "read_apkg", threads)
    _spy(monkeypatch, export_csv, "_write_csv", threads)
    _spy(monkeypatch, export_apkg, "_write_apkg", threads)
    anna = await register_learner(api)

    imported = await upload(anna, b"german,english\nHund,dog\nquatschig,silly\n")
    assert imported.status_code == 200, imported.text
    assert imported.json()["added_count"] == 2
    csv_export = await anna.get(f"{DECK}/export.csv")
    assert csv_export.status_code == 200 and "quatschig" in csv_export.text
    apkg_export = await anna.get(f"{DECK}/export.apkg")
    assert apkg_export.status_code == 200 and apkg_export.content.startswith(b"PK")

    loop_thread = threading.get_ident()
    apkg_import = await upload(anna, apkg_export.content, name="deck.apkg")
    assert apkg_import.status_code == 200 and apkg_import.json()["merged_count"] == 2

    assert set(threads) == {"read_csv_rows", "read_apkg", "_write_csv", "_write_apkg"}
    assert loop_thread not in threads.values()
