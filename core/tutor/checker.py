"""Rule-based corrections of a learner's chat message: the offline tutor's grammar checker.

Deterministic, no network, precision first: a rule only fires on a pattern that is wrong in
every reading of the sentence, and only when it can rebuild the span correctly; when in doubt it
says nothing. Chat leniency: a lowercase first word of a sentence and final punctuation are
never reported. After german-nouns is loaded (about 1.5 s, once) a message takes well under a
millisecond; the first call blocks, so call it from async code in a thread.

What it checks (``CHECKED_CATEGORIES``):

- ``gender_article``: an article (der, dies-, jed-, ein, kein, mein/dein/sein/unser/euer) before a
  capitalised noun when the article is impossible for every gender german-nouns gives the noun
  ("ein Katze", "das Hund"; "die Kaffee" fits neither der nor das), in every case and number
  ("der Katze" is a valid dative, "die Lehrer" a plural). The fix keeps the learner's case
  unless the context decides it, and is only given when exactly one article fits. At the start
  of a main clause, right before a singular verb with no other possible subject after it, the
  phrase is a nominative singular ("Der Lampe ist kaputt", "Die Computer funktioniert").
- ``case``: the gender fits but a fixed-case preposition (mit/zu/für...; in/an/auf after wohnen,
  liegen...) or the object slot of an accusative or dative verb demands a case the article
  cannot be ("mit der Zug", "Ich habe ein Hund", "Ich helfe meine Mutter"); the dative plural
  after a dative preposition with a number or a plural determiner ("seit drei Jahre", "mit
  seine Kinder"); and adjective endings after an article that fits the noun, when every reading
  the sentence allows wants the same ending ("einen neuer Computer", "ein schöner Haus").
- ``verb_conjugation``: agreement of a present-tense verb (or the past/Konjunktiv II of sein,
  haben, werden and the modals) with a personal-pronoun subject right before it at the start of
  a clause, or right after it in a question or after a fronted word ("ich geht", "Kann du");
  "ihr" + plural verb when only singular noun phrases follow ("Ihr kaufen ein Auto"); a
  clause-initial noun subject whose article and noun fix the number ("Mein Bruder spielen",
  "Die Kinder spielt"); a noun or name and ich/du ("Meine Freundin und ich geht").
- ``verb_position``: a fronted time/place word or phrase followed by pronoun + verb ("Morgen ich
  gehe"), "Ich morgen gehe", and a finite verb right after the pronoun subject of a weil/dass/
  wenn/ob/obwohl... clause ("weil ich habe keine Zeit"; separable verbs are joined back).
- ``tense``: haben with participles that only take sein ("ich habe gegangen"), haben with
  fahren/fliegen/laufen/umziehen... when the clause has a direction and no possible object
  ("hat nach Berlin gefahren", not "hat das Auto in die Garage gefahren"), and sein with
  participles that cannot take it for that subject ("ich bin gegessen").
- ``spelling`` (core/tutor/checker_spelling.py): nouns written lowercase ("einen hund"), unless
  the word is also a common non-noun, and ß/ss and umlauts of known words ("gross", "mude"),
  with the exact change in the explanation.

Deliberately not flagged: case errors an article form allows in some reading, adjectival
declension nouns, noun subjects separated from their verb, "ihr" before a possible plural
subject and "Sie" at the start (dative "ihr", she or polite you), Konjunktiv I ("er habe" in
reported speech), southern "ich bin gesessen", words whose umlaut variant is also a word
("schon"/"schön", "mochte"/"möchte"), nominalised infinitives without a determiner ("das
essen": "Ich kann das essen"), indirect questions, and a main clause after a fronted
subordinate clause ("Wenn du Hunger hast, im Kühlschrank ist Pizza" is valid German).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from core.german import GENDER_NAMES
from core.lexicon import noun_lexicon
from core.tutor import checker_data as data
from core.tutor.checker_spelling import noun_spelling_variants, spelling_corrections
from core.tutor.schemas import Correction, ErrorCategory

__all__ = ["CHECKED_CATEGORIES", "find_corrections"]

CHECKED_CATEGORIES: tuple[ErrorCategory, ...] = (
    "gender_article",
    "case",
    "verb_conjugation",
    "verb_position",
    "tense",
    "spelling",
)
MAX_CORRECTIONS = 10
_MAX_SPAN = 200

# ---------------------------------------------------------------------------------------------
# Tokens, sentences and segments (clauses between punctuation marks)

_TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<num>\d+)"
    r"|(?P<stop>[.!?…]+|\n)"
    r"|(?P<mark>[,;:()\"„“”«»–—/\-])"
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Segment:
    words: tuple[Token, ...]
    sentence_start: bool  # the first segment of its sentence
    question: bool  # the sentence ends with "?"


def _segments(text: str) -> list[Segment]:
    segments: list[Segment] = []
    sentence: list[tuple[Token, ...]] = []
    current: list[Token] = []

    def close_segment() -> None:
        if current:
            sentence.append(tuple(current))
            current.clear()

    def close_sentence(question: bool) -> None:
        close_segment()
        for index, words in enumerate(sentence):
            segments.append(Segment(words, index == 0, question))
        sentence.clear()

    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        if kind in ("word", "num"):
            current.append(Token(match.group(), match.start(), match.end()))
        elif kind == "mark":
            close_segment()
        else:
            close_sentence("?" in match.group())
    close_sentence(False)
    return segments


# ---------------------------------------------------------------------------------------------
# Verbs: every known finite form with its lemma, tense and persons

Persons = frozenset[int]
Paradigm = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    tense: str  # "present", "past" or "subjunctive"
    persons: Persons
    checked: bool  # agreement is checked for this paradigm
    e_form: bool  # the -e form of ich, which is also the Konjunktiv I of er/sie/es


@dataclass(frozen=True)
class VerbLexicon:
    forms: dict[str, tuple[VerbForm, ...]]
    paradigms: dict[tuple[str, str], Paradigm]
    infinitives: frozenset[str]
    participle_like: frozenset[str]  # present forms that double as participles (besucht)
    participles: dict[str, frozenset[str]]  # participle → lemmas


_INSEPARABLE = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "über", "unter", "wider")


def _needs_e(stem: str) -> bool:
    """arbeit-est, öffn-est, atm-est, rechn-est; but lern-st, wohn-st, kenn-st."""
    if stem.endswith(("d", "t")):
        return True
    if len(stem) < 3 or stem[-1] not in "mn":
        return False
    before = stem[-2]
    if before == "h":
        return stem[-3] == "c"
    return before not in "aeiouäöülrmn"


def _regular_present(lemma: str) -> tuple[Paradigm, tuple[str, ...]]:
    """The six present forms and any variant ich-forms (sammle/sammele, ändere/ändre)."""
    if lemma.endswith(("eln", "ern")):
        stem = lemma[:-1]
        if lemma.endswith("eln"):
            ich, variants = stem[:-2] + "le", (stem + "e",)
        else:
            ich, variants = stem + "e", (stem[:-2] + "re",)
        return (ich, stem + "st", stem + "t", lemma, stem + "t", lemma), variants
    stem = lemma[:-2]
    if _needs_e(stem):
        du, er = stem + "est", stem + "et"
    elif stem.endswith(("s", "ß", "z", "x")):
        du, er = stem + "t", stem + "t"
    else:
        du, er = stem + "st", stem + "t"
    ihr = er
    if lemma in data.STEM_CHANGES:
        du, er = data.STEM_CHANGES[lemma]
    return (stem + "e", du, er, lemma, ihr, lemma), ()


def _past(preterite: str) -> Paradigm:
    if preterite.endswith("e"):
        p = preterite
        return (p, p + "st", p, p + "n", p + "t", p + "n")
    du = preterite + ("est" if preterite.endswith(("s", "ß", "z", "t", "d")) else "st")
    ihr = preterite + ("et" if preterite.endswith(("t", "d")) else "t")
    return (preterite, du, preterite, preterite + "en", ihr, preterite + "en")


def _verb_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for item in data.VERB_TABLE.split():
        lemma, preterites = item.split(":")
        table[lemma] = tuple(preterites.split("/"))
    return table


@cache
def _lexicon() -> VerbLexicon:
    readings: dict[str, dict[tuple[str, str], set[int]]] = {}
    checked: set[tuple[str, str]] = set()
    e_forms: set[tuple[str, str, str]] = set()
    paradigms: dict[tuple[str, str], Paradigm] = {}

    def add(lemma: str, tense: str, forms: Paradigm, check: bool, extra_ich: Sequence[str]) -> None:
        paradigms[(lemma, tense)] = forms
        if check:
            checked.add((lemma, tense))
        for person, form in enumerate(forms):
            readings.setdefault(form, {}).setdefault((lemma, tense), set()).add(person)
        for form in extra_ich:
            readings.setdefault(form, {}).setdefault((lemma, tense), set()).add(0)
        if tense == "present":
            for form in (forms[0], *extra_ich):
                if form.endswith("e"):
                    e_forms.add((form, lemma, tense))

    table = _verb_table()
    for lemma, preterites in table.items():
        present, variants = _regular_present(lemma)
        add(lemma, "present", present, True, variants)
        for preterite in preterites:
            add(lemma, "past", _past(preterite), False, ())
    for lemma, forms in data.IRREGULAR_PRESENT.items():
        add(lemma, "present", forms, True, ())
    for lemma, forms in data.IRREGULAR_PAST.items():
        add(lemma, "past", forms, True, ())
    for lemma, forms in data.IRREGULAR_SUBJUNCTIVE.items():
        add(lemma, "subjunctive", forms, True, ())

    # "ich sein müde": the infinitive of sein used as a finite verb is wrong for every person.
    readings.setdefault("sein", {}).setdefault(("sein", "present"), set())

    index: dict[str, tuple[VerbForm, ...]] = {}
    for form, by_verb in readings.items():
        index[form] = tuple(
            VerbForm(
                lemma,
                tense,
                frozenset(persons),
                (lemma, tense) in checked,
                (form, lemma, tense) in e_forms,
            )
            for (lemma, tense), persons in by_verb.items()
        )
    lemmas = set(table) | set(data.IRREGULAR_PRESENT)
    joined = {item.replace("|", "") for item in data.SEPARABLE}
    participle_like = {
        paradigms[(lemma, "present")][2]
        for lemma in table
        if lemma.startswith(_INSEPARABLE) or lemma.endswith("ieren")
    }
    participles = {
        participle: frozenset(verbs.split("/"))
        for participle, verbs in (item.split(":") for item in data.PARTICIPLE_TABLE.split())
    }
    return VerbLexicon(
        index, paradigms, frozenset(lemmas | joined), frozenset(participle_like), participles
    )


@cache
def _verb_words() -> frozenset[str]:
    """Every verb form the checker knows, with participles."""
    lex = _lexicon()
    return frozenset(set(lex.forms) | lex.infinitives | lex.participle_like | set(lex.participles))


def _forms(token: Token, first: bool = False) -> tuple[VerbForm, ...]:
    """Verb readings of a token; a capitalised word inside a clause is a noun ("das Essen")."""
    if token.capitalised and not first:
        return ()
    return _lexicon().forms.get(token.low, ())


def _is_finite(token: Token, first: bool = False) -> bool:
    return bool(_forms(token, first))


def _verb_at(words: Sequence[Token], j: int) -> bool:
    """A verb form that is not a determiner before a noun ("sein Auto", "meine Frau")."""
    if words[j].low in data.DETERMINER_LIKE_FORMS:
        return j + 1 >= len(words) or not words[j + 1].capitalised
    return _is_finite(words[j])


def _non_finite_capable(word: str) -> bool:
    lex = _lexicon()
    return word in lex.infinitives or word in lex.participle_like


def _looks_like_participle(word: str) -> bool:
    return (
        word in data.SEIN_ONLY_PARTICIPLES
        or word in data.HABEN_ONLY_PERSONAL
        or word in _lexicon().participle_like
        or re.fullmatch(r"[a-zäöü]{0,9}ge[a-zäöüß]{2,}(?:t|en)", word) is not None
    )


def _pronoun_persons(token: Token) -> Persons | None:
    return data.SUBJECT_PRONOUNS.get(token.low)


def _agrees(persons: Persons, forms: Sequence[VerbForm], loose: bool = False) -> bool:
    """Some reading of the verb fits the subject; loose also accepts Konjunktiv I (er habe)."""
    for form in forms:
        if form.persons & persons:
            return True
        if loose and form.e_form and 2 in persons:
            return True
    return False


def _match_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _span(text: str, first: Token, last: Token) -> str:
    return text[first.start : last.end]


def _correction(
    category: ErrorCategory, original: str, corrected: str, explanation: str, topic: str
) -> Correction | None:
    if not original or original == corrected or len(original) > _MAX_SPAN:
        return None
    if len(corrected) > _MAX_SPAN:
        return None
    return Correction(
        category=category,
        original=original,
        corrected=corrected,
        explanation=explanation[:300],
        topic_slug=topic,
    )


# ---------------------------------------------------------------------------------------------
# Clause structure helpers


def _clause_start(words: Sequence[Token]) -> int:
    """Index of the first word after opening discourse words ("ja", "hallo", "ok")."""
    index = 0
    while index < len(words) - 1 and words[index].low in data.DISCOURSE_WORDS:
        index += 1
    return index


def _clause_kind(words: Sequence[Token], i: int) -> str | None:
    """How word i opens a clause: "main", "sub" (after a subordinator), "coord" or None."""
    if i == _clause_start(words):
        return "main"
    previous = words[i - 1].low if i > 0 else ""
    if previous in data.SUBORDINATORS:
        return "sub"
    if previous in data.COORDINATORS:
        if i == 1:
            return "coord"  # ", aber du ..."
        # "ich und du gehen": a coordinator only opens a clause after a clause with a verb.
        before = words[: i - 1]
        if any(
            _is_finite(word, j == 0) and word.low not in data.DETERMINER_LIKE_FORMS
            for j, word in enumerate(before)
        ):
            return "coord"
    return None


def _clause_end(words: Sequence[Token], start: int) -> int:
    for j in range(start, len(words)):
        low = words[j].low
        if low in data.COORDINATORS or low in data.SUBORDINATORS:
            return j
    return len(words)


def _later_verb(words: Sequence[Token], start: int) -> bool:
    return any(_verb_at(words, j) for j in range(start, _clause_end(words, start)))


# ---------------------------------------------------------------------------------------------
# Rule 1: verb conjugation after a pronoun subject


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
        (_lexicon().paradigms[(form.lemma, form.tense)][person], form)
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
    declined = before >= start and _adjective_stem(words[before].low) is not None
    if declined and words[before].low not in data.SINGULAR_DETERMINERS:
        before -= 1
    if before >= start and words[before].low in data.SINGULAR_DETERMINERS:
        return False
    if words[j].text in data.LANGUAGE_NOUNS:
        return False  # "Ihr lernen Deutsch"
    noun = _noun(words[j].text)
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
    forms = _forms(verb, verb_index == _clause_start(words))
    if pronoun.text == "Sie" and seg.sentence_start and pronoun_index == _clause_start(words):
        return None  # "Sie bist": she or the polite you? The intent is unclear.
    person = _target_person(pronoun)
    result = _conjugated(forms, person)
    if result is None:
        return None
    new_verb, form = result
    new_verb = _match_case(verb.text, new_verb)
    first, last = sorted((pronoun_index, verb_index))
    original = _span(text, words[first], words[last])
    if verb_index < pronoun_index:
        corrected = new_verb + original[len(verb.text) :]
    else:
        corrected = original[: len(original) - len(verb.text)] + new_verb
    label = pronoun.low if pronoun.low != "sie" else pronoun.text
    explanation = f"With '{label}' the verb form is '{new_verb}', not '{verb.text}'."
    if pronoun.low == "sie" and person == 2:
        plural = _lexicon().paradigms[(form.lemma, form.tense)][5]
        explanation += f" (For 'they' or polite 'Sie' it is '{plural}'.)"
    return _correction(
        "verb_conjugation",
        original,
        corrected,
        explanation,
        _topic_for_verb(form.lemma, form.tense),
    )


def _straight_subject(text: str, seg: Segment, i: int) -> Correction | None:
    """Pronoun at the start of a clause, verb right after it: "ich geht", "du gehen"."""
    words = seg.words
    kind = _clause_kind(words, i)
    if kind is None or i + 1 >= len(words):
        return None
    pronoun, verb = words[i], words[i + 1]
    persons = data.SUBJECT_PRONOUNS[pronoun.low]
    forms = _forms(verb) if verb.low not in data.NOT_VERBS else ()
    if not forms or not any(form.checked for form in forms) or _agrees(persons, forms):
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
        after_persons = _pronoun_persons(after)
        if after_persons is not None and _agrees(after_persons, forms):
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
    if _non_finite_capable(verb.low) and (kind != "main" or low not in data.NOMINATIVE_ONLY):
        # "dass ich kommen kann", "weil er besucht wurde": not the finite verb.
        return kind == "sub" or _later_verb(words, i + 2)
    return False


def _skip_ihr(words: Sequence[Token], i: int, persons: Persons) -> bool:
    """ "ihr" is also the dative "to her": "Ihr gefällt das", "Ihr gefallen die Schuhe"."""
    if 2 in persons:
        return True
    if 5 in persons:
        return _plural_subject_later(words, i + 2) or _later_verb(words, i + 2)
    later = {word.low for word in words[i + 2 :]}
    return bool(later & {"ich", "du"})


def _fronted_before(words: Sequence[Token], verb_index: int) -> bool:
    """Is the verb at the start of its clause, or right after one fronted word or phrase?"""
    start = _clause_start(words)
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
    return _fronted_length(words, start) == verb_index - start


def _inverted_subject(text: str, seg: Segment, i: int) -> Correction | None:
    """Verb right before a nominative pronoun in a question or after a fronted word."""
    words = seg.words
    if i == 0 or words[i].low not in data.NOMINATIVE_ONLY:
        return None
    verb_index = i - 1
    verb = words[verb_index]
    if verb.low == "sein":
        return None  # "Sein Bruder ...", "Kann sein ..."
    forms = _forms(verb, verb_index == _clause_start(words))
    if not forms or not any(form.checked for form in forms) or verb.low in data.NOT_VERBS:
        return None
    persons = data.SUBJECT_PRONOUNS[words[i].low]
    if _agrees(persons, forms) or not _fronted_before(words, verb_index):
        return None
    if i + 1 < len(words) and _is_finite(words[i + 1]):
        # "Ich weiß du kommst": the pronoun may belong to the next verb, unless that is the
        # infinitive of a modal ("Was möchte du trinken?").
        dependent = words[i + 1].low in _lexicon().infinitives and any(
            form.lemma in data.MODALS | {"werden"} for form in forms
        )
        if not dependent or _agrees(persons, _forms(words[i + 1])):
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
    start = _clause_start(words)
    pronoun = words[i]
    if pronoun.low not in ("ich", "du") or i + 1 >= len(words) or i - 2 < start:
        return None
    if words[i - 1].low != "und" or not words[i - 2].capitalised:
        return None
    head = i - 2 - start
    if head > 1 or (head == 1 and words[start].low not in _ARTICLES):
        return None
    if words[i - 2].low in data.SUBJECT_PRONOUNS:
        return None
    verb = words[i + 1]
    forms = _forms(verb)
    person = 3 if pronoun.low == "ich" else 4
    if not forms or any(person in form.persons for form in forms):
        return None
    result = _conjugated(forms, person)
    if result is None:
        return None
    new_verb, form = result
    subject = _span(text, words[start], pronoun)
    plural = "wir" if person == 3 else "ihr"
    return _correction(
        "verb_conjugation",
        _span(text, pronoun, verb),
        f"{pronoun.text} {new_verb}",
        f"'{subject}' is '{plural}', so the verb is '{new_verb}'.",
        _topic_for_verb(form.lemma, form.tense),
    )


def _conjugation_corrections(text: str, seg: Segment) -> Iterator[Correction]:
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


# ---------------------------------------------------------------------------------------------
# Rule 2: verb position (V2 after a fronted phrase, verb-final after weil/dass/...)


def _is_number(word: Token) -> bool:
    numbers = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf"}
    return word.text.isdigit() or word.low in numbers | {"zwölf", "ein", "eine", "einem"}


def _fronted_length(words: Sequence[Token], start: int) -> int:
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
    if first == "um" and start + 1 < n and _is_number(words[start + 1]):
        if start + 2 < n and words[start + 2].text == "Uhr":
            return 3
        return 2
    if first not in data.PHRASE_PREPOSITIONS:
        return 0
    j = start + 1
    if j < n and (words[j].low in _ARTICLES or _is_number(words[j])):
        j += 1
    if j < n and not words[j].capitalised and _adjective_stem(words[j].low) is not None:
        j += 1
    noun = words[j] if j < n else None
    if noun is None or not noun.capitalised or noun.low in data.SUBJECT_PRONOUNS:
        return 0
    return 0 if noun.text in data.GREETING_NOUNS else j + 1 - start


def _v2_after_fronted(text: str, seg: Segment) -> Correction | None:
    """ "Morgen ich gehe ins Kino" → "Morgen gehe ich"."""
    words = seg.words
    start = _clause_start(words)
    if start < len(words) and words[start].low in ("und", "aber", "oder", "denn"):
        start += 1
    length = _fronted_length(words, start)
    if not length or start + length + 1 >= len(words):
        return None
    pronoun, verb = words[start + length], words[start + length + 1]
    persons = _pronoun_persons(pronoun)
    if persons is None:
        return None
    if pronoun.low == "es":
        persons |= {5}  # "Heute sind es viele"
    forms = _forms(verb)
    if not forms or not _agrees(persons, forms, loose=True):
        return None
    fronted = _span(text, words[start], words[start + length - 1])
    original = _span(text, words[start], verb)
    corrected = f"{fronted} {verb.text} {pronoun.text}"
    return _correction(
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
    start = _clause_start(words)
    if start + 2 >= len(words) or words[start].low not in data.SUBJECT_PRONOUNS:
        return None
    if words[start + 1].low not in data.FRONT_ADVERBS:
        return None
    length = _fronted_length(words, start + 1)
    verb_index = start + 1 + length
    if verb_index >= len(words):
        return None
    pronoun, verb = words[start], words[verb_index]
    forms = _forms(verb)
    if not forms or not _agrees(data.SUBJECT_PRONOUNS[pronoun.low], forms, loose=True):
        return None
    adverb = _span(text, words[start + 1], words[verb_index - 1])
    original = _span(text, pronoun, verb)
    return _correction(
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
    persons = _pronoun_persons(pronoun)
    forms = _forms(verb)
    if persons is None or not forms or not _agrees(persons, forms, loose=True):
        return None
    end = _clause_end(words, j + 3)
    rest = list(words[j + 3 : end])
    if end != len(words) or not rest or len(rest) > 8:
        return None
    lex = _lexicon()
    blocked = data.NOMINATIVE_ONLY | {"um", "als", "wie"}
    if any(word.low in blocked for word in rest):
        return None  # another clause, "um ... zu" or a comparison that may stay outside
    if any(a.low == "zu" and b.low in lex.infinitives for a, b in itertools.pairwise(rest)):
        return None  # "weil ich habe keine Lust zu arbeiten": the zu-infinitive may follow
    last = rest[-1]
    if any(_verb_at(words, m) for m in range(j + 3, end - 1)):
        return None
    if _is_finite(last) and not (last.low in lex.infinitives or _looks_like_participle(last.low)):
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
    original = _span(text, conjunction, words[end - 1])
    middle = [_span(text, rest[0], rest[-1])] if rest else []
    corrected = " ".join([conjunction.text, pronoun.text, *middle, new_verb])
    return _correction(
        "verb_position",
        original,
        corrected,
        f"After '{conjunction.low}' the finite verb goes to the end of the clause.",
        "subordinate-clauses-weil-dass-wenn" if new_verb == verb.text else "separable-verbs",
    )


def _position_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    for found in (_v2_after_fronted(text, seg), _v2_after_subject(text, seg)):
        if found is not None:
            yield found
    yield from _verb_final(text, seg)


# ---------------------------------------------------------------------------------------------
# Rule 3: haben or sein in the Perfekt


def _aux_maps() -> tuple[dict[str, str], dict[str, str]]:
    to_sein: dict[str, str] = {}
    for table in (data.IRREGULAR_PRESENT, data.IRREGULAR_PAST, data.IRREGULAR_SUBJUNCTIVE):
        for have, be in zip(table["haben"], table["sein"], strict=True):
            to_sein.setdefault(have, be)
    to_haben = {be: have for have, be in to_sein.items()}
    return to_sein, to_haben


_TO_SEIN, _TO_HABEN = _aux_maps()


def _participle_list(pronoun: str) -> frozenset[str]:
    if pronoun in ("ich", "du", "wir", "ihr"):
        return data.HABEN_ONLY_PERSONAL
    if pronoun == "es":
        return data.HABEN_ONLY_ES
    return data.HABEN_ONLY_THIRD_PERSON


def _haben_only(pronoun: str, participle: str, words: Sequence[Token], q: int, p: int) -> bool:
    """Is sein impossible here? With er/sie a state ("Der Brief? Er ist geschrieben.") is
    possible, unless an object stands between auxiliary and participle ("Er ist ein Buch
    gelesen")."""
    if participle in _participle_list(pronoun):
        return True
    if pronoun in ("er", "sie", "man") and participle in data.HABEN_ONLY_PERSONAL:
        middle = range(min(q, p) + 1, max(q, p))
        return any(
            words[j].low in _ARTICLES and words[j - 1].low not in _PREPOSITIONS for j in middle
        )
    return False


def _clause_ranges(words: Sequence[Token]) -> Iterator[tuple[int, int]]:
    start = 0
    for j, word in enumerate(words):
        if word.low in data.COORDINATORS or word.low in data.SUBORDINATORS:
            if j > start:
                yield start, j
            start = j + 1
    if start < len(words):
        yield start, len(words)


def _perfekt_aux(words: Sequence[Token], a: int, b: int, p: int) -> tuple[int, bool] | None:
    """(index of the auxiliary, whether it is an infinitive) for the participle at p."""
    if p == b - 1:
        for q in range(p - 1, a - 1, -1):
            if words[q].low in _TO_SEIN or words[q].low in _TO_HABEN:
                return q, False
        return None
    after = words[p + 1].low
    if after not in _TO_SEIN and after not in _TO_HABEN and after not in ("sein", "haben"):
        return None
    if p == b - 2:
        modal = any(
            form.lemma in data.MODALS | {"werden"} for word in words[a:p] for form in _forms(word)
        )
        return p + 1, after in ("sein", "haben") and (after == "sein" or modal)
    if p == b - 3 and after in ("sein", "haben"):
        return p + 1, True
    return None


def _subject_of(words: Sequence[Token], a: int, q: int) -> Token | None:
    """The pronoun subject of the auxiliary at q: next to it, or first in a verb-final clause."""
    for index in (q - 1, q + 1, a):
        if a <= index < len(words) and words[index].low in data.SUBJECT_PRONOUNS:
            return words[index]
    return None


def _tense_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    words = seg.words
    for a, b in _clause_ranges(words):
        for p in range(a + 1, b):
            found = _perfekt_fix(text, words, a, b, p)
            if found is not None:
                yield found


def _motion_participle(participle: str) -> bool:
    return participle.endswith(data.DIRECTION_PARTICIPLES) and _looks_like_participle(participle)


def _direction_without_object(words: Sequence[Token], a: int, b: int) -> bool:
    """The clause a..b has a direction phrase ("nach Italien", "in die Stadt", "nach Hause",
    "zum Arzt") and nothing that may be an accusative object ("das Auto", "mich", "ihren Sohn"):
    then fahren, fliegen, laufen take sein ("hat nach Berlin gefahren")."""
    direction = False
    for j in range(a, b):
        low, prev = words[j].low, words[j - 1].low if j > a else ""
        if low in data.OBJECT_PRONOUNS and j > a:
            return False
        following = words[j + 1] if j + 1 < b else None
        possessive = low in data.IHR_DETERMINERS and following is not None and following.capitalised
        determiner = low in _ARTICLES or possessive
        if determiner and prev not in _PREPOSITIONS | data.CONTRACTED_PREPOSITIONS:
            return False
        if following is None:
            continue
        direction = direction or _direction_start(low, following)
    return direction


def _direction_start(low: str, following: Token) -> bool:
    """ "nach Berlin", "nach Hause", "in die Stadt", "ins Kino", "zum Arzt"."""
    if low == "nach":
        return following.capitalised and following.low not in _ARTICLES
    if low in ("in", "an", "auf"):
        return following.low in ("den", "die", "das")
    return low in data.DIRECTION_CONTRACTIONS


def _perfekt_fix(text: str, words: Sequence[Token], a: int, b: int, p: int) -> Correction | None:
    participle = words[p].low
    motion = _motion_participle(participle) and _direction_without_object(words, a, b)
    to_sein = participle in data.SEIN_ONLY_PARTICIPLES or motion
    if not to_sein and participle not in data.HABEN_ONLY_PERSONAL | data.HABEN_ONLY_ES:
        return None
    located = _perfekt_aux(words, a, b, p)
    if located is None:
        return None
    q, infinitive = located
    aux = words[q]
    if to_sein:
        if aux.low == "haben":
            new = "sein" if infinitive else "sind"
        else:
            new = _TO_SEIN.get(aux.low, "")
    else:
        subject = _subject_of(words, a, q)
        if subject is None or not _haben_only(subject.low, participle, words, q, p):
            return None
        if aux.low == "sein":
            new = "haben"
        else:
            forms = _forms(aux, q == _clause_start(words))
            if not _agrees(data.SUBJECT_PRONOUNS[subject.low], forms):
                return None
            new = _TO_HABEN.get(aux.low, "")
    if not new:
        return None
    new = _match_case(aux.text, new)
    first, last = (aux, words[p]) if q < p else (words[p], aux)
    original = _span(text, first, last)
    offset = aux.start - first.start
    corrected = original[:offset] + new + original[offset + len(aux.text) :]
    if motion and participle not in data.SEIN_ONLY_PARTICIPLES:
        explanation = (
            f"'{words[p].text}' with a direction (where to?) takes sein: it is movement from A "
            "to B. haben is for an object: 'Ich habe das Auto gefahren'."
        )
        topic = "perfekt-with-sein"
    elif to_sein:
        explanation = f"'{words[p].text}' takes sein as its auxiliary, not haben."
        topic = "perfekt-with-sein"
    else:
        explanation = f"'{words[p].text}' takes haben as its auxiliary, not sein."
        topic = "perfekt-with-haben"
    return _correction("tense", original, corrected, explanation, topic)


# ---------------------------------------------------------------------------------------------
# Rule 4: article and noun gender

Reading = tuple[str, str]  # (gender m/f/n/pl, case nom/acc/dat/gen)
_DEFINITE: dict[str, frozenset[Reading]] = {
    "der": frozenset({("m", "nom"), ("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "die": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "das": frozenset({("n", "nom"), ("n", "acc")}),
    "den": frozenset({("m", "acc"), ("pl", "dat")}),
    "dem": frozenset({("m", "dat"), ("n", "dat")}),
    "des": frozenset({("m", "gen"), ("n", "gen")}),
}
_STRONG_ENDINGS: dict[str, frozenset[Reading]] = {
    "er": frozenset({("m", "nom"), ("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "e": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "es": frozenset({("n", "nom"), ("n", "acc"), ("m", "gen"), ("n", "gen")}),
    "en": frozenset({("m", "acc"), ("pl", "dat")}),
    "em": frozenset({("m", "dat"), ("n", "dat")}),
}
_EIN_ENDINGS: dict[str, frozenset[Reading]] = {
    "": frozenset({("m", "nom"), ("n", "nom"), ("n", "acc")}),
    "e": frozenset({("f", "nom"), ("f", "acc"), ("pl", "nom"), ("pl", "acc")}),
    "en": frozenset({("m", "acc"), ("pl", "dat")}),
    "em": frozenset({("m", "dat"), ("n", "dat")}),
    "er": frozenset({("f", "dat"), ("f", "gen"), ("pl", "gen")}),
    "es": frozenset({("m", "gen"), ("n", "gen")}),
}


@dataclass(frozen=True)
class Article:
    family: str  # "def", "strong" (dies-, jed-) or "ein" (ein, kein, possessives)
    stem: str
    readings: frozenset[Reading]

    @property
    def cases(self) -> frozenset[str]:
        return frozenset(case for _, case in self.readings)

    def genders(self) -> frozenset[str]:
        return frozenset(gender for gender, _ in self.readings)

    def form(self, gender: str, case: str) -> str:
        if self.family == "def":
            return next(f for f, rs in _DEFINITE.items() if (gender, case) in rs)
        endings = _STRONG_ENDINGS if self.family == "strong" else _EIN_ENDINGS
        ending = next(e for e, rs in endings.items() if (gender, case) in rs)
        if self.stem == "euer":
            return "euer" if not ending else "eur" + ending
        return self.stem + ending

    def adjective_ending(self, gender: str, case: str) -> str:
        """Weak endings after der-words, mixed endings after ein-words."""
        if gender == "pl" or case in ("dat", "gen"):
            return "en"
        if gender == "m" and case == "acc":
            return "en"
        if self.family != "ein":
            return "e"
        return {"m": "er", "f": "e", "n": "es"}[gender]

    @property
    def topic(self) -> str:
        if self.family == "def":
            return "nouns-gender-definite-article"
        if self.family == "strong":
            return "demonstratives-dieser-jeder-welcher"
        if self.stem in ("ein", "kein"):
            return "indefinite-article-and-kein"
        return "possessive-articles"


def _article_table() -> dict[str, Article]:
    table = {form: Article("def", form, readings) for form, readings in _DEFINITE.items()}
    for stem in ("dies", "jed"):
        for ending, readings in _STRONG_ENDINGS.items():
            if stem == "jed":
                readings = frozenset(r for r in readings if r[0] != "pl")
            table[stem + ending] = Article("strong", stem, readings)
    for stem in ("ein", "kein", "mein", "dein", "sein", "unser", "euer"):
        for ending, readings in _EIN_ENDINGS.items():
            if stem == "ein":
                readings = frozenset(r for r in readings if r[0] != "pl")
            if not readings:
                continue
            form = stem + ending
            if stem == "euer":
                form = "euer" if not ending else "eur" + ending
            table[form] = Article("ein", stem, readings)
    return table


_ARTICLES = _article_table()
_PREPOSITIONS = (
    data.ACCUSATIVE_PREPOSITIONS
    | data.DATIVE_PREPOSITIONS
    | data.TWO_WAY_PREPOSITIONS
    | data.GENITIVE_PREPOSITIONS
)


@dataclass(frozen=True)
class NounInfo:
    gender: str  # the first (standard) gender
    numbers: frozenset[str]
    plural_cases: frozenset[str]  # cases in which this form is a plural
    genders: tuple[str, ...] = ()  # every gender german-nouns gives ("der/das Kaffee")
    singular_cases: frozenset[str] = frozenset()  # cases in which this form is a singular

    def all_genders(self) -> frozenset[str]:
        return frozenset(self.genders or (self.gender,))


def _reading_genders(reading: dict[str, Any]) -> set[str]:
    keys = ("genus", "genus 1", "genus 2", "genus 3", "genus 4")
    return {str(reading[key]) for key in keys if reading.get(key)}


_FLEXION_CASES = {"nominativ": "nom", "akkusativ": "acc", "dativ": "dat", "genitiv": "gen"}
_NAME_TAGS = {"Eigenname", "Nachname", "Vorname", "Familienname", "Toponym"}


@lru_cache(maxsize=8192)
def _noun(word: str) -> NounInfo | None:
    """Gender(s) and numbers of a noun form; None when unknown or adjectival. A noun with
    several genders lists them all, in german-nouns' order (the standard one first)."""
    ordered_genders: list[str] = []
    singular_cases: set[str] = set()
    numbers: set[str] = set()
    plural_cases: set[str] = set()
    for reading in noun_lexicon()[word]:
        flexion: dict[str, str] = reading.get("flexion", {})
        slots = [col for col, form in flexion.items() if form == word and "*" not in col]
        if not slots:
            continue
        if "adjektivische Deklination" in reading.get("pos", []):
            return None
        slot_numbers = {"pl" if "plural" in col else "sg" for col in slots}
        plural_cases |= {_FLEXION_CASES[col.split()[0]] for col in slots if "plural" in col}
        found = _reading_genders(reading)
        if not found:
            if set(reading.get("pos", [])) & _NAME_TAGS:
                continue  # "Mutter" the surname
            if "sg" in slot_numbers:
                return None
            numbers |= slot_numbers
            continue
        if not found <= {"m", "f", "n"}:
            return None
        singular_cases |= {_FLEXION_CASES[col.split()[0]] for col in slots if "singular" in col}
        keys = ("genus", "genus 1", "genus 2", "genus 3", "genus 4")
        ordered = [str(reading[key]) for key in keys if reading.get(key)]
        ordered_genders.extend(ordered)
        numbers |= slot_numbers
    genders = tuple(dict.fromkeys(ordered_genders))
    if not genders:
        return None
    return NounInfo(
        genders[0], frozenset(numbers), frozenset(plural_cases), genders, frozenset(singular_cases)
    )


def _adjective_stem(word: str) -> str | None:
    """ "kleine" → "klein", "neuer" → "neu"; None for words that are not plainly declined
    adjectives (an -er ending only counts for adjectives the checker knows: "teuer" is not
    "teu" + er)."""
    if len(word) < 4 or word in data.NOT_ADJECTIVES or not word.isalpha() or not word.islower():
        return None
    if word in data.KNOWN_ADJECTIVES:
        return None  # undeclined
    for ending in ("em", "en", "es", "er", "e"):
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = word[: -len(ending)]
        if ending == "er" and stem not in data.KNOWN_ADJECTIVES:
            return None
        return None if stem.endswith("e") else stem
    return None


def _noun_phrase(words: Sequence[Token], k: int) -> tuple[int | None, int] | None:
    """(adjective index or None, noun index) for the article at k."""
    if k + 1 >= len(words):
        return None
    nxt = words[k + 1]
    if nxt.capitalised:
        return None, k + 1
    if k + 2 < len(words) and words[k + 2].capitalised and _adjective_stem(nxt.low):
        if _is_finite(nxt) or nxt.low in _lexicon().infinitives:
            return None
        return k + 1, k + 2
    return None


def _is_wrong(article: Article, noun: NounInfo) -> bool:
    """The article fits neither the noun's gender in the singular nor (if the form can be a
    plural) a plural reading in the same case: "das Hund", "den Wasser"; not "der Kinder"."""
    if "sg" not in noun.numbers or noun.all_genders() & article.genders():
        return False
    return not any(("pl", case) in article.readings for case in noun.plural_cases)


def _ends_non_finite(words: Sequence[Token], start: int) -> bool:
    end = _clause_end(words, start)
    if end <= start:
        return False
    last = words[end - 1].low
    return last in _lexicon().infinitives or _looks_like_participle(last)


def _subject_before(words: Sequence[Token], index: int) -> bool:
    return index >= 0 and words[index].low in data.SUBJECT_PRONOUNS


def _ends_with_prefix(words: Sequence[Token], start: int) -> bool:
    end = _clause_end(words, start)
    return end > start and words[end - 1].low in data.SEPARABLE_PREFIXES


def _second_phrase(words: Sequence[Token], n: int) -> bool:
    """Another noun phrase (not in a prepositional phrase) after the noun at n in its clause:
    a possible double object ("Ich kaufe dem Kind ein Eis")."""
    for j in range(n + 1, _clause_end(words, n + 1)):
        word, prev = words[j], words[j - 1].low
        if prev in _PREPOSITIONS or prev in data.CONTRACTED_PREPOSITIONS:
            continue
        if word.low in _ARTICLES or (word.capitalised and prev not in _ARTICLES):
            return True
    return False


def _governing_lemmas(words: Sequence[Token], index: int) -> set[str]:
    """Lemmas of the verb that governs the objects of the clause whose finite verb is at
    index: the participle or infinitive at the end after haben/modals/werden."""
    lemmas = {form.lemma for form in _forms(words[index], index == _clause_start(words))}
    auxiliaries = {"haben", "werden"} | data.MODALS
    if not lemmas & auxiliaries or not _ends_non_finite(words, index + 1):
        return lemmas
    last = words[_clause_end(words, index + 1) - 1].low
    lex = _lexicon()
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
    clause = words[index + 1 : _clause_end(words, index + 1)]
    if any(word.low in data.DATIVE_ADJECTIVES for word in clause):
        return None  # "Du siehst deiner Schwester ähnlich"
    if _ends_with_prefix(words, index + 1) or _second_phrase(words, n):
        return None  # "Ich höre dem Mann zu", "Ich kaufe dem Kind ein Eis"
    if lemmas <= data.DATIVE_OBJECT_VERBS:
        return None if dative_taken else frozenset({"dat"})
    accusative = data.ACCUSATIVE_VERBS | (data.DITRANSITIVE_VERBS if dative_taken else set())
    return frozenset({"acc"}) if lemmas <= accusative else None


def _object_verb(words: Sequence[Token], k: int, n: int) -> tuple[int, bool] | None:
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
    if k >= 2 and _subject_before(words, k - 2) and _forms(words[k - 1]):
        return k - 1, dative_taken
    if k >= 2 and prev in data.NOMINATIVE_ONLY:
        return k - 2, dative_taken
    return None


def _object_case(words: Sequence[Token], k: int, n: int) -> frozenset[str] | None:
    """The case a verb gives the noun phrase k..n when it is clearly its object."""
    found = _object_verb(words, k, n)
    if found is None:
        return None
    index, dative_taken = found
    if words[index].low == "gibt":
        return None if _second_phrase(words, n) else frozenset({"acc"})
    return _verb_case(words, index, n, dative_taken)


def _subject_position(words: Sequence[Token], k: int, n: int) -> bool:
    """Is the noun phrase k..n the subject at the start of a main clause ("Das Hund bellt")?"""
    if k != _clause_start(words) or n + 1 >= len(words):
        return False
    for j in range(n + 1, _clause_end(words, n + 1)):
        if _verb_at(words, j):
            after = words[j + 1].low if j + 1 < len(words) else ""
            return after not in data.SUBJECT_PRONOUNS  # "Den Hund sehe ich": an object
    following = words[n + 1]
    low = following.low
    if following.capitalised or low in _PREPOSITIONS or low in data.CONTRACTED_PREPOSITIONS:
        return False
    if low in _ARTICLES or low in data.SUBJECT_PRONOUNS or low in data.QUESTION_WORDS:
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
    end = _clause_end(words, k)
    clause = words[start:end]
    if any(word.low in ("hinein", "rein", "herein", "hin", "her") for word in clause):
        return False
    if _ends_with_prefix(words, k) or _ends_non_finite(words, k):
        return False
    return any(
        form.lemma in data.LOCATION_VERBS
        for j in range(start, k)
        for form in _forms(words[j], j == _clause_start(words))
    )


def _preposition_case(words: Sequence[Token], k: int) -> frozenset[str] | None:
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
        lemmas = {form.lemma for form in _forms(before, k - 2 == _clause_start(words))}
        lemmas -= data.MOTION_VERBS  # "Ich fahre mit dem Zug" is a prepositional phrase
        if any(f"{prev}|{lemma}" in data.SEPARABLE for lemma in lemmas):
            return None  # "Ich nehme mit die Jacke": a separable verb, not a preposition
    return frozenset({"dat"})


def _coordinated_case(words: Sequence[Token], k: int, n: int) -> frozenset[str] | None:
    """ "Ich nehme einen Kuchen und eine Kaffee": after "und"/"oder", the case of the article
    phrase before it, when a preposition or verb decides that one for sure; not when a verb
    follows ("Ich sehe den Mann und der Mann sieht mich" starts a new clause)."""
    if k < 3 or words[k - 1].low not in ("und", "oder") or not words[k - 2].capitalised:
        return None
    if any(_verb_at(words, j) for j in range(n + 1, _clause_end(words, n + 1))):
        return None
    for start in (k - 3, k - 4):
        if start >= 0 and words[start].low in _ARTICLES:
            located = _noun_phrase(words, start)
            if located is None or located[1] != k - 2:
                continue
            fixed = _preposition_case(words, start) or _object_case(words, start, k - 2)
            return fixed
    return None


def _context_cases(words: Sequence[Token], k: int, n: int) -> tuple[frozenset[str] | None, bool]:
    """Cases the position allows (None: unknown), and whether that decides it for sure
    (a fixed-case preposition, or the object of a verb with a pronoun subject)."""
    fixed = _preposition_case(words, k)
    if fixed is not None:
        return fixed, True
    prev = words[k - 1].low if k > 0 else ""
    if prev in data.TWO_WAY_PREPOSITIONS:
        return frozenset({"acc", "dat"}), False
    if prev in _PREPOSITIONS or prev in data.CONTRACTED_PREPOSITIONS:
        return frozenset(), False
    object_case = _object_case(words, k, n)
    if object_case is not None:
        return object_case, True
    coordinated = _coordinated_case(words, k, n)
    if coordinated is not None:
        return coordinated, True
    if prev in data.COPULA_FORMS and not _ends_non_finite(words, k):
        return frozenset({"nom"}), False
    if _subject_position(words, k, n):
        return frozenset({"nom"}), False
    return None, False


def _dative_possible(words: Sequence[Token], n: int) -> bool:
    """A dative verb in the clause, or a second noun phrase after this one (double object)."""
    for j, word in enumerate(words):
        if any(form.lemma in data.DATIVE_VERBS for form in _forms(word, j == 0)):
            return True
    return _ends_with_prefix(words, n + 1) or _second_phrase(words, n)


def _time_phrase(words: Sequence[Token], k: int, n: int, article: Article) -> bool:
    """dies-/jed- + a time noun opening a clause whose verb has a pronoun subject after it
    ("Dieses Woche habe ich", "Jeden Tag gehe ich"): an accusative of time."""
    if article.family != "strong" or k != _clause_start(words) or n + 2 >= len(words):
        return False
    verb, subject = words[n + 1], words[n + 2]
    return (
        words[n].text in data.TIME_NOUNS
        and _is_finite(verb)
        and subject.low in data.SUBJECT_PRONOUNS
    )


def _candidate_cases(words: Sequence[Token], k: int, n: int, article: Article) -> frozenset[str]:
    """The cases to rebuild the article in: the context's, else the learner's own."""
    context, decisive = _context_cases(words, k, n)
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


def _pronoun_reading_possible(seg: Segment, k: int, noun: Token) -> bool:
    """der/die/das can be relative or demonstrative pronouns before a bare noun:
    "die Frau, die Kaffee trinkt", "Macht das Spaß?", "weil das Zeit kostet"."""
    words = seg.words
    ends_in_verb = _is_finite(words[-1])
    if k == 0:
        return not seg.sentence_start and ends_in_verb
    prev = words[k - 1]
    low = prev.low
    if low in data.SUBORDINATORS or low in data.QUESTION_WORDS or low in data.SAY_THINK_FORMS:
        return True
    pronoun_like = {"jemand", "jemanden", "niemand", "niemanden", "einer", "keiner", "alle"}
    if low in pronoun_like | {"etwas", "nichts", "alles", "jeder", "das", "dies", "es"}:
        return True
    if _is_finite(prev, k - 1 == 0):
        if low in data.COPULA_FORMS:
            # "Ist das Kaffee?"; "Ist die Ärztin?" (colloquial "is she ...")
            return words[k].low == "das" or k - 1 == _clause_start(words)
        return not _subject_before(words, k - 2)
    if prev.capitalised and k - 1 > 0:
        return ends_in_verb
    if low in _PREPOSITIONS and ends_in_verb:
        # "der Mann, mit dem Kinder spielen": a preposition opening a relative clause
        if k == 1 and not seg.sentence_start:
            return True
        if k >= 2 and words[k - 2].capitalised and k - 2 > 0:
            return True
    return noun.text in data.BARE_NOUNS


@dataclass(frozen=True)
class ArticlePhrase:
    article: Article
    adjective: int | None  # index of a declined adjective between article and noun
    noun_index: int
    noun: NounInfo


def _article_phrase(seg: Segment, k: int) -> ArticlePhrase | None:
    """The article at k with its (adjective and) noun, when german-nouns knows the noun with
    one gender and nothing marks the phrase as something else."""
    words = seg.words
    article = _ARTICLES.get(words[k].low)
    located = _noun_phrase(words, k) if article is not None else None
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
    if article.family == "def" and _pronoun_reading_possible(seg, k, noun_token):
        return None
    noun = _noun(noun_token.text)
    return None if noun is None else ArticlePhrase(article, adjective, n, noun)


def _gender_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "ein Katze" → "eine Katze", "das Hund" → "der/den Hund" (whichever the context and
    the learner's own case allow; nothing when both remain possible)."""
    phrase = _article_phrase(seg, k)
    if phrase is None or not _is_wrong(phrase.article, phrase.noun):
        return None
    words, article, gender = seg.words, phrase.article, phrase.noun.gender
    cases = _candidate_cases(words, k, phrase.noun_index, article)
    if seg.sentence_start and k == 0 and phrase.noun_index == len(words) - 1:
        cases = frozenset({"nom"})  # "Eine Kaffee, bitte.": "Ein Kaffee" is the plain form
    options = {_rebuild_phrase(article, gender, case, words, phrase.adjective) for case in cases}
    options.discard(None)
    if len(options) != 1:
        return None
    rebuilt = options.pop()
    assert rebuilt is not None
    noun_text = words[phrase.noun_index].text
    original = _span(text, words[k], words[phrase.noun_index])
    corrected = f"{_match_case(words[k].text, rebuilt)} {noun_text}"
    explanation = (
        f"'{noun_text}' is {GENDER_NAMES[gender]} ({_DEFINITE_NOMINATIVE[gender]} {noun_text}), "
        f"so the article here is '{rebuilt.split()[0]}'."
    )
    return _correction("gender_article", original, corrected, explanation, article.topic)


_DEFINITE_NOMINATIVE = {"m": "der", "f": "die", "n": "das"}


def _adjective_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "einen neuer Computer" → "einen neuen Computer": the article fits the noun, and every
    reading it has with this noun wants the same adjective ending, which the learner missed."""
    phrase = _article_phrase(seg, k)
    if phrase is None or phrase.adjective is None:
        return None
    words, article, noun = seg.words, phrase.article, phrase.noun
    readings = set()
    if "sg" in noun.numbers:
        readings |= {(g, c) for g, c in article.readings if g in noun.all_genders()}
    readings |= {("pl", c) for c in noun.plural_cases if ("pl", c) in article.readings}
    context, _ = _context_cases(words, k, phrase.noun_index)
    if context:
        # "Das ist der neue Kollegin": a nominative, which "der" cannot be for Kollegin; the
        # article is wrong, not the adjective.
        readings = {(g, c) for g, c in readings if c in context}
    if not readings:
        return None
    endings = {article.adjective_ending(g, c) for g, c in readings}
    adjective = words[phrase.adjective]
    stem = _adjective_stem(adjective.low)
    if adjective.low in _ARTICLES or adjective.low in data.NOUN_DETERMINERS:
        return None  # "braucht jeder eine Versicherung": two determiners, no adjective
    if len(endings) != 1 or stem is None:
        return None
    ending = endings.pop()
    if adjective.low == stem + ending:
        return None
    noun_text = words[phrase.noun_index].text
    original = _span(text, words[k], words[phrase.noun_index])
    corrected = f"{words[k].text} {stem}{ending} {noun_text}"
    explanation = f"After '{words[k].low}' the adjective ending here is -{ending}: '{corrected}'."
    topic = (
        "adjective-endings-definite-article"
        if article.family != "ein"
        else "adjective-endings-indefinite-article"
    )
    return _correction("case", original, corrected, explanation, topic)


def _rebuild_phrase(
    article: Article, gender: str, case: str, words: Sequence[Token], adjective_index: int | None
) -> str | None:
    form = article.form(gender, case)
    if adjective_index is None:
        return form
    stem = _adjective_stem(words[adjective_index].low)
    if stem is None:
        return None
    return f"{form} {stem}{article.adjective_ending(gender, case)}"


def _verb_persons(words: Sequence[Token], j: int) -> frozenset[int]:
    if j >= len(words) or words[j].low in data.NOT_VERBS or words[j].capitalised:
        return frozenset()
    return frozenset().union(*(form.persons for form in _forms(words[j]) if form.checked))


def _another_subject(words: Sequence[Token], j: int, persons: frozenset[int]) -> bool:
    """After the finite verb at j: a word that may be the subject instead (a pronoun, an
    article that can be nominative, a bare noun), unless it cannot agree with the verb."""
    singular_verb = bool(persons & {2}) and not persons & {3, 5}
    plural_verb = bool(persons & {3, 5}) and 2 not in persons
    for m in range(j + 1, _clause_end(words, j + 1)):
        word, prev = words[m], words[m - 1].low
        if word.low in data.SUBJECT_PRONOUNS:
            return True
        if (
            prev in _PREPOSITIONS
            or prev in data.CONTRACTED_PREPOSITIONS
            or _is_number(words[m - 1])
        ):
            continue
        article = _ARTICLES.get(word.low)
        if article is not None and any(case == "nom" for _, case in article.readings):
            numbers = {"pl" if gender == "pl" else "sg" for gender, case in article.readings}
            if (singular_verb and "sg" in numbers) or (plural_verb and "pl" in numbers):
                return True
            continue
        if word.capitalised and prev not in _ARTICLES:
            noun = _noun(word.text)
            if noun is None:
                return True
            if (singular_verb and "sg" in noun.numbers) or (plural_verb and "pl" in noun.numbers):
                return True
    return False


def _subject_phrase(seg: Segment, k: int) -> tuple[ArticlePhrase, int, frozenset[int]] | None:
    """An article phrase at the start of a main clause followed straight by a finite verb,
    with nothing after the verb that may be the subject instead: (phrase, verb index, the
    verb's persons)."""
    words = seg.words
    if k != _clause_start(words) or words[k].low not in _ARTICLES:
        return None
    phrase = _article_phrase(seg, k)
    if phrase is None:
        return None
    j = phrase.noun_index + 1
    persons = _verb_persons(words, j)
    if not persons or _another_subject(words, j, persons):
        return None
    dative = any((gender, "dat") in phrase.article.readings for gender in phrase.noun.all_genders())
    lemmas = {form.lemma for form in _forms(words[j])}
    if dative and lemmas & (data.DATIVE_VERBS | data.DATIVE_EXPERIENCER_VERBS):
        return None  # "Der Frau gefällt ..."
    clause = words[j + 1 : _clause_end(words, j + 1)]
    if dative and any(word.low in data.DATIVE_STATE_WORDS for word in clause):
        return None  # "Der Frau ist kalt"
    return phrase, j, persons


def _subject_gender_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "Der Lampe ist kaputt" → "Die Lampe ist": before a singular verb the phrase is a
    nominative singular subject, which the article must fit for some gender of the noun."""
    found = _subject_phrase(seg, k)
    if found is None:
        return None
    phrase, j, persons = found
    if 2 not in persons or persons & {3, 5} or "nom" not in phrase.noun.singular_cases:
        return None  # "Unsere Nachbarn hat": not a nominative singular form
    genders = phrase.noun.all_genders()
    if any((gender, "nom") in phrase.article.readings for gender in genders):
        return None
    words, gender = seg.words, phrase.noun.gender
    rebuilt = _rebuild_phrase(phrase.article, gender, "nom", words, phrase.adjective)
    if rebuilt is None:
        return None
    noun_text = words[phrase.noun_index].text
    original = _span(text, words[k], words[j])
    corrected = f"{_match_case(words[k].text, rebuilt)} {noun_text} {words[j].text}"
    both = (
        "/".join(_DEFINITE_NOMINATIVE[g] for g in phrase.noun.genders) if len(genders) > 1 else ""
    )
    known = both or _DEFINITE_NOMINATIVE[gender]
    explanation = (
        f"'{noun_text}' is the subject here ({known} {noun_text}), "
        f"so the article is '{rebuilt.split()[0]}'."
    )
    return _correction("gender_article", original, corrected, explanation, phrase.article.topic)


def _noun_subject_agreement(text: str, seg: Segment, k: int) -> Correction | None:
    """ "Mein Bruder spielen" → "spielt", "Die Kinder spielt" → "spielen": the verb agrees
    with a noun subject whose article and noun decide the number."""
    found = _subject_phrase(seg, k)
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
        (variant_noun := _noun(variant)) is not None and "sg" in variant_noun.numbers
        for variant in noun_spelling_variants(words[phrase.noun_index].text)
    ):
        return None  # "Die Strasse ist": a misspelled singular (Straße), not a plural
    result = _conjugated(_forms(words[j]), person)
    if result is None:
        return None
    new_verb, form = result
    original = _span(text, words[k], words[j])
    corrected = original[: len(original) - len(words[j].text)] + new_verb
    number = "singular" if singular else "plural"
    explanation = f"The subject '{_span(text, words[k], words[j - 1])}' is {number}: '{new_verb}'."
    return _correction(
        "verb_conjugation",
        original,
        corrected,
        explanation,
        _topic_for_verb(form.lemma, form.tense),
    )


@lru_cache(maxsize=4096)
def _dative_plural(word: str) -> tuple[str, bool] | None:
    """(dative plural, whether `word` is a plural form) of a common noun form, when
    german-nouns gives exactly one; None for names and unknown words."""
    found: set[str] = set()
    plural_only = True
    for reading in noun_lexicon()[word]:
        if set(reading.get("pos", [])) & _NAME_TAGS:
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
    noun = _noun(word)
    return noun is not None and "dat" in noun.plural_cases and "f" not in noun.all_genders()


def _dative_plural_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "seit drei Jahre" → "seit drei Jahren", "mit seine Kinder" → "mit seinen Kindern":
    after a dative preposition a number or a plural determiner makes the noun a dative
    plural, which ends in -n (unless the plural ends in -s or -n already)."""
    words = seg.words
    if k == 0 or k + 1 >= len(words) or _preposition_case(words, k) != frozenset({"dat"}):
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
    original = _span(text, preposition, noun)
    corrected = f"{preposition.text} {new_first} {dative}"
    explanation = (
        f"'{preposition.low}' takes the dative, and the dative plural ends in -n: '{corrected}'."
    )
    return _correction("case", original, corrected, explanation, "prepositions-with-dative")


def _gender_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    for k in range(len(seg.words)):
        found = (
            _gender_fix(text, seg, k)
            or _subject_gender_fix(text, seg, k)
            or _case_fix(text, seg, k)
            or _adjective_fix(text, seg, k)
            or _noun_subject_agreement(text, seg, k)
            or _dative_plural_fix(text, seg, k)
        )
        if found is not None:
            yield found


# ---------------------------------------------------------------------------------------------
# Rule 5: the case a preposition or an accusative verb requires

_CASE_NAME = {"acc": "accusative", "dat": "dative"}


def _governor(words: Sequence[Token], k: int, n: int) -> str:
    """The word that decides the case of the phrase k..n, for the explanation."""
    found = _object_verb(words, k, n)
    if found is None:
        return words[k - 1].low if k > 0 else ""
    index = found[0]
    if _ends_non_finite(words, index + 1):
        return words[_clause_end(words, index + 1) - 1].text  # "habe ... gesehen"
    return words[index].text


def _case_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "mit der Zug" → "mit dem Zug", "Ich brauche ein Termin" → "einen Termin": the gender
    fits, but the article has no reading in the case the preposition or verb demands."""
    phrase = _article_phrase(seg, k)
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
    required = _preposition_case(words, k) or _object_case(words, k, n)
    if required is None:
        required = coordinated = _coordinated_case(words, k, n)
    if required is None or any((noun.gender, case) in article.readings for case in required):
        return None
    options = {_rebuild_phrase(article, noun.gender, c, words, phrase.adjective) for c in required}
    if len(options) != 1 or None in options:
        return None
    rebuilt = options.pop()
    assert rebuilt is not None
    case = _CASE_NAME[next(iter(required))]
    original = _span(text, words[k], words[n])
    corrected = f"{_match_case(words[k].text, rebuilt)} {words[n].text}"
    governor = _governor(words, k, n) if _preposition_case(words, k) is None else words[k - 1].low
    if coordinated is not None:
        explanation = (
            f"Joined by '{words[k - 1].low}', it is in the same case as the phrase before it, "
            f"the {case}: '{corrected}'."
        )
        topic = "dative-case" if case == "dative" else "accusative-case"
    elif governor in data.TWO_WAY_PREPOSITIONS:
        explanation = f"'{governor}' takes the dative for a place (wo?): '{governor} {corrected}'."
        topic = "two-way-prepositions"
    elif governor in _PREPOSITIONS:
        explanation = f"'{governor}' takes the {case}: '{governor} {corrected}'."
        topic = f"prepositions-with-{case}"
    else:
        explanation = f"The object of '{governor}' is in the {case}: '{corrected}'."
        topic = "accusative-case" if case == "accusative" else "verbs-with-dative"
    return _correction("case", original, corrected, explanation, topic)


# ---------------------------------------------------------------------------------------------


def find_corrections(text: str) -> list[Correction]:
    """Corrections of a learner's message, in text order, at most ten; [] when unsure.

    Nouns written lowercase are capitalised before the grammar rules run, so "ich habe ein
    katze" gets "ein katze" → "eine Katze" (one correction, with the capital) instead of a
    capital on a wrong article."""
    spelling = list(spelling_corrections(text, _verb_words()))
    capitalised = _capitalise_nouns(text, spelling)
    found: list[Correction] = []
    seen: set[tuple[str, str]] = set()
    for seg in _segments(capitalised):
        for rule in (
            _gender_corrections,
            _conjugation_corrections,
            _position_corrections,
            _tense_corrections,
        ):
            for correction in rule(capitalised, seg):
                correction = _as_written(text, capitalised, correction)
                key = (correction.original, correction.corrected)
                if key not in seen and correction.original in text:
                    seen.add(key)
                    found.append(correction)
    for correction in spelling:
        if not any(_covers(text, c.original, _changed_at(text, correction)) for c in found):
            found.append(correction)
    found.sort(key=lambda c: text.find(c.original))
    return found[:MAX_CORRECTIONS]


def _is_capitalisation(correction: Correction) -> bool:
    return correction.original != correction.corrected and (
        correction.original.lower() == correction.corrected.lower()
    )


def _capitalise_nouns(text: str, spelling: Sequence[Correction]) -> str:
    """The text with every noun the spelling rule found lowercase capitalised (same length)."""
    out = text
    for correction in spelling:
        if not _is_capitalisation(correction):
            continue
        index = out.find(correction.original)
        if index >= 0:
            out = out[:index] + correction.corrected + out[index + len(correction.corrected) :]
    return out


def _as_written(text: str, capitalised: str, correction: Correction) -> Correction:
    """A grammar correction found on the capitalised text, quoting the learner's own text."""
    if text == capitalised:
        return correction
    index = capitalised.find(correction.original)
    original = text[index : index + len(correction.original)] if index >= 0 else ""
    if not original or original == correction.original:
        return correction
    note = " German nouns also start with a capital letter."
    explanation = (correction.explanation + note)[:300]
    return correction.model_copy(update={"original": original, "explanation": explanation})


def _changed_at(text: str, correction: Correction) -> int:
    """Where in the text the correction changes its first character."""
    start = text.find(correction.original)
    pairs = zip(correction.original, correction.corrected, strict=False)
    offset = next((i for i, (a, b) in enumerate(pairs) if a != b), 0)
    return start + offset if start >= 0 else -1


def _covers(text: str, span: str, position: int) -> bool:
    start = text.find(span)
    return start >= 0 and start <= position < start + len(span)
