"""verb_position: V2 after a fronted phrase ("Morgen ich gehe", "Ich morgen gehe") and the
finite verb at the end after weil/dass/wenn... ("weil ich habe keine Zeit")."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from core.tutor.checker import data
from core.tutor.checker.articles import ARTICLES, adjective_stem
from core.tutor.checker.clauses import clause_end, clause_start
from core.tutor.checker.tokens import Segment, Token, is_number, make_correction, span_text
from core.tutor.checker.verbs import (
    agrees,
    is_finite,
    looks_like_participle,
    pronoun_persons,
    verb_at,
    verb_lexicon,
    verb_readings,
)
from core.tutor.schemas import Correction


def fronted_length(words: Sequence[Token], start: int) -> int:
    """Length of a fronted adverbial at `start`: "Morgen", "Heute Abend", "Am Montag",
    "Letzte Woche", "Nach der Arbeit", "Um 8 Uhr", "In Berlin"; 0 when there is none."""
    n = len(words)
    if start >= n:
        return 0
    first = words[start].low
    if first in data.FRONT_ADVERBS:
        if start + 1 < n and words[start + 1].low in data.TIME_SECOND_WORDS:
            return 2
        return 1
    if first in data.TIME_DETERMINERS and start + 1 < n and words[start + 1].capitalised:
        return 2
    if first == "um" and start + 1 < n and is_number(words[start + 1]):
        if start + 2 < n and words[start + 2].text == "Uhr":
            return 3
        return 2
    if first not in data.PHRASE_PREPOSITIONS:
        return 0
    j = start + 1
    if j < n and (words[j].low in ARTICLES or is_number(words[j])):
        j += 1
    if j < n and not words[j].capitalised and adjective_stem(words[j].low) is not None:
        j += 1
    noun = words[j] if j < n else None
    if noun is None or not noun.capitalised or noun.low in data.SUBJECT_PRONOUNS:
        return 0
    return 0 if noun.text in data.GREETING_NOUNS else j + 1 - start


def _v2_after_fronted(text: str, seg: Segment) -> Correction | None:
    """ "Morgen ich gehe ins Kino" → "Morgen gehe ich"."""
    words = seg.words
    start = clause_start(words)
    if start < len(words) and words[start].low in ("und", "aber", "oder", "denn"):
        start += 1
    length = fronted_length(words, start)
    if not length or start + length + 1 >= len(words):
        return None
    pronoun, verb = words[start + length], words[start + length + 1]
    persons = pronoun_persons(pronoun)
    if persons is None:
        return None
    if pronoun.low == "es":
        persons |= {5}  # "Heute sind es viele"
    forms = verb_readings(verb)
    if not forms or not agrees(persons, forms, loose=True):
        return None
    fronted = span_text(text, words[start], words[start + length - 1])
    original = span_text(text, words[start], verb)
    corrected = f"{fronted} {verb.text} {pronoun.text}"
    return make_correction(
        "verb_position",
        original,
        corrected,
        "In a main clause the verb comes second: after a fronted phrase like "
        f"'{fronted}' the verb comes before the subject.",
        "main-clause-word-order-v2",
    )


def _v2_after_subject(text: str, seg: Segment) -> Correction | None:
    """ "Ich morgen gehe ins Kino" → "Ich gehe morgen"."""
    if not seg.sentence_start:
        return None
    words = seg.words
    start = clause_start(words)
    if start + 2 >= len(words) or words[start].low not in data.SUBJECT_PRONOUNS:
        return None
    if words[start + 1].low not in data.FRONT_ADVERBS:
        return None
    length = fronted_length(words, start + 1)
    verb_index = start + 1 + length
    if verb_index >= len(words):
        return None
    pronoun, verb = words[start], words[verb_index]
    forms = verb_readings(verb)
    if not forms or not agrees(data.SUBJECT_PRONOUNS[pronoun.low], forms, loose=True):
        return None
    adverb = span_text(text, words[start + 1], words[verb_index - 1])
    original = span_text(text, pronoun, verb)
    return make_correction(
        "verb_position",
        original,
        f"{pronoun.text} {verb.text} {adverb}",
        "In a main clause the finite verb comes second, straight after the subject: "
        f"'{pronoun.text} {verb.text} {adverb}'.",
        "main-clause-word-order-v2",
    )


def _verb_final(text: str, seg: Segment) -> Iterator[Correction]:
    """ "weil ich habe keine Zeit" → "weil ich keine Zeit habe"."""
    words = seg.words
    for j, conjunction in enumerate(words):
        if conjunction.low not in data.VERB_FINAL_SUBORDINATORS or j + 3 >= len(words):
            continue
        found = _rebuild_verb_final(text, words, j)
        if found is not None:
            yield found


def _rebuild_verb_final(text: str, words: Sequence[Token], j: int) -> Correction | None:
    conjunction, pronoun, verb = words[j], words[j + 1], words[j + 2]
    persons = pronoun_persons(pronoun)
    forms = verb_readings(verb)
    if persons is None or not forms or not agrees(persons, forms, loose=True):
        return None
    end = clause_end(words, j + 3)
    rest = list(words[j + 3 : end])
    if end != len(words) or not rest or len(rest) > 8:
        return None
    lex = verb_lexicon()
    blocked = data.NOMINATIVE_ONLY | {"um", "als", "wie"}
    if any(word.low in blocked for word in rest):
        return None  # another clause, "um ... zu" or a comparison that may stay outside
    if any(a.low == "zu" and b.low in lex.infinitives for a, b in itertools.pairwise(rest)):
        return None  # "weil ich habe keine Lust zu arbeiten": the zu-infinitive may follow
    last = rest[-1]
    if any(verb_at(words, m) for m in range(j + 3, end - 1)):
        return None
    if is_finite(last) and not (last.low in lex.infinitives or looks_like_participle(last.low)):
        return None
    lemmas = {form.lemma for form in forms}
    new_verb = verb.text
    if any(f"{last.low}|{lemma}" in data.SEPARABLE for lemma in lemmas):
        new_verb = last.low + verb.low  # "weil ich rufe dich an" → "weil ich dich anrufe"
        rest = rest[:-1]
    elif last.low in data.PARTICLES:
        return None  # a separable verb this checker does not know
    ersatz = len(rest) >= 2 and rest[-1].low in data.ERSATZ_INFINITIVES
    if lemmas & {"haben", "werden"} and ersatz and rest[-2].low in lex.infinitives:
        return None  # "weil ich habe arbeiten müssen" is correct
    original = span_text(text, conjunction, words[end - 1])
    middle = [span_text(text, rest[0], rest[-1])] if rest else []
    corrected = " ".join([conjunction.text, pronoun.text, *middle, new_verb])
    return make_correction(
        "verb_position",
        original,
        corrected,
        f"After '{conjunction.low}' the finite verb goes to the end of the clause.",
        "subordinate-clauses-weil-dass-wenn" if new_verb == verb.text else "separable-verbs",
    )


def position_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    for found in (_v2_after_fronted(text, seg), _v2_after_subject(text, seg)):
        if found is not None:
            yield found
    yield from _verb_final(text, seg)
