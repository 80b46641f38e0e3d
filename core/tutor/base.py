from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from core.german import CefrLevel
from core.tutor.schemas import Judgement, TutorReply, WordAnalysis


@dataclass(frozen=True)
class SlotFill:
    """A detail of the learner's answer that the scene remembers: in the lines after this
    step, `default` is replaced by what the learner chose."""

    default: str
    values: tuple[tuple[tuple[str, ...], str], ...] = ()
    """(keyword stems that must all be in the answer, the text that replaces `default`)."""
    pattern: str | None = None
    """A regular expression whose first match in the answer replaces `default`."""


@dataclass(frozen=True)
class ScriptedStep:
    tutor: str
    hint_en: str
    example_answer: str
    keywords: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    slots: tuple[SlotFill, ...] = ()


@dataclass(frozen=True)
class KeyWord:
    lemma: str
    article: str | None
    translation: str


@dataclass(frozen=True)
class ScenarioBrief:
    slug: str
    title: str
    title_de: str
    tutor_role: str
    learner_goal: str
    opening_line: str
    closing_line: str
    steps: tuple[ScriptedStep, ...]
    key_words: tuple[KeyWord, ...]


@dataclass(frozen=True)
class LearnerSceneBrief:
    """A scene the learner wrote. Every text here is the learner's own, untrusted: the
    Claude tutor passes it as delimited data, never as instructions."""

    title: str
    setting: str
    tutor_role: str
    learner_goal: str
    key_words: tuple[KeyWord, ...]
    """The learner's words; `translation` is empty when the catalogue does not know one."""


@dataclass(frozen=True)
class TurnContext:
    """What the tutor needs for one reply: static prefix (level, scenario), the running
    summary, the recent turns verbatim, and the new learner message."""

    level: str
    scenario: ScenarioBrief | None
    summary: str
    history: tuple[tuple[Literal["learner", "tutor"], str], ...]
    message: str
    script_step: int
    refresh_summary: bool
    sustained_level: CefrLevel | None = None
    """The level the learner's last messages showed, when it differs from `level` steadily:
    the tutor writes at this level instead."""
    learner_scene: LearnerSceneBrief | None = None
    """The learner's own scene, when this conversation plays one (then `scenario` is None)."""


@dataclass(frozen=True)
class UsageRecord:
    model: str
    status: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass
class TurnOutcome:
    reply: TutorReply
    tutor: Literal["claude", "offline"]
    script_step: int
    summary: str | None = None
    usage: list[UsageRecord] = field(default_factory=list)
    vetting: dict[str, int] = field(default_factory=dict)
    """What the checks of the AI's German dropped or fixed, counted by reason."""


@dataclass(frozen=True)
class ExerciseBrief:
    """What Claude needs to write new exercises of a grammar topic."""

    topic_title: str
    level: CefrLevel
    summary: str
    explanation: str
    examples: tuple[str, ...]
    known_prompts: tuple[str, ...]
    """Prompts the bank has already: new exercises must differ."""
    kinds: tuple[str, ...]
    count: int
    item_schema: dict[str, Any]
    """The JSON schema of one exercise (the content files' schema)."""


@dataclass
class ExerciseBatch:
    """Claude's exercises as it wrote them, not yet validated; `error` when none came back."""

    items: list[Any]
    usage: list[UsageRecord] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class AnswerToJudge:
    kind: str
    instruction: str
    prompt: str
    accepted: tuple[str, ...]
    answer: str


@dataclass
class JudgedAnswer:
    """The verdict (None when no judge could give one) and what asking cost."""

    judgement: Judgement | None
    usage: list[UsageRecord] = field(default_factory=list)
    model: str = ""


class TutorUnavailable(Exception):
    """The AI service is busy or timed out; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: float, usage: list[UsageRecord]) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.usage = usage


class Tutor(Protocol):
    """Everything the product asks an AI. Implementations: Claude and the offline tutor."""

    name: str

    async def analyse_word(self, word: str) -> WordAnalysis: ...

    async def converse(self, context: TurnContext) -> TurnOutcome: ...

    async def generate_exercises(self, brief: ExerciseBrief) -> ExerciseBatch: ...

    async def judge_answer(self, question: AnswerToJudge) -> JudgedAnswer: ...
