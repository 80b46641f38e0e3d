"""Grammar answers benchmark: how long checking an answer takes per exercise kind, and how
well the placement test places simulated learners. Not a test: run by hand, see
bench/README.md ("Grammar answers").

    .venv/bin/python -m bench.grammar_answers [--drills 40] [--learners 6] [--database-url URL]

Part 1, answer latency: drills on random topics are answered item by item through
core.grammar.drills.answer (lock the drill, check, record the attempt, save the step), each in
its own unit of work, right, wrong or with a typo in turn; each answer's wall time is
bucketed by the exercise's kind. Right before each answer the same unit of work runs a bare
SELECT of one exercise by primary key (the baseline); the report gives median and p99 of
both and their ratio, and the median of the check alone (core.grammar.checking, no database).

Part 2, placement: simulated learners (tests/helpers/placement.py) who know A1 … C1 exactly,
without slips and with 10 % random slips, `--learners` seeds each; mean absolute level
error (in levels), exact hits, and items used.

Needs a PostgreSQL server where it may create and drop its own database (tutor_bench_grammar_*).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bench.reminder_fanout import scratch_database
from core.db import Database
from core.german import CefrLevel
from core.grammar import checking, drills, placement
from core.grammar.schemas import DrillView
from core.models import Exercise, GrammarTopic, User
from core.outbox import JobRequest
from core.study.sessions import Stale
from seeds.loader import load_content
from tests.helpers.placement import simulate_placement

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
KINDS = ("multiple_choice", "fill_blank", "error_correction", "translation", "word_order")
WAYS = ("right", "wrong", "typo")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _typo(text: str) -> str:
    """One letter doubled in the longest word (a typo the checker forgives or names)."""
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    words[longest] = word[:2] + word[1] + word[2:] if len(word) > 2 else word + word[-1]
    return " ".join(words)


def answer_of(exercise: Exercise, way: str) -> dict[str, Any]:
    """The keyword arguments of drills.answer that answer `exercise` in this way."""
    if exercise.kind == "multiple_choice":
        options = exercise.options or []
        right = options.index(exercise.answer)
        return {"choice": right if way == "right" else (right + 1) % len(options)}
    if exercise.kind == "word_order":
        tokens = list(exercise.tokens or [])
        order: list[int] = []
        for word in exercise.answer.rstrip(".!?").split():
            order.append(next(i for i, t in enumerate(tokens) if t == word and i not in order))
        if way == "wrong":
            order = list(reversed(order))
        return {"tokens": order}
    if way == "right":
        return {"text": exercise.answer}
    return {"text": _typo(exercise.answer) if way == "typo" else "Das weiß ich nicht."}


class DroppedJobs:
    """The benchmark runs no worker: jobs a drill requests (new exercises once a topic's bank
    is mostly seen) stay in the outbox table, unsent."""

    async def send(self, jobs: Sequence[JobRequest]) -> None:
        return None


@dataclass
class Timings:
    answer: dict[str, list[float]]
    select: dict[str, list[float]]
    check_only: dict[str, list[float]]


async def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def answer_latency(db: Database, drills_count: int, seed: int) -> Timings:
    rng = random.Random(seed)
    timings = Timings(defaultdict(list), defaultdict(list), defaultdict(list))
    async with db.unit_of_work() as session:
        user = User(display_name="bench", cefr_level="B1")
        session.add(user)
        await session.flush()
        user_id = user.id
        slugs = list(await session.scalars(select(GrammarTopic.slug)))
    way = 0
    for _ in range(drills_count):
        async with db.unit_of_work() as session:
            user = await session.get(User, user_id)
            assert user is not None
            view: DrillView | Stale = await drills.start_drill(
                session, user, topic=rng.choice(slugs), rng=rng
            )
        while isinstance(view, DrillView) and view.current is not None:
            exercise_id, version, kind = view.current.id, view.version, view.current.kind

            async def baseline(exercise_id: int = exercise_id) -> None:
                async with db.unit_of_work() as session:
                    await session.scalar(select(Exercise).where(Exercise.id == exercise_id))

            timings.select[kind].append(await _timed(baseline))
            async with db.unit_of_work() as session:
                exercise = await session.get(Exercise, exercise_id)
            assert exercise is not None
            how = answer_of(exercise, WAYS[way % len(WAYS)])
            way += 1
            started = time.perf_counter()
            if exercise.kind == "multiple_choice":
                checking.check_choice(exercise, how["choice"])
            else:
                text = how.get("text")
                if "tokens" in how:
                    text = checking.built_sentence(exercise.tokens or [], how["tokens"])
                checking.check_text(exercise, text or "")
            timings.check_only[kind].append(time.perf_counter() - started)
            drill_id = view.id

            async def answer(
                drill_id: int = drill_id, version: int = version, how: dict[str, Any] = how
            ) -> None:
                async with db.unit_of_work() as session:
                    user = await session.get(User, user_id)
                    assert user is not None
                    await drills.answer(session, user, drill_id, version, **how)

            timings.answer[kind].append(await _timed(answer))
            async with db.unit_of_work() as session:
                user = await session.get(User, user_id)
                assert user is not None
                latest = await drills.get_drill(session, user, drill_id)
                view = await drills.next_exercise(session, user, drill_id, latest.version)
    return timings


@dataclass
class Placed:
    knows: CefrLevel
    slip_rate: float
    errors: list[int]
    items: list[int]


async def placement_accuracy(db: Database, learners: int) -> list[Placed]:
    results = []
    for slip_rate in (0.0, 0.1):
        for knows in placement.LEVELS:
            placed = Placed(knows, slip_rate, [], [])
            for seed in range(learners):
                async with db.unit_of_work() as session:
                    user = User(display_name="bench", cefr_level="A1")
                    session.add(user)
                    await session.flush()
                    view = await simulate_placement(
                        session, user, knows, seed=seed, slip_rate=slip_rate
                    )
                assert view.result is not None
                placed.errors.append(
                    abs(placement.LEVELS.index(view.result.level) - placement.LEVELS.index(knows))
                )
                placed.items.append(view.result.items_used)
            results.append(placed)
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def report(timings: Timings, placed: list[Placed]) -> None:
    print("Answer latency per kind (ms; ratio = answer / bare indexed SELECT, same run)")
    print(
        f"{'kind':<17}{'n':>4}{'answer p50':>11}{'p99':>8}{'SELECT p50':>11}{'p99':>8}"
        f"{'ratio p50':>10}{'ratio p99':>10}{'check-only p50':>16}"
    )
    for kind in KINDS:
        answers, selects = timings.answer[kind], timings.select[kind]
        if not answers:
            continue
        a50, a99 = statistics.median(answers), percentile(answers, 0.99)
        s50, s99 = statistics.median(selects), percentile(selects, 0.99)
        check = statistics.median(timings.check_only[kind])
        print(
            f"{kind:<17}{len(answers):>4}{_ms(a50):>11}{_ms(a99):>8}{_ms(s50):>11}{_ms(s99):>8}"
            f"{a50 / s50:>10.1f}{a99 / s99:>10.1f}{check * 1e6:>13.0f} µs"
        )
    print()
    print("Placement on simulated learners (error in levels; items used)")
    print(f"{'knows':<7}{'slips':>6}{'n':>4}{'MAE':>7}{'exact':>7}{'items mean':>12}{'max':>5}")
    for slip_rate in (0.0, 0.1):
        rows = [p for p in placed if p.slip_rate == slip_rate]
        for p in rows:
            exact = sum(e == 0 for e in p.errors) / len(p.errors)
            print(
                f"{p.knows:<7}{slip_rate:>6.0%}{len(p.errors):>4}"
                f"{statistics.mean(p.errors):>7.2f}{exact:>7.0%}"
                f"{statistics.mean(p.items):>12.1f}{max(p.items):>5}"
            )
        errors = [e for p in rows for e in p.errors]
        items = [i for p in rows for i in p.items]
        print(
            f"{'all':<7}{slip_rate:>6.0%}{len(errors):>4}{statistics.mean(errors):>7.2f}"
            f"{sum(e == 0 for e in errors) / len(errors):>7.0%}"
            f"{statistics.mean(items):>12.1f}{max(items):>5}"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drills", type=int, default=40)
    parser.add_argument("--learners", type=int, default=6, help="seeds per level and slip rate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    async with scratch_database(args.database_url, "grammar") as url:
        db = Database(url, job_sender=DroppedJobs())
        try:
            async with db.unit_of_work() as session:
                await load_content(session)
            timings = await answer_latency(db, args.drills, args.seed)
            placed = await placement_accuracy(db, args.learners)
        finally:
            await db.dispose()
    report(timings, placed)


if __name__ == "__main__":
    asyncio.run(main())
