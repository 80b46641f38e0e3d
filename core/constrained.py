"""The input types every door uses, so what passes validation can be stored and answered.

PostgreSQL cannot hold a NUL character in text or JSONB, nor a lone UTF-16 surrogate
(which Python's JSON decoder lets through from `"\\ud800"`); BIGINT stops at 2^63 - 1; and a
NaN or an infinity is no number a learner means. Request schemas, path and query parameters
use these types, so such input is refused at the edge with a 422 and a reason instead of
failing deep inside as a 500. `storable_json` does the same for payloads that are stored as
they came (Telegram updates), where refusing would only make the sender retry forever.
"""

from __future__ import annotations

import math
import re
from datetime import time
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1
REPLACEMENT = "\ufffd"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` unchanged, or ValueError when PostgreSQL could not store it."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters (\\u0000)")
    if _LONE_SURROGATE.search(value):
        raise ValueError("must be valid Unicode (a lone surrogate such as \\ud800 is not)")
    return value


Storable = AfterValidator(clean_text)
"""Metadata for a string type: `Annotated[str, StringConstraints(...), Storable]`. It comes
after the constraints, so stripping happens before the length is checked."""

Text = Annotated[str, Storable]
"""A string PostgreSQL can store: no NUL, no lone surrogates. Length limits go in `Query`
or `Field`; limits that strip first need `Storable` after `StringConstraints` instead."""

Slug = Annotated[str, StringConstraints(max_length=80), Storable]
"""A content slug in a path: short, storable."""

BigInt = Annotated[int, Field(ge=BIGINT_MIN, le=BIGINT_MAX)]
"""Any integer a BIGINT column holds."""

RowId = Annotated[int, Field(ge=1, le=BIGINT_MAX, description="A row id.")]
"""The id of a stored row: positive and within BIGINT."""

Position = Annotated[int, Field(ge=0, le=BIGINT_MAX)]
"""A 0-based index into a stored list."""

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
"""A float that is a number: NaN and ±Infinity are refused."""

# Names in the tz database that are not places a learner lives in: the system's own zone
# (whatever the server is set to), a stand-in name, and a legacy rules file.
_NOT_LEARNER_ZONES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def learner_time_zones() -> frozenset[str]:
    """The IANA zone names a learner may choose."""
    return frozenset(available_timezones()) - _NOT_LEARNER_ZONES


def _learner_time_zone(name: str) -> str:
    if name not in learner_time_zones():
        raise ValueError(f"unknown IANA time zone {name!r} (try e.g. 'Europe/Berlin')")
    return name


TimeZoneName = Annotated[
    str, Field(min_length=1, max_length=64), AfterValidator(_learner_time_zone)
]
"""An IANA time zone name such as "Europe/Berlin"."""


def _wall_clock(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("a local time of day has no UTC offset; send e.g. '07:30'")
    return value


_WALL_CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"

WallClockTime = Annotated[
    time,
    AfterValidator(_wall_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _WALL_CLOCK_PATTERN,
            "description": "A local time of day, HH:MM or HH:MM:SS, without a UTC offset.",
            "examples": ["07:30"],
        }
    ),
]
"""A time of day on the learner's wall clock, in their own time zone."""


def storable_json(value: Any) -> Any:
    """`value` with what PostgreSQL JSONB cannot hold replaced: NUL characters and lone
    surrogates in strings (keys too) become U+FFFD, NaN and infinities become null."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub(REPLACEMENT, value.replace("\x00", REPLACEMENT))
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {storable_json(str(key)): storable_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable_json(item) for item in value]
    return value


def one_printable_line(value: str) -> str:
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise ValueError("must be one line without control characters")
    return value


OnePrintableLine = AfterValidator(one_printable_line)
"""Metadata for a name shown to others: no line breaks or other control characters."""

ChosenDisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    Storable,
    OnePrintableLine,
]
"""A display name a learner sets for others to see (boards): 1–80 characters on one line."""
