from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from core.constrained import RowId, Storable, one_printable_line
from core.german import CefrLevel
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


SceneTitle = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    Storable,
    AfterValidator(one_printable_line),
]
SceneSetting = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable
]
SceneLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), Storable
]
SceneKeyWord = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    Storable,
    AfterValidator(one_printable_line),
]
MAX_KEY_WORDS = 12


def _distinct_words(words: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    return kept


SceneKeyWords = Annotated[
    list[SceneKeyWord], Field(max_length=MAX_KEY_WORDS), AfterValidator(_distinct_words)
]


class SceneFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SceneTitle = Field(description='A short name, e.g. "At the bike shop".')
    setting: SceneSetting = Field(description="Where and when the scene happens.")
    tutor_role: SceneLine = Field(description='Who the tutor plays, e.g. "the mechanic".')
    learner_goal: SceneLine = Field(description="What you want to get done in the scene.")
    level: CefrLevel
    key_words: SceneKeyWords = Field(
        default_factory=list, description=f"Up to {MAX_KEY_WORDS} German words to practise."
    )


class NewScene(SceneFields):
    """A private scene of your own; Claude plays it, the offline tutor chats around its key
    words."""


class SceneChange(BaseModel):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    title: SceneTitle | None = None
    setting: SceneSetting | None = None
    tutor_role: SceneLine | None = None
    learner_goal: SceneLine | None = None
    level: CefrLevel | None = None
    key_words: SceneKeyWords | None = None


class SceneView(BaseModel):
    id: int
    title: str
    setting: str
    tutor_role: str
    learner_goal: str
    level: CefrLevel
    key_words: list[str]
    created_at: datetime
    updated_at: datetime


class StartConversation(BaseModel):
    scenario_slug: Annotated[str, StringConstraints(max_length=80), Storable] | None = Field(
        default=None, description="Omit for free talk."
    )
    scene_id: RowId | None = Field(
        default=None, description="One of your own scenes (instead of `scenario_slug`)."
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
    scene: SceneView | None = Field(default=None, description="Your own scene, when played.")
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
