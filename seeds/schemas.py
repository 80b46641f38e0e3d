"""Pydantic models of the seed content files: validated before anything is written."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.german import ARTICLE_BY_GENDER, CefrLevel, Gender, PartOfSpeech, level_rank
from core.grammar.validation import ContentKind
from core.grammar.validation import ExerciseContent as Exercise

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]

VOCABULARY_TOPICS: frozenset[str] = frozenset(
    {
        "basics",
        "people",
        "family",
        "food",
        "drink",
        "home",
        "city",
        "travel",
        "transport",
        "shopping",
        "money",
        "work",
        "education",
        "health",
        "body",
        "clothes",
        "time",
        "numbers",
        "weather",
        "nature",
        "animals",
        "leisure",
        "sport",
        "culture",
        "media",
        "technology",
        "communication",
        "feelings",
        "character",
        "bureaucracy",
        "politics",
        "society",
        "environment",
        "science",
        "abstract",
        "grammar-words",
        "colours",
        "places",
        "events",
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NounInfo(_Strict):
    gender: Gender
    plural: str | None = Field(
        description="Plural form without article; null when the noun has no plural."
    )
    genitive: str | None = Field(
        default=None, description="Genitive singular without article (des Hauses -> Hauses)."
    )


class VerbInfo(_Strict):
    praeteritum: Text = Field(description="3rd person singular Präteritum: ging, machte, stand auf")
    partizip2: Text = Field(description="Partizip II: gegangen, gemacht, aufgestanden")
    auxiliary: Literal["haben", "sein", "haben/sein"]
    separable_prefix: str | None = None
    reflexive: bool = False
    governs: str | None = Field(
        default=None, description="Case or preposition it governs: 'Dativ', 'auf + Akkusativ'."
    )


class AdjectiveInfo(_Strict):
    comparative: str | None = None
    superlative: str | None = Field(default=None, description="am ...sten form: am besten")


class VocabularyEntry(_Strict):
    slug: Slug
    lemma: Text
    pos: PartOfSpeech
    translations: list[Text] = Field(min_length=1)
    example_de: Text
    example_en: Text
    level: CefrLevel
    frequency_rank: int | None = Field(default=None, ge=1)
    topics: list[str] = Field(min_length=1)
    noun: NounInfo | None = None
    verb: VerbInfo | None = None
    adjective: AdjectiveInfo | None = None

    @model_validator(mode="after")
    def _details_match_pos(self) -> VocabularyEntry:
        if (self.pos == "noun") != (self.noun is not None):
            raise ValueError("nouns, and only nouns, carry 'noun' details")
        if (self.pos == "verb") != (self.verb is not None):
            raise ValueError("verbs, and only verbs, carry 'verb' details")
        if self.adjective is not None and self.pos != "adjective":
            raise ValueError("only adjectives carry 'adjective' details")
        unknown = set(self.topics) - VOCABULARY_TOPICS
        if unknown:
            raise ValueError(
                f"unknown topics {sorted(unknown)}; known: {sorted(VOCABULARY_TOPICS)}"
            )
        return self

    @property
    def article(self) -> str | None:
        return ARTICLE_BY_GENDER[self.noun.gender] if self.noun else None


class VocabularyFile(_Strict):
    entries: list[VocabularyEntry] = Field(min_length=1)


GrammarCategory = Literal[
    "articles-nouns",
    "cases",
    "pronouns",
    "verbs",
    "tenses",
    "word-order",
    "adjectives",
    "prepositions",
    "clauses",
    "moods",
    "voice",
    "other",
]

ExerciseKind = ContentKind


class GermanEnglish(_Strict):
    de: Text
    en: Text


class CommonMistake(_Strict):
    wrong: Text
    right: Text
    why: Text


class GrammarTopic(_Strict):
    slug: Slug
    title: Text
    level: CefrLevel
    category: GrammarCategory
    summary: Text = Field(description="One sentence in English.")
    explanation: Text = Field(description="Concise English explanation (Markdown) with German.")
    examples: list[GermanEnglish] = Field(min_length=2)
    common_mistakes: list[CommonMistake] = Field(min_length=1)
    prerequisites: list[Slug] = Field(default_factory=list)
    exercises: list[Exercise] = Field(min_length=8)

    @model_validator(mode="after")
    def _unique_exercises(self) -> GrammarTopic:
        slugs = [e.slug for e in self.exercises]
        if len(slugs) != len(set(slugs)):
            raise ValueError("exercise slugs repeat within the topic")
        return self


ScenarioCategory = Literal["daily-life", "travel", "work", "bureaucracy"]


class SlotCapture(_Strict):
    """A detail of the learner's answer the scene remembers (the drink ordered, the day
    proposed): in the later lines, `default` is replaced by what the learner chose."""

    default: Text = Field(description="Text of a later tutor line that stands for the detail.")
    values: dict[str, Text] = Field(
        default_factory=dict,
        description="Space-separated lower-case stems, all in the answer -> the text that "
        "replaces `default`; the one found earliest in the answer wins.",
    )
    pattern: str | None = Field(
        default=None, description="A regular expression; its first match replaces `default`."
    )

    @model_validator(mode="after")
    def _something_to_capture(self) -> SlotCapture:
        if not self.values and self.pattern is None:
            raise ValueError("a slot needs values or a pattern")
        if self.pattern is not None:
            re.compile(self.pattern)
        return self


class ScriptedTurn(_Strict):
    tutor: Text = Field(description="What the tutor says at this step, in German.")
    hint_en: Text = Field(description="What the learner is expected to do, in English.")
    example_answer: Text = Field(description="A good learner answer, in German.")
    keywords: list[Text] = Field(
        min_length=1, description="Lower-case word stems that show the learner did this step."
    )
    alternatives: list[Text] = Field(
        default_factory=list,
        description="Other good answers, in German: one whose words the learner uses fits too.",
    )
    slots: list[SlotCapture] = Field(
        default_factory=list, description="Details of the answer that the later lines use."
    )


class Scenario(_Strict):
    slug: Slug
    title: Text
    title_de: Text
    category: ScenarioCategory
    level_min: CefrLevel
    level_max: CefrLevel
    tutor_role: Text
    learner_goal: Text
    opening_line: Text
    key_vocabulary: list[Slug] = Field(min_length=5)
    turns: list[ScriptedTurn] = Field(min_length=3)
    closing_line: Text

    @model_validator(mode="after")
    def _level_range(self) -> Scenario:
        if level_rank(self.level_min) > level_rank(self.level_max):
            raise ValueError("level_min is above level_max")
        return self

    @model_validator(mode="after")
    def _slots_used_later(self) -> Scenario:
        for i, turn in enumerate(self.turns):
            later = " ".join([*(t.tutor for t in self.turns[i + 1 :]), self.closing_line])
            for slot in turn.slots:
                if slot.default not in later:
                    raise ValueError(f"turns[{i}]: slot {slot.default!r} is in no later line")
        return self


AchievementTier = Literal["bronze", "silver", "gold", "platinum"]
AchievementKind = Literal[
    "conversations_completed",
    "conversation_turns",
    "words_in_deck",
    "reviews_done",
    "words_mature",
    "grammar_exercises_correct",
    "grammar_topics_mastered",
    "streak_days",
    "active_days",
    "daily_goals_met",
    "xp_total",
]


class AchievementCriterion(_Strict):
    kind: AchievementKind
    threshold: int = Field(ge=1)


class Achievement(_Strict):
    slug: Slug
    name: Text
    description: Text
    tier: AchievementTier
    category: Literal["conversation", "vocabulary", "grammar", "streaks", "consistency"]
    criterion: AchievementCriterion


class AchievementsFile(_Strict):
    achievements: list[Achievement] = Field(min_length=1)
