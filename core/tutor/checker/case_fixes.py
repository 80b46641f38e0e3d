"""case: an article in a case the preposition or verb does not allow ("mit der Zug", "Ich
habe ein Hund"), and the dative plural after a dative preposition ("seit drei Jahre")."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from core.lexicon import noun_lexicon
from core.tutor.checker import data
from core.tutor.checker.articles import NAME_TAGS, PREPOSITIONS, NounInfo, noun_info
from core.tutor.checker.cases import (
    coordinated_case,
    ends_non_finite,
    object_slot_case,
    object_verb,
    preposition_case,
)
from core.tutor.checker.clauses import clause_end
from core.tutor.checker.noun_phrases import article_phrase, rebuild_phrase
from core.tutor.checker.tokens import Segment, Token, make_correction, match_case, span_text
from core.tutor.schemas import Correction


@lru_cache(maxsize=4096)
def _dative_plural(word: str) -> tuple[str, bool] | None:
    """(dative plural, whether `word` is a plural form) of a common noun form, when
    german-nouns gives exactly one; None for names and unknown words."""
    found: set[str] = set()
    plural_only = True
    for reading in noun_lexicon()[word]:
        if set(reading.get("pos", [])) & NAME_TAGS:
            continue
        flexion: dict[str, str] = reading.get("flexion", {})
        slots = [col for col, form in flexion.items() if form == word and "*" not in col]
        if not slots:
            continue
        plural_only = plural_only and all("plural" in col for col in slots)
        for col, form in flexion.items():
            if col.startswith("dativ plural") and "*" not in col and form:
                found.add(form)
    return (found.pop(), plural_only) if len(found) == 1 else None


def _plural_dative_only(word: str) -> bool:
    """ "Nachbarn" after "mit unsere": already the dative plural, and no feminine reading that
    would make "unsere"/"die" a singular."""
    noun = noun_info(word)
    return noun is not None and "dat" in noun.plural_cases and "f" not in noun.all_genders()


def dative_plural_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "seit drei Jahre" → "seit drei Jahren", "mit seine Kinder" → "mit seinen Kindern":
    after a dative preposition a number or a plural determiner makes the noun a dative
    plural, which ends in -n (unless the plural ends in -s or -n already)."""
    words = seg.words
    if k == 0 or k + 1 >= len(words) or preposition_case(words, k) != frozenset({"dat"}):
        return None
    first, noun = words[k], words[k + 1]
    if not noun.capitalised or noun.text in data.MEASURE_NOUNS:
        return None
    found = _dative_plural(noun.text)
    if found is None:
        return None
    dative, plural_form = found
    preposition = words[k - 1]
    if first.low in data.PLURAL_NUMBERS or (first.text.isdigit() and first.text != "1"):
        if dative == noun.text:
            return None
        new_first = first.text
    elif first.low in data.PLURAL_DETERMINERS and (plural_form or _plural_dative_only(noun.text)):
        new_first = "den" if first.low == "die" else first.text + "n"
    else:
        return None
    original = span_text(text, preposition, noun)
    corrected = f"{preposition.text} {new_first} {dative}"
    explanation = (
        f"'{preposition.low}' takes the dative, and the dative plural ends in -n: '{corrected}'."
    )
    return make_correction("case", original, corrected, explanation, "prepositions-with-dative")


_CASE_NAME = {"acc": "accusative", "dat": "dative"}


def _governor(words: Sequence[Token], k: int, n: int) -> str:
    """The word that decides the case of the phrase k..n, for the explanation."""
    found = object_verb(words, k, n)
    if found is None:
        return words[k - 1].low if k > 0 else ""
    index = found[0]
    if ends_non_finite(words, index + 1):
        return words[clause_end(words, index + 1) - 1].text  # "habe ... gesehen"
    return words[index].text


def case_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "mit der Zug" → "mit dem Zug", "Ich brauche ein Termin" → "einen Termin": the gender
    fits, but the article has no reading in the case the preposition or verb demands."""
    phrase = article_phrase(seg, k)
    if phrase is None:
        return None
    words, article, noun, n = seg.words, phrase.article, phrase.noun, phrase.noun_index
    fitting = noun.all_genders() & article.genders()
    if "sg" not in noun.numbers or len(fitting) != 1:
        return None
    noun = NounInfo(next(iter(fitting)), noun.numbers, noun.plural_cases)
    if any(("pl", case) in article.readings for case in noun.plural_cases):
        return None  # "mit die Lehrer": one teacher (dem Lehrer) or several (den Lehrern)?
    coordinated = None
    required = preposition_case(words, k) or object_slot_case(words, k, n)
    if required is None:
        required = coordinated = coordinated_case(words, k, n)
    if required is None or any((noun.gender, case) in article.readings for case in required):
        return None
    options = {rebuild_phrase(article, noun.gender, c, words, phrase.adjective) for c in required}
    if len(options) != 1 or None in options:
        return None
    rebuilt = options.pop()
    assert rebuilt is not None
    case = _CASE_NAME[next(iter(required))]
    original = span_text(text, words[k], words[n])
    corrected = f"{match_case(words[k].text, rebuilt)} {words[n].text}"
    governor = _governor(words, k, n) if preposition_case(words, k) is None else words[k - 1].low
    if coordinated is not None:
        explanation = (
            f"Joined by '{words[k - 1].low}', it is in the same case as the phrase before it, "
            f"the {case}: '{corrected}'."
        )
        topic = "dative-case" if case == "dative" else "accusative-case"
    elif governor in data.TWO_WAY_PREPOSITIONS:
        explanation = f"'{governor}' takes the dative for a place (wo?): '{governor} {corrected}'."
        topic = "two-way-prepositions"
    elif governor in PREPOSITIONS:
        explanation = f"'{governor}' takes the {case}: '{governor} {corrected}'."
        topic = f"prepositions-with-{case}"
    else:
        explanation = f"The object of '{governor}' is in the {case}: '{corrected}'."
        topic = "accusative-case" if case == "accusative" else "verbs-with-dative"
    return make_correction("case", original, corrected, explanation, topic)
