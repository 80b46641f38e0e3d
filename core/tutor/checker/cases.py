"""Which case the context of a noun phrase allows: a preposition, the object slot of a verb,
a coordinated phrase, a subject position, a time phrase."""

from __future__ import annotations

from collections.abc import Sequence

from core.tutor.checker import data
from core.tutor.checker.articles import ARTICLES, PREPOSITIONS, Article, noun_phrase
from core.tutor.checker.clauses import clause_end, clause_start
from core.tutor.checker.tokens import Segment, Token
from core.tutor.checker.verbs import (
    is_finite,
    looks_like_participle,
    verb_at,
    verb_lexicon,
    verb_readings,
)


def ends_non_finite(words: Sequence[Token], start: int) -> bool:
    end = clause_end(words, start)
    if end <= start:
        return False
    last = words[end - 1].low
    return last in verb_lexicon().infinitives or looks_like_participle(last)


def _subject_before(words: Sequence[Token], index: int) -> bool:
    return index >= 0 and words[index].low in data.SUBJECT_PRONOUNS


def _ends_with_prefix(words: Sequence[Token], start: int) -> bool:
    end = clause_end(words, start)
    return end > start and words[end - 1].low in data.SEPARABLE_PREFIXES


def _second_phrase(words: Sequence[Token], n: int) -> bool:
    """Another noun phrase (not in a prepositional phrase) after the noun at n in its clause:
    a possible double object ("Ich kaufe dem Kind ein Eis")."""
    for j in range(n + 1, clause_end(words, n + 1)):
        word, prev = words[j], words[j - 1].low
        if prev in PREPOSITIONS or prev in data.CONTRACTED_PREPOSITIONS:
            continue
        if word.low in ARTICLES or (word.capitalised and prev not in ARTICLES):
            return True
    return False


def _governing_lemmas(words: Sequence[Token], index: int) -> set[str]:
    """Lemmas of the verb that governs the objects of the clause whose finite verb is at
    index: the participle or infinitive at the end after haben/modals/werden."""
    lemmas = {form.lemma for form in verb_readings(words[index], index == clause_start(words))}
    auxiliaries = {"haben", "werden"} | data.MODALS
    if not lemmas & auxiliaries or not ends_non_finite(words, index + 1):
        return lemmas
    last = words[clause_end(words, index + 1) - 1].low
    lex = verb_lexicon()
    if last in lex.participles:
        return set(lex.participles[last])
    return {last} if last in lex.infinitives else set()


def _verb_case(
    words: Sequence[Token], index: int, n: int, dative_taken: bool = False
) -> frozenset[str] | None:
    """The case the verb at index gives its object, the noun phrase ending at n;
    dative_taken: a dative pronoun stands before it ("Ich gebe dir ...")."""
    lemmas = _governing_lemmas(words, index)
    if not lemmas or lemmas & data.SAY_THINK_VERBS:
        return None
    clause = words[index + 1 : clause_end(words, index + 1)]
    if any(word.low in data.DATIVE_ADJECTIVES for word in clause):
        return None  # "Du siehst deiner Schwester ähnlich"
    if _ends_with_prefix(words, index + 1) or _second_phrase(words, n):
        return None  # "Ich höre dem Mann zu", "Ich kaufe dem Kind ein Eis"
    if lemmas <= data.DATIVE_OBJECT_VERBS:
        return None if dative_taken else frozenset({"dat"})
    accusative = data.ACCUSATIVE_VERBS | (data.DITRANSITIVE_VERBS if dative_taken else set())
    return frozenset({"acc"}) if lemmas <= accusative else None


def object_verb(words: Sequence[Token], k: int, n: int) -> tuple[int, bool] | None:
    """(index of the verb whose object the noun phrase k..n is, whether a dative pronoun
    comes first): "ich habe (gern) ...", "hast du ...", "ich gebe dir ...", "es gibt"."""
    dative_taken = False
    while k > 0 and k > n - 4:
        low = words[k - 1].low
        if low in data.DATIVE_PRONOUNS:
            dative_taken = True
        elif low not in data.MIDFIELD_ADVERBS:
            break
        k -= 1
    prev = words[k - 1].low if k > 0 else ""
    before = words[k - 2].low if k > 1 else ""
    if (prev, before) in (("gibt", "es"), ("es", "gibt")):
        return (k - 1 if prev == "gibt" else k - 2), dative_taken
    if k >= 2 and _subject_before(words, k - 2) and verb_readings(words[k - 1]):
        return k - 1, dative_taken
    if k >= 2 and prev in data.NOMINATIVE_ONLY:
        return k - 2, dative_taken
    return None


def object_slot_case(words: Sequence[Token], k: int, n: int) -> frozenset[str] | None:
    """The case a verb gives the noun phrase k..n when it is clearly its object."""
    found = object_verb(words, k, n)
    if found is None:
        return None
    index, dative_taken = found
    if words[index].low == "gibt":
        return None if _second_phrase(words, n) else frozenset({"acc"})
    return _verb_case(words, index, n, dative_taken)


def _subject_position(words: Sequence[Token], k: int, n: int) -> bool:
    """Is the noun phrase k..n the subject at the start of a main clause ("Das Hund bellt")?"""
    if k != clause_start(words) or n + 1 >= len(words):
        return False
    for j in range(n + 1, clause_end(words, n + 1)):
        if verb_at(words, j):
            after = words[j + 1].low if j + 1 < len(words) else ""
            return after not in data.SUBJECT_PRONOUNS  # "Den Hund sehe ich": an object
    following = words[n + 1]
    low = following.low
    if following.capitalised or low in PREPOSITIONS or low in data.CONTRACTED_PREPOSITIONS:
        return False
    if low in ARTICLES or low in data.SUBJECT_PRONOUNS or low in data.QUESTION_WORDS:
        return False
    after = words[n + 2].low if n + 2 < len(words) else ""
    return after not in data.SUBJECT_PRONOUNS


def _location_clause(words: Sequence[Token], k: int) -> bool:
    """Is the finite verb before k one of place (wohnen, liegen...), with nothing that could
    make the phrase a direction ("in den Tag hinein", a separable prefix at the end)?"""
    start = 0
    for j in range(k):
        if words[j].low in data.COORDINATORS or words[j].low in data.SUBORDINATORS:
            start = j + 1
    end = clause_end(words, k)
    clause = words[start:end]
    if any(word.low in ("hinein", "rein", "herein", "hin", "her") for word in clause):
        return False
    if _ends_with_prefix(words, k) or ends_non_finite(words, k):
        return False
    return any(
        form.lemma in data.LOCATION_VERBS
        for j in range(start, k)
        for form in verb_readings(words[j], j == clause_start(words))
    )


def preposition_case(words: Sequence[Token], k: int) -> frozenset[str] | None:
    """The case a fixed-case preposition right before k governs, when it is one for sure."""
    if k == 0:
        return None
    prev = words[k - 1].low
    if prev == "für" and k >= 2 and words[k - 2].low == "was":
        return None  # "Was für ein Zufall!"
    if prev in data.ACCUSATIVE_PREPOSITIONS and prev != "um":
        return frozenset({"acc"})
    if prev in data.TWO_WAY_PREPOSITIONS and prev != "über" and _location_clause(words, k):
        return frozenset({"dat"})  # "Ich wohne in einem Haus": where, not where to
    if prev not in data.DATIVE_PREPOSITIONS or prev == "gegenüber":
        return None
    if k >= 2:
        before = words[k - 2]
        if prev == "nach" and before.capitalised:
            return None  # "meiner Meinung nach"
        lemmas = {form.lemma for form in verb_readings(before, k - 2 == clause_start(words))}
        lemmas -= data.MOTION_VERBS  # "Ich fahre mit dem Zug" is a prepositional phrase
        if any(f"{prev}|{lemma}" in data.SEPARABLE for lemma in lemmas):
            return None  # "Ich nehme mit die Jacke": a separable verb, not a preposition
    return frozenset({"dat"})


def coordinated_case(words: Sequence[Token], k: int, n: int) -> frozenset[str] | None:
    """ "Ich nehme einen Kuchen und eine Kaffee": after "und"/"oder", the case of the article
    phrase before it, when a preposition or verb decides that one for sure; not when a verb
    follows ("Ich sehe den Mann und der Mann sieht mich" starts a new clause)."""
    if k < 3 or words[k - 1].low not in ("und", "oder") or not words[k - 2].capitalised:
        return None
    if any(verb_at(words, j) for j in range(n + 1, clause_end(words, n + 1))):
        return None
    for start in (k - 3, k - 4):
        if start >= 0 and words[start].low in ARTICLES:
            located = noun_phrase(words, start)
            if located is None or located[1] != k - 2:
                continue
            fixed = preposition_case(words, start) or object_slot_case(words, start, k - 2)
            return fixed
    return None


def context_cases(words: Sequence[Token], k: int, n: int) -> tuple[frozenset[str] | None, bool]:
    """Cases the position allows (None: unknown), and whether that decides it for sure
    (a fixed-case preposition, or the object of a verb with a pronoun subject)."""
    fixed = preposition_case(words, k)
    if fixed is not None:
        return fixed, True
    prev = words[k - 1].low if k > 0 else ""
    if prev in data.TWO_WAY_PREPOSITIONS:
        return frozenset({"acc", "dat"}), False
    if prev in PREPOSITIONS or prev in data.CONTRACTED_PREPOSITIONS:
        return frozenset(), False
    object_case = object_slot_case(words, k, n)
    if object_case is not None:
        return object_case, True
    coordinated = coordinated_case(words, k, n)
    if coordinated is not None:
        return coordinated, True
    if prev in data.COPULA_FORMS and not ends_non_finite(words, k):
        return frozenset({"nom"}), False
    if _subject_position(words, k, n):
        return frozenset({"nom"}), False
    return None, False


def _dative_possible(words: Sequence[Token], n: int) -> bool:
    """A dative verb in the clause, or a second noun phrase after this one (double object)."""
    for j, word in enumerate(words):
        if any(form.lemma in data.DATIVE_VERBS for form in verb_readings(word, j == 0)):
            return True
    return _ends_with_prefix(words, n + 1) or _second_phrase(words, n)


def _time_phrase(words: Sequence[Token], k: int, n: int, article: Article) -> bool:
    """dies-/jed- + a time noun opening a clause whose verb has a pronoun subject after it
    ("Dieses Woche habe ich", "Jeden Tag gehe ich"): an accusative of time."""
    if article.family != "strong" or k != clause_start(words) or n + 2 >= len(words):
        return False
    verb, subject = words[n + 1], words[n + 2]
    return (
        words[n].text in data.TIME_NOUNS
        and is_finite(verb)
        and subject.low in data.SUBJECT_PRONOUNS
    )


def candidate_cases(words: Sequence[Token], k: int, n: int, article: Article) -> frozenset[str]:
    """The cases to rebuild the article in: the context's, else the learner's own."""
    context, decisive = context_cases(words, k, n)
    if decisive and context is not None:
        return context
    if _time_phrase(words, k, n, article):
        return frozenset({"acc"})  # "Diese Woche habe ich ...": a time adverbial
    cases = set(article.cases)
    if context is not None:
        if "acc" in cases and context == {"acc", "dat"}:
            return frozenset()  # "in die Park": direction or place? The learner's case is a guess.
        return frozenset(cases & context)
    if _dative_possible(words, n):
        cases.add("dat")
    if len(cases) > 1 and not (k > 0 and words[k - 1].capitalised):
        cases.discard("gen")
    return frozenset(cases)


def pronoun_reading_possible(seg: Segment, k: int, noun: Token) -> bool:
    """der/die/das can be relative or demonstrative pronouns before a bare noun:
    "die Frau, die Kaffee trinkt", "Macht das Spaß?", "weil das Zeit kostet"."""
    words = seg.words
    ends_in_verb = is_finite(words[-1])
    if k == 0:
        return not seg.sentence_start and ends_in_verb
    prev = words[k - 1]
    low = prev.low
    if low in data.SUBORDINATORS or low in data.QUESTION_WORDS or low in data.SAY_THINK_FORMS:
        return True
    pronoun_like = {"jemand", "jemanden", "niemand", "niemanden", "einer", "keiner", "alle"}
    if low in pronoun_like | {"etwas", "nichts", "alles", "jeder", "das", "dies", "es"}:
        return True
    if is_finite(prev, k - 1 == 0):
        if low in data.COPULA_FORMS:
            # "Ist das Kaffee?"; "Ist die Ärztin?" (colloquial "is she ...")
            return words[k].low == "das" or k - 1 == clause_start(words)
        return not _subject_before(words, k - 2)
    if prev.capitalised and k - 1 > 0:
        return ends_in_verb
    if low in PREPOSITIONS and ends_in_verb:
        # "der Mann, mit dem Kinder spielen": a preposition opening a relative clause
        if k == 1 and not seg.sentence_start:
            return True
        if k >= 2 and words[k - 2].capitalised and k - 2 > 0:
            return True
    return noun.text in data.BARE_NOUNS
