"""gender_article: an article that fits no gender of its noun ("ein Katze", "Der Lampe ist");
and gender_corrections, which runs every rule about an article phrase on each article."""

from __future__ import annotations

from collections.abc import Iterator

from core.german import GENDER_NAMES
from core.tutor.checker.adjectives import adjective_fix
from core.tutor.checker.agreement import noun_subject_agreement
from core.tutor.checker.articles import is_wrong
from core.tutor.checker.case_fixes import case_fix, dative_plural_fix
from core.tutor.checker.cases import candidate_cases
from core.tutor.checker.noun_phrases import article_phrase, rebuild_phrase, subject_phrase
from core.tutor.checker.tokens import Segment, make_correction, match_case, span_text
from core.tutor.schemas import Correction


def _gender_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "ein Katze" → "eine Katze", "das Hund" → "der/den Hund" (whichever the context and
    the learner's own case allow; nothing when both remain possible)."""
    phrase = article_phrase(seg, k)
    if phrase is None or not is_wrong(phrase.article, phrase.noun):
        return None
    words, article, gender = seg.words, phrase.article, phrase.noun.gender
    cases = candidate_cases(words, k, phrase.noun_index, article)
    if seg.sentence_start and k == 0 and phrase.noun_index == len(words) - 1:
        cases = frozenset({"nom"})  # "Eine Kaffee, bitte.": "Ein Kaffee" is the plain form
    options = {rebuild_phrase(article, gender, case, words, phrase.adjective) for case in cases}
    options.discard(None)
    if len(options) != 1:
        return None
    rebuilt = options.pop()
    assert rebuilt is not None
    noun_text = words[phrase.noun_index].text
    original = span_text(text, words[k], words[phrase.noun_index])
    corrected = f"{match_case(words[k].text, rebuilt)} {noun_text}"
    explanation = (
        f"'{noun_text}' is {GENDER_NAMES[gender]} ({_DEFINITE_NOMINATIVE[gender]} {noun_text}), "
        f"so the article here is '{rebuilt.split()[0]}'."
    )
    return make_correction("gender_article", original, corrected, explanation, article.topic)


_DEFINITE_NOMINATIVE = {"m": "der", "f": "die", "n": "das"}


def _subject_gender_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "Der Lampe ist kaputt" → "Die Lampe ist": before a singular verb the phrase is a
    nominative singular subject, which the article must fit for some gender of the noun."""
    found = subject_phrase(seg, k)
    if found is None:
        return None
    phrase, j, persons = found
    if 2 not in persons or persons & {3, 5} or "nom" not in phrase.noun.singular_cases:
        return None  # "Unsere Nachbarn hat": not a nominative singular form
    genders = phrase.noun.all_genders()
    if any((gender, "nom") in phrase.article.readings for gender in genders):
        return None
    words, gender = seg.words, phrase.noun.gender
    rebuilt = rebuild_phrase(phrase.article, gender, "nom", words, phrase.adjective)
    if rebuilt is None:
        return None
    noun_text = words[phrase.noun_index].text
    original = span_text(text, words[k], words[j])
    corrected = f"{match_case(words[k].text, rebuilt)} {noun_text} {words[j].text}"
    both = (
        "/".join(_DEFINITE_NOMINATIVE[g] for g in phrase.noun.genders) if len(genders) > 1 else ""
    )
    known = both or _DEFINITE_NOMINATIVE[gender]
    explanation = (
        f"'{noun_text}' is the subject here ({known} {noun_text}), "
        f"so the article is '{rebuilt.split()[0]}'."
    )
    return make_correction("gender_article", original, corrected, explanation, phrase.article.topic)


def gender_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    for k in range(len(seg.words)):
        found = (
            _gender_fix(text, seg, k)
            or _subject_gender_fix(text, seg, k)
            or case_fix(text, seg, k)
            or adjective_fix(text, seg, k)
            or noun_subject_agreement(text, seg, k)
            or dative_plural_fix(text, seg, k)
        )
        if found is not None:
            yield found
