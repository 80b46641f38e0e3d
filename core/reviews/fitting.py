"""FSRS parameters fitted to one learner's review log (fsrs-rs-python's optimizer).

A learner with enough history (MIN_REVIEWS) gets parameters fitted on the older 80 % of
their reviews; they replace the current set (the defaults, or an earlier fit) only if they
predict the most recent 20 % better (log loss). The items follow FSRS's own convention:
for every card, each review after the first is one item, the card's earlier reviews its
history, with day gaps between reviews."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db import Database
from core.models import ReviewLog, User
from core.reviews.scheduling import ReviewScheduler

MIN_REVIEWS = 1000
TEST_SHARE = 0.2
REFIT_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: datetime


@dataclass(frozen=True)
class Fit:
    parameters: list[float]
    """What the learner's scheduler uses from now on (the fitted set, or the one kept)."""
    adopted: bool
    reviews: int
    fitted_log_loss: float
    previous_log_loss: float


def items_of(reviews: Sequence[LoggedReview]) -> list[tuple[datetime, FSRSItem, bool]]:
    """(when the item's last review happened, the item, whether it is scorable: its last
    review came a day or more after the one before), in time order."""
    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for review in sorted(reviews, key=lambda r: r.reviewed_at):
        by_card[review.card_id].append(review)
    items: list[tuple[datetime, FSRSItem, bool]] = []
    for history in by_card.values():
        steps: list[FSRSReview] = []
        previous: datetime | None = None
        for review in history:
            gap = 0 if previous is None else (review.reviewed_at.date() - previous.date()).days
            steps.append(FSRSReview(review.rating, gap))
            previous = review.reviewed_at
            if len(steps) > 1:
                item = FSRSItem(list(steps))
                if item.long_term_review_cnt() > 0:
                    items.append((review.reviewed_at, item, gap > 0))
    items.sort(key=lambda pair: pair[0])
    return items


def fit_parameters(reviews: Sequence[LoggedReview], current: Sequence[float] | None) -> Fit | None:
    """Fit on the older 80 %, compare with `current` (None: the defaults) on the newest 20 %.
    None when there are too few reviews or items to fit. CPU-bound: run it in a thread."""
    if len(reviews) < MIN_REVIEWS:
        return None
    items = items_of(reviews)
    cut = int(len(items) * (1 - TEST_SHARE))
    train = [item for _, item, _ in items[:cut]]
    test = [item for _, item, scorable in items[cut:] if scorable]
    if not train or not test:
        return None
    previous = list(current) if current else list(DEFAULT_PARAMETERS)
    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(train)
    fitted_loss = FSRS(fitted).evaluate(test).log_loss
    previous_loss = FSRS(previous).evaluate(test).log_loss
    adopted = fitted_loss < previous_loss and _usable(fitted)
    return Fit(fitted if adopted else previous, adopted, len(reviews), fitted_loss, previous_loss)


def _usable(parameters: Sequence[float]) -> bool:
    """The review scheduler (the `fsrs` package) accepts the set: both libraries bound the
    parameters, and a set one of them refuses must never reach a learner's reviews."""
    try:
        ReviewScheduler(0.9, parameters)
    except ValueError:
        return False
    return True


async def learners_due_for_fitting(session: AsyncSession, limit: int = 100) -> list[int]:
    """Learners with enough reviews whose parameters were not checked in the last week."""
    counted = (
        select(ReviewLog.user_id)
        .where(ReviewLog.undone_at.is_(None))
        .group_by(ReviewLog.user_id)
        .having(func.count() >= MIN_REVIEWS)
        .subquery()
    )
    rows = await session.scalars(
        select(User.id)
        .join(counted, counted.c.user_id == User.id)
        .where(
            or_(
                User.fsrs_checked_at.is_(None),
                User.fsrs_checked_at < utcnow() - REFIT_AFTER,
            )
        )
        .order_by(User.id)
        .limit(limit)
    )
    return list(rows)


async def fit_learner(db: Database, user_id: int) -> Fit | None:
    """Read the learner's log, fit in a thread with no connection held, then store the set
    that predicts their recent reviews best and when it was checked."""
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id)
        if user is None:
            return None
        current = user.fsrs_parameters
        rows = await session.execute(
            select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at).where(
                ReviewLog.user_id == user_id, ReviewLog.undone_at.is_(None)
            )
        )
        reviews = [LoggedReview(*row) for row in rows]
    fit = await asyncio.to_thread(fit_parameters, reviews, current)
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id, with_for_update=True)
        if user is None:
            return None
        user.fsrs_checked_at = utcnow()
        if fit is not None and fit.adopted:
            user.fsrs_parameters = fit.parameters
            user.fsrs_fitted_at = utcnow()
            user.fsrs_fitted_reviews = fit.reviews
    return fit
