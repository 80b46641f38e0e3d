"""A learner's time zone from a place: a city or country name ("Berlin", "vienna", "München")
or a shared location, looked up offline (the tz database's own city names, a small table of
big places that are not zone names, and `timezonefinder` for coordinates)."""

from __future__ import annotations

import asyncio
import threading
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession
from timezonefinder import TimezoneFinder

from core.accounts.schemas import ProfileUpdate, TimeZoneMatch, TimeZonePlace
from core.accounts.service import update_profile
from core.clock import utcnow
from core.clock import zone as zone_info
from core.constrained import learner_time_zones
from core.errors import Invalid
from core.german_text import fold
from core.models import User

_AREAS = ("Europe", "America", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian")
"""Areas of the canonical zone names: a city part found in several zones prefers these."""

PLACES: dict[str, str] = {
    **dict.fromkeys(
        (
            "Germany",
            "Deutschland",
            "Munich",
            "München",
            "Hamburg",
            "Cologne",
            "Köln",
            "Frankfurt",
            "Stuttgart",
            "Düsseldorf",
            "Leipzig",
            "Dresden",
            "Hannover",
            "Hanover",
            "Nuremberg",
            "Nürnberg",
            "Bremen",
            "Bonn",
            "Dortmund",
            "Essen",
            "Heidelberg",
            "Freiburg",
            "Münster",
        ),
        "Europe/Berlin",
    ),
    **dict.fromkeys(
        ("Austria", "Österreich", "Wien", "Salzburg", "Graz", "Innsbruck", "Linz"),
        "Europe/Vienna",
    ),
    **dict.fromkeys(
        (
            "Switzerland",
            "Schweiz",
            "Zürich",
            "Geneva",
            "Genf",
            "Basel",
            "Bern",
            "Lausanne",
            "Lucerne",
            "Luzern",
        ),
        "Europe/Zurich",
    ),
    **dict.fromkeys(
        ("New York City", "NYC", "Boston", "Washington", "Philadelphia", "Miami", "Atlanta"),
        "America/New_York",
    ),
    **dict.fromkeys(
        ("San Francisco", "Seattle", "San Diego", "Portland", "Las Vegas"), "America/Los_Angeles"
    ),
    **dict.fromkeys(("Houston", "Dallas", "Austin", "Minneapolis"), "America/Chicago"),
    **dict.fromkeys(("Milan", "Mailand", "Rom", "Florence", "Venice", "Naples"), "Europe/Rome"),
    **dict.fromkeys(("Barcelona", "Valencia", "Seville"), "Europe/Madrid"),
    **dict.fromkeys(("Manchester", "Edinburgh", "Birmingham"), "Europe/London"),
    **dict.fromkeys(("Beijing", "Peking", "Hong Kong"), "Asia/Shanghai"),
    **dict.fromkeys(("Mumbai", "Delhi", "New Delhi", "Bangalore", "India"), "Asia/Kolkata"),
    "Montreal": "America/Toronto",
    "Vancouver": "America/Vancouver",
    "Rio de Janeiro": "America/Sao_Paulo",
    "Kyiv": "Europe/Kyiv",
    "Prag": "Europe/Prague",
    "Warschau": "Europe/Warsaw",
    "Brüssel": "Europe/Brussels",
    "Kopenhagen": "Europe/Copenhagen",
    "Osaka": "Asia/Tokyo",
    "Melbourne": "Australia/Melbourne",
}
"""Big places whose name is not a zone's city part (or is another language's spelling)."""


def _key(name: str) -> str:
    """How names are compared: case-, accent- and umlaut-insensitive, spaces as "_"."""
    spaced = fold(name.replace("_", " ").replace("-", " "))
    bare = "".join(c for c in unicodedata.normalize("NFKD", spaced) if not unicodedata.combining(c))
    return bare.replace(" ", "_")


def _preference(zone: str) -> tuple[int, int, str]:
    area = zone.split("/", 1)[0]
    return (0 if area in _AREAS else 1, zone.count("/"), zone)


@cache
def _zones_by_key() -> dict[str, str]:
    """Every learner zone under its full name and its city part ("Buenos_Aires"), plus the
    table of places; where a city part is in several zones the canonical one wins."""
    found: dict[str, str] = {}
    for zone in sorted(learner_time_zones(), key=_preference):
        found.setdefault(_key(zone), zone)
    for zone in sorted(learner_time_zones(), key=_preference):
        found.setdefault(_key(zone.rsplit("/", 1)[-1]), zone)
    for place, zone in PLACES.items():
        found.setdefault(_key(place), zone)
    return found


@cache
def _zones_by_name() -> dict[str, str]:
    return {zone.casefold(): zone for zone in learner_time_zones()}


def zone_for_place(name: str) -> str | None:
    """The IANA zone of a place name or zone name; None when it is not known."""
    exact = _zones_by_name().get(name.strip().casefold())
    if exact is not None:
        return exact
    key = _key(name.strip())
    return _zones_by_key().get(key) if key else None


_finder_lock = threading.Lock()


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def _zone_at(latitude: float, longitude: float) -> str | None:
    with _finder_lock:  # built once (about a second), then shared by the threads
        finder = _finder()
    zone = finder.timezone_at(lng=longitude, lat=latitude)
    return zone if zone in learner_time_zones() else None


async def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone at a point (a shared location), looked up in a thread: the first lookup
    loads the boundary data."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return await asyncio.to_thread(_zone_at, latitude, longitude)


@cache
def _searchable() -> tuple[tuple[str, str, str], ...]:
    """(key, name as shown, zone) for every zone's full name and city part and every place
    of the table."""
    names: list[tuple[str, str, str]] = []
    for zone in sorted(learner_time_zones(), key=_preference):
        names.append((_key(zone), zone, zone))
        city = zone.rsplit("/", 1)[-1]
        names.append((_key(city), city.replace("_", " "), zone))
    names.extend((_key(place), place, zone) for place, zone in PLACES.items())
    return tuple(names)


MAX_ZONE_MATCHES = 10
_MIN_INFIX_CHARS = 3  # "in" would be in half the zones; only longer queries match inside names


def search_zones(
    query: str, *, limit: int = MAX_ZONE_MATCHES, now: datetime | None = None
) -> list[TimeZoneMatch]:
    """Zones for a time-zone picker: the place or zone `query` names exactly first, then
    names that start with it, then (for 3 letters or more) names that contain it; each zone
    once, canonical zones before the rest, with the time there now."""
    key = _key(query.strip())
    if not key:
        return []
    best: dict[str, tuple[int, str]] = {}
    exact = zone_for_place(query)
    if exact is not None:
        best[exact] = (0, query.strip())
    for name_key, shown, zone in _searchable():
        if name_key == key:
            rank = 0
        elif name_key.startswith(key) or f"/{key}" in name_key:
            rank = 1
        elif len(key) >= _MIN_INFIX_CHARS and key in name_key:
            rank = 2
        else:
            continue
        if zone not in best or rank < best[zone][0]:
            best[zone] = (rank, shown)
    ranked = sorted(best.items(), key=lambda found: (found[1][0], _preference(found[0])))
    at = now or utcnow()
    return [
        TimeZoneMatch(time_zone=zone, matched=shown, local_time=at.astimezone(zone_info(zone)))
        for zone, (_, shown) in ranked[:limit]
    ]


@dataclass(frozen=True)
class TimeZoneSet:
    zone: str
    local_time: datetime


async def _set(session: AsyncSession, user: User, name: str) -> TimeZoneSet:
    await update_profile(session, user, ProfileUpdate(time_zone=name))
    return TimeZoneSet(name, utcnow().astimezone(zone_info(name)))


async def set_time_zone_by_place(session: AsyncSession, user: User, name: str) -> TimeZoneSet:
    """/timezone <place>: the zone of a city, country or zone name; Invalid with examples
    when the place is not known."""
    zone = zone_for_place(name)
    if zone is None:
        raise Invalid(
            f"I don't know a time zone for “{name.strip()[:64]}”. Try a big city near you or "
            "the zone's name, e.g. /timezone Berlin, /timezone vienna or "
            "/timezone America/New_York — or share your location with me."
        )
    return await _set(session, user, zone)


NO_ZONE_AT_POINT = "I couldn't find a time zone at that spot. Send your city instead, e.g. Berlin."


async def set_time_zone_at(
    session: AsyncSession, user: User, latitude: float, longitude: float
) -> TimeZoneSet:
    """The zone at a point (the bot's shared location, the web's geolocation); Invalid when
    no learner zone is there."""
    zone = await zone_at(latitude, longitude)
    if zone is None:
        raise Invalid(NO_ZONE_AT_POINT)
    return await _set(session, user, zone)


async def set_time_zone_from(
    session: AsyncSession, user: User, where: TimeZonePlace
) -> TimeZoneSet:
    """The API's one way in: a place name or a point (the body checked there is one)."""
    if where.place is not None:
        return await set_time_zone_by_place(session, user, where.place)
    assert where.latitude is not None and where.longitude is not None
    return await set_time_zone_at(session, user, where.latitude, where.longitude)
