"""verb_conjugation: agreement of the finite verb with a pronoun, a coordinated or a noun
subject ("ich geht", "Kann du", "Mein Bruder spielen")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from core.tutor.checker import data
from core.tutor.checker.articles import ARTICLES, adjective_stem, noun_info
from core.tutor.checker.clauses import clause_kind, clause_start, later_verb
from core.tutor.checker.noun_phrases import subject_phrase
from core.tutor.checker.spelling import noun_spelling_variants
from core.tutor.checker.tokens import Segment, Token, make_correction, match_case, span_text
from core.tutor.checker.verbs import (
    Persons,
    VerbForm,
    agrees,
    is_finite,
    non_finite_capable,
    pronoun_persons,
    verb_lexicon,
    verb_readings,
)
from core.tutor.checker.word_order import fronted_length
from core.tutor.schemas import Correction


def _topic_for_verb(lemma: str, tense: str) -> str:
    if tense == "past":
        return "praeteritum-sein-haben-modals"
    if tense == "subjunctive":
        return "konjunktiv-ii-present"
    if lemma in ("sein", "haben"):
        return "sein-and-haben"
    if lemma in data.MODALS:
        return "modal-verbs-present"
    if lemma in data.STEM_CHANGES or lemma in ("werden", "wissen"):
        return "present-tense-stem-changing-verbs"
    return "present-tense-regular-verbs"


def _target_person(pronoun: Token) -> int:
    """The person to conjugate for: lowercase sie is taken as "she" (the explanation names
    the plural too), a capitalised Sie inside a sentence as the polite "you"."""
    if pronoun.low == "sie":
        return 5 if pronoun.text == "Sie" else 2
    return min(data.SUBJECT_PRONOUNS[pronoun.low])


def _conjugated(forms: Sequence[VerbForm], person: int) -> tuple[str, VerbForm] | None:
    """The form for `person`, when every checked reading of the verb agrees on it."""
    targets = {
        (verb_lexicon().paradigms[(form.lemma, form.tense)][person], form)
        for form in forms
        if form.checked
    }
    words = {word for word, _ in targets}
    if len(words) != 1:
        return None
    word = words.pop()
    return word, next(form for candidate, form in targets if candidate == word)


def _plural_possible(words: Sequence[Token], start: int, j: int) -> bool:
    """Could the capitalised word at j head a plural noun phrase? Not after a singular
    determiner ("ein Auto", "jeden Tag"), nor a noun german-nouns knows only as a singular."""
    before = j - 1
    declined = before >= start and adjective_stem(words[before].low) is not None
    if declined and words[before].low not in data.SINGULAR_DETERMINERS:
        before -= 1
    if before >= start and words[before].low in data.SINGULAR_DETERMINERS:
        return False
    if words[j].text in data.LANGUAGE_NOUNS:
        return False  # "Ihr lernen Deutsch"
    noun = noun_info(words[j].text)
    return noun is None or "pl" in noun.numbers


def _plural_subject_later(words: Sequence[Token], start: int) -> bool:
    """For "ihr" + plural verb: could a plural subject follow ("Ihr gefallen die Schuhe")?"""
    starters = {"die", "meine", "deine", "seine", "ihre", "unsere", "eure", "keine", "diese"}
    starters |= {"alle", "viele", "beide", "einige", "manche", "sie", "zwei", "drei", "vier"}
    for j in range(start, len(words)):
        word = words[j]
        after_preposition = j > start and words[j - 1].low in data.PHRASE_PREPOSITIONS
        if (word.low in starters or word.text.isdigit()) and not after_preposition:
            return True
        if word.capitalised and not _plural_possible(words, start, j):
            continue
        if word.capitalised:
            context = {w.low for w in words[max(start, j - 2) : j]}
            if not context & (data.PHRASE_PREPOSITIONS | {"nach", "um"}):
                return True
    return False


def _conjugation_fix(
    text: str, seg: Segment, pronoun_index: int, verb_index: int
) -> Correction | None:
    words = seg.words
    pronoun, verb = words[pronoun_index], words[verb_index]
    forms = verb_readings(verb, verb_index == clause_start(words))
    if pronoun.text == "Sie" and seg.sentence_start and pronoun_index == clause_start(words):
        return None  # "Sie bist": she or the polite you? The intent is unclear.
    person = _target_person(pronoun)
    result = _conjugated(forms, person)
    if result is None:
        return None
    new_verb, form = result
    new_verb = match_case(verb.text, new_verb)
    first, last = sorted((pronoun_index, verb_index))
    original = span_text(text, words[first], words[last])
    if verb_index < pronoun_index:
        corrected = new_verb + original[len(verb.text) :]
    else:
        corrected = original[: len(original) - len(verb.text)] + new_verb
    label = pronoun.low if pronoun.low != "sie" else pronoun.text
    explanation = f"With '{label}' the verb form is '{new_verb}', not '{verb.text}'."
    if pronoun.low == "sie" and person == 2:
        plural = verb_lexicon().paradigms[(form.lemma, form.tense)][5]
        explanation += f" (For 'they' or polite 'Sie' it is '{plural}'.)"
    return make_correction(
        "verb_conjugation",
        original,
        corrected,
        explanation,
        _topic_for_verb(form.lemma, form.tense),
    )


def _straight_subject(text: str, seg: Segment, i: int) -> Correction | None:
    """Pronoun at the start of a clause, verb right after it: "ich geht", "du gehen"."""
    words = seg.words
    kind = clause_kind(words, i)
    if kind is None or i + 1 >= len(words):
        return None
    pronoun, verb = words[i], words[i + 1]
    persons = data.SUBJECT_PRONOUNS[pronoun.low]
    forms = verb_readings(verb) if verb.low not in data.NOT_VERBS else ()
    if not forms or not any(form.checked for form in forms) or agrees(persons, forms):
        return None
    if _skip_straight(words, i, forms, kind):
        return None
    return _conjugation_fix(text, seg, i, i + 1)


def _skip_straight(words: Sequence[Token], i: int, forms: Sequence[VerbForm], kind: str) -> bool:
    pronoun, verb = words[i], words[i + 1]
    low = pronoun.low
    after = words[i + 2] if i + 2 < len(words) else None
    all_persons = frozenset().union(*(form.persons for form in forms))
    if after is not None:
        # "Sie liebe ich": the pronoun is a fronted object and the subject follows.
        after_persons = pronoun_persons(after)
        if after_persons is not None and agrees(after_persons, forms):
            return True
        if after.capitalised and verb.low in data.DETERMINER_LIKE_FORMS:
            return True  # "Du meine Güte", "Du liebe Zeit"
    if any(form.lemma in data.DATIVE_EXPERIENCER_VERBS for form in forms) and low in (
        "ich",
        "du",
        "wir",
        "ihr",
    ):
        return True  # "ich gefällt" wants "mir gefällt", not "ich gefalle"
    if any(form.e_form for form in forms) and 2 in data.SUBJECT_PRONOUNS[low]:
        return True  # Konjunktiv I: "er habe", "es gebe", "man nehme"
    if low == "es" and (5 in all_persons or any(form.lemma == "sein" for form in forms)):
        return True  # "Es sind viele Leute da", "Es bin ich"
    if low == "ihr" and _skip_ihr(words, i, all_persons):
        return True
    if kind == "coord" and words[i - 1].low in ("und", "oder") and all_persons & {3, 5}:
        return True  # "Meine Schwester und ich gehen": a plural subject
    if non_finite_capable(verb.low) and (kind != "main" or low not in data.NOMINATIVE_ONLY):
        # "dass ich kommen kann", "weil er besucht wurde": not the finite verb.
        return kind == "sub" or later_verb(words, i + 2)
    return False


def _skip_ihr(words: Sequence[Token], i: int, persons: Persons) -> bool:
    """ "ihr" is also the dative "to her": "Ihr gefällt das", "Ihr gefallen die Schuhe"."""
    if 2 in persons:
        return True
    if 5 in persons:
        return _plural_subject_later(words, i + 2) or later_verb(words, i + 2)
    later = {word.low for word in words[i + 2 :]}
    return bool(later & {"ich", "du"})


def _fronted_before(words: Sequence[Token], verb_index: int) -> bool:
    """Is the verb at the start of its clause, or right after one fronted word or phrase?"""
    start = clause_start(words)
    if verb_index == start:
        return True
    if verb_index <= start:
        return False
    first = words[start].low
    if verb_index == start + 1:
        return (
            first in data.FRONT_ADVERBS
            or first in data.QUESTION_WORDS
            or (first in data.FRONT_OBJECTS)
        )
    if verb_index == start + 2 and first == "wie":
        return words[start + 1].low in data.WIE_PHRASE_SECOND
    return fronted_length(words, start) == verb_index - start


def _inverted_subject(text: str, seg: Segment, i: int) -> Correction | None:
    """Verb right before a nominative pronoun in a question or after a fronted word."""
    words = seg.words
    if i == 0 or words[i].low not in data.NOMINATIVE_ONLY:
        return None
    verb_index = i - 1
    verb = words[verb_index]
    if verb.low == "sein":
        return None  # "Sein Bruder ...", "Kann sein ..."
    forms = verb_readings(verb, verb_index == clause_start(words))
    if not forms or not any(form.checked for form in forms) or verb.low in data.NOT_VERBS:
        return None
    persons = data.SUBJECT_PRONOUNS[words[i].low]
    if agrees(persons, forms) or not _fronted_before(words, verb_index):
        return None
    if i + 1 < len(words) and is_finite(words[i + 1]):
        # "Ich weiß du kommst": the pronoun may belong to the next verb, unless that is the
        # infinitive of a modal ("Was möchte du trinken?").
        dependent = words[i + 1].low in verb_lexicon().infinitives and any(
            form.lemma in data.MODALS | {"werden"} for form in forms
        )
        if not dependent or agrees(persons, verb_readings(words[i + 1])):
            return None
    if any(form.e_form for form in forms):
        if 2 in persons:
            return None  # Konjunktiv I
        if words[i].low == "du" and not seg.question:
            return None  # "Warte du mal!" is an imperative
    if any(form.lemma in data.DATIVE_EXPERIENCER_VERBS for form in forms):
        return None
    return _conjugation_fix(text, seg, i, verb_index)


def _compound_subject(text: str, seg: Segment, i: int) -> Correction | None:
    """ "Meine Freundin und ich geht" → "gehen": a noun or name and ich is wir (and du is
    ihr), when the pair opens the clause and the verb follows straight after."""
    words = seg.words
    start = clause_start(words)
    pronoun = words[i]
    if pronoun.low not in ("ich", "du") or i + 1 >= len(words) or i - 2 < start:
        return None
    if words[i - 1].low != "und" or not words[i - 2].capitalised:
        return None
    head = i - 2 - start
    if head > 1 or (head == 1 and words[start].low not in ARTICLES):
        return None
    if words[i - 2].low in data.SUBJECT_PRONOUNS:
        return None
    verb = words[i + 1]
    forms = verb_readings(verb)
    person = 3 if pronoun.low == "ich" else 4
    if not forms or any(person in form.persons for form in forms):
        return None
    result = _conjugated(forms, person)
    if result is None:
        return None
    new_verb, form = result
    subject = span_text(text, words[start], pronoun)
    plural = "wir" if person == 3 else "ihr"
    return make_correction(
        "verb_conjugation",
        span_text(text, pronoun, verb),
        f"{pronoun.text} {new_verb}",
        f"'{subject}' is '{plural}', so the verb is '{new_verb}'.",
        _topic_for_verb(form.lemma, form.tense),
    )


def conjugation_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    for i, word in enumerate(seg.words):
        if word.low not in data.SUBJECT_PRONOUNS:
            continue
        found = (
            _straight_subject(text, seg, i)
            or _inverted_subject(text, seg, i)
            or _compound_subject(text, seg, i)
        )
        if found is not None:
            yield found


def noun_subject_agreement(text: str, seg: Segment, k: int) -> Correction | None:
    """ "Mein Bruder spielen" → "spielt", "Die Kinder spielt" → "spielen": the verb agrees
    with a noun subject whose article and noun decide the number."""
    found = subject_phrase(seg, k)
    if found is None:
        return None
    phrase, j, persons = found
    noun, article = phrase.noun, phrase.article
    singular = "nom" in noun.singular_cases and any(
        (gender, "nom") in article.readings for gender in noun.all_genders()
    )
    plural = "nom" in noun.plural_cases and ("pl", "nom") in article.readings
    if singular == plural:
        return None
    person = 2 if singular else 5
    words = seg.words
    if person in persons:
        return None
    if plural and any(
        (variant_noun := noun_info(variant)) is not None and "sg" in variant_noun.numbers
        for variant in noun_spelling_variants(words[phrase.noun_index].text)
    ):
        return None  # "Die Strasse ist": a misspelled singular (Straße), not a plural
    result = _conjugated(verb_readings(words[j]), person)
    if result is None:
        return None
    new_verb, form = result
    original = span_text(text, words[k], words[j])
    corrected = original[: len(original) - len(words[j].text)] + new_verb
    number = "singular" if singular else "plural"
    explanation = (
        f"The subject '{span_text(text, words[k], words[j - 1])}' is {number}: '{new_verb}'."
    )
    return make_correction(
        "verb_conjugation",
        original,
        corrected,
        explanation,
        _topic_for_verb(form.lemma, form.tense),
    )
