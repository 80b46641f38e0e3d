"""What grammar practice looks like to a client (web or bot)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from core.constrained import Position, Text
from core.german import CefrLevel
from core.study.sessions import SessionStatus

ExerciseKind = Literal[
    "multiple_choice", "fill_blank", "error_correction", "translation", "word_order"
]
TYPED_KINDS: tuple[ExerciseKind, ...] = ("fill_blank", "error_correction", "translation")
"""Kinds answered with a typed text (the bot takes the learner's next message)."""
DrillSource = Literal["topic", "due", "weak", "mistakes"]
Stage = Literal["question", "judging", "feedback", "done"]
"""judging: Claude is judging a free answer the bank does not know; poll until feedback."""
VerdictName = Literal["correct", "typo", "wrong"]


class TopicSummary(BaseModel):
    slug: str
    title: str
    level: CefrLevel
    category: str
    summary: str
    exercises: int = Field(description="How many exercises the topic has.")
    practised: bool = Field(description="The learner has an FSRS card for this topic.")
    mastery: float | None = Field(
        description="0..1: retrievability now × accuracy of the recent answers; None if never "
        "practised."
    )
    due: bool = Field(description="The topic is due for practice again.")
    due_at: datetime | None


class TopicList(BaseModel):
    topics: list[TopicSummary]
    due_count: int = Field(description="Practised topics due now.")


class Example(BaseModel):
    de: str
    en: str


class CommonMistake(BaseModel):
    wrong: str
    right: str
    why: str


class TopicPage(TopicSummary):
    explanation: str = Field(description="Markdown, English with German examples.")
    examples: list[Example]
    common_mistakes: list[CommonMistake]
    prerequisites: list[str] = Field(description="Slugs of topics to know first.")
    ai_exercises: int = Field(
        default=0, description="Of `exercises`, how many Claude wrote (each passed every check)."
    )
    new_exercises_available: bool = Field(
        default=False,
        description="Claude is configured: POST .../exercises/generate asks it for new ones. "
        "Offline, the bank alone is used.",
    )


class ExerciseView(BaseModel):
    id: int
    topic_slug: str
    topic_title: str
    topic_level: CefrLevel
    kind: ExerciseKind
    instruction: str
    prompt: str
    options: list[str] | None = Field(description="multiple_choice: answer with `choice`.")
    tokens: list[str] | None = Field(
        description="word_order: answer with `tokens`, the indices in the order chosen."
    )


class Feedback(BaseModel):
    """The verdict on the current exercise, with the why."""

    verdict: VerdictName = Field(description="typo: accepted, but mind the exact form.")
    correct: bool = Field(description="Counted as right (a typo, or claimed, counts).")
    given: str
    answer: str = Field(description="The model answer (the one matched, when accepted).")
    explanation: str = Field(description="Why the answer is what it is.")
    diagnosis: str = Field(description="What differs (wrong article, ending, position...).")
    known_answers: list[str] = Field(
        description="For a rejected free answer: every answer the tutor knows is right."
    )
    claimable: bool = Field(description="A rejected typed answer: 'I was right' is possible.")
    claimed: bool = Field(description="The learner said 'I was right': counted as right.")
    judged_by: Literal["bank", "claude"] = Field(
        default="bank",
        description="claude: the answer was not in the bank and Claude judged it.",
    )
    judgement: str = Field(default="", description="Claude's one-sentence reason, if judged.")
    judge_note: str = Field(
        default="", description="Why no one judged a free answer the bank does not know."
    )


class TopicResult(BaseModel):
    slug: str
    title: str
    right: int
    answered: int
    rating: int | None = Field(
        description="The FSRS rating given (1-4), None if the topic was rated already today."
    )
    due_at: datetime | None


class DrillView(BaseModel):
    id: int
    status: SessionStatus
    version: int = Field(description="Bumped on every step; send it back to guard presses.")
    source: DrillSource
    title: str
    position: int = Field(description="0-based index of the current exercise.")
    total: int
    right: int
    answered: int
    stage: Stage
    current: ExerciseView | None
    built: list[int] = Field(description="word_order: token indices tapped so far.")
    built_text: str
    feedback: Feedback | None = Field(description="After an answer: its verdict.")
    results: list[TopicResult] = Field(description="Per topic, once the drill is done.")
    chat_message_id: int | None = Field(
        default=None, description="The Telegram message the drill lives in, if any."
    )

    @property
    def waits_for_text(self) -> bool:
        return (
            self.stage == "question"
            and self.current is not None
            and self.current.kind in TYPED_KINDS
        )


class StartDrillRequest(BaseModel):
    source: DrillSource = "topic"
    topic: Annotated[
        Text | None, Field(default=None, max_length=80, description="The slug; source=topic.")
    ] = None


class DrillAnswerRequest(BaseModel):
    """One of: `text` (typed kinds, or word order as a sentence), `choice` (multiple choice),
    `tokens` (word order)."""

    version: Position | None = Field(default=None, description="The view's version, if known.")
    text: Annotated[Text | None, Field(default=None, max_length=500)] = None
    choice: Annotated[int | None, Field(default=None, ge=0, le=20)] = None
    tokens: Annotated[list[Position] | None, Field(default=None, max_length=60)] = None


class VersionRequest(BaseModel):
    version: Position | None = Field(default=None, description="The view's version, if known.")


class TopicProgress(BaseModel):
    slug: str
    title: str
    level: CefrLevel
    mastery: float
    accuracy: float | None = Field(description="Of the recent answers, None without any.")
    attempts: int
    reps: int = Field(description="Sessions that rated the topic.")
    due_at: datetime


class WeakArea(BaseModel):
    slug: str
    title: str
    level: CefrLevel
    accuracy: float | None = Field(description="Recent accuracy, None without answers.")
    attempts: int
    conversation_mistakes: int
    score: float = Field(description="Higher is weaker.")


class PlacementAnswer(BaseModel):
    correct: bool
    answer: str = Field(description="The right answer to the item just answered.")


class PlacementResult(BaseModel):
    level: CefrLevel = Field(description="The level set on the learner's profile.")
    confidence: float = Field(description="0..1: how sure the test is of that level.")
    items_used: int
    recommended_topics: list[str] = Field(description="Slugs of topics to start with.")


class PlacementView(BaseModel):
    id: int
    status: SessionStatus
    version: int
    answered: int
    max_items: int
    current: ExerciseView | None = Field(description="The item to answer; None when done.")
    last: PlacementAnswer | None
    result: PlacementResult | None
    chat_message_id: int | None = None


class PlacementAnswerRequest(BaseModel):
    version: Position | None = None
    text: Annotated[Text | None, Field(default=None, max_length=500)] = None
    choice: Annotated[int | None, Field(default=None, ge=0, le=20)] = None


GenerationStatus = Literal["requested", "done", "offline", "quota", "failed"]


class Rejection(BaseModel):
    index: int = Field(description="Position of the exercise in Claude's answer (0-based).")
    reason: str


class GenerationView(BaseModel):
    """A request to Claude for new exercises of a topic, and what came of it."""

    id: int
    topic_slug: str
    status: GenerationStatus = Field(
        description="requested (Claude is writing), done, offline (no AI configured), quota "
        "(today's AI allowance was used up), failed."
    )
    trigger: Literal["request", "bank_seen"]
    proposed: int = Field(description="Exercises Claude wrote.")
    stored: int = Field(description="Exercises that passed every check and joined the topic.")
    rejected: int
    rejections: list[Rejection] = Field(description="Each rejected exercise and why.")
    message: str = Field(description="What to tell the learner.")
    created_at: datetime
    finished_at: datetime | None
