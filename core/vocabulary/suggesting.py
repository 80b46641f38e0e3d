"""Typed words checked before they are added: the right article for a known noun, and "did
you mean" for a word no word list knows or that is one slip away from a catalogue word."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.german import GENDER_BY_ARTICLE, SINGULAR_GENDERS, article_of
from core.german_text import split_article
from core.lexicon import noun_facts_async, noun_lemmas, typed_noun_facts_async
from core.models import VocabularyItem
from core.vocabulary.catalogue import find_catalogue_match

MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    lemma: str
    article: str | None
    vocabulary_item_id: int | None  # None: from german-nouns, added as typed
    translation: str | None

    @property
    def headword(self) -> str:
        return f"{self.article} {self.lemma}" if self.article else self.lemma


@dataclass(frozen=True)
class Checked:
    """What a typed word is: its catalogue entry or a known noun (with the right article
    when the typed one was wrong), or unknown with the nearest known words."""

    text: str
    known: bool
    corrected_article: str | None = None
    suggestions: tuple[Suggestion, ...] = ()


def _slips(word: str) -> int:
    """How many typed letters may be off: one in a short word, two in a long one."""
    return 1 if len(word) <= 6 else 2


def _nearest(word: str, choices: list[str], limit: int, slips: int) -> list[str]:
    found = process.extract(
        word.lower(),
        choices,
        scorer=OSA.distance,  # Levenshtein with a swap of two letters as one slip ("Hnud")
        processor=str.lower,
        score_cutoff=slips,
        limit=limit,
    )
    return [choice for choice, _, _ in sorted(found, key=lambda hit: (hit[1], hit[2]))]


def looks_like_a_typo(checked: Checked) -> bool:
    """Unknown to every word list, with known words near it: the words that are held back
    where nobody typed them just now (an import's rows, the tutor's new words) instead of
    being added. An unknown word with nothing near is taken as the learner's own word."""
    return not checked.known and bool(checked.suggestions)


@dataclass(frozen=True)
class CatalogueLemmas:
    """The catalogue's headwords as suggestions, nouns and the rest apart, most frequent
    first. Read once per check, or once for a whole import (`catalogue_lemmas`)."""

    nouns: dict[str, Suggestion]
    others: dict[str, Suggestion]


async def catalogue_lemmas(session: AsyncSession) -> CatalogueLemmas:
    rows = (
        await session.execute(
            select(
                VocabularyItem.id,
                VocabularyItem.lemma,
                VocabularyItem.gender,
                VocabularyItem.translations,
            )
            .where(VocabularyItem.retired_at.is_(None))
            .order_by(VocabularyItem.frequency_rank.asc().nulls_last())
        )
    ).all()
    nouns: dict[str, Suggestion] = {}
    others: dict[str, Suggestion] = {}
    for item_id, lemma, gender, translations in rows:
        found = nouns if lemma[:1].isupper() else others
        found.setdefault(
            lemma,
            Suggestion(
                lemma, article_of(gender), item_id, translations[0] if translations else None
            ),
        )
    return CatalogueLemmas(nouns, others)


def _catalogue_suggestions(
    lemmas: CatalogueLemmas, word: str, *, noun: bool, slips: int
) -> list[Suggestion]:
    """Catalogue words `slips` letters away, nouns for a capitalised word, else the rest."""
    by_lemma = lemmas.nouns if noun else lemmas.others
    near = _nearest(word, list(by_lemma), MAX_SUGGESTIONS, slips)
    return [by_lemma[lemma] for lemma in near if lemma.lower() != word.lower()]


async def _noun_suggestions(word: str, limit: int) -> list[Suggestion]:
    lemmas = await asyncio.to_thread(noun_lemmas)
    noun = word[:1].upper() + word[1:]
    near = await asyncio.to_thread(_nearest, noun, list(lemmas), limit, _slips(word))
    found = []
    for lemma in near:
        facts = await noun_facts_async(lemma)
        if facts is not None and lemma.lower() != word.lower():
            found.append(Suggestion(lemma, article_of(facts.gender), None, None))
    return found


async def check_typed(
    session: AsyncSession, text: str, *, lemmas: CatalogueLemmas | None = None
) -> Checked:
    """What `text` is (see Checked); `lemmas` saves reading the catalogue again when many
    words are checked (an import)."""
    article, bare = split_article(text)
    match = await find_catalogue_match(session, text)
    gender = None
    if match is not None:
        gender = match.gender if match.pos == "noun" else None
        known = True
    else:
        single = " " not in bare
        noun = bare[:1].isupper() or article is not None
        if single and lemmas is None:
            lemmas = await catalogue_lemmas(session)
        slip = (
            _catalogue_suggestions(lemmas, bare, noun=noun, slips=1)
            if single and lemmas is not None
            else []
        )
        if slip:  # one letter from a catalogue word: ask, even if some rare noun is spelled so
            return Checked(text, False, suggestions=tuple(slip))
        facts = await typed_noun_facts_async(bare, with_article=article is not None)
        known = facts is not None
        gender = facts.gender if facts is not None else None
        if not known:
            near = (
                _catalogue_suggestions(lemmas, bare, noun=noun, slips=_slips(bare))
                if single and lemmas is not None
                else []
            )
            nouns = await _noun_suggestions(bare, MAX_SUGGESTIONS) if single and noun else []
            found = {s.headword: s for s in [*near, *nouns]}
            return Checked(text, False, suggestions=tuple(list(found.values())[:MAX_SUGGESTIONS]))
    typed_gender = GENDER_BY_ARTICLE[article] if article else None
    wrong_article = (
        typed_gender is not None and gender in SINGULAR_GENDERS and typed_gender != gender
    )
    return Checked(text, known, corrected_article=article_of(gender) if wrong_article else None)
