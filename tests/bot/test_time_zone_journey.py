"""/timezone by a city (any case, umlauts), by zone name, by a shared location, and an
unknown place: the zone is confirmed with the time it is there."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.context import BotApplication
from core.clock import frozen_at
from core.db import Database
from core.models import User
from tests.helpers.bot import BotChat


async def _zone(db: Database, telegram_user_id: int) -> str:
    async with db.unit_of_work() as session:
        zone = await session.scalar(
            select(User.time_zone).where(User.telegram_user_id == telegram_user_id)
        )
    assert zone is not None
    return zone


async def test_time_zone_by_city_location_and_unknown_place(
    polling_bot: BotApplication, anna: BotChat, db: Database
) -> None:
    with frozen_at(datetime(2026, 12, 6, 13, 5, tzinfo=UTC)):
        berlin = await anna.send("/timezone Berlin")
        vienna = await anna.send("/timezone vienna")
    assert "Time zone set to Berlin (Europe/Berlin) — it's 14:05 there." in (berlin.text or "")
    assert "Time zone set to Vienna (Europe/Vienna) — it's 14:05 there." in (vienna.text or "")
    assert await _zone(db, anna.user.id) == "Europe/Vienna"

    new_york = await anna.send("/timezone new york")
    assert "America/New_York" in (new_york.text or "")
    munich = await anna.send("/timezone München")
    assert "Europe/Berlin" in (munich.text or "")

    unknown = await anna.send("/timezone Atlantis")
    assert "don't know a time zone for “Atlantis”" in (unknown.text or "")
    assert "/timezone Berlin" in (unknown.text or "") and "location" in (unknown.text or "")
    assert await _zone(db, anna.user.id) == "Europe/Berlin"  # unchanged

    how = await anna.send("/timezone")
    assert "/timezone Berlin" in (how.text or "")

    await anna.tg.send_location(anna.user, 47.3769, 8.5417)
    zurich = await anna.next()
    assert "Europe/Zurich" in (zurich.text or "") and "there." in (zurich.text or "")
    assert await _zone(db, anna.user.id) == "Europe/Zurich"
    await anna.tg.send_location(anna.user, 0.0, -160.0)  # the open Pacific: a nautical zone
    ocean = await anna.next()
    assert "Etc/GMT+11" in (ocean.text or "")
