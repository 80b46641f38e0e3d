"""Stopping the app's clock in the middle of a test."""

from __future__ import annotations

from core.clock import set_frozen, utcnow


def stop_the_clock() -> None:
    """Run the rest of the test on this one instant, taken from the real clock (tokens made
    before stay valid), so what is counted per local day (XP, AI calls, the streak) does not
    start again if the learner's midnight (Berlin's: 22:00 or 23:00 UTC) comes between two
    requests. The conftest lets the clock run again after the test."""
    set_frozen(utcnow())
