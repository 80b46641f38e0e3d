"""A learner's history built straight in the database with INSERT ... SELECT generate_series:
`add(kind, n)` adds n units of what a criterion kind counts, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import DateTime, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievements.criteria import CriterionKind
from core.clock import frozen_at
from core.db import Database
from core.models import User
from core.progress.closing import close_ended_days

NOW = datetime.fromisoformat("2026-12-06T12:00:00+00:00")
GOAL = 20


async def make_learner(
    session: AsyncSession, *, chat_id: int | None = None, name: str = "Lena"
) -> int:
    user = User(
        display_name=name,
        telegram_user_id=chat_id,
        telegram_chat_id=chat_id,
        time_zone="Europe/Berlin",
        daily_goal=GOAL,
    )
    session.add(user)
    await session.flush()
    return user.id


@dataclass
class History:
    """What was added so far for one learner; every kind keeps its own counter so that units
    (days, words, positions) never repeat."""

    user_id: int
    added: dict[str, int] = field(default_factory=dict)
    _conversation_id: int | None = None
    _card_id: int | None = None
    _xp_rows: int = 0
    now: datetime = NOW
    """When to evaluate: NOW, or the last day an XP-day kind added (that day is today)."""

    async def add(self, session: AsyncSession, kind: CriterionKind, n: int) -> None:
        if n <= 0:
            return
        start = self.added.get(kind, 0)
        await getattr(self, f"_{kind}")(session, start, n)
        self.added[kind] = start + n

    async def _run(self, session: AsyncSession, sql: str, **params: object) -> None:
        statement = text(sql)
        if ":now" in sql:  # typed, so the server does not take it for an interval
            statement = statement.bindparams(bindparam("now", type_=DateTime(timezone=True)))
            params["now"] = NOW
        await session.execute(statement, {"u": self.user_id, **params})

    async def _conversations_completed(self, session: AsyncSession, start: int, n: int) -> None:
        await self._run(
            session,
            """
            WITH c AS (
              INSERT INTO conversations
                (user_id, scenario_id, level, mode, status, script_step, summary, summary_turns,
                 ended_at)
              SELECT :u, (SELECT min(id) FROM scenarios), 'A1', 'auto', 'ended', 0, '', 0, :now
              FROM generate_series(1, :n)
              RETURNING id)
            INSERT INTO conversation_turns
              (conversation_id, user_id, position, role, text, status, corrections, new_words)
            SELECT c.id, :u, p, 'learner', 'Hallo', 'answered', '[]', '[]'
            FROM c, generate_series(1, 3) p""",
            n=n,
        )

    async def _conversation_turns(self, session: AsyncSession, start: int, n: int) -> None:
        if self._conversation_id is None:
            self._conversation_id = (
                await session.execute(
                    text(
                        "INSERT INTO conversations (user_id, level, mode, status, script_step, "
                        "summary, summary_turns) VALUES (:u, 'A1', 'auto', 'active', 0, '', 0) "
                        "RETURNING id"
                    ),
                    {"u": self.user_id},
                )
            ).scalar_one()
        await self._run(
            session,
            """
            INSERT INTO conversation_turns
              (conversation_id, user_id, position, role, text, status, corrections, new_words)
            SELECT :c, :u, p, 'learner', 'Hallo', 'answered', '[]', '[]'
            FROM generate_series(:start + 1, :start + :n) p""",
            c=self._conversation_id,
            start=start,
            n=n,
        )

    async def _words(self, session: AsyncSession, start: int, n: int, prefix: str) -> str:
        await self._run(
            session,
            """
            INSERT INTO deck_words
              (user_id, lemma, lemma_key, pos, translations, source, enrichment, tags)
            SELECT :u, :prefix || i, :prefix || i, 'noun', ARRAY['word'], 'typed', 'none', '{}'
            FROM generate_series(:start + 1, :start + :n) i""",
            prefix=prefix,
            start=start,
            n=n,
        )
        return prefix

    async def _words_in_deck(self, session: AsyncSession, start: int, n: int) -> None:
        await self._words(session, start, n, "wort")

    async def _words_mature(self, session: AsyncSession, start: int, n: int) -> None:
        prefix = await self._words(session, start, n, "reif")
        # Each word gets a mature card and an immature one (which alone would not count).
        await self._run(
            session,
            """
            INSERT INTO cards
              (user_id, deck_word_id, kind, phase, stability, difficulty, due_at, reps, lapses)
            SELECT :u, w.id, k.kind, 2, k.stability, 5.0, :now + interval '30 days', 5, 0
            FROM deck_words w,
                 (VALUES ('recognition', 21.0), ('recall', 20.9)) k(kind, stability)
            WHERE w.user_id = :u AND w.lemma_key LIKE :prefix || '%'
              AND substr(w.lemma_key, length(:prefix) + 1)::int
                  BETWEEN :start + 1 AND :start + :n""",
            prefix=prefix,
            start=start,
            n=n,
        )

    async def _reviews_done(self, session: AsyncSession, start: int, n: int) -> None:
        if self._card_id is None:
            await self._words(session, 0, 1, "karte")
            self._card_id = (
                await session.execute(
                    text(
                        "INSERT INTO cards (user_id, deck_word_id, kind, phase, due_at, reps, "
                        "lapses) SELECT :u, id, 'recognition', 1, :now, 0, 0 FROM deck_words "
                        "WHERE user_id = :u AND lemma_key = 'karte1' RETURNING id"
                    ),
                    {"u": self.user_id, "now": NOW},
                )
            ).scalar_one()
        await self._run(
            session,
            """
            INSERT INTO review_logs
              (user_id, card_id, rating, reviewed_at, memory_before, memory_after, source)
            SELECT :u, :card, 3, :now - i * interval '1 minute', '{}', '{}', 'review'
            FROM generate_series(:start + 1, :start + :n) i""",
            card=self._card_id,
            start=start,
            n=n,
        )

    async def _grammar_exercises_correct(self, session: AsyncSession, start: int, n: int) -> None:
        # A wrong answer next to every right one: only the right ones count.
        await self._run(
            session,
            """
            INSERT INTO grammar_attempts
              (user_id, exercise_id, topic_id, answer, verdict, correct, claimed, created_at)
            SELECT :u, e.id, e.topic_id, 'x', v.verdict, v.correct, false, :now
            FROM (SELECT id, topic_id FROM exercises ORDER BY id LIMIT 1) e,
                 generate_series(1, :n) i,
                 (VALUES ('correct', true), ('wrong', false)) v(verdict, correct)""",
            n=n,
        )

    async def _grammar_topics_mastered(self, session: AsyncSession, start: int, n: int) -> None:
        if start == 0:
            # Two that do not count, on the last two topics: one with too short a stability,
            # one whose recent accuracy is below 80% (7 of 10).
            await self._mastery(session, "ORDER BY id DESC LIMIT 1", 20.9, wrong=0)
            await self._mastery(session, "ORDER BY id DESC OFFSET 1 LIMIT 1", 40.0, wrong=3)
        await self._mastery(session, f"ORDER BY id OFFSET {start} LIMIT {n}", 40.0, wrong=2)

    async def _mastery(
        self, session: AsyncSession, which: str, stability: float, *, wrong: int
    ) -> None:
        """A review-state card on the topics `which` picks, with 10 recent answers of which
        `wrong` were wrong."""
        await self._run(
            session,
            f"""
            WITH topics AS (
              SELECT id FROM grammar_topics WHERE retired_at IS NULL {which}),
            rows AS (
              INSERT INTO grammar_mastery
                (user_id, topic_id, phase, stability, difficulty, due_at, reps, lapses)
              SELECT :u, id, 2, :stability, 5.0, :now + interval '40 days', 4, 0
              FROM topics RETURNING topic_id)
            INSERT INTO grammar_attempts
              (user_id, exercise_id, topic_id, answer, verdict, correct, claimed, created_at)
            SELECT :u, (SELECT min(e.id) FROM exercises e WHERE e.topic_id = t.topic_id),
                   t.topic_id, 'x', CASE WHEN i <= :wrong THEN 'wrong' ELSE 'correct' END,
                   i > :wrong, false, :now - interval '1 day'
            FROM rows t, generate_series(1, 10) i""",
            stability=stability,
            wrong=wrong,
        )

    async def _xp(self, session: AsyncSession, reason: str, days: list[int], amount: int) -> None:
        """`amount` XP on each of these days (counted from NOW, forward), at 12:00 UTC."""
        await self._run(
            session,
            """
            INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at)
            SELECT :u, :amount, :reason, d, :now + d * interval '1 day'
            FROM unnest(CAST(:days AS int[])) d""",
            amount=amount,
            reason=reason,
            days=days,
        )

    def _on_days(self, days: list[int]) -> None:
        """The last of these days becomes "today" for the evaluation."""
        self.now = max(self.now, NOW + timedelta(days=days[-1]))

    async def _xp_total(self, session: AsyncSession, start: int, n: int) -> None:
        # One row of n XP per call, on day 0.
        self._xp_rows += 1
        await self._run(
            session,
            "INSERT INTO xp_ledger (user_id, amount, reason, source_id, created_at) "
            "VALUES (:u, :n, 'test_total', :source, :now)",
            n=n,
            source=self._xp_rows,
        )

    async def _active_days(self, session: AsyncSession, start: int, n: int) -> None:
        # Every other day, 1 XP each: active, no goal met.
        days = [2 * d for d in range(start, start + n)]
        await self._xp(session, "test_active", days, 1)
        self._on_days(days)

    async def _daily_goals_met(self, session: AsyncSession, start: int, n: int) -> None:
        # Every other day, the goal exactly: no two in a row.
        days = [2 * d for d in range(start, start + n)]
        await self._xp(session, "test_goal", days, GOAL)
        self._on_days(days)

    async def _streak_days(self, session: AsyncSession, start: int, n: int) -> None:
        # Consecutive days, the goal met on each (in two awards).
        days = list(range(start, start + n))
        await self._xp(session, "test_streak_a", days, GOAL // 2)
        await self._xp(session, "test_streak_b", days, GOAL - GOAL // 2)
        self._on_days(days)


async def close_days(db: Database, now: datetime) -> None:
    """The progress cron at `now`: every learner's ended local days closed (streaks moved)."""
    with frozen_at(now):
        await close_ended_days(db, now)
