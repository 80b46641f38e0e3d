"""The shared input types: what they let through is what PostgreSQL can store."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import pytest
from pydantic import StringConstraints, TypeAdapter, ValidationError

from core.constrained import (
    BIGINT_MAX,
    FiniteFloat,
    RowId,
    Storable,
    TimeZoneName,
    WallClockTime,
    learner_time_zones,
    storable_json,
)

Name = TypeAdapter(Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Storable])


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "x\udfff", "   "])
def test_strings_postgresql_cannot_store_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Name.validate_python(value)


def test_storable_strings_pass_stripped() -> None:
    assert Name.validate_python("  Straße 😀 ") == "Straße 😀"


def test_bounds() -> None:
    ids = TypeAdapter(RowId)
    assert ids.validate_python(BIGINT_MAX) == BIGINT_MAX
    for bad in (0, BIGINT_MAX + 1):
        with pytest.raises(ValidationError):
            ids.validate_python(bad)
    for not_a_number in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValidationError):
            TypeAdapter(FiniteFloat).validate_python(not_a_number)


def test_time_zones_and_wall_clock_times() -> None:
    assert {"localtime", "Factory", "posixrules"}.isdisjoint(learner_time_zones())
    assert TypeAdapter(TimeZoneName).validate_python("Europe/Berlin") == "Europe/Berlin"
    clock = TypeAdapter(WallClockTime)
    assert clock.validate_python("07:30") == time(7, 30)
    with pytest.raises(ValidationError):
        clock.validate_python("07:30+01:00")


def test_storable_json_replaces_what_jsonb_cannot_hold() -> None:
    payload = {"a\x00": ["x\ud800y", float("nan"), 1.5, {"n": float("inf")}], "ok": True, "i": 7}
    assert storable_json(payload) == {
        "a\ufffd": ["x\ufffdy", None, 1.5, {"n": None}],
        "ok": True,
        "i": 7,
    }
