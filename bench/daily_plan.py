"""Today's plan (/today, GET /api/v1/dashboard, and what every daily reminder and evening
nudge is built from) for a learner with two years of history: SQL statements and median time,
as a ratio to a bare indexed SELECT (the learner's row by primary key) measured in the same
run. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.daily_plan [--rounds 30] [--others 10] [--database-url URL]

Uses the history of bench/stats_render.py (3,000 words / 6,000 cards, about 88,000 review
logs, 40 practised grammar topics, a conversation every third day) in a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bench.bare_select import (
    StatementCounter,
    bare_select,
    median_ms,
    print_against_baseline,
    timed,
)
from bench.reminder_fanout import scratch_database
from bench.stats_render import DEFAULT_DATABASE_URL, seed
from core.db import Database
from core.models import User
from core.plan.service import daily_plan, streak_at_risk
from seeds.loader import load_content


async def measure(url: str, user_id: int, rounds: int, now: datetime) -> dict[str, Any]:
    db = Database(url, pool_size=2)
    statements = StatementCounter(db)

    async def plan() -> Any:
        async with db.unit_of_work() as session:
            user = await session.scalar(select(User).where(User.id == user_id))
            assert user is not None
            return await daily_plan(session, user, now)

    samples: dict[str, list[float]] = {"baseline": [], "plan": []}
    try:
        result = await plan()  # warm
        statements.count = 0
        await plan()
        per_plan = statements.count
        for _ in range(rounds):
            samples["baseline"].append((await timed(bare_select(db, user_id)))[0])
            samples["plan"].append((await timed(plan()))[0])
    finally:
        await db.dispose()
    medians = {name: median_ms(values) for name, values in samples.items()}
    return {"medians": medians, "statements": per_plan, "plan": result}


async def run(args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with scratch_database(args.database_url, "plan") as url:
        db = Database(url, pool_size=2)
        try:
            async with db.unit_of_work() as session:
                await load_content(session)
        finally:
            await db.dispose()
        user_id, reviews = await seed(url, 1 + args.others, now)
        result = await measure(url, user_id, args.rounds, now)
    medians, plan = result["medians"], result["plan"]
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    print(
        f"learner: {reviews} review logs; plan: {plan.reviews_due} reviews due, "
        f"{plan.new_words_left} new cards left, grammar {plan.grammar and plan.grammar.reason}, "
        f"scene {plan.scene and plan.scene.slug}; streak at risk: {streak_at_risk(plan)}"
    )
    print(
        f"rounds: {args.rounds}, {args.others} other learners alike; SQL statements per plan: "
        f"{result['statements']} (the learner's row included)"
    )
    print_against_baseline(medians, [("daily_plan (one unit of work)", "plan")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--others", type=int, default=10)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
