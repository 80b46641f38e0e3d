"""The five /stats charts as PNG: matplotlib on the Agg canvas, 1200×600 px, large type for a
phone, one palette for every chart, on a light or a dark page (`THEMES`).

Rendering is CPU work of a few hundred milliseconds, so it never runs on the event loop:
`render_chart` / `render_charts` hop to a worker thread, and `draw_chart` refuses to run on a
thread that is running an event loop. Figures are built with the object API (no pyplot, no
global figure registry); a lock serialises renders because matplotlib's rc settings and font
cache are process-wide."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

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
INK = "#1f2a44"
EMPTY_DAY = "#e9ecef"
STATE_COLOURS: dict[WordState, str] = {
    "new": "#8fa3bf",
    "learning": "#f0a030",
    "review": ACCENT,
    "relearning": "#d1495b",
    "suspended": "#b8bcc2",
}
ThemeName = Literal["light", "dark"]


@dataclass(frozen=True)
class Theme:
    """The colours that are not the data's: page, text, axes, empty days, hints."""

    background: str
    ink: str
    edge: str
    muted: str
    empty_day: str


THEMES: dict[ThemeName, Theme] = {
    "light": Theme(
        background="white", ink=INK, edge="#adb5bd", muted="#6c757d", empty_day=EMPTY_DAY
    ),
    # a dark Telegram theme or a dark browser: light text on the page's near-black
    "dark": Theme(
        background="#17212b", ink="#e9ecef", edge="#6c757d", muted="#adb5bd", empty_day="#2b3a4a"
    ),
}


def _theme_rc(theme: Theme) -> dict[RcKeyType, Any]:
    return {
        **_RC,
        "axes.edgecolor": theme.edge,
        "axes.labelcolor": theme.ink,
        "axes.facecolor": theme.background,
        "figure.facecolor": theme.background,
        "text.color": theme.ink,
        "xtick.color": theme.ink,
        "ytick.color": theme.ink,
    }


_RC: dict[RcKeyType, Any] = {
    "font.size": 15,
    "axes.titlesize": 21,
    "axes.titleweight": "bold",
    "axes.labelsize": 16,
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


def _no_data(ax: Axes, message: str, theme: Theme) -> None:
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=18,
        color=theme.muted,
        transform=ax.transAxes,
    )


def _heatmap(fig: Figure, stats: LearnerStats, theme: Theme) -> None:
    data = stats.heatmap
    weeks = (data.end_on - data.start_on).days // 7 + 1
    grid = [[float("nan")] * weeks for _ in range(7)]
    for day in data.days:
        grid[day.on.weekday()][(day.on - data.start_on).days // 7] = day.total
    ax = fig.add_axes((0.06, 0.3, 0.92, 0.58))
    colours = LinearSegmentedColormap.from_list(
        "activity", ["#b7e4c7", ACCENT, "#0b3d2a"]
    ).with_extremes(under=theme.empty_day, bad=theme.background)
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
    # gaps of the page's colour between the day squares (lines, not minor ticks: 5 ms apiece)
    gap = theme.background
    ax.vlines([x - 0.5 for x in range(weeks + 1)], -0.5, 6.5, color=gap, linewidth=3)
    ax.hlines([y - 0.5 for y in range(8)], -0.5, weeks - 0.5, color=gap, linewidth=3)
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


def _forecast(fig: Figure, stats: LearnerStats, theme: Theme) -> None:
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
        _no_data(ax, "Nothing due in the next 30 days", theme)
        ax.set_ylim(0, 1)


def _retention(fig: Figure, stats: LearnerStats, theme: Theme) -> None:
    data = stats.retention
    ax = fig.add_subplot()
    positions = list(range(len(data.months)))
    values = [(m.retention or 0.0) * 100 for m in data.months]
    ax.bar(positions, values, color=ACCENT, width=0.7)
    for x, month in zip(positions, data.months, strict=True):
        if month.retention is None:
            ax.text(x, 2, "no\nreviews", ha="center", va="bottom", fontsize=11, color=theme.muted)
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
            color="white" if inside else theme.ink,
            fontweight="bold",
        )
    goal = data.desired_retention * 100
    ax.axhline(
        goal,
        color=theme.ink,
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
        _no_data(ax, "No reviews of learned cards yet", theme)


def _grammar(fig: Figure, stats: LearnerStats, theme: Theme) -> None:
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
        _no_data(ax, "No grammar practised yet", theme)


def _words(fig: Figure, stats: LearnerStats, theme: Theme) -> None:
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
        _no_data(ax, "No words in your deck yet", theme)


_DRAWERS: dict[ChartName, Callable[[Figure, LearnerStats, Theme], None]] = {
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


def draw_chart(stats: LearnerStats, chart: ChartName, theme: ThemeName = "light") -> bytes:
    """One chart as PNG bytes (blocking; never on the event loop's thread)."""
    _refuse_event_loop_thread()
    colours = THEMES[theme]
    with _render_lock, rc_context(_theme_rc(colours)):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        fig.subplots_adjust(**_MARGINS.get(chart, _MARGINS["default"]))
        _DRAWERS[chart](fig, stats, colours)
        buffer = BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor=colours.background)
    return buffer.getvalue()


async def render_chart(stats: LearnerStats, chart: ChartName, theme: ThemeName = "light") -> bytes:
    return await asyncio.to_thread(draw_chart, stats, chart, theme)


async def render_charts(stats: LearnerStats) -> dict[ChartName, bytes]:
    """All five charts, in one trip to a worker thread."""

    def draw_all() -> dict[ChartName, bytes]:
        return {chart: draw_chart(stats, chart) for chart in CHARTS}

    return await asyncio.to_thread(draw_all)
