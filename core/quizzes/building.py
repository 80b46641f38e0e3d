"""The questions of a new quiz: 10 words, each asked for its meaning, article or plural.

Words come from the learner's deck first (words with a due card before the rest), topped up
from the catalogue at their level.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.german import ARTICLES, OPEN_WORD_CLASSES
from core.models import User
from core.quizzes.distractors import meaning_distractors
from core.quizzes.plurals import plural_distractors
from core.quizzes.schemas import CardKind
from core.quizzes.words import PoolWord, catalogue_pool, deck_pool

QUIZ_SIZE = 10
CARD_KIND: dict[str, CardKind] = {"meaning": "recognition", "article": "article"}
"""The card a question type exercises: the question is that card's own task (the meaning of
the German word; der/die/das among the three), so a due card's answer counts as its review.

A plural question exercises none, on purpose, even for a learner who has the typed plural
card (core.card_kinds): that card asks to *produce* the plural ("das Haus → ?", typed), the
quiz only to *recognise* it among four. FSRS models the memory of one task per card; a
correct pick (a 1-in-4 guess would pass too) rated as a typed recall would lengthen the card's
interval without evidence that the learner can write "Häuser", and counting only the wrong
picks would log lapses alone and bias the card the other way. The quiz's plural is practice,
and the plural card is reviewed where it is asked as itself: /review."""


def question_kinds(word: PoolWord) -> list[str]:
    kinds = ["meaning"] if word.translations else []
    if word.has_article:
        kinds.append("article")
        if word.plural:
            kinds.append("plural")
    return kinds


def _choose_kind(word: PoolWord, used: Counter[str], rng: random.Random) -> str:
    """A due card's own question first (so the answer can count); otherwise the type asked
    least so far, for a mixed quiz."""
    eligible = question_kinds(word)
    due = [kind for kind in eligible if CARD_KIND.get(kind) in word.due_kinds]
    pool = due or eligible
    fewest = min(used[kind] for kind in pool)
    return rng.choice([kind for kind in pool if used[kind] == fewest])


async def _pick_words(session: AsyncSession, user: User, now: datetime) -> list[PoolWord]:
    deck = await deck_pool(
        session, user, now, limit=QUIZ_SIZE * 3, due_kinds=list(CARD_KIND.values())
    )
    words = [word for word in deck if question_kinds(word)][:QUIZ_SIZE]
    if len(words) < QUIZ_SIZE:
        lemmas = {(w.lemma, w.pos) for w in words}
        extra = await catalogue_pool(
            session,
            user,
            limit=QUIZ_SIZE * 2,
            exclude_item_ids=[w.vocabulary_item_id for w in words if w.vocabulary_item_id],
            # Words with a clear meaning to ask about and enough siblings of the same level and
            # part of speech to make good distractors (not "doch", "mal").
            parts_of_speech=OPEN_WORD_CLASSES,
        )
        words += [w for w in extra if (w.lemma, w.pos) not in lemmas][: QUIZ_SIZE - len(words)]
    return words


def _solution(word: PoolWord, kind: str) -> str:
    if kind == "meaning":
        return f"{word.german} = {', '.join(word.translations[:3])}"
    if kind == "plural":
        return f"{word.german} → die {word.plural}"
    return word.german


async def _options(
    session: AsyncSession, word: PoolWord, kind: str, rng: random.Random
) -> tuple[list[str], int, list[int | None] | None]:
    """(options, index of the right one, catalogue ids behind meaning options)."""
    if kind == "article":
        assert word.article is not None
        return list(ARTICLES), ARTICLES.index(word.article), None
    if kind == "plural":
        assert word.plural is not None
        wrong = plural_distractors(word.lemma, word.plural, rng)
        labelled: list[tuple[str, int | None]] = [(word.plural, None)]
        labelled += [(form, None) for form in wrong]
    else:
        distractors = await meaning_distractors(session, word)
        labelled = [(word.translations[0], word.vocabulary_item_id)]
        labelled += [(d.label, d.vocabulary_item_id) for d in distractors]
    right = labelled[0][0]
    rng.shuffle(labelled)
    options = [label for label, _ in labelled]
    item_ids = [item_id for _, item_id in labelled] if kind == "meaning" else None
    return options, options.index(right), item_ids


async def _question(
    session: AsyncSession, word: PoolWord, kind: str, rng: random.Random
) -> dict[str, Any]:
    options, correct, item_ids = await _options(session, word, kind, rng)
    card_kind = CARD_KIND.get(kind)
    return {
        "kind": kind,
        "prompt": word.lemma if kind == "article" else word.german,
        "lemma": word.lemma,
        "level": word.level,
        "pos": word.pos,
        "options": options,
        "correct": correct,
        "solution": _solution(word, kind),
        "option_item_ids": item_ids,
        "deck_word_id": word.deck_word_id,
        "vocabulary_item_id": word.vocabulary_item_id,
        "card_id": word.card_ids.get(card_kind) if card_kind else None,
        "choice": None,
        "is_correct": None,
        "answered_at": None,
        "review": None,
    }


async def build_questions(
    session: AsyncSession, user: User, now: datetime, rng: random.Random
) -> list[dict[str, Any]]:
    """The questions as stored in the quiz's payload, answers included."""
    words = await _pick_words(session, user, now)
    rng.shuffle(words)
    used: Counter[str] = Counter()
    questions = []
    for word in words:
        kind = _choose_kind(word, used, rng)
        used[kind] += 1
        questions.append(await _question(session, word, kind, rng))
    return questions
