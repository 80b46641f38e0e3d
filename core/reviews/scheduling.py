"""FSRS scheduling (the `fsrs` package) behind a small, storage-friendly interface."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """FSRS's card states plus NEW for a card that was never reviewed."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


PHASE_NAMES = {phase.value: phase.name.lower() for phase in Phase}
"""What the API and exports call each phase: new, learning, review, relearning."""


@dataclass(frozen=True)
class MemoryState:
    """What a card remembers between reviews; stored as columns and in the review log."""

    phase: Phase = Phase.NEW
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due_at: datetime | None = None
    last_review_at: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": int(self.phase),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "last_review_at": self.last_review_at.isoformat() if self.last_review_at else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> MemoryState:
        def when(value: object) -> datetime | None:
            return datetime.fromisoformat(value) if isinstance(value, str) else None

        step = data.get("step")
        stability = data.get("stability")
        difficulty = data.get("difficulty")
        return cls(
            phase=Phase(int(str(data.get("phase", 0)))),
            step=int(step) if isinstance(step, int) else None,
            stability=float(stability) if isinstance(stability, int | float) else None,
            difficulty=float(difficulty) if isinstance(difficulty, int | float) else None,
            due_at=when(data.get("due_at")),
            last_review_at=when(data.get("last_review_at")),
        )


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return at.astimezone(UTC)


class ReviewScheduler:
    """One learner's scheduler: their desired retention and (optionally) fitted parameters."""

    def __init__(
        self,
        desired_retention: float = 0.9,
        parameters: Sequence[float] | None = None,
        *,
        fuzz: bool = True,
    ) -> None:
        kwargs: dict[str, object] = {"desired_retention": desired_retention, "enable_fuzzing": fuzz}
        if parameters is not None:
            kwargs["parameters"] = tuple(parameters)
        self._fsrs = FsrsScheduler(**kwargs)  # type: ignore[arg-type]

    def _to_fsrs(self, memory: MemoryState, at: datetime) -> FsrsCard:
        # An explicit card_id: without one fsrs sleeps 1 ms to mint a unique id, which
        # would block the event loop on every review and preview.
        if memory.phase is Phase.NEW:
            return FsrsCard(card_id=0, due=at)
        return FsrsCard(
            card_id=0,
            state=FsrsState(int(memory.phase)),
            step=memory.step,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=memory.due_at or at,
            last_review=memory.last_review_at,
        )

    @staticmethod
    def _from_fsrs(card: FsrsCard) -> MemoryState:
        return MemoryState(
            phase=Phase(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due_at=card.due,
            last_review_at=card.last_review,
        )

    def review(self, memory: MemoryState, rating: Rating, at: datetime) -> MemoryState:
        at = _utc(at)
        card, _ = self._fsrs.review_card(self._to_fsrs(memory, at), FsrsRating(int(rating)), at)
        return self._from_fsrs(card)

    def preview(self, memory: MemoryState, at: datetime) -> dict[Rating, datetime]:
        """When the card would next be due for each rating (for labels on the buttons)."""
        at = _utc(at)
        preview: dict[Rating, datetime] = {}
        for rating in Rating:
            due_at = self.review(memory, rating, at).due_at
            assert due_at is not None
            preview[rating] = due_at
        return preview

    def retrievability(self, memory: MemoryState, at: datetime) -> float:
        """Predicted probability of recall now (0 for a card never reviewed)."""
        if memory.phase is Phase.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(self._to_fsrs(memory, at), _utc(at)))
