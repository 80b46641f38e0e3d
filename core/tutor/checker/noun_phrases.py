"""An article with its (adjective and) noun, rebuilt in another gender or case, and a noun
phrase that is the subject of the verb right after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.tutor.checker import data
from core.tutor.checker.articles import (
    ARTICLES,
    PREPOSITIONS,
    Article,
    NounInfo,
    adjective_stem,
    noun_info,
    noun_phrase,
)
from core.tutor.checker.cases import pronoun_reading_possible
from core.tutor.checker.clauses import clause_end, clause_start
from core.tutor.checker.tokens import Segment, Token, is_number
from core.tutor.checker.verbs import verb_readings


@dataclass(frozen=True)
class ArticlePhrase:
    article: Article
    adjective: int | None  # index of a declined adjective between article and noun
    noun_index: int
    noun: NounInfo


def article_phrase(seg: Segment, k: int) -> ArticlePhrase | None:
    """The article at k with its (adjective and) noun, when german-nouns knows the noun with
    one gender and nothing marks the phrase as something else."""
    words = seg.words
    article = ARTICLES.get(words[k].low)
    located = noun_phrase(words, k) if article is not None else None
    if article is None or located is None:
        return None
    adjective, n = located
    noun_token = words[n]
    if noun_token.text.isupper() or noun_token.text in data.MISREAD_NOUNS:
        return None
    if words[k].low == "ein" and noun_token.text == "Uhr":
        return None  # "Es ist ein Uhr"
    if n + 2 < len(words) and words[n + 1].low == "für" and words[n + 2].text == noun_token.text:
        return None  # "Schritt für Schritt"
    if article.stem == "sein" and any(w.low in ("zu", "kann", "muss", "wird") for w in words[:k]):
        return None  # "sein" the verb
    if article.family == "def" and pronoun_reading_possible(seg, k, noun_token):
        return None
    noun = noun_info(noun_token.text)
    return None if noun is None else ArticlePhrase(article, adjective, n, noun)


def rebuild_phrase(
    article: Article, gender: str, case: str, words: Sequence[Token], adjective_index: int | None
) -> str | None:
    form = article.form(gender, case)
    if adjective_index is None:
        return form
    stem = adjective_stem(words[adjective_index].low)
    if stem is None:
        return None
    return f"{form} {stem}{article.adjective_ending(gender, case)}"


def _verb_persons(words: Sequence[Token], j: int) -> frozenset[int]:
    if j >= len(words) or words[j].low in data.NOT_VERBS or words[j].capitalised:
        return frozenset()
    return frozenset().union(*(form.persons for form in verb_readings(words[j]) if form.checked))


def _another_subject(words: Sequence[Token], j: int, persons: frozenset[int]) -> bool:
    """After the finite verb at j: a word that may be the subject instead (a pronoun, an
    article that can be nominative, a bare noun), unless it cannot agree with the verb."""
    singular_verb = bool(persons & {2}) and not persons & {3, 5}
    plural_verb = bool(persons & {3, 5}) and 2 not in persons
    for m in range(j + 1, clause_end(words, j + 1)):
        word, prev = words[m], words[m - 1].low
        if word.low in data.SUBJECT_PRONOUNS:
            return True
        if prev in PREPOSITIONS or prev in data.CONTRACTED_PREPOSITIONS or is_number(words[m - 1]):
            continue
        article = ARTICLES.get(word.low)
        if article is not None and any(case == "nom" for _, case in article.readings):
            numbers = {"pl" if gender == "pl" else "sg" for gender, case in article.readings}
            if (singular_verb and "sg" in numbers) or (plural_verb and "pl" in numbers):
                return True
            continue
        if word.capitalised and prev not in ARTICLES:
            noun = noun_info(word.text)
            if noun is None:
                return True
            if (singular_verb and "sg" in noun.numbers) or (plural_verb and "pl" in noun.numbers):
                return True
    return False


def subject_phrase(seg: Segment, k: int) -> tuple[ArticlePhrase, int, frozenset[int]] | None:
    """An article phrase at the start of a main clause followed straight by a finite verb,
    with nothing after the verb that may be the subject instead: (phrase, verb index, the
    verb's persons)."""
    words = seg.words
    if k != clause_start(words) or words[k].low not in ARTICLES:
        return None
    phrase = article_phrase(seg, k)
    if phrase is None:
        return None
    j = phrase.noun_index + 1
    persons = _verb_persons(words, j)
    if not persons or _another_subject(words, j, persons):
        return None
    dative = any((gender, "dat") in phrase.article.readings for gender in phrase.noun.all_genders())
    lemmas = {form.lemma for form in verb_readings(words[j])}
    if dative and lemmas & (data.DATIVE_VERBS | data.DATIVE_EXPERIENCER_VERBS):
        return None  # "Der Frau gefällt ..."
    clause = words[j + 1 : clause_end(words, j + 1)]
    if dative and any(word.low in data.DATIVE_STATE_WORDS for word in clause):
        return None  # "Der Frau ist kalt"
    return phrase, j, persons
