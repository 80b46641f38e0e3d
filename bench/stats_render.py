"""/stats for a learner with two years of history: median time of the data queries and of
rendering the five charts, as ratios to a bare indexed SELECT (the learner's row by primary
key) measured in the same run. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.stats_render [--rounds 30] [--others 10] [--database-url URL]

Works in a scratch database on the server (tutor_bench_stats_*, migrated, content loaded,
dropped afterwards). The learner's history is written with INSERT ... SELECT generate_series:
two years of days, four in five of them active, 60-240 reviews a day (about 88,000 review
logs on 3,000 words / 6,000 cards), 15 grammar answers and every third day a conversation of
ten turns; `--others` more learners get the same history so that the indexes have to select.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import select

from bench.bare_select import (
    StatementCounter,
    bare_select,
    median_ms,
    print_against_baseline,
    timed,
)
from bench.reminder_fanout import scratch_database
from core.db import Database
from core.models import User
from core.stats.charts import render_chart, render_charts
from core.stats.data import (
    activity_heatmap,
    due_forecast,
    grammar_by_level,
    learner_stats,
    true_retention,
    words_by_state,
)
from core.stats.schemas import CHARTS, LearnerStats
from seeds.loader import load_content

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
WORDS = 3000
DAYS = 730
T = TypeVar("T")

_SEED_SQL = [
    # 3,000 words, one in 97 suspended; two cards each, mostly in review, due over two months
    """
    INSERT INTO deck_words (user_id, lemma, lemma_key, pos, source, translations, enrichment,
                            tags, suspended_at)
    SELECT $1, 'Wort' || i, 'wort' || i, 'noun', 'typed', ARRAY['word ' || i], 'none', '{}',
           CASE WHEN i % 97 = 0 THEN $2::timestamptz END
    FROM generate_series(1, $3::int) AS i
    """,
    """
    INSERT INTO cards (user_id, deck_word_id, kind, phase, step, stability, difficulty, due_at,
                       last_review_at, reps, lapses, suspended_at, suspended_reason)
    SELECT w.user_id, w.id, k.kind,
           CASE WHEN w.id % 10 = 0 THEN 0 WHEN w.id % 23 = 0 THEN 3 WHEN w.id % 17 = 0 THEN 1
                ELSE 2 END,
           NULL, 20 + w.id % 200, 5,
           $2::timestamptz + ((w.id * 37 % 1440) - 60) * interval '1 hour',
           $2::timestamptz - interval '3 days', 12, w.id % 4, w.suspended_at,
           CASE WHEN w.suspended_at IS NOT NULL THEN 'manual' END
    FROM deck_words AS w CROSS JOIN (VALUES ('recognition'), ('recall')) AS k(kind)
    WHERE w.user_id = $1
    """,
    # two years of reviews: four days in five active, 60-240 a day, 12 % Again
    """
    INSERT INTO review_logs (user_id, card_id, rating, reviewed_at, duration_ms, memory_before,
                             memory_after, source)
    SELECT $1, c.first_id + (d * 131 + j * 7) % c.count,
           CASE WHEN (d * 31 + j * 17) % 100 < 12 THEN 1 WHEN (d + j) % 13 = 0 THEN 2
                WHEN (d + j) % 11 = 0 THEN 4 ELSE 3 END,
           $2::timestamptz - d * interval '1 day' - (j * 5) * interval '1 minute',
           4000,
           jsonb_build_object('phase', CASE WHEN j % 6 = 0 THEN 1 WHEN j % 25 = 0 THEN 3 ELSE 2 END,
                              'stability', 10 + j % 50, 'difficulty', 5),
           jsonb_build_object('phase', 2, 'stability', 12 + j % 50, 'difficulty', 5),
           'review'
    FROM (SELECT min(id) AS first_id, count(*) AS count FROM cards WHERE user_id = $1) AS c,
         generate_series(0, $3::int - 1) AS d,
         generate_series(1, 60 + (d * 7919) % 181) AS j
    WHERE d % 5 <> 3
    """,
    # grammar: 15 answers on active days, 40 practised topics
    """
    INSERT INTO grammar_attempts (user_id, exercise_id, topic_id, answer, verdict, correct,
                                  created_at)
    SELECT $1, e.id, e.topic_id, 'x', CASE WHEN j % 4 = 0 THEN 'wrong' ELSE 'correct' END,
           j % 4 <> 0, $2::timestamptz - d * interval '1 day' - j * interval '2 minutes'
    FROM generate_series(0, $3::int - 1) AS d, generate_series(1, 15) AS j,
         LATERAL (SELECT id, topic_id FROM exercises ORDER BY id OFFSET (d * 15 + j) % 200 LIMIT 1)
             AS e
    WHERE d % 5 <> 3
    """,
    """
    INSERT INTO grammar_mastery (user_id, topic_id, phase, stability, difficulty, due_at,
                                 last_review_at, reps, lapses)
    SELECT $1, t.id, 2, 5 + t.id % 60, 5, $2::timestamptz + (t.id % 20) * interval '1 day',
           $2::timestamptz - (t.id % 9) * interval '1 day', 6, 1
    FROM (SELECT id FROM grammar_topics ORDER BY level, id LIMIT 40) AS t
    """,
    # a conversation of ten turns every third day
    """
    INSERT INTO conversations (user_id, level, mode, status, script_step, summary,
                               summary_turns, created_at)
    SELECT $1, 'B1', 'offline', 'ended', 0, '', 0, $2::timestamptz - d * interval '1 day'
    FROM generate_series(0, $3::int - 1, 3) AS d
    """,
    """
    INSERT INTO conversation_turns (conversation_id, user_id, position, role, text, status,
                                    corrections, new_words, created_at)
    SELECT c.id, $1, p, CASE WHEN p % 2 = 0 THEN 'learner' ELSE 'tutor' END, 'Hallo', 'done',
           '[]', '[]',
           c.created_at + p * interval '1 minute'
    FROM conversations AS c, generate_series(0, 9) AS p
    WHERE c.user_id = $1
    """,
]


async def seed(url: str, learners: int, now: datetime) -> tuple[int, int]:
    """`learners` learners with the full history; returns (the measured one's id, reviews)."""
    connection = await asyncpg.connect(url)
    try:
        first = 0
        for n in range(learners):
            user_id = await connection.fetchval(
                """
                INSERT INTO users (display_name, cefr_level, time_zone, daily_goal,
                                   reminder_time, reminders_enabled, desired_retention,
                                   new_cards_per_day)
                VALUES ($1, 'B1', 'Europe/Berlin', 20, '19:00', false, 0.9, 20) RETURNING id
                """,
                f"bench {n}",
            )
            first = first or user_id
            for statement in _SEED_SQL:
                count = WORDS if "deck_words (" in statement.split("SELECT")[0] else DAYS
                if "INSERT INTO cards" in statement or "grammar_mastery" in statement:
                    await connection.execute(statement, user_id, now)
                elif "conversation_turns" in statement:
                    await connection.execute(statement, user_id)
                else:
                    await connection.execute(statement, user_id, now, count)
        await connection.execute("ANALYZE")
        reviews = await connection.fetchval(
            "SELECT count(*) FROM review_logs WHERE user_id = $1", first
        )
        return first, int(reviews)
    finally:
        await connection.close()


async def measure(url: str, user_id: int, rounds: int, now: datetime) -> dict[str, Any]:
    db = Database(url, pool_size=2)
    statements = StatementCounter(db)

    async def in_session(action: Callable[[Any, User], Awaitable[T]]) -> T:
        async with db.unit_of_work() as session:
            user = await session.scalar(select(User).where(User.id == user_id))
            assert user is not None
            return await action(session, user)

    try:
        stats: LearnerStats = await in_session(lambda s, u: learner_stats(s, u, now))
        today = stats.today
        parts: dict[str, Callable[[Any, User], Awaitable[object]]] = {
            "q:heatmap": lambda s, u: activity_heatmap(s, u, today),
            "q:forecast": lambda s, u: due_forecast(s, u, today),
            "q:retention": lambda s, u: true_retention(s, u, today),
            "q:grammar": lambda s, u: grammar_by_level(s, u, now),
            "q:words": lambda s, u: words_by_state(s, u),
        }
        samples: dict[str, list[float]] = {
            name: []
            for name in ["baseline", "data", "render", "total", *parts]
            + [f"png:{chart}" for chart in CHARTS]
        }
        await render_charts(stats)  # warm: fonts, caches
        statements.count = 0
        await in_session(lambda s, u: learner_stats(s, u, now))
        data_statements = statements.count
        for _ in range(rounds):
            samples["baseline"].append((await timed(bare_select(db, user_id)))[0])
            elapsed, fresh = await timed(in_session(lambda s, u: learner_stats(s, u, now)))
            samples["data"].append(elapsed)
            samples["render"].append((await timed(render_charts(fresh)))[0])
            samples["total"].append(samples["data"][-1] + samples["render"][-1])
            for name, part in parts.items():
                samples[name].append((await timed(in_session(part)))[0])
            for chart in CHARTS:
                samples[f"png:{chart}"].append((await timed(render_chart(stats, chart)))[0])
    finally:
        await db.dispose()
    medians = {name: median_ms(values) for name, values in samples.items()}
    return {"medians": medians, "statements": data_statements, "stats": stats}


async def run(args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with scratch_database(args.database_url, "stats") as url:
        db = Database(url, pool_size=2)
        try:
            async with db.unit_of_work() as session:
                await load_content(session)
        finally:
            await db.dispose()
        started = time.perf_counter()
        user_id, reviews = await seed(url, 1 + args.others, now)
        seeded = time.perf_counter() - started
        result = await measure(url, user_id, args.rounds, now)
    medians: dict[str, float] = result["medians"]
    stats: LearnerStats = result["stats"]
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    print(
        f"learner: {reviews} review logs over {DAYS} days, {stats.words.total} words, "
        f"{stats.heatmap.activities} activities in the heatmap's {len(stats.heatmap.days)} days; "
        f"{args.others} other learners alike (seeded in {seeded:.1f} s)"
    )
    print(
        f"rounds: {args.rounds}; SQL statements per /stats: {result['statements']} "
        f"(the learner's row, then {result['statements'] - 1} for the five charts' numbers)"
    )
    rows = [
        ("data: learner_stats (all five)", "data"),
        ("  activity heatmap", "q:heatmap"),
        ("  due forecast", "q:forecast"),
        ("  true retention", "q:retention"),
        ("  grammar by level", "q:grammar"),
        ("  words by state", "q:words"),
        ("render: five charts (one thread hop)", "render"),
        *((f"  {chart}.png", f"png:{chart}") for chart in CHARTS),
        ("total /stats (data + render)", "total"),
    ]
    print_against_baseline(medians, rows, ratio_digits=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--others", type=int, default=10)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
