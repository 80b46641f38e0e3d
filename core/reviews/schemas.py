from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from core.answers.marking import Marked
from core.card_kinds import CardKind
from core.constrained import RowId, Storable

RatingValue = Annotated[int, Field(ge=1, le=4, description="1 Again, 2 Hard, 3 Good, 4 Easy")]
PhaseName = Literal["new", "learning", "review", "relearning"]


class NextDue(BaseModel):
    """When the card would come back for each rating, for labels on the buttons."""

    again: datetime
    hard: datetime
    good: datetime
    easy: datetime


class WordForms(BaseModel):
    """The forms the catalogue knows for the word (all None for a word typed by the learner
    that the catalogue does not have)."""

    genitive: str | None = Field(default=None, description="Nouns: des Hauses -> 'Hauses'.")
    praeteritum: str | None = Field(default=None, description="Verbs: 3rd singular, 'ging'.")
    partizip2: str | None = Field(default=None, description="Verbs: 'gegangen'.")
    auxiliary: str | None = Field(default=None, description="Verbs: haben, sein or haben/sein.")
    comparative: str | None = Field(default=None, description="Adjectives: 'schöner'.")
    superlative: str | None = Field(default=None, description="Adjectives: 'am schönsten'.")


class CardFace(BaseModel):
    """Everything a client needs to show a card: front, back, and what each button does."""

    card_id: int
    deck_word_id: int
    kind: CardKind
    phase: PhaseName
    prompt: str = Field(
        description="The front of the card: 'das Haus → plural?' for a plural card, "
        "'gehen → Präteritum, Perfekt?' for a verb-forms card."
    )
    answer: str = Field(
        description="The expected answer (German with article for nouns; 'die Häuser'; "
        "'ging, ist gegangen')."
    )
    expects_typing: bool = Field(
        description="Recall, plural and verb-forms cards are answered by typing."
    )
    choices: list[str] | None = Field(default=None, description="Article cards: der/die/das.")
    lemma: str
    article: str | None
    plural: str | None
    translations: list[str]
    example_de: str | None
    example_en: str | None
    forms: WordForms = Field(default_factory=WordForms)
    reps: int
    lapses: int
    due_at: datetime
    next_due: NextDue


class DueSummary(BaseModel):
    due_reviews: int
    new_available: int
    new_per_day: int

    @property
    def total(self) -> int:
        return self.due_reviews + self.new_available


class ReviewRequest(BaseModel):
    card_id: RowId
    rating: RatingValue | None = None
    answer: Annotated[str, StringConstraints(max_length=500), Storable] | None = Field(
        default=None,
        description="Typed answer (recall, plural: 'die Häuser' or 'Häuser', verb forms: "
        "'ging, ist gegangen') or article (article cards).",
    )
    duration_ms: Annotated[int, Field(ge=0, le=3_600_000)] | None = None


class ReviewResult(BaseModel):
    card_id: int
    rating: int
    verdict: Literal["correct", "typo", "wrong"] | None
    feedback: str | None
    reason: str | None = Field(
        default=None,
        description="Why a typed or chosen answer is not quite right, without the answer: "
        "'Check the spelling: Straße, not Strase.', 'Wrong article: die, not der.'.",
    )
    marked: Marked | None = Field(
        default=None,
        description="A typed answer that is not exactly right against the expected one, "
        "the differing letters marked.",
    )
    expected: str
    due_at: datetime
    phase: PhaseName
    interval_days: float
    leech: bool = Field(description="Suspended after too many lapses.")
    review_id: int
