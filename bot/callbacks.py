"""Callback data: short, versioned strings ("v1:<feature>:<action>:<arg>") that survive restarts."""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "v1"
MAX_BYTES = 64


@dataclass(frozen=True)
class Callback:
    feature: str
    action: str
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


def pattern(feature: str) -> str:
    return rf"^{VERSION}:{feature}:"
