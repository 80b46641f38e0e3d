"""The numbers of /stats, in a few queries, by the learner's local day.

Days and months are computed in SQL (`timestamp AT TIME ZONE zone`, here `timezone(zone, ts)`)
so that a review at 23:30 in Auckland counts on the learner's Tuesday, not on UTC's Monday."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    SQLColumnExpression,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today, utcnow
from core.german import CEFR_LEVELS
from core.grammar.mastery import accuracy_by_topic, mastery_value, rows_of
from core.models import (
    Card,
    ConversationTurn,
    DeckWord,
    GrammarAttempt,
    GrammarTopic,
    ReviewLog,
    User,
)
from core.ownership import mine
from core.reviews.scheduling import Phase, Rating
from core.stats.schemas import (
    WORD_STATES,
    ActivityDay,
    DueDay,
    Forecast,
    GrammarLevel,
    GrammarStats,
    Heatmap,
    LearnerStats,
    Retention,
    RetentionMonth,
    WordState,
    WordStates,
)

HEATMAP_WEEKS = 26
"""Six months of calendar: 26 week columns, the last one holding today."""
FORECAST_DAYS = 30
RETENTION_MONTHS = 12
MASTERED_FROM = 0.8
"""A topic with at least this mastery counts as mastered (below it, core.grammar.weak calls a
topic's accuracy weak)."""


def _local_day(time_zone: str, at: SQLColumnExpression[datetime]) -> ColumnElement[date]:
    return cast(func.timezone(time_zone, at), Date)


def heatmap_start(today: date) -> date:
    """The Monday that starts the first of the heatmap's week columns."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(weeks=HEATMAP_WEEKS - 1)


async def activity_heatmap(session: AsyncSession, user: User, today: date) -> Heatmap:
    """Reviews (not undone), grammar answers and the learner's conversation messages per day."""
    start_on = heatmap_start(today)
    since = local_day_start(user.time_zone, start_on)
    zone = user.time_zone
    events = union_all(
        select(
            _local_day(zone, ReviewLog.reviewed_at).label("on"), literal("review").label("kind")
        ).where(
            mine(ReviewLog, user), ReviewLog.reviewed_at >= since, ReviewLog.undone_at.is_(None)
        ),
        select(
            _local_day(zone, GrammarAttempt.created_at).label("on"),
            literal("grammar").label("kind"),
        ).where(mine(GrammarAttempt, user), GrammarAttempt.created_at >= since),
        select(
            _local_day(zone, ConversationTurn.created_at).label("on"),
            literal("message").label("kind"),
        ).where(
            mine(ConversationTurn, user),
            ConversationTurn.role == "learner",
            ConversationTurn.created_at >= since,
        ),
    ).subquery()
    rows = await session.execute(
        select(
            events.c.on,
            func.count().filter(events.c.kind == "review"),
            func.count().filter(events.c.kind == "grammar"),
            func.count().filter(events.c.kind == "message"),
        )
        .where(events.c.on <= today)
        .group_by(events.c.on)
    )
    counts = {on: (reviews, grammar, messages) for on, reviews, grammar, messages in rows.all()}
    days = []
    for offset in range((today - start_on).days + 1):
        on = start_on + timedelta(days=offset)
        reviews, grammar, messages = counts.get(on, (0, 0, 0))
        days.append(ActivityDay(on=on, reviews=reviews, grammar_answers=grammar, messages=messages))
    return Heatmap(
        start_on=start_on,
        end_on=today,
        days=days,
        active_days=sum(1 for day in days if day.total),
        activities=sum(day.total for day in days),
    )


async def due_forecast(session: AsyncSession, user: User, today: date) -> Forecast:
    """Cards past their first study (new cards are introduced by the daily limit, not due),
    by the local day they fall due; overdue cards count today."""
    until = local_day_start(user.time_zone, today + timedelta(days=FORECAST_DAYS))
    due = (
        select(func.greatest(_local_day(user.time_zone, Card.due_at), today).label("on"))
        .where(
            mine(Card, user),
            Card.suspended_at.is_(None),
            Card.phase != int(Phase.NEW),
            Card.due_at < until,
        )
        .subquery()
    )
    rows = await session.execute(select(due.c.on, func.count()).group_by(due.c.on))
    counts: dict[date, int] = {on: count for on, count in rows.all()}
    days = [
        DueDay(on=on, reviews=counts.get(on, 0))
        for on in (today + timedelta(days=offset) for offset in range(FORECAST_DAYS))
    ]
    return Forecast(
        days=days,
        due_today=days[0].reviews,
        next_7_days=sum(day.reviews for day in days[:7]),
        total=sum(day.reviews for day in days),
    )


def _month_back(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


async def true_retention(session: AsyncSession, user: User, today: date) -> Retention:
    """Per local month: scorable reviews, those of cards that were in the review phase before
    the answer (learning and relearning steps are not a test of memory) a day or more after
    the card's previous review, and the share of them not rated Again."""
    this_month = today.replace(day=1)
    first_month = _month_back(this_month, RETENTION_MONTHS - 1)
    since = local_day_start(user.time_zone, first_month)
    previous_review = cast(
        ReviewLog.memory_before["last_review_at"].as_string(), DateTime(timezone=True)
    )
    scored = (
        select(
            cast(
                func.date_trunc("month", func.timezone(user.time_zone, ReviewLog.reviewed_at)),
                Date,
            ).label("month"),
            ReviewLog.rating,
        )
        .where(
            mine(ReviewLog, user),
            ReviewLog.reviewed_at >= since,
            ReviewLog.undone_at.is_(None),
            ReviewLog.memory_before["phase"].as_integer() == int(Phase.REVIEW),
            # scorable: at least a day after the card's previous review (reviewing ahead of
            # time the same day is no test of memory)
            or_(
                previous_review.is_(None),
                previous_review <= ReviewLog.reviewed_at - timedelta(days=1),
            ),
        )
        .subquery()
    )
    rows = await session.execute(
        select(
            scored.c.month,
            func.count(),
            func.count().filter(scored.c.rating > int(Rating.AGAIN)),
        ).group_by(scored.c.month)
    )
    counts = {month: (reviews, passed) for month, reviews, passed in rows.all()}
    months = []
    for back in range(RETENTION_MONTHS - 1, -1, -1):
        month = _month_back(this_month, back)
        reviews, passed = counts.get(month, (0, 0))
        months.append(
            RetentionMonth(
                month=month,
                reviews=reviews,
                passed=passed,
                retention=round(passed / reviews, 4) if reviews else None,
            )
        )
    return Retention(
        months=months,
        desired_retention=user.desired_retention,
        this_month=months[-1].retention,
    )


async def grammar_by_level(session: AsyncSession, user: User, now: datetime) -> GrammarStats:
    """Each level's topics with the mastery core.grammar.mastery gives each practised one."""
    topics = (
        await session.execute(
            select(GrammarTopic.id, GrammarTopic.level).where(GrammarTopic.retired_at.is_(None))
        )
    ).all()
    rows = await rows_of(session, user)
    accuracy = await accuracy_by_topic(session, user, now)
    by_level: dict[str, list[float | None]] = defaultdict(list)
    for topic_id, level in topics:
        row = rows.get(topic_id)
        by_level[level].append(
            mastery_value(user, row, accuracy.get(topic_id), now) if row is not None else None
        )
    levels = []
    for level in CEFR_LEVELS:
        values = by_level.get(level, [])
        if not values:
            continue
        practised = [value for value in values if value is not None]
        levels.append(
            GrammarLevel(
                level=level,
                topics=len(values),
                practised=len(practised),
                mastered=sum(1 for value in practised if value >= MASTERED_FROM),
                mastery=round(sum(practised) / len(values), 3),
            )
        )
    return GrammarStats(
        levels=levels,
        mastered_from=MASTERED_FROM,
        topics=sum(level.topics for level in levels),
        practised=sum(level.practised for level in levels),
        mastered=sum(level.mastered for level in levels),
    )


async def words_by_state(session: AsyncSession, user: User) -> WordStates:
    active = Card.suspended_at.is_(None)
    state = case(
        (
            or_(
                DeckWord.suspended_at.is_not(None),
                and_(func.count(Card.id) > 0, func.count(Card.id).filter(active) == 0),
            ),
            "suspended",
        ),
        (func.bool_or(Card.phase == int(Phase.RELEARNING)).filter(active), "relearning"),
        (func.coalesce(func.bool_and(Card.phase == int(Phase.NEW)).filter(active), True), "new"),
        (func.bool_and(Card.phase == int(Phase.REVIEW)).filter(active), "review"),
        else_="learning",
    )
    per_word = (
        select(state.label("state"))
        .select_from(DeckWord)
        .outerjoin(Card, Card.deck_word_id == DeckWord.id)
        .where(mine(DeckWord, user))
        .group_by(DeckWord.id)
        .subquery()
    )
    rows = await session.execute(select(per_word.c.state, func.count()).group_by(per_word.c.state))
    counts: dict[str, int] = {state: count for state, count in rows.all()}
    values: dict[WordState, int] = {name: counts.get(name, 0) for name in WORD_STATES}
    return WordStates(**values)


async def learner_stats(
    session: AsyncSession, user: User, now: datetime | None = None
) -> LearnerStats:
    now = now or utcnow()
    today = local_today(user.time_zone, now)
    heatmap = await activity_heatmap(session, user, today)
    forecast = await due_forecast(session, user, today)
    retention = await true_retention(session, user, today)
    grammar = await grammar_by_level(session, user, now)
    words = await words_by_state(session, user)
    return LearnerStats(
        generated_at=now,
        time_zone=user.time_zone,
        today=today,
        is_empty=(
            heatmap.activities == 0
            and words.total == 0
            and grammar.practised == 0
            and not any(month.reviews for month in retention.months)
        ),
        heatmap=heatmap,
        forecast=forecast,
        retention=retention,
        grammar=grammar,
        words=words,
    )
