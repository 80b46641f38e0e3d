"""The checker's verb lexicon: every known finite form with its lemma, tense and persons, and
the participles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from core.tutor.checker import data
from core.tutor.checker.tokens import Token

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
def verb_lexicon() -> VerbLexicon:
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
def verb_words() -> frozenset[str]:
    """Every verb form the checker knows, with participles."""
    lex = verb_lexicon()
    return frozenset(set(lex.forms) | lex.infinitives | lex.participle_like | set(lex.participles))


def verb_readings(token: Token, first: bool = False) -> tuple[VerbForm, ...]:
    """Verb readings of a token; a capitalised word inside a clause is a noun ("das Essen")."""
    if token.capitalised and not first:
        return ()
    return verb_lexicon().forms.get(token.low, ())


def is_finite(token: Token, first: bool = False) -> bool:
    return bool(verb_readings(token, first))


def verb_at(words: Sequence[Token], j: int) -> bool:
    """A verb form that is not a determiner before a noun ("sein Auto", "meine Frau")."""
    if words[j].low in data.DETERMINER_LIKE_FORMS:
        return j + 1 >= len(words) or not words[j + 1].capitalised
    return is_finite(words[j])


def non_finite_capable(word: str) -> bool:
    lex = verb_lexicon()
    return word in lex.infinitives or word in lex.participle_like


def looks_like_participle(word: str) -> bool:
    return (
        word in data.SEIN_ONLY_PARTICIPLES
        or word in data.HABEN_ONLY_PERSONAL
        or word in verb_lexicon().participle_like
        or re.fullmatch(r"[a-zäöü]{0,9}ge[a-zäöüß]{2,}(?:t|en)", word) is not None
    )


def pronoun_persons(token: Token) -> Persons | None:
    return data.SUBJECT_PRONOUNS.get(token.low)


def agrees(persons: Persons, forms: Sequence[VerbForm], loose: bool = False) -> bool:
    """Some reading of the verb fits the subject; loose also accepts Konjunktiv I (er habe)."""
    for form in forms:
        if form.persons & persons:
            return True
        if loose and form.e_form and 2 in persons:
            return True
    return False
