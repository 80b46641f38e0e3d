"""The five /stats charts as PNG: matplotlib on the Agg canvas, 1200×600 px, large type for a
phone, one palette for every chart.

Rendering is CPU work of a few hundred milliseconds, so it never runs on the event loop:
`render_chart` / `render_charts` hop to a worker thread, and `draw_chart` refuses to run on a
thread that is running an event loop. Figures are built with the object API (no pyplot, no
global figure registry); a lock serialises renders because matplotlib's rc settings and font
cache are process-wide."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from io import BytesIO
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from core.stats.schemas import (
    CHARTS,
    WORD_STATES,
    ChartName,
    LearnerStats,
    WordState,
)

WIDTH_PX, HEIGHT_PX, DPI = 1200, 600, 100
"""Every chart's size: wide enough to read on a phone held sideways, sharp when upright."""

ACCENT = "#2e7d5b"
"""Activity, due reviews, retention and mastery: the colour of "in review" words."""
GOAL = "#1f2a44"
INK = "#1f2a44"
EMPTY_DAY = "#e9ecef"
STATE_COLOURS: dict[WordState, str] = {
    "new": "#8fa3bf",
    "learning": "#f0a030",
    "review": ACCENT,
    "relearning": "#d1495b",
    "suspended": "#b8bcc2",
}
_RC: dict[RcKeyType, Any] = {
    "font.size": 15,
    "axes.titlesize": 21,
    "axes.titleweight": "bold",
    "axes.labelsize": 16,
    "axes.edgecolor": "#adb5bd",
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_MARGINS: dict[str, dict[str, float]] = {
    # fixed margins instead of constrained layout, which doubles the time of a render
    "default": {"left": 0.08, "right": 0.98, "top": 0.9, "bottom": 0.2},
    "words": {"left": 0.12, "right": 0.98, "top": 0.9, "bottom": 0.13},
    "grammar": {"left": 0.08, "right": 0.98, "top": 0.9, "bottom": 0.13},
}
_render_lock = threading.Lock()


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def _no_data(ax: Axes, message: str) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=18,
        color="#6c757d",
        transform=ax.transAxes,
    )


def _heatmap(fig: Figure, stats: LearnerStats) -> None:
    data = stats.heatmap
    weeks = (data.end_on - data.start_on).days // 7 + 1
    grid = [[float("nan")] * weeks for _ in range(7)]
    for day in data.days:
        grid[day.on.weekday()][(day.on - data.start_on).days // 7] = day.total
    ax = fig.add_axes((0.06, 0.3, 0.92, 0.58))
    colours = LinearSegmentedColormap.from_list(
        "activity", ["#b7e4c7", ACCENT, "#0b3d2a"]
    ).with_extremes(under=EMPTY_DAY, bad="white")
    busiest = max((day.total for day in data.days), default=0)
    image = ax.imshow(
        grid, cmap=colours, norm=Normalize(vmin=0.5, vmax=max(busiest, 1)), aspect="equal"
    )
    ax.set_yticks([0, 2, 4, 6], ["Mon", "Wed", "Fri", "Sun"])
    months = [
        ((day.on - data.start_on).days // 7, day.on.strftime("%b"))
        for day in data.days
        if day.on.day == 1 or day.on == data.start_on
    ]
    ax.set_xticks([column for column, _ in months], [name for _, name in months])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # white gaps between the day squares (lines, not minor ticks: ticks cost 5 ms apiece)
    ax.vlines([x - 0.5 for x in range(weeks + 1)], -0.5, 6.5, color="white", linewidth=3)
    ax.hlines([y - 0.5 for y in range(8)], -0.5, weeks - 0.5, color="white", linewidth=3)
    ax.set_title(
        f"Activity, last 6 months: {data.active_days} active days, {data.activities} activities"
    )
    ax.set_xlabel("Week (reviews + grammar answers + conversation messages per day)")
    bar = fig.colorbar(image, cax=fig.add_axes((0.35, 0.1, 0.3, 0.035)), orientation="horizontal")
    # whole activities only: the norm starts at 0.5 so that an empty day takes the `under` colour
    bar.set_ticks(
        [
            tick
            for tick in MaxNLocator(nbins=5, integer=True).tick_values(1, max(busiest, 1))
            if 1 <= tick <= max(busiest, 1)
        ]
    )
    bar.set_label("Activities per day")


def _forecast(fig: Figure, stats: LearnerStats) -> None:
    data = stats.forecast
    ax = fig.add_subplot()
    positions = list(range(len(data.days)))
    ax.bar(positions, [day.reviews for day in data.days], color=ACCENT)
    ax.set_xticks(
        positions[::3],
        [
            day.on.strftime("%a %-d %b") if i == 0 else day.on.strftime("%-d %b")
            for i, day in enumerate(data.days[::3])
        ],
        rotation=35,
        ha="right",
    )
    ax.set_xlim(-0.6, len(data.days) - 0.4)
    ax.set_ylabel("Reviews due")
    ax.set_xlabel("Day (today includes overdue cards)")
    ax.set_title(
        f"Reviews due: {data.due_today} today, {data.next_7_days} in 7 days, "
        f"{data.total} in 30 days"
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if data.total == 0:
        _no_data(ax, "Nothing due in the next 30 days")
        ax.set_ylim(0, 1)


def _retention(fig: Figure, stats: LearnerStats) -> None:
    data = stats.retention
    ax = fig.add_subplot()
    positions = list(range(len(data.months)))
    values = [(m.retention or 0.0) * 100 for m in data.months]
    ax.bar(positions, values, color=ACCENT, width=0.7)
    for x, month in zip(positions, data.months, strict=True):
        if month.retention is None:
            ax.text(x, 2, "no\nreviews", ha="center", va="bottom", fontsize=11, color="#6c757d")
            continue
        value = month.retention * 100
        inside = value >= 30
        ax.text(
            x,
            value - 3 if inside else value + 2,
            f"{round(value)}%\n{month.reviews}",
            ha="center",
            va="top" if inside else "bottom",
            fontsize=12,
            color="white" if inside else INK,
            fontweight="bold",
        )
    goal = data.desired_retention * 100
    ax.axhline(
        goal,
        color=GOAL,
        linestyle="--",
        linewidth=2.5,
        label=f"Goal {_percent(data.desired_retention)}",
    )
    ax.set_xticks(
        positions,
        [
            m.month.strftime("%b\n%Y") if m.month.month == 1 or x == 0 else m.month.strftime("%b")
            for x, m in zip(positions, data.months, strict=True)
        ],
    )
    ax.set_ylim(0, 118)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_ylabel("Remembered (%)")
    ax.set_xlabel("Month (bar label: retention and number of reviews)")
    this_month = _percent(data.this_month) if data.this_month is not None else "no reviews yet"
    ax.set_title(f"True retention — this month: {this_month}")
    ax.legend(loc="upper left", frameon=False)
    if not any(month.reviews for month in data.months):
        _no_data(ax, "No reviews of learned cards yet")


def _grammar(fig: Figure, stats: LearnerStats) -> None:
    data = stats.grammar
    ax = fig.add_subplot()
    positions = list(range(len(data.levels)))
    ax.bar(positions, [level.mastery * 100 for level in data.levels], color=ACCENT, width=0.6)
    for x, level in zip(positions, data.levels, strict=True):
        ax.text(
            x,
            level.mastery * 100 + 2,
            f"{level.mastered}/{level.topics} mastered\n{level.practised} practised",
            ha="center",
            va="bottom",
            fontsize=12,
        )
    ax.set_xticks(positions, [level.level for level in data.levels])
    ax.set_ylim(0, 118)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_ylabel("Mean mastery (%)")
    ax.set_xlabel("CEFR level")
    ax.set_title(f"Grammar mastery: {data.mastered} of {data.topics} topics mastered")
    if data.practised == 0:
        _no_data(ax, "No grammar practised yet")


def _words(fig: Figure, stats: LearnerStats) -> None:
    data = stats.words
    ax = fig.add_subplot()
    counts = [data.count(state) for state in WORD_STATES]
    positions = list(range(len(WORD_STATES)))
    ax.barh(positions, counts, color=[STATE_COLOURS[state] for state in WORD_STATES], height=0.65)
    ax.set_yticks(positions, [state.capitalize() for state in WORD_STATES])
    ax.invert_yaxis()
    widest = max(counts, default=0)
    for y, count in zip(positions, counts, strict=True):
        ax.text(count + widest * 0.01 + 0.05, y, str(count), va="center", fontsize=14)
    ax.set_xlim(0, max(widest * 1.12, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Words")
    ax.set_title(f"Your {data.total} words by state")
    if data.total == 0:
        _no_data(ax, "No words in your deck yet")


_DRAWERS: dict[ChartName, Callable[[Figure, LearnerStats], None]] = {
    "heatmap": _heatmap,
    "forecast": _forecast,
    "retention": _retention,
    "grammar": _grammar,
    "words": _words,
}
assert set(_DRAWERS) == set(CHARTS)


def _refuse_event_loop_thread() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError("charts render in a worker thread: await render_chart()/render_charts()")


def draw_chart(stats: LearnerStats, chart: ChartName) -> bytes:
    """One chart as PNG bytes (blocking; never on the event loop's thread)."""
    _refuse_event_loop_thread()
    with _render_lock, rc_context(_RC):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        fig.subplots_adjust(**_MARGINS.get(chart, _MARGINS["default"]))
        _DRAWERS[chart](fig, stats)
        buffer = BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


async def render_chart(stats: LearnerStats, chart: ChartName) -> bytes:
    return await asyncio.to_thread(draw_chart, stats, chart)


async def render_charts(stats: LearnerStats) -> dict[ChartName, bytes]:
    """All five charts, in one trip to a worker thread."""

    def draw_all() -> dict[ChartName, bytes]:
        return {chart: draw_chart(stats, chart) for chart in CHARTS}

    return await asyncio.to_thread(draw_all)
