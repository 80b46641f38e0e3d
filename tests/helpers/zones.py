"""Time zones chosen relative to the real clock, for tests whose code under test reads it
(an API request, a bot command, a worker process) and so cannot be given an instant."""

from __future__ import annotations

from datetime import datetime, timedelta


def zone_where_it_is(now: datetime, first_hour: int, last_hour: int) -> str:
    """A fixed-offset zone where the local hour is now between the two (inclusive), so a
    test does not depend on the hour of the day it runs at."""
    for offset in range(-12, 15):
        if first_hour <= (now + timedelta(hours=offset)).hour <= last_hour:
            return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"
    raise AssertionError("every hour of the day has a zone")
