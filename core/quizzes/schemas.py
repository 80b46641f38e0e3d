"""What quizzes and the article drill look like to a client (web or bot)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from core.german import Article
from core.study.sessions import SessionStatus

QuestionKind = Literal["meaning", "article", "plural"]
CardKind = Literal["recognition", "article"]


class QuizQuestion(BaseModel):
    """One question. The right option is only revealed once it is answered or the quiz is over."""

    index: int = Field(description="0-based position in the quiz; send it back when answering.")
    kind: QuestionKind
    prompt: str = Field(description="The German word asked about, e.g. 'das Haus'.")
    instruction: str = Field(description="What to do, e.g. 'What does it mean?'.")
    options: list[str]
    choice: int | None = Field(default=None, description="The option the learner chose.")
    correct: bool | None = Field(default=None, description="Whether that choice was right.")
    correct_choice: int | None = Field(default=None, description="Revealed after answering.")
    solution: str | None = Field(default=None, description="e.g. 'das Haus → die Häuser'.")
    counted_as_review: bool = Field(
        default=False, description="The answer was recorded as an FSRS review of a due card."
    )


class QuizView(BaseModel):
    id: int
    status: SessionStatus
    version: int = Field(description="Bumped on every answer; guards against double presses.")
    total: int
    answered: int
    score: int = Field(description="Right answers so far.")
    current: int | None = Field(description="Index of the first unanswered question.")
    questions: list[QuizQuestion]
    created_at: datetime
    finished_at: datetime | None


class AnswerRequest(BaseModel):
    question: Annotated[int, Field(ge=0, le=1000, description="The question's index.")]
    choice: Annotated[int, Field(ge=0, le=1000, description="The chosen option's index.")]


class RecordedReview(BaseModel):
    """A quiz answer that FSRS counted as a review of one of the learner's cards."""

    question: int
    card_id: int
    review_id: int
    card_kind: CardKind
    lemma: str
    rating: int = Field(description="3 (Good) when right, 1 (Again) when wrong.")
    due_at: datetime = Field(description="When the card comes back after this review.")
    leech: bool = Field(
        default=False, description="Forgotten too often: the card was suspended (a leech)."
    )


class AnswerResult(BaseModel):
    question: int
    choice: int
    correct: bool
    correct_choice: int
    correct_option: str
    solution: str
    reason: str | None = Field(
        default=None,
        description="A wrong plural: how this noun makes its plural, e.g. 'Zeitung → "
        "Zeitungen: -en, as every noun ending in -ung.'",
    )
    counted_as_review: bool
    review: RecordedReview | None
    score: int
    answered: int
    total: int
    finished: bool = Field(description="True after the last question: the quiz is over.")
    version: int
    next_question: QuizQuestion | None


class QuizSummary(BaseModel):
    id: int
    status: SessionStatus
    score: int
    answered: int
    total: int
    reviews: list[RecordedReview] = Field(
        description="Answers recorded as FSRS reviews; every other answer was practice only."
    )
    questions: list[QuizQuestion]
    finished_at: datetime | None


class ArticleVerdict(BaseModel):
    lemma: str
    chosen: Article
    article: Article
    correct: bool
    counted_as_review: bool
    leech: bool = Field(default=False, description="The card was suspended after this lapse.")
    rule: str | None = Field(
        default=None,
        description="The gender rule the noun follows or breaks, e.g. 'Nouns ending in -ung "
        "are die (exceptions: der Sprung, der Schwung).'; None when no rule applies.",
    )
    translation: str | None = Field(default=None, description="What the noun means.")


class ArticleDrillView(BaseModel):
    id: int
    status: SessionStatus
    version: int
    position: int = Field(description="0-based index of the noun being asked now.")
    total: int
    right: int
    wrong: int
    current: str | None = Field(description="The noun to give the article for; None when over.")
    last: ArticleVerdict | None = Field(description="The verdict on the previous answer.")
    mistakes: list[str] = Field(description="Nouns answered wrongly, with their article.")
    due_cards: int = Field(description="How many of the nouns are article cards due for review.")


class ArticleAnswerRequest(BaseModel):
    article: Article = Field(description="der, die or das, for the noun asked now.")
    version: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        default=None,
        description="The drill's version when the noun was shown: an answer to a noun the "
        "drill has moved on from (a double submit) is refused with 409. Omit to answer "
        "whatever noun is asked now.",
    )


class ArticleDrillSummary(BaseModel):
    """The end of a round: the score, the nouns to revise and the XP it earned."""

    id: int
    status: SessionStatus
    total: int
    answered: int
    right: int
    wrong: int
    mistakes: list[str] = Field(description="Nouns answered wrongly, with their article.")
    reviews: int = Field(description="Answers recorded as FSRS reviews of due article cards.")
    xp: int = Field(
        description="XP the round earned: 1 per practice answer, 2 per answer that reviewed "
        "a due card (as every review pays)."
    )
    verdicts: list[ArticleVerdict] = Field(description="Every answer, in order.")
    finished_at: datetime | None
