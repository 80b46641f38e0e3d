"""Wrong options for meaning questions: other catalogue words of the same level and part of
speech, so the options cannot be told apart by difficulty or by grammar."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import VocabularyItem
from core.quizzes.words import PoolWord, level_distance

CANDIDATES_PER_QUERY = 40


@dataclass(frozen=True)
class Distractor:
    label: str
    vocabulary_item_id: int


def _scopes(word: PoolWord) -> list[list[ColumnElement[bool]]]:
    """Same level and part of speech; if the catalogue has too few, widen step by step
    (the nearest levels come first: see the ordering in `meaning_distractors`)."""
    return [
        [VocabularyItem.level == word.level, VocabularyItem.pos == word.pos],
        [VocabularyItem.pos == word.pos],
        [],
    ]


def _usable(translations: list[str], taken: set[str]) -> bool:
    # A synonym of the right answer ("big" for groß when asking about riesig) would be a
    # second right answer; so would an option shown twice.
    return bool(translations) and not any(t.casefold() in taken for t in translations)


async def meaning_distractors(
    session: AsyncSession, word: PoolWord, *, count: int = 3
) -> list[Distractor]:
    """`count` English glosses of other words, none sharing a meaning with `word` or each
    other."""
    taken = {t.casefold() for t in word.translations}
    chosen: list[Distractor] = []
    seen_ids = {word.vocabulary_item_id} if word.vocabulary_item_id else set()
    for scope in _scopes(word):
        rows = (
            await session.execute(
                select(VocabularyItem.id, VocabularyItem.translations)
                .where(
                    VocabularyItem.retired_at.is_(None),
                    VocabularyItem.lemma != word.lemma,
                    VocabularyItem.id.not_in(list(seen_ids)),
                    *scope,
                )
                .order_by(level_distance(word.level), func.random())
                .limit(CANDIDATES_PER_QUERY)
            )
        ).all()
        for item_id, translations in rows:
            seen_ids.add(item_id)
            if len(chosen) < count and _usable(translations, taken):
                chosen.append(Distractor(translations[0], item_id))
                taken.update(t.casefold() for t in translations)
        if len(chosen) >= count:
            break
    return chosen
