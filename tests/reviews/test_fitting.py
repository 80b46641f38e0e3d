"""Per-learner FSRS parameters: fitted weekly on the learner's log (fsrs-rs-python), used
only when they predict the newest 20 % of the learner's reviews better than the set in use."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs_rs_python import DEFAULT_PARAMETERS
from sqlalchemy import insert

from bot.texts import scheduler_line
from core.db import Database
from core.models import Card, DeckWord, ReviewLog, User
from core.reviews.fitting import (
    MIN_REVIEWS,
    LoggedReview,
    fit_parameters,
    learners_due_for_fitting,
)
from core.reviews.scheduling import MemoryState, Rating, ReviewScheduler
from jobs.tasks.scheduling import fit_scheduler_parameters

# A set that forgets everything at once: any fit beats it on a real log.
POOR = [0.01, 0.01, 0.01, 0.01, *list(DEFAULT_PARAMETERS)[4:]]


SHARED_LOG = Path("shared") / "data" / "fsrs-review-log" / "review_logs_josh.csv"
LOG_VARIABLE = "TUTOR_REVIEW_LOG"


def _shared_log_path() -> Path | None:
    """TUTOR_REVIEW_LOG (set by .ci/run when the machine has the log), else the log in a
    `shared/data` folder beside one of this checkout's parent folders."""
    if named := os.environ.get(LOG_VARIABLE):
        path = Path(named)
        assert path.is_file(), f"{LOG_VARIABLE}={named} is not a file"
        return path
    for parent in Path(__file__).resolve().parents:
        if (parent / SHARED_LOG).is_file():
            return parent / SHARED_LOG
    return None


def _shared_log() -> list[LoggedReview]:
    path = _shared_log_path()
    if path is None:
        pytest.skip(f"the shared review log is not on this machine (set {LOG_VARIABLE})")
    with path.open() as file:
        return [
            LoggedReview(
                int(row["card_id"]),
                int(row["review_rating"]),
                datetime.fromisoformat(row["review_time"]),
            )
            for row in csv.DictReader(file)
        ]


def test_the_fit_is_used_only_where_it_predicts_the_newest_reviews_better() -> None:
    log = _shared_log()
    kept_or_fitted = fit_parameters(log, None)
    assert kept_or_fitted is not None and kept_or_fitted.reviews == len(log)
    if kept_or_fitted.adopted:
        assert kept_or_fitted.fitted_log_loss < kept_or_fitted.previous_log_loss
    else:
        assert kept_or_fitted.previous_log_loss <= kept_or_fitted.fitted_log_loss
        assert kept_or_fitted.parameters == list(DEFAULT_PARAMETERS)

    replaced = fit_parameters(log, POOR)
    assert replaced is not None and replaced.adopted
    assert replaced.fitted_log_loss < replaced.previous_log_loss
    assert len(replaced.parameters) == len(DEFAULT_PARAMETERS)
    scheduler = ReviewScheduler(0.9, replaced.parameters, fuzz=False)
    at = datetime(2026, 12, 1, tzinfo=UTC)
    learned = scheduler.review(MemoryState(), Rating.EASY, at)
    assert learned.due_at is not None and learned.due_at > at

    assert fit_parameters(log[: MIN_REVIEWS - 1], None) is None


async def _learner_with_log(db: Database, log: list[LoggedReview], **fields: object) -> int:
    async with db.unit_of_work() as session:
        user = User(display_name="Fit", **fields)
        session.add(user)
        await session.flush()
        cards: dict[int, int] = {}
        for card_key in dict.fromkeys(r.card_id for r in log):
            word_id = await session.scalar(
                insert(DeckWord)
                .values(
                    user_id=user.id,
                    lemma=f"Wort{card_key}",
                    lemma_key=f"wort{card_key}:noun",
                    pos="noun",
                    source="manual",
                )
                .returning(DeckWord.id)
            )
            cards[card_key] = await session.scalar(
                insert(Card)
                .values(
                    user_id=user.id, deck_word_id=word_id, kind="recall", due_at=log[0].reviewed_at
                )
                .returning(Card.id)
            )
        await session.execute(
            insert(ReviewLog),
            [
                {
                    "user_id": user.id,
                    "card_id": cards[r.card_id],
                    "rating": r.rating,
                    "reviewed_at": r.reviewed_at,
                    "memory_before": {},
                    "memory_after": {},
                    "source": "import",
                }
                for r in log
            ],
        )
        return user.id


async def test_the_weekly_job_fits_learners_with_enough_reviews(db: Database) -> None:
    log = _shared_log()[:6000]
    poor = await _learner_with_log(db, log, fsrs_parameters=POOR, time_zone="Europe/Berlin")
    few = await _learner_with_log(db, log[: MIN_REVIEWS - 1])
    async with db.unit_of_work() as session:
        assert await learners_due_for_fitting(session) == [poor]

    done = await fit_scheduler_parameters({"db": db})  # type: ignore[typeddict-item]
    assert done == {"checked": 1, "adopted": 1}
    async with db.unit_of_work() as session:
        fitted = await session.get(User, poor)
        untouched = await session.get(User, few)
        assert fitted is not None and untouched is not None
        assert fitted.fsrs_parameters != POOR and fitted.fsrs_fitted_reviews == len(log)
        assert fitted.fsrs_checked_at is not None and untouched.fsrs_checked_at is None
        assert await learners_due_for_fitting(session) == [], "checked once a week"
    line = scheduler_line(fitted)
    assert "fitted on <b>6,000 reviews</b>" in line
    assert "standard FSRS" in scheduler_line(untouched)
    assert await fit_scheduler_parameters({"db": db}) == {"checked": 0, "adopted": 0}  # type: ignore[typeddict-item]
