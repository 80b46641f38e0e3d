"""Callback data: short, versioned strings that survive restarts.

Every button is "v1:<feature>:<action>[:<arg>]". A drill's buttons (a study session's: a
review, quiz, article drill...) carry the session and the version they were drawn for:
"v1:<feature>:<action>:<session id>.<version>[.<arg>]", read by one reader
(bot.presses.read_drill_press)."""

from __future__ import annotations

from dataclasses import dataclass

from core.study.kinds import StudyKindName

VERSION = "v1"
MAX_BYTES = 64
DRILL_FEATURES: dict[StudyKindName, str] = {
    "review": "rv",
    "quiz": "qz",
    "articles": "ar",
    "grammar": "gr",
    "placement": "pl",
    "deck_text": "dt",
}


@dataclass(frozen=True)
class Callback:
    feature: str
    action: str
    arg: str = ""


@dataclass(frozen=True)
class DrillCallback:
    action: str
    session_id: int
    version: int
    arg: str = ""


def pack(feature: str, action: str, arg: str = "") -> str:
    data = (
        ":".join((VERSION, feature, action, arg)) if arg else ":".join((VERSION, feature, action))
    )
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def unpack(data: str | None) -> Callback | None:
    """None for data from another version or shape: the caller answers it as stale."""
    if not data:
        return None
    parts = data.split(":", 3)
    if len(parts) < 3 or parts[0] != VERSION:
        return None
    return Callback(parts[1], parts[2], parts[3] if len(parts) == 4 else "")


def pack_drill(
    kind: StudyKindName, action: str, session_id: int, version: int, arg: str = ""
) -> str:
    token = f"{session_id}.{version}" + (f".{arg}" if arg else "")
    return pack(DRILL_FEATURES[kind], action, token)


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdecimal() else None


def unpack_drill(kind: StudyKindName, data: str | None) -> DrillCallback | None:
    """None for data that is not a well-formed press on this kind's buttons."""
    callback = unpack(data)
    if callback is None or callback.feature != DRILL_FEATURES[kind]:
        return None
    session_text, _, rest = callback.arg.partition(".")
    version_text, _, arg = rest.partition(".")
    session_id, version = _number(session_text), _number(version_text)
    if session_id is None or version is None:
        return None
    return DrillCallback(callback.action, session_id, version, arg)


def pattern(feature: str) -> str:
    return rf"^{VERSION}:{feature}:"


def drill_pattern(kind: StudyKindName) -> str:
    return pattern(DRILL_FEATURES[kind])
