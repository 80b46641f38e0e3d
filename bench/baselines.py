"""Classic interval schedulers used as baselines by the scheduler-quality benchmark.

Each baseline keeps, per card, the interval it scheduled after the card's last review and
predicts recall with the same exponential forgetting curve ``R = 0.9 ** (t / I)``: the
probability of recall is 90 % when the card is reviewed exactly on time (t = I), higher
when early and lower when late. ``t`` is counted in whole days (floored), exactly as the
``fsrs`` package counts elapsed days for its own retrievability.

Same-day reviews (less than one day after the card's previous review: Anki's learning and
relearning steps) do not move a day-granular scheduler: they leave ease, repetition count,
box and interval unchanged and only move the card's "last reviewed" clock, so each baseline
updates at most once per day, the way SM-2 and Leitner are meant to be run. (Letting every
learning step count as a repetition pushes SM-2's log loss on the Anki log from 0.53 to 0.62:
two Goods ten minutes apart would schedule 6 days.) The first review of a card always
initialises its state.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timedelta

RECALL_AT_INTERVAL = 0.9
ONE_DAY = timedelta(days=1)


def forgetting_curve(elapsed_days: float, interval_days: float) -> float:
    """Exponential forgetting curve that predicts 90 % recall at the scheduled interval."""
    return math.pow(RECALL_AT_INTERVAL, elapsed_days / interval_days)


def whole_days(since: datetime, until: datetime) -> int:
    """Completed 24-hour periods between two instants (what ``fsrs`` uses as elapsed days)."""
    return max(0, (until - since).days)


@dataclass
class _IntervalCard:
    """Per-card state shared by the interval baselines."""

    last_review_at: datetime
    interval_days: float
    level: int = 0  # SM-2: repetition count; Leitner: box index; ladder: step index
    ease: float = 2.5  # SM-2 only


@dataclass
class IntervalBaseline(ABC):
    """A scheduler that assigns each card a next interval and forgets exponentially."""

    name: str = "interval baseline"
    cards: dict[int, _IntervalCard] = field(default_factory=dict)

    def predict(self, card_id: int, at: datetime) -> float:
        """Probability of recall at ``at``; 0 for a card never reviewed."""
        card = self.cards.get(card_id)
        if card is None:
            return 0.0
        return forgetting_curve(whole_days(card.last_review_at, at), card.interval_days)

    def review(self, card_id: int, rating: int, at: datetime) -> None:
        card = self.cards.get(card_id)
        if card is None:
            self.cards[card_id] = self._first(rating, at)
        elif at - card.last_review_at < ONE_DAY:
            card.last_review_at = at  # a learning step: the day's first review already counted
        else:
            self._update(card, rating)
            card.last_review_at = at

    @abstractmethod
    def _first(self, rating: int, at: datetime) -> _IntervalCard: ...

    @abstractmethod
    def _update(self, card: _IntervalCard, rating: int) -> None: ...


class StepBaseline(IntervalBaseline):
    """Schedulers that move a card up and down a fixed ladder of intervals."""

    def _first(self, rating: int, at: datetime) -> _IntervalCard:
        return _IntervalCard(last_review_at=at, interval_days=self._interval(0), level=0)

    @abstractmethod
    def _interval(self, level: int) -> float: ...


@dataclass
class SM2(IntervalBaseline):
    """SuperMemo-2 (Wozniak 1990) with Anki ratings mapped to SM-2 grades as q = rating + 1.

    Again → q 2 (a failure), Hard → 3, Good → 4, Easy → 5. After every counted review the
    ease factor moves by ``0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)`` (floor 1.3); a passed
    review schedules 1 day, then 6 days, then the previous interval times the ease; a failure
    restarts the repetitions with a 1-day interval. Intervals are whole days. Update rule and
    rating mapping follow ``sm2()`` of the FSRS benchmark (open-spaced-repetition/srs-benchmark).
    """

    name: str = "SM-2"
    initial_ease: float = 2.5
    min_ease: float = 1.3

    def _first(self, rating: int, at: datetime) -> _IntervalCard:
        card = _IntervalCard(last_review_at=at, interval_days=0.0, ease=self.initial_ease)
        self._update(card, rating)
        return card

    def _update(self, card: _IntervalCard, rating: int) -> None:
        grade = rating + 1
        if grade > 2:
            if card.level == 0:
                interval = 1.0
            elif card.level == 1:
                interval = 6.0
            else:
                interval = card.interval_days * card.ease
            card.level += 1
        else:
            interval = 1.0
            card.level = 0
        miss = 5 - grade
        card.ease = max(self.min_ease, card.ease + (0.1 - miss * (0.08 + miss * 0.02)))
        card.interval_days = float(max(1, round(interval + 0.01)))


@dataclass
class Leitner(StepBaseline):
    """Leitner boxes: five boxes with intervals 1, 2, 4, 8, 16 days.

    The first review puts a card into box 1. Recalled (rating > 1) → one box up (box 5 stays
    in box 5); forgotten → back to box 1.
    """

    name: str = "Leitner (5 boxes)"
    intervals: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)

    def _interval(self, level: int) -> float:
        return self.intervals[level]

    def _update(self, card: _IntervalCard, rating: int) -> None:
        card.level = min(card.level + 1, len(self.intervals) - 1) if rating > 1 else 0
        card.interval_days = self._interval(card.level)


@dataclass
class MasteryLadder(StepBaseline):
    """The mastery ladder: steps of 1, 3, 7, 14, 30, 60 days.

    The first review puts a card on the first step. Recalled (rating > 1) → one step up (the
    top step stays); forgotten → one step down (the bottom step stays).
    """

    name: str = "mastery ladder"
    intervals: tuple[float, ...] = (1.0, 3.0, 7.0, 14.0, 30.0, 60.0)

    def _interval(self, level: int) -> float:
        return self.intervals[level]

    def _update(self, card: _IntervalCard, rating: int) -> None:
        step = card.level + 1 if rating > 1 else card.level - 1
        card.level = min(max(step, 0), len(self.intervals) - 1)
        card.interval_days = self._interval(card.level)
