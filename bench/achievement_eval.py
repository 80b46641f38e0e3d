"""Achievement evaluation benchmark. Not a test: run by hand, see bench/README.md.

Part 1, per activity event: SQL statements and median latency of one learner's evaluation
(core.achievements.evaluation.evaluate_learner in its own unit of work, as the check job runs
it), as a ratio to a bare indexed SELECT (users by primary key, also in its own unit of work)
measured in the same run, interleaved. Measured with the content's 45 achievements and again
with 10x as many, to show that the statements do not depend on how many achievements exist.

Part 2, the daily safety net (core.achievements.sweep.run_safety_net) over N learners active in
the last two days (default 100,000, seeded with INSERT ... SELECT generate_series): wall time,
statements in all and per learner; a first run (unlocks to insert) and a second (nothing new).

    .venv/bin/python -m bench.achievement_eval [--learners 100000] [--event-learners 200]
        [--rounds 400] [--database-url URL]

Needs a PostgreSQL server where it may create and drop its own database (tutor_bench_*).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
from sqlalchemy import event, select, text

from bench.reminder_fanout import scratch_database
from core.achievements.criteria import parameters
from core.achievements.evaluation import _EVALUATE, evaluate_learner
from core.achievements.sweep import run_safety_net
from core.db import Database, async_database_url
from core.models import User
from core.outbox import JobRequest
from seeds.loader import load_content

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = datetime.now(UTC)


class CountingSender:
    """Stands in for the queue: the notice jobs the safety net asks for are counted."""

    def __init__(self) -> None:
        self.jobs = 0

    async def send(self, jobs: Sequence[JobRequest]) -> None:
        self.jobs += len(jobs)


class StatementCounter:
    def __init__(self, db: Database) -> None:
        self.count = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1

    @contextmanager
    def measure(self) -> Iterator[list[int]]:
        box: list[int] = []
        before = self.count
        yield box
        box.append(self.count - before)


# ---- the history ------------------------------------------------------------------------


async def seed_event_learners(url: str, count: int) -> list[int]:
    """`count` learners with a year's history each: 400 words (800 cards, a third mature),
    3,000 reviews, 600 grammar answers, 25 practised topics, 30 scenes of 6 messages, and XP on
    about 250 of the last 365 days."""
    connection = await asyncpg.connect(url)
    try:
        first = await connection.fetchval(
            """
            WITH u AS (
              INSERT INTO users (display_name, cefr_level, time_zone, daily_goal, reminder_time,
                                 reminders_enabled, desired_retention, new_cards_per_day)
              SELECT 'event ' || i, 'A2', 'Europe/Berlin', 20, '19:00', false, 0.9, 20
              FROM generate_series(1, $1::int) i RETURNING id)
            SELECT min(id) FROM u""",
            count,
        )
        ids = list(range(first, first + count))
        await _history(
            connection, ids, words=400, reviews=3000, answers=600, topics=25, scenes=30, xp_days=365
        )
        return ids
    finally:
        await connection.close()


async def _history(
    connection: asyncpg.Connection,
    ids: list[int],
    *,
    words: int,
    reviews: int,
    answers: int,
    topics: int,
    scenes: int,
    xp_days: int,
) -> None:
    await connection.execute(
        """
        INSERT INTO deck_words (user_id, lemma, lemma_key, pos, translations, source,
                                enrichment, tags)
        SELECT u, 'w' || i, 'w' || i, 'noun', ARRAY['x'], 'typed', 'none', '{}'
        FROM unnest($1::bigint[]) u, generate_series(1, $2::int) i""",
        ids,
        words,
    )
    await connection.execute(
        """
        INSERT INTO cards (user_id, deck_word_id, kind, phase, stability, difficulty, due_at,
                           reps, lapses)
        SELECT w.user_id, w.id, k.kind, 2, CASE WHEN w.id % 3 = 0 THEN 40.0 ELSE 5.0 END,
               5.0, now() + interval '3 days', 4, 0
        FROM deck_words w, (VALUES ('recognition'), ('recall')) k(kind)
        WHERE w.user_id = ANY($1::bigint[])""",
        ids,
    )
    await connection.execute(
        """
        INSERT INTO review_logs (user_id, card_id, rating, reviewed_at, memory_before,
                                 memory_after, source)
        SELECT c.user_id, c.id, 3, now() - (r || ' hours')::interval, '{}', '{}', 'review'
        FROM cards c, generate_series(1, $2::int / 800 + 1) r
        WHERE c.user_id = ANY($1::bigint[])""",
        ids,
        reviews,
    )
    await connection.execute(
        """
        WITH t AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM grammar_topics)
        INSERT INTO grammar_mastery (user_id, topic_id, phase, stability, difficulty, due_at,
                                     reps, lapses)
        SELECT u, t.id, 2, 10.0 + t.n, 5.0, now() + interval '9 days', 3, 0
        FROM unnest($1::bigint[]) u, t WHERE t.n <= $2""",
        ids,
        topics,
    )
    await connection.execute(
        """
        INSERT INTO grammar_attempts (user_id, exercise_id, topic_id, answer, verdict,
                                      correct, claimed, created_at)
        SELECT m.user_id, (SELECT min(e.id) FROM exercises e WHERE e.topic_id = m.topic_id),
               m.topic_id, 'x', CASE WHEN i % 5 = 0 THEN 'wrong' ELSE 'correct' END,
               i % 5 <> 0, false, now() - (i || ' hours')::interval
        FROM grammar_mastery m, generate_series(1, $2::int / $3::int) i
        WHERE m.user_id = ANY($1::bigint[])""",
        ids,
        answers,
        topics,
    )
    await connection.execute(
        """
        WITH c AS (
          INSERT INTO conversations (user_id, scenario_id, level, mode, status, script_step,
                                     summary, summary_turns, ended_at)
          SELECT u, (SELECT min(id) FROM scenarios), 'A2', 'auto', 'ended', 0, '', 0, now()
          FROM unnest($1::bigint[]) u, generate_series(1, $2::int)
          RETURNING id, user_id)
        INSERT INTO conversation_turns (conversation_id, user_id, position, role, text, status,
                                        corrections, new_words)
        SELECT c.id, c.user_id, p, 'learner', 'Hallo', 'answered', '[]', '[]'
        FROM c, generate_series(1, 6) p""",
        ids,
        scenes,
    )
    await connection.execute(
        """
        INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at)
        SELECT u, 5 + (d * 7 + k) % 20, 'bench', d * 10 + k,
               now() - (d || ' days')::interval - (k || ' hours')::interval
        FROM unnest($1::bigint[]) u, generate_series(0, $2::int - 1) d, generate_series(0, 2) k
        WHERE (u + d) % 3 <> 0""",
        ids,
        xp_days,
    )
    await close_days(connection, ids)
    await connection.execute("VACUUM ANALYZE")


async def close_days(connection: asyncpg.Connection, ids: list[int]) -> None:
    """What core.progress's closing cron leaves: a closed day for each past local day with XP
    (met when the goal was reached) and the streak row after them."""
    await connection.execute(
        """
        INSERT INTO progress_days (user_id, local_on, time_zone, starts_at, ends_at, xp, goal,
                                   goal_met, anything_due, outcome, streak_after, freezes_after)
        SELECT x.user_id, x.day, u.time_zone, x.day::timestamp AT TIME ZONE u.time_zone,
               (x.day + 1)::timestamp AT TIME ZONE u.time_zone, x.xp, u.daily_goal,
               x.xp >= u.daily_goal, true,
               CASE WHEN x.xp >= u.daily_goal THEN 'met' ELSE 'broken' END, 0, 0
        FROM (SELECT l.user_id, (l.created_at AT TIME ZONE 'Europe/Berlin')::date AS day,
                     sum(l.amount) AS xp
              FROM xp_ledger l WHERE l.user_id = ANY($1::bigint[])
              GROUP BY 1, 2) x
        JOIN users u ON u.id = x.user_id
        WHERE x.day < (now() AT TIME ZONE 'Europe/Berlin')::date""",
        ids,
    )
    await connection.execute(
        """
        INSERT INTO streaks (user_id, current, longest, freezes, through_on, through_ends_at)
        SELECT u, 2, 9, 1, (now() AT TIME ZONE 'Europe/Berlin')::date - 1,
               ((now() AT TIME ZONE 'Europe/Berlin')::date)::timestamp
                 AT TIME ZONE 'Europe/Berlin'
        FROM unnest($1::bigint[]) u""",
        ids,
    )


async def seed_cron_learners(url: str, count: int) -> None:
    """`count` learners active in the last two days: XP on each of the last 14 days (goal met
    on three days in four), 10 words with 20 cards, 20 reviews; one in ten has a Telegram
    chat (their unlocks ask for a notice job)."""
    connection = await asyncpg.connect(url)
    try:
        batch = 10_000
        for start in range(0, count, batch):
            n = min(batch, count - start)
            first = await connection.fetchval(
                """
                WITH u AS (
                  INSERT INTO users (display_name, cefr_level, time_zone, daily_goal,
                                     reminder_time, reminders_enabled, desired_retention,
                                     new_cards_per_day, telegram_user_id, telegram_chat_id)
                  SELECT 'cron ' || i, 'A1', 'Europe/Berlin', 20, '19:00', false, 0.9, 20,
                         CASE WHEN i % 10 = 0 THEN 9000000 + i END,
                         CASE WHEN i % 10 = 0 THEN 9000000 + i END
                  FROM generate_series($1::int + 1, $1::int + $2::int) i RETURNING id)
                SELECT min(id) FROM u""",
                start,
                n,
            )
            ids = list(range(first, first + n))
            await connection.execute(
                """
                INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at)
                SELECT u, CASE WHEN (u + d) % 4 = 0 THEN 5 ELSE 25 END, 'bench', d,
                       now() - (d || ' days')::interval
                FROM unnest($1::bigint[]) u, generate_series(0, 13) d""",
                ids,
            )
            await connection.execute(
                """
                INSERT INTO deck_words (user_id, lemma, lemma_key, pos, translations, source,
                                        enrichment, tags)
                SELECT u, 'w' || i, 'w' || i, 'noun', ARRAY['x'], 'typed', 'none', '{}'
                FROM unnest($1::bigint[]) u, generate_series(1, 10) i""",
                ids,
            )
            await connection.execute(
                """
                INSERT INTO cards (user_id, deck_word_id, kind, phase, stability, difficulty,
                                   due_at, reps, lapses)
                SELECT w.user_id, w.id, k.kind, 2, 4.0, 5.0, now() + interval '2 days', 2, 0
                FROM deck_words w, (VALUES ('recognition'), ('recall')) k(kind)
                WHERE w.user_id = ANY($1::bigint[])""",
                ids,
            )
            await connection.execute(
                """
                INSERT INTO review_logs (user_id, card_id, rating, reviewed_at, memory_before,
                                         memory_after, source)
                SELECT c.user_id, c.id, 3, now() - interval '1 day', '{}', '{}', 'review'
                FROM cards c WHERE c.user_id = ANY($1::bigint[])""",
                ids,
            )
            await close_days(connection, ids)
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


# ---- part 1 -----------------------------------------------------------------------------


async def _baseline(db: Database, user_id: int) -> None:
    async with db.unit_of_work() as session:
        await session.execute(select(User.id, User.time_zone).where(User.id == user_id))


async def _evaluate(db: Database, user_id: int) -> None:
    async with db.unit_of_work() as session:
        await evaluate_learner(session, user_id)


async def explain(db: Database, user_id: int) -> None:
    """The evaluation's plan for one learner (rolled back: nothing is unlocked by it)."""
    async with db.sessionmaker() as session:
        plan = await session.execute(
            text(f"EXPLAIN (ANALYZE, BUFFERS) {_EVALUATE.text}"),
            {"user_ids": [user_id], "now": datetime.now(UTC), **parameters(datetime.now(UTC))},
        )
        print("\n".join(row[0] for row in plan))
        await session.rollback()


async def event_round(
    db: Database, counter: StatementCounter, ids: list[int], rounds: int
) -> dict[str, float]:
    picks = [ids[i % len(ids)] for i in range(rounds)]
    base_ms, eval_ms, statements = [], [], []
    for user_id in picks:
        started = time.perf_counter()
        await _baseline(db, user_id)
        base_ms.append((time.perf_counter() - started) * 1000)
        with counter.measure() as seen:
            started = time.perf_counter()
            await _evaluate(db, user_id)
            eval_ms.append((time.perf_counter() - started) * 1000)
        statements.append(seen[0])
    with counter.measure() as seen:
        await _baseline(db, ids[0])
    base, evaluation = statistics.median(base_ms), statistics.median(eval_ms)
    return {
        "baseline_ms": base,
        "baseline_statements": seen[0],
        "evaluation_ms": evaluation,
        "evaluation_statements_min": min(statements),
        "evaluation_statements_max": max(statements),
        "ratio": evaluation / base,
    }


async def part_one(url: str, args: argparse.Namespace) -> dict[str, Any]:
    db = Database(async_database_url(url), job_sender=CountingSender())
    counter = StatementCounter(db)
    try:
        async with db.unit_of_work() as session:
            await load_content(session)
        started = time.monotonic()
        ids = await seed_event_learners(url, args.event_learners)
        seeded = time.monotonic() - started
        first_ms = []
        with counter.measure() as first_statements:
            for user_id in ids:  # the first evaluation unlocks what the history reached
                t = time.perf_counter()
                await _evaluate(db, user_id)
                first_ms.append((time.perf_counter() - t) * 1000)
        async with db.unit_of_work() as session:
            unlocked = await session.scalar(text("SELECT count(*) FROM learner_achievements"))
        if args.explain:
            await explain(db, ids[0])
        await event_round(db, counter, ids, min(args.rounds, 50))  # warm-up
        with_45 = await event_round(db, counter, ids, args.rounds)
        async with db.unit_of_work() as session:
            await session.execute(
                text(
                    """
                    INSERT INTO achievements (slug, name, description, tier, category,
                                              criterion_kind, threshold)
                    SELECT 'bench-' || a.slug || '-' || i, a.name, a.description, a.tier,
                           a.category, a.criterion_kind, a.threshold * 1000 + i
                    FROM achievements a, generate_series(1, 9) i"""
                )
            )
            count = await session.scalar(text("SELECT count(*) FROM achievements"))
        with_10x = await event_round(db, counter, ids, args.rounds)
        async with db.unit_of_work() as session:  # and back, to see the run's drift
            await session.execute(text("DELETE FROM achievements WHERE slug LIKE 'bench-%'"))
        again_45 = await event_round(db, counter, ids, args.rounds)
        return {
            "learners": len(ids),
            "seed_s": seeded,
            "first_evaluation_ms": statistics.median(first_ms),
            "first_evaluation_statements": first_statements[0] / len(ids),
            "unlocked_by_first": unlocked,
            "achievements_10x": count,
            "with_45": with_45,
            "with_10x": with_10x,
            "again_45": again_45,
        }
    finally:
        await db.dispose()


# ---- part 2 -----------------------------------------------------------------------------


async def part_two(url: str, args: argparse.Namespace) -> dict[str, Any]:
    sender = CountingSender()
    db = Database(async_database_url(url), job_sender=sender)
    counter = StatementCounter(db)
    try:
        async with db.unit_of_work() as session:
            await load_content(session)
        started = time.monotonic()
        await seed_cron_learners(url, args.learners)
        seeded = time.monotonic() - started
        runs = []
        for label in ("first", "second"):
            with counter.measure() as seen:
                t = time.monotonic()
                report = await run_safety_net(db, datetime.now(UTC))
                wall = time.monotonic() - t
            runs.append(
                {
                    "run": label,
                    "wall_s": wall,
                    "learners": report.learners,
                    "batches": report.batches,
                    "unlocked": report.unlocked,
                    "statements": seen[0],
                    "statements_per_learner": seen[0] / max(report.learners, 1),
                    "ms_per_learner": wall * 1000 / max(report.learners, 1),
                }
            )
        return {"seed_s": seeded, "runs": runs, "notice_jobs": sender.jobs}
    finally:
        await db.dispose()


async def main_async(args: argparse.Namespace) -> None:
    print(
        f"# achievement evaluation — {platform.node()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_event:
        async with scratch_database(args.database_url, "achievements_event") as url:
            one = await part_one(url, args)
        print(
            f"\n## per event ({one['learners']} learners with a year's history, "
            f"seeded in {one['seed_s']:.0f} s)"
        )
        print(
            f"first evaluation (unlocking {one['unlocked_by_first']} in all): median "
            f"{one['first_evaluation_ms']:.2f} ms, "
            f"{one['first_evaluation_statements']:.2f} statements per learner (no chats, so "
            "no notice jobs)"
        )
        for label, r in (
            ("45 achievements", one["with_45"]),
            (f"{one['achievements_10x']} achievements", one["with_10x"]),
            ("45 achievements again", one["again_45"]),
        ):
            print(
                f"{label}: evaluation median {r['evaluation_ms']:.2f} ms, "
                f"{r['evaluation_statements_min']}-{r['evaluation_statements_max']} "
                f"statement(s); bare indexed SELECT median {r['baseline_ms']:.2f} ms "
                f"({r['baseline_statements']} statement); ratio {r['ratio']:.2f}"
            )
    if not args.skip_cron:
        async with scratch_database(args.database_url, "achievements_cron") as url:
            two = await part_two(url, args)
        print(
            f"\n## daily safety net ({args.learners:,} active learners, seeded in "
            f"{two['seed_s']:.0f} s; notice jobs asked for: {two['notice_jobs']:,})"
        )
        for r in two["runs"]:
            print(
                f"{r['run']} run: {r['wall_s']:.1f} s wall for {r['learners']:,} learners in "
                f"{r['batches']} batches ({r['ms_per_learner']:.2f} ms per learner), "
                f"{r['unlocked']:,} unlocked, {r['statements']:,} statements = "
                f"{r['statements_per_learner']:.4f} per learner"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--event-learners", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--skip-event", action="store_true")
    parser.add_argument("--skip-cron", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print one evaluation's plan")
    asyncio.run(main_async(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
