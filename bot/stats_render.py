"""How /stats looks in Telegram: one photo per chart, each with a one-line caption that
quotes the chart's key number (the same number GET /api/v1/stats serves)."""

from __future__ import annotations

from core.stats.schemas import ChartName, LearnerStats

NOTHING_YET = (
    "📊 No stats yet — there is nothing to draw until you have studied a little.\n\n"
    "Start with /add <i>Wort</i> to put a German word in your deck, then /review it. "
    "/grammar drills a topic and /talk practises a conversation. "
    "Your charts appear here as soon as there is something to draw."
)


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def caption(stats: LearnerStats, chart: ChartName) -> str:
    if chart == "heatmap":
        heatmap = stats.heatmap
        days = len(heatmap.days)
        return (
            f"Active on {heatmap.active_days} of the last {days} days: "
            f"{heatmap.activities} reviews, grammar answers and messages"
        )
    if chart == "forecast":
        forecast = stats.forecast
        return (
            f"Reviews due today: {forecast.due_today} · next 7 days: {forecast.next_7_days} "
            f"· next 30 days: {forecast.total}"
        )
    if chart == "retention":
        retention = stats.retention
        goal = percent(retention.desired_retention)
        if retention.this_month is None:
            return f"Retention this month: no reviews of learned cards yet (goal {goal})"
        return f"Retention this month: {percent(retention.this_month)} (goal {goal})"
    if chart == "grammar":
        grammar = stats.grammar
        return (
            f"Grammar: {grammar.mastered} of {grammar.topics} topics mastered, "
            f"{grammar.practised} practised"
        )
    words = stats.words
    return (
        f"Words: {words.review} of {words.total} in review, "
        f"{words.learning + words.relearning} learning, {words.new} new"
    )
