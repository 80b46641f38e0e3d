"""The German domain words: one definition, consistent with itself and with the database."""

from __future__ import annotations

from sqlalchemy import CheckConstraint

from core.german import (
    ARTICLE_BY_GENDER,
    ARTICLES,
    BEGINNER_LEVEL,
    CEFR_LEVEL_NAMES,
    CEFR_LEVELS,
    GENDER_BY_ARTICLE,
    GENDER_NAMES,
    GENDERS,
    OPEN_WORD_CLASSES,
    PARTS_OF_SPEECH,
    SINGULAR_GENDERS,
    article_of,
    level_rank,
)
from core.models import Base


def test_levels_are_ordered_and_each_has_a_name() -> None:
    assert CEFR_LEVELS == ("A1", "A2", "B1", "B2", "C1", "C2")
    assert tuple(CEFR_LEVEL_NAMES) == CEFR_LEVELS
    assert [level_rank(level) for level in CEFR_LEVELS] == list(range(6))
    assert BEGINNER_LEVEL == "A1"


def test_every_gender_has_its_article_and_name() -> None:
    assert ARTICLES == ("der", "die", "das")
    assert set(ARTICLE_BY_GENDER) == set(GENDERS) == set(GENDER_NAMES)
    assert set(ARTICLE_BY_GENDER.values()) == set(ARTICLES)
    assert SINGULAR_GENDERS == ("m", "f", "n")
    assert {ARTICLE_BY_GENDER[g]: g for g in SINGULAR_GENDERS} == GENDER_BY_ARTICLE
    assert [article_of(g) for g in ("m", "f", "n", "pl", None, "")] == [
        "der",
        "die",
        "das",
        "die",
        None,
        None,
    ]


def test_open_word_classes_are_parts_of_speech() -> None:
    assert set(OPEN_WORD_CLASSES) <= set(PARTS_OF_SPEECH)
    assert len(set(PARTS_OF_SPEECH)) == len(PARTS_OF_SPEECH) == 12


def test_the_level_constraint_is_the_migrations_sql_text() -> None:
    """Built from CEFR_LEVELS, the CHECK must read exactly as the migration wrote it."""
    users = Base.metadata.tables["users"]
    [check] = [
        c for c in users.constraints if isinstance(c, CheckConstraint) and "cefr" in str(c.name)
    ]
    assert str(check.sqltext) == "cefr_level IN ('A1','A2','B1','B2','C1','C2')"
