"""GET /api/v1/stats and /api/v1/stats/{chart}.png for a web client: the numbers as JSON, each
chart as a private PNG, an unknown chart a 404 that names the charts, and one learner's stats
never in another's."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import httpx
import pytest
from matplotlib.image import imread

from core.clock import utcnow
from core.db import Database
from core.stats.schemas import CHARTS
from tests.helpers.learners import register_learner
from tests.helpers.zones import zone_where_it_is
from tests.stats.seeding import seed_recent_history
from tests.stats.test_charts import assert_png

STATS = "/api/v1/stats"


async def _seed(db: Database, user_id: int, now: datetime | None = None) -> None:
    async with db.unit_of_work() as session:
        await seed_recent_history(session, user_id, now or utcnow())


async def test_the_numbers_as_json(api: httpx.AsyncClient, content: Database) -> None:
    now = utcnow()
    # The request reads the real clock: the learner lives where it is 09:00-18:00 now, so the
    # seeded minutes around `now` fall on one local day and in one local month (in Tokyo,
    # "Katze", due a minute after `now`, fell on tomorrow from 14:59 UTC, and this month's
    # four reviews on last month from 15:00 to 15:04 UTC on a month's last day).
    zone = zone_where_it_is(now, 9, 18)
    lena = await register_learner(api, time_zone=zone, desired_retention=0.9)
    await _seed(content, lena.id, now)

    response = await lena.get(STATS)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["time_zone"] == zone and body["is_empty"] is False
    assert body["retention"]["this_month"] == 0.75
    assert body["retention"]["desired_retention"] == 0.9
    assert body["retention"]["months"][-1] | {"month": None} == {
        "month": None,
        "reviews": 4,
        "passed": 3,
        "retention": 0.75,
    }
    assert (body["forecast"]["due_today"], body["forecast"]["next_7_days"]) == (2, 3)
    assert len(body["forecast"]["days"]) == 30
    assert body["words"] == {
        "new": 1,
        "learning": 1,
        "review": 3,
        "relearning": 0,
        "suspended": 1,
        "total": 6,
    }
    assert body["heatmap"]["activities"] == 4 + 2 + 2
    assert body["heatmap"]["days"][-1]["on"] == body["today"] == body["heatmap"]["end_on"]
    assert body["grammar"]["practised"] == 1 and body["grammar"]["levels"][0]["level"] == "A1"


@pytest.mark.parametrize("chart", CHARTS)
async def test_each_chart_as_a_private_png(
    api: httpx.AsyncClient, content: Database, chart: str
) -> None:
    lena = await register_learner(api)
    await _seed(content, lena.id)

    response = await lena.get(f"{STATS}/{chart}.png")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"].startswith("private")
    assert_png(response.content)


async def test_a_dark_page_gets_a_dark_chart(api: httpx.AsyncClient, content: Database) -> None:
    lena = await register_learner(api)
    await _seed(content, lena.id)
    corners = {}
    for theme in ("light", "dark"):
        response = await lena.get(f"{STATS}/forecast.png", params={"theme": theme})
        assert response.status_code == 200, response.text
        assert_png(response.content)
        corners[theme] = imread(BytesIO(response.content), format="png")[0, 0, :3].mean()
    default = await lena.get(f"{STATS}/forecast.png")
    assert imread(BytesIO(default.content), format="png")[0, 0, :3].mean() == corners["light"]
    assert corners["light"] > 0.9 and corners["dark"] < 0.2, corners


async def test_bad_chart_requests_are_refused_with_a_reason(
    api: httpx.AsyncClient, content: Database
) -> None:
    lena = await register_learner(api)

    unknown = await lena.get(f"{STATS}/pie.png")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "detail": "No such chart. Charts: heatmap, forecast, retention, grammar, words.",
        "code": "not_found",
    }
    too_long = await lena.get(f"{STATS}/{'x' * 500}.png")
    assert too_long.status_code == 422 and "x" * 200 not in too_long.text, "no echo"
    assert (await lena.get(f"{STATS}/heatmap.jpg")).status_code == 404
    sepia = await lena.get(f"{STATS}/words.png", params={"theme": "sepia"})
    assert sepia.status_code == 422 and "dark" in sepia.text, sepia.text
    assert (await api.get(STATS)).status_code == 401
    assert (await api.get(f"{STATS}/words.png")).status_code == 401


async def test_a_learner_sees_only_their_own_stats(
    api: httpx.AsyncClient, content: Database
) -> None:
    lena = await register_learner(api)
    await _seed(content, lena.id)
    mia = await register_learner(api)

    mine = (await mia.get(STATS)).json()

    assert mine["is_empty"] is True
    assert mine["heatmap"]["activities"] == 0 and mine["words"]["total"] == 0
    assert mine["forecast"]["total"] == 0 and mine["grammar"]["practised"] == 0
    assert mine["retention"]["this_month"] is None
    assert (await lena.get(STATS)).json()["heatmap"]["activities"] == 8
