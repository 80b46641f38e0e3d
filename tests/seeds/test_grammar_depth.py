"""B2 and C1 grammar has the depth issue #13 asks for: at least 20 B2 and 12 C1 topics, each with
at least 10 exercises of at least four kinds, prerequisites at or below the topic's level, and
common mistakes whose wrong and right versions differ. No database needed."""

from __future__ import annotations

from collections import Counter

import pytest

from core.german import CEFR_LEVELS as LEVELS
from seeds.catalog import Catalog, load_catalog

MIN_TOPICS = {"B2": 20, "C1": 12}
MIN_EXERCISES = 10
MIN_KINDS = 4


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(allow_duplicates=True)


def test_enough_b2_and_c1_topics(catalog: Catalog) -> None:
    levels = Counter(t.level for t in catalog.grammar)
    short = {lvl: levels[lvl] for lvl, need in MIN_TOPICS.items() if levels[lvl] < need}
    assert not short, f"topics per level {short}, need {MIN_TOPICS}"


def test_upper_level_topics_have_varied_exercises(catalog: Catalog) -> None:
    thin = [
        f"{t.slug}: {len(t.exercises)} exercises of {len({e.kind for e in t.exercises})} kinds"
        for t in catalog.grammar
        if t.level in MIN_TOPICS
        and (len(t.exercises) < MIN_EXERCISES or len({e.kind for e in t.exercises}) < MIN_KINDS)
    ]
    assert not thin, "\n".join(thin)


def test_prerequisites_are_not_above_the_topic(catalog: Catalog) -> None:
    level = {t.slug: t.level for t in catalog.grammar}
    above = [
        f"{t.slug} ({t.level}) needs {p} ({level[p]})"
        for t in catalog.grammar
        for p in t.prerequisites
        if p in level and LEVELS.index(level[p]) > LEVELS.index(t.level)
    ]
    assert not above, "\n".join(above)


def test_common_mistakes_change_something(catalog: Catalog) -> None:
    same = [
        f"{t.slug}: {m.wrong!r}"
        for t in catalog.grammar
        for m in t.common_mistakes
        if m.wrong.strip() == m.right.strip()
    ]
    assert not same, "\n".join(same)
