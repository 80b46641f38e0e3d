from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from core.constrained import Storable
from core.tutor.schemas import Correction, NewWord
from core.vocabulary.schemas import DeckWordView

MessageText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), Storable
]


AI_CHECKS_DESCRIPTION = (
    "What the checks of the AI tutor's German withheld or fixed before you saw it, by reason: "
    "original_not_in_message (a correction of something you did not write), contradicted "
    "(a correction the lexicon or the grammar checker refutes), new_word_not_german, "
    "new_word_fixed_by_lexicon (article or plural taken from the dictionary)."
)


class ScenarioSummary(BaseModel):
    slug: str
    title: str
    title_de: str
    category: str
    level_min: str
    level_max: str
    learner_goal: str


class StartConversation(BaseModel):
    scenario_slug: Annotated[str, StringConstraints(max_length=80), Storable] | None = Field(
        default=None, description="Omit for free talk."
    )
    offline: bool = Field(default=False, description="Practise with the offline tutor only.")


class PostMessage(BaseModel):
    text: MessageText


class TurnView(BaseModel):
    id: int
    role: Literal["learner", "tutor"]
    text: str
    status: Literal["pending", "processing", "answered", "failed", "done"]
    reply_to_id: int | None
    corrections: list[Correction]
    new_words: list[NewWord]
    level_estimate: str | None
    tutor: Literal["claude", "offline"] | None
    error: str | None
    created_at: datetime


class LearnerTurnView(TurnView):
    reply: TurnView | None = Field(default=None, description="The tutor's answer, once ready.")


class ConversationReport(BaseModel):
    mistakes_by_category: dict[str, int]
    corrections: list[Correction]
    new_words: list[NewWord]
    learner_messages: int
    messages_with_mistakes: int = Field(
        default=0, description="How many of the learner's messages got a correction."
    )
    encouragement: str
    xp_earned: int
    ai_checks: dict[str, int] = Field(default_factory=dict, description=AI_CHECKS_DESCRIPTION)


class ConversationView(BaseModel):
    id: int
    scenario: ScenarioSummary | None
    level: str
    mode: Literal["auto", "offline"]
    status: Literal["active", "ended"]
    created_at: datetime
    ended_at: datetime | None
    turns: list[TurnView] = Field(default_factory=list)
    report: ConversationReport | None = None


class UsageTotals(BaseModel):
    calls: int
    failed_calls: int
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    ai_checks: dict[str, int] = Field(default_factory=dict, description=AI_CHECKS_DESCRIPTION)


class AiUsageReport(BaseModel):
    """Your AI usage: what the conversations cost in tokens, today and in all."""

    today: UsageTotals
    all_time: UsageTotals
    ai_turns_today: int
    ai_turns_per_day: int


class AddedWord(BaseModel):
    """One of the tutor's new words, now in the learner's deck."""

    word: DeckWordView
    created: bool = Field(description="False when the word was in the deck already.")
    headword: str = Field(description='The lemma with its article, e.g. "der Nachtisch".')


class ReplyNotice(BaseModel):
    """What to tell the learner in their chat about one of their messages: its answer, or
    that it failed (it is kept and can be tried again)."""

    chat_id: int
    kind: Literal["answered", "failed"]
    turn: LearnerTurnView
    earlier_turn_ids: list[int] = Field(
        description="The learner's messages just before this one that have a notice too: "
        "theirs go out first, so the chat reads in order."
    )
