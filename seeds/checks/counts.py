"""Counts: enough content per level."""

from __future__ import annotations

from collections import Counter

from core.german import CefrLevel
from seeds.catalog import Catalog

VOCABULARY_PER_LEVEL: dict[CefrLevel, int] = {"A1": 450, "A2": 450, "B1": 400}
GRAMMAR_TOPICS_PER_LEVEL: dict[CefrLevel, int] = {"A1": 10, "A2": 10, "B1": 10, "B2": 1, "C1": 1}


def count_problems(catalog: Catalog) -> list[str]:
    """The catalogue is as large and as broad as the product promises."""
    problems: list[str] = []

    def at_least(what: str, have: int, need: int) -> None:
        if have < need:
            problems.append(f"{what}: {have}, need at least {need}")

    words: dict[str, str] = {e.slug: e.level for e in catalog.vocabulary}
    word_levels = Counter(words.values())
    at_least("vocabulary entries", len(words), 1500)
    for level, need in VOCABULARY_PER_LEVEL.items():
        at_least(f"{level} vocabulary entries", word_levels[level], need)
    topics: dict[str, str] = {t.slug: t.level for t in catalog.grammar}
    topic_levels = Counter(topics.values())
    at_least("grammar topics", len(topics), 60)
    for level, need in GRAMMAR_TOPICS_PER_LEVEL.items():
        at_least(f"{level} grammar topics", topic_levels[level], need)
    at_least("B2+C1 grammar topics", topic_levels["B2"] + topic_levels["C1"], 10)
    exercises = [e for t in catalog.grammar for e in t.exercises]
    for topic in catalog.grammar:
        at_least(f"exercises of grammar topic {topic.slug}", len(topic.exercises), 8)
    at_least("exercises", len(exercises), 480)
    at_least("exercise kinds", len({e.kind for e in exercises}), 5)
    at_least("scenarios", len({s.slug for s in catalog.scenarios}), 15)
    for category in ("daily-life", "travel", "work", "bureaucracy"):
        at_least(f"{category} scenarios", sum(s.category == category for s in catalog.scenarios), 1)
    at_least("achievements", len({a.slug for a in catalog.achievements}), 31)
    for tier in ("bronze", "silver", "gold", "platinum"):
        at_least(f"{tier} achievements", sum(a.tier == tier for a in catalog.achievements), 1)
    return problems
