"""A learner's history written straight into the tables /stats reads, at chosen instants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import (
    Card,
    Conversation,
    ConversationTurn,
    DeckWord,
    Exercise,
    GrammarAttempt,
    GrammarMastery,
    ReviewLog,
)
from core.reviews.scheduling import Phase

KINDS = ("recognition", "recall", "article")


async def add_word(
    session: AsyncSession,
    user_id: int,
    lemma: str,
    phases: Sequence[Phase],
    *,
    due_at: datetime,
    suspended_at: datetime | None = None,
    suspended_cards: Sequence[int] = (),
) -> list[Card]:
    """A typed word with one card per phase (in KINDS order), all due at `due_at`;
    `suspended_cards` are indexes of cards suspended on their own (leeches)."""
    word = DeckWord(
        user_id=user_id,
        lemma=lemma,
        lemma_key=lemma.lower(),
        pos="noun",
        source="typed",
        translations=[lemma.lower()],
        suspended_at=suspended_at,
    )
    session.add(word)
    await session.flush()
    cards = []
    for index, phase in enumerate(phases):
        suspended = suspended_at is not None or index in suspended_cards
        card = Card(
            user_id=user_id,
            deck_word_id=word.id,
            kind=KINDS[index],
            phase=int(phase),
            due_at=due_at,
            suspended_at=(suspended_at or due_at) if suspended else None,
            suspended_reason=("manual" if suspended_at else "leech") if suspended else None,
        )
        session.add(card)
        cards.append(card)
    await session.flush()
    return cards


async def add_card(
    session: AsyncSession, user_id: int, lemma: str, phase: Phase, *, due_at: datetime
) -> Card:
    word = DeckWord(
        user_id=user_id,
        lemma=lemma,
        lemma_key=lemma.lower(),
        pos="noun",
        source="typed",
        translations=[lemma.lower()],
    )
    session.add(word)
    await session.flush()
    card = Card(
        user_id=user_id, deck_word_id=word.id, kind="recognition", phase=int(phase), due_at=due_at
    )
    session.add(card)
    await session.flush()
    return card


def add_review(
    session: AsyncSession,
    card: Card,
    at: datetime,
    *,
    rating: int = 3,
    phase_before: Phase = Phase.REVIEW,
    undone: bool = False,
    previous: datetime | None = None,
) -> None:
    """A review of `card` at `at`; `previous`: when the card was reviewed before it."""
    before: dict[str, object] = {"phase": int(phase_before)}
    if previous is not None:
        before["last_review_at"] = previous.isoformat()
    session.add(
        ReviewLog(
            user_id=card.user_id,
            card_id=card.id,
            rating=rating,
            reviewed_at=at,
            memory_before=before,
            memory_after={"phase": int(Phase.REVIEW)},
            source="review",
            undone_at=at + timedelta(seconds=5) if undone else None,
        )
    )


async def add_messages(
    session: AsyncSession, user_id: int, at: datetime, *, learner: int, tutor: int
) -> None:
    """A conversation with `learner` messages by the learner and `tutor` replies, all at `at`."""
    conversation = Conversation(user_id=user_id, level="A2", mode="offline", status="ended")
    session.add(conversation)
    await session.flush()
    roles = ["learner"] * learner + ["tutor"] * tutor
    for position, role in enumerate(roles):
        session.add(
            ConversationTurn(
                conversation_id=conversation.id,
                user_id=user_id,
                position=position,
                role=role,
                text="Hallo",
                status="done",
                created_at=at,
            )
        )


async def add_grammar(
    session: AsyncSession, user_id: int, at: datetime, *, answers: int, stability: float
) -> int:
    """`answers` right answers to the first A1 exercise at `at`, and that topic's FSRS card
    reviewed at `at` with `stability` days; returns the topic id."""
    exercise = await session.scalar(
        select(Exercise).where(Exercise.retired_at.is_(None)).order_by(Exercise.id).limit(1)
    )
    assert exercise is not None, "the content catalogue is loaded"
    for _ in range(answers):
        session.add(
            GrammarAttempt(
                user_id=user_id,
                exercise_id=exercise.id,
                topic_id=exercise.topic_id,
                answer=exercise.answer,
                verdict="correct",
                correct=True,
                created_at=at,
            )
        )
    session.add(
        GrammarMastery(
            user_id=user_id,
            topic_id=exercise.topic_id,
            phase=int(Phase.REVIEW),
            step=None,
            stability=stability,
            difficulty=5.0,
            due_at=at + timedelta(days=stability),
            last_review_at=at,
            reps=3,
            lapses=0,
        )
    )
    return exercise.topic_id


async def seed_recent_history(session: AsyncSession, user_id: int, now: datetime) -> None:
    """A few days of study ending `now`: this month's true retention is 3 of 4 (75 %), two
    reviews are due today (one overdue), one in three days; six words in four states; two
    conversation messages yesterday and two grammar answers the day before."""
    card = await add_card(session, user_id, "Hund", Phase.REVIEW, due_at=now - timedelta(days=1))
    for minutes, rating in ((4, 3), (3, 3), (2, 1), (1, 4)):
        add_review(session, card, now - timedelta(minutes=minutes), rating=rating)
    await add_card(session, user_id, "Katze", Phase.REVIEW, due_at=now + timedelta(minutes=1))
    await add_card(session, user_id, "Maus", Phase.REVIEW, due_at=now + timedelta(days=3))
    await add_word(session, user_id, "Haus", [Phase.NEW, Phase.NEW], due_at=now)
    await add_word(session, user_id, "Baum", [Phase.LEARNING], due_at=now + timedelta(days=40))
    await add_word(session, user_id, "Pause", [Phase.REVIEW], due_at=now, suspended_at=now)
    await add_messages(session, user_id, now - timedelta(days=1), learner=2, tutor=2)
    await add_grammar(session, user_id, now - timedelta(days=2), answers=2, stability=30)
