"""What each criterion kind counts, as SQL over one learner's rows (`u` is the users row).

- conversations_completed: ended conversations in a scenario (not free talk) with at least
  MESSAGES_FOR_FINISHING answered learner messages — the ones that earn the finishing XP.
- conversation_turns: the learner's messages the tutor answered.
- words_in_deck: words in the deck, suspended ones included.
- words_mature: words with at least one (not suspended) card in the FSRS review state whose
  stability is at least MATURE_STABILITY_DAYS days (Anki's "mature": an interval of 21 days).
- reviews_done: flashcard reviews logged (reviews, quizzes and article drills), not undone.
- grammar_exercises_correct: grammar answers counted right (typos and "I was right" included).
- grammar_topics_mastered: practised topics (not retired) whose FSRS card is in the review
  state with stability of at least MATURE_STABILITY_DAYS days, and whose accuracy over the
  last RECENT days (core.grammar.mastery) is at least MASTERY_MIN_ACCURACY when there were
  answers. Mastery there is retrievability × recent accuracy, which rises and falls day by day;
  an achievement needs a mark that is earned for good, so the retrievability part is the
  stability (a card with S ≥ 21 days stays above 90% recall for three weeks).
- xp_total: the sum of the XP ledger.
- active_days: local days with any XP, as core.progress.goal.active_days counts them (closed
  days with XP, plus the local days of XP after the last closed day).
- daily_goals_met: closed days whose outcome was "met" (core.progress.goal.goals_met_count),
  plus today once today's goal is met.
- streak_days: the longest streak (core.progress.streaks: skipped days neither extend nor
  break it, freezes cover missed days), with today's met goal extending the current run,
  exactly as the learner is shown it (core.progress.views).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from core.conversation.lifecycle import MESSAGES_FOR_FINISHING
from core.grammar.mastery import RECENT
from core.progress.streaks import Outcome
from core.reviews.scheduling import Phase

CriterionKind = Literal[
    "conversations_completed",
    "conversation_turns",
    "words_in_deck",
    "words_mature",
    "reviews_done",
    "grammar_exercises_correct",
    "grammar_topics_mastered",
    "xp_total",
    "active_days",
    "daily_goals_met",
    "streak_days",
]
CRITERION_KINDS: tuple[CriterionKind, ...] = get_args(CriterionKind)

MATURE_STABILITY_DAYS = 21.0
MASTERY_MIN_ACCURACY = 0.8

UNITS: dict[str, str] = {
    "conversations_completed": "scenarios",
    "conversation_turns": "replies",
    "words_in_deck": "words",
    "words_mature": "mature words",
    "reviews_done": "reviews",
    "grammar_exercises_correct": "correct answers",
    "grammar_topics_mastered": "topics mastered",
    "xp_total": "XP",
    "active_days": "days",
    "daily_goals_met": "goals met",
    "streak_days": "days in a row",
}
"""What a kind's number counts, for "Wortsammler: 43/100 words"."""

_REVIEW = int(Phase.REVIEW)

# One scalar subquery per kind that counts rows of its own table. The XP kinds share one
# pass over the learner's ledger (the LATERAL `xp` below), so they are plain columns.
_COUNTS: dict[CriterionKind, str] = {
    "conversations_completed": """(
        SELECT count(*) FROM conversations c
        WHERE c.user_id = u.id AND c.status = 'ended' AND c.scenario_id IS NOT NULL
          AND (SELECT count(*) FROM conversation_turns t
               WHERE t.conversation_id = c.id AND t.role = 'learner'
                 AND t.status = 'answered') >= :finishing_messages)""",
    "conversation_turns": """(
        SELECT count(*) FROM conversation_turns t
        WHERE t.user_id = u.id AND t.role = 'learner' AND t.status = 'answered')""",
    "words_in_deck": "(SELECT count(*) FROM deck_words w WHERE w.user_id = u.id)",
    "words_mature": f"""(
        SELECT count(DISTINCT k.deck_word_id) FROM cards k
        WHERE k.user_id = u.id AND k.suspended_at IS NULL AND k.phase = {_REVIEW}
          AND k.stability >= :mature_days)""",
    "reviews_done": """(
        SELECT count(*) FROM review_logs r WHERE r.user_id = u.id AND r.undone_at IS NULL)""",
    "grammar_exercises_correct": """(
        SELECT count(*) FROM grammar_attempts g WHERE g.user_id = u.id AND g.correct)""",
    "grammar_topics_mastered": f"""(
        SELECT count(*) FROM grammar_mastery m
        JOIN grammar_topics gt ON gt.id = m.topic_id AND gt.retired_at IS NULL
        WHERE m.user_id = u.id AND m.phase = {_REVIEW} AND m.stability >= :mature_days
          AND NOT EXISTS (
            SELECT 1 FROM (
              SELECT count(*) FILTER (WHERE ga.correct) AS right_answers, count(*) AS answers
              FROM grammar_attempts ga
              WHERE ga.user_id = u.id AND ga.topic_id = m.topic_id
                AND ga.created_at >= :recent_since) acc
            WHERE acc.right_answers < acc.answers * CAST(:min_accuracy AS float8)))""",
}

# The XP kinds read the ledger once, and the streak and closed days core.progress keeps:
# "today" starts at the learner's local midnight, or where their last closed day ended if that
# is later (core.progress.goal.today_starts_at); today counts once its goal is met, as the
# streak the learner is shown does (core.progress.views).
_XP_FROM = f"""
LEFT JOIN streaks s ON s.user_id = u.id
CROSS JOIN LATERAL (
  SELECT greatest(
    ((CAST(:now AS timestamptz) AT TIME ZONE u.time_zone)::date::timestamp
      AT TIME ZONE u.time_zone),
    s.through_ends_at) AS starts_at
) today
CROSS JOIN LATERAL (
  SELECT coalesce(sum(x.amount), 0) AS total,
         coalesce(sum(x.amount) FILTER (
           WHERE x.created_at >= today.starts_at AND x.created_at <= CAST(:now AS timestamptz)
         ), 0) AS today,
         count(DISTINCT (x.created_at AT TIME ZONE u.time_zone)::date) FILTER (
           WHERE s.through_ends_at IS NULL OR x.created_at >= s.through_ends_at
         ) AS open_active_days
  FROM xp_ledger x WHERE x.user_id = u.id
) xp
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE d.xp > 0) AS active_days,
         count(*) FILTER (WHERE d.outcome = '{Outcome.MET.value}') AS goals_met
  FROM progress_days d WHERE d.user_id = u.id
) closed"""

_TODAY_MET = "(xp.today >= u.daily_goal)::int"
_XP_COLUMNS: dict[CriterionKind, str] = {
    "xp_total": "xp.total",
    "active_days": "closed.active_days + xp.open_active_days",
    "daily_goals_met": f"closed.goals_met + {_TODAY_MET}",
    "streak_days": f"greatest(coalesce(s.longest, 0), coalesce(s.current, 0) + {_TODAY_MET})",
}
assert set(_COUNTS) | set(_XP_COLUMNS) == set(CRITERION_KINDS)


def progress_sql(learners: str) -> str:
    """SELECT of (user_id, telegram_chat_id, one column per kind) for the users rows that
    `learners` (a FROM item aliased `u`) yields."""
    columns = [f"{sql} AS {kind}" for kind, sql in {**_COUNTS, **_XP_COLUMNS}.items()]
    return (
        f"SELECT u.id AS user_id, u.telegram_chat_id, {', '.join(columns)}\n"
        f"FROM {learners}{_XP_FROM}"
    )


def value_of_kind(progress: str) -> str:
    """SQL for the value of achievement `a`'s kind in the `progress` row (NULL for a kind no
    code knows, so such an achievement never unlocks; a test checks the content has none)."""
    whens = " ".join(f"WHEN '{kind}' THEN {progress}.{kind}" for kind in CRITERION_KINDS)
    return f"CASE a.criterion_kind {whens} END"


def parameters(now: datetime) -> dict[str, Any]:
    return {
        "now": now,
        "finishing_messages": MESSAGES_FOR_FINISHING,
        "mature_days": MATURE_STABILITY_DAYS,
        "min_accuracy": MASTERY_MIN_ACCURACY,
        "recent_since": now - RECENT,
    }
