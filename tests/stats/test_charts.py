"""The charts are PNGs of the promised size, drawn in a worker thread, never on the event
loop's: drawing on the loop's thread is refused outright."""

from __future__ import annotations

import asyncio
from io import BytesIO

import pytest
from matplotlib.image import imread

from core.clock import utcnow
from core.db import Database
from core.models import User
from core.stats.charts import HEIGHT_PX, WIDTH_PX, draw_chart, render_chart, render_charts
from core.stats.data import learner_stats
from core.stats.schemas import CHARTS, LearnerStats
from tests.stats.seeding import seed_recent_history

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(data: bytes) -> None:
    """Valid PNG bytes, decoded, of the charts' size."""
    assert data.startswith(PNG_SIGNATURE)
    pixels = imread(BytesIO(data), format="png")
    assert pixels.shape[:2] == (HEIGHT_PX, WIDTH_PX) == (600, 1200)
    assert pixels.std() > 0, "not a blank picture"


async def _stats(db: Database, *, history: bool) -> LearnerStats:
    async with db.unit_of_work() as session:
        user = User(display_name="Test", time_zone="America/Sao_Paulo")
        session.add(user)
        await session.flush()
        if history:
            await seed_recent_history(session, user.id, utcnow())
        return await learner_stats(session, user)


async def test_every_chart_renders_off_the_event_loop_thread(content: Database) -> None:
    stats = await _stats(content, history=True)
    with pytest.raises(RuntimeError, match="worker thread"):
        draw_chart(stats, "heatmap")  # on the loop's thread: refused, so nothing renders here

    pictures = await render_charts(stats)

    assert list(pictures) == list(CHARTS)
    for picture in pictures.values():
        assert_png(picture)
    assert_png(await render_chart(stats, "retention"))


async def test_charts_render_concurrently_with_the_loop_free(content: Database) -> None:
    """While a chart renders in its thread the loop keeps serving other tasks."""
    stats = await _stats(content, history=True)
    rendering = asyncio.create_task(render_chart(stats, "heatmap"))
    ticks = 0
    while not rendering.done():
        ticks += 1
        await asyncio.sleep(0)
    assert ticks > 1
    assert_png(await rendering)


async def test_a_learner_without_history_still_gets_readable_charts(content: Database) -> None:
    stats = await _stats(content, history=False)
    assert stats.is_empty
    for chart in CHARTS:
        assert_png(await render_chart(stats, chart))
