"""Long-running processes put what start-up made (and the noun lexicon, once loaded) out of
the cyclic collector's reach (full collections walked ~400,000 objects under load: ~300 ms
pauses), and what they make later is still collected. Nothing here unfreezes: the test
process keeps its frozen objects out of the collector's reach too."""

from __future__ import annotations

import gc
import weakref

import pytest

from core.heap import freeze_long_lived
from core.lexicon import noun_lexicon
from core.settings import Settings
from tutor.asgi import create


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_garbage_made_after_the_freeze_is_still_collected() -> None:
    freeze_long_lived()
    assert gc.get_freeze_count() > 0
    a, b = _Node(), _Node()
    a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None


def test_the_api_process_factory_freezes_its_start_up(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert settings.database_url and settings.redis_url and settings.secret_key
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("SECRET_KEY", settings.secret_key.get_secret_value())
    # (the process's logging set-up would replace this test process's handlers)
    monkeypatch.setattr("tutor.asgi.configure_logging", lambda *_: None)
    before = gc.get_freeze_count()
    app = create()
    assert app.routes and gc.get_freeze_count() > before


def test_the_noun_lexicon_is_frozen_once_loaded() -> None:
    rows = noun_lexicon().data
    frozen = gc.get_freeze_count()
    assert frozen >= len(rows) > 100_000
    assert not any(row is rows[-1] for row in gc.get_objects(generation=2))
