"""Correctness checks of the German learning content.

Every check takes a Catalog and returns human-readable problems (empty = fine), so the tests in
tests/seeds and `python -m seeds.checks` share them. The checks read nothing but lexical data:
the german-nouns and pyspellchecker packages and the two reviewed files in content/checks/.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.german import CefrLevel
from seeds.catalog import CONTENT_DIR, Catalog, load_catalog
from seeds.schemas import Exercise, VocabularyEntry, _same_tokens

CHECKS_DIR = CONTENT_DIR / "checks"
NOUN_EXCEPTIONS_FILE = CHECKS_DIR / "noun_exceptions.yaml"
SPELLING_ALLOWLIST_FILE = CHECKS_DIR / "spelling_allowlist.txt"
MAX_NOUN_EXCEPTION_SHARE = 0.02

INSEPARABLE_PREFIXES = ("be", "ge", "er", "ver", "zer", "ent", "emp", "miss")
# Prefixes that are inseparable (no ge-) when the verb declares no separable_prefix:
# übersetzen → übersetzt, unterschreiben → unterschrieben, wiederholen → wiederholt.
TWO_WAY_PREFIXES = ("durch", "hinter", "über", "um", "unter", "voll", "wider", "wieder")
# Verbs whose be-/er-/ent- is part of the root, not a prefix: beten → gebetet, ernten → geerntet.
FALSE_PREFIX_VERBS = frozenset({"beten", "bellen", "betteln", "erben", "ernten", "enden"})

# Verbs of motion or change of state whose Perfekt takes "sein" (alone or as "haben/sein").
# A verb is covered when its lemma (without "sich", last word of a multi-word lemma) is listed,
# or when the lemma minus its separable prefix is: ankommen, abfahren, einsteigen, aufwachsen.
# Compounds with inseparable prefixes are listed one by one (bekommen, gefallen take haben).
# fmt: off
SEIN_VERBS = frozenset(
    {
        # base verbs: their separable compounds take sein too (ankommen; a compound with an
        # accusative object needs "haben/sein": hat/ist umgefahren)
        "gehen", "kommen", "fahren", "fliegen", "laufen", "rennen", "reisen", "steigen",
        "fallen", "sterben", "werden", "sein", "bleiben", "passieren", "geschehen", "wachsen",
        "wandern", "schwimmen", "springen", "klettern", "kriechen", "reiten", "rudern",
        "segeln", "joggen", "radeln", "rutschen", "stürzen", "sinken", "fliehen", "flüchten",
        "eilen", "folgen", "begegnen", "gelingen", "misslingen", "scheitern", "landen",
        "platzen", "explodieren", "tauchen", "erfolgen", "altern",
        # compounds whose base verb alone takes haben, or with an inseparable prefix
        "aufstehen", "einschlafen", "aufwachen", "erwachen", "umziehen", "einziehen",
        "ausziehen", "wegziehen", "zurückkehren", "heimkehren", "umkehren", "eintreten",
        "austreten", "auftreten", "beitreten", "zurücktreten", "abbiegen", "einbiegen",
        "aufbrechen", "ausbrechen", "einbrechen", "zusammenstoßen", "auftauchen",
        "ausweichen", "abweichen",
        "verschwinden", "entstehen", "erscheinen", "vergehen", "verfallen", "entfallen",
        "zerfallen", "verunglücken", "ertrinken", "ersticken", "erkranken", "gelangen",
        "geraten", "verreisen", "entkommen", "erschrecken", "radfahren",
    }
)
# Verbs that take sein in some senses only (ist gezogen / hat den Wagen gezogen): "haben/sein"
# is right for them, "haben" too; their compounds are not covered (anziehen takes haben).
SOMETIMES_SEIN_VERBS = frozenset(
    {"ziehen", "frieren", "brechen", "treten", "stoßen", "schmelzen", "trocknen", "starten",
     "surfen"}
)
# fmt: on
CASE_NAMES = frozenset({"Nominativ", "Akkusativ", "Dativ", "Genitiv"})
FULL_SENTENCE_KINDS = frozenset({"word_order", "error_correction", "translation"})
GERMAN_PROMPT_KINDS = frozenset({"fill_blank", "multiple_choice"})


def _file(catalog: Catalog, kind: str, slug: str) -> str:
    path = catalog.source_of.get(f"{kind}:{slug}")
    return f"{path.parent.name}/{path.name}" if path else "?"


def _vocab_where(catalog: Catalog, entry: VocabularyEntry) -> str:
    return f"{_file(catalog, 'vocabulary', entry.slug)} {entry.slug}"


# --- nouns -----------------------------------------------------------------------------------


@cache
def _nouns() -> Any:
    from german_nouns.lookup import Nouns

    return Nouns()


def noun_readings(lemma: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(genders, nominative plurals) of each german-nouns reading whose lemma is `lemma`.

    A lookup also returns words that merely have `lemma` among their forms, and readings that
    carry neither gender nor plural (names, unparsed entries): both are left out. Genders sit
    in "genus" or "genus 1".."genus 4", plurals in "nominativ plural", "nominativ plural 1".."4"
    (and a few more "nominativ plural ..." columns). Plural-only nouns have no gender."""
    readings = []
    for record in _nouns()[lemma]:
        if record.get("lemma") != lemma:
            continue
        genders = frozenset(v for k, v in record.items() if k.startswith("genus"))
        plurals = frozenset(
            v for k, v in record["flexion"].items() if k.startswith("nominativ plural")
        )
        if genders or plurals:
            readings.append((genders, plurals))
    return readings


def _reading_matches(
    entry: VocabularyEntry, genders: frozenset[str], plurals: frozenset[str]
) -> bool:
    """Our gender is among the reading's and our plural among its plurals. Our "pl" matches a
    reading whose plurals include the lemma (Leute; Geschwister, also das Geschwister). A null
    plural matches whenever the gender does: uncountable use (Milch, Musik, Politik) cannot be
    told from Wiktionary, which lists rare plurals (Milchen, Musiken, Politiken)."""
    assert entry.noun is not None
    gender, plural = entry.noun.gender, entry.noun.plural
    if gender == "pl":
        return entry.lemma in plurals and (plural is None or plural in plurals)
    return gender in genders and (plural is None or plural in plurals)


def load_noun_exceptions(path: Path = NOUN_EXCEPTIONS_FILE) -> dict[str, str]:
    """slug → reason of the reviewed disagreements with german-nouns."""
    if not path.exists():
        return {}
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(item["slug"]): str(item.get("reason") or "").strip() for item in items}


def noun_problems(catalog: Catalog, exceptions: dict[str, str] | None = None) -> list[str]:
    """Gender and plural of every noun against german-nouns (Wiktionary), minus exceptions."""
    exceptions = load_noun_exceptions() if exceptions is None else exceptions
    problems: list[str] = []
    used: set[str] = set()
    nouns = [e for e in catalog.vocabulary if e.noun is not None]
    for entry in nouns:
        assert entry.noun is not None
        readings = noun_readings(entry.lemma)
        if not readings:
            continue  # german-nouns does not know it
        if any(_reading_matches(entry, g, p) for g, p in readings):
            continue
        if entry.slug in exceptions:
            used.add(entry.slug)
            continue
        known = "; ".join(
            f"{'/'.join(sorted(g)) or 'plural only'}, plural {', '.join(sorted(p)) or 'none'}"
            for g, p in readings
        )
        problems.append(
            f"{_vocab_where(catalog, entry)}: {entry.lemma} is {entry.noun.gender}, "
            f"plural {entry.noun.plural}; "
            f"german-nouns has: {known}"
        )
    slugs = {e.slug for e in nouns}
    for slug, reason in exceptions.items():
        if not reason:
            problems.append(f"noun exception {slug}: no reason given")
        if slug not in slugs:
            problems.append(f"noun exception {slug}: no such noun in the vocabulary")
        elif slug not in used:
            problems.append(f"noun exception {slug}: no longer needed (german-nouns agrees)")
    if len(exceptions) > MAX_NOUN_EXCEPTION_SHARE * len(nouns):
        problems.append(
            f"{len(exceptions)} noun exceptions exceed {MAX_NOUN_EXCEPTION_SHARE:.0%} "
            f"of {len(nouns)} nouns"
        )
    return problems


# --- verbs -----------------------------------------------------------------------------------


def _has_inseparable_prefix(verb: str) -> bool:
    return verb.startswith(INSEPARABLE_PREFIXES) and verb not in FALSE_PREFIX_VERBS


def _foreign_ieren(verb: str) -> bool:
    """studieren, telefonieren (no ge-); not frieren, schmieren, whose stem has no vowel."""
    return verb.endswith("ieren") and re.search(r"[aeiouäöü]", verb[: -len("ieren")]) is not None


def _takes_ge(verb: str) -> bool:
    return not (_has_inseparable_prefix(verb) or _foreign_ieren(verb))


def _has_direct_object(governs: str | None) -> bool:
    """'Akkusativ' or 'Dativ + Akkusativ' (not 'über + Akkusativ')."""
    return any(
        "Akkusativ" in parts and set(parts) <= CASE_NAMES
        for parts in ([p.strip() for p in part.split("+")] for part in (governs or "").split(";"))
    )


def takes_sein(lemma: str, separable_prefix: str | None) -> bool:
    """Whether the verb is in the motion / change-of-state set (see SEIN_VERBS)."""
    verb = lemma.removeprefix("sich ").split()[-1]
    if verb in SEIN_VERBS:
        return True
    return bool(separable_prefix) and verb.removeprefix(separable_prefix or "") in SEIN_VERBS


def verb_problems(catalog: Catalog) -> list[str]:
    """Prefixes, ge-, reflexive and auxiliary of every verb, checked against each other."""
    problems: list[str] = []
    for entry in catalog.vocabulary:
        v = entry.verb
        if v is None:
            continue
        found: list[str] = []
        verb_words = entry.lemma.removeprefix("sich ")
        verb = verb_words.split()[-1]
        prefix, p2 = v.separable_prefix, v.partizip2.split()[-1]
        if prefix:
            stem = verb.removeprefix(prefix)
            if not verb.startswith(prefix):
                found.append(f"lemma does not start with its separable prefix {prefix!r}")
            elif _takes_ge(stem) and not p2.startswith(prefix + "ge"):
                found.append(f"Partizip II {p2!r} should start with {prefix + 'ge'!r}")
            elif not _takes_ge(stem) and (
                not p2.startswith(prefix) or p2.startswith(prefix + "ge") != stem.startswith("ge")
            ):
                found.append(f"Partizip II {p2!r} should be {prefix!r} + a form without ge-")
            if not v.praeteritum.endswith(" " + prefix):
                found.append(f"Präteritum {v.praeteritum!r} should end in ' {prefix}'")
        else:
            if " " in v.praeteritum.removesuffix(" sich") and " " not in verb_words:
                found.append(f"Präteritum {v.praeteritum!r} has a separate part but no prefix")
            if _has_inseparable_prefix(verb) or verb.startswith(TWO_WAY_PREFIXES):
                if p2.startswith("ge") and not verb.startswith("ge"):
                    found.append(f"Partizip II {p2!r}: inseparable prefix, so no ge-")
            elif _foreign_ieren(verb):
                if p2.startswith("ge"):
                    found.append(f"Partizip II {p2!r}: -ieren verbs take no ge-")
            elif not p2.startswith("ge"):
                found.append(f"Partizip II {p2!r} should start with 'ge'")
        if entry.lemma.startswith("sich ") != v.reflexive:
            found.append(f"lemma {entry.lemma!r} and reflexive: {v.reflexive} disagree")
        auxiliaries = set(v.auxiliary.split("/"))
        if v.reflexive:
            if v.auxiliary != "haben":
                found.append(f"reflexive verbs take haben, not {v.auxiliary!r}")
        elif takes_sein(entry.lemma, prefix) and "sein" not in auxiliaries:
            found.append(f"verb of motion/change of state takes sein, not {v.auxiliary!r}")
        if _has_direct_object(v.governs) and "haben" not in auxiliaries:
            found.append(f"takes an accusative object ({v.governs}), so haben, not {v.auxiliary!r}")
        if (
            "sein" in auxiliaries
            and not takes_sein(entry.lemma, prefix)
            and verb not in SOMETIMES_SEIN_VERBS
        ):
            found.append(
                f"auxiliary {v.auxiliary!r}, but not a verb of motion/change of state "
                "(SEIN_VERBS in seeds/checks.py)"
            )
        problems.extend(f"{_vocab_where(catalog, entry)} ({entry.lemma}): {f}" for f in found)
    return problems


# --- exercises -------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _exercises(catalog: Catalog) -> Iterator[tuple[str, Exercise]]:
    for topic in catalog.grammar:
        for exercise in topic.exercises:
            yield f"{_file(catalog, 'grammar', topic.slug)} {exercise.slug}", exercise


def exercise_problems(catalog: Catalog) -> list[str]:
    """Accepted-answer rules of every exercise, and no exercise twice in the catalogue."""
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for where, ex in _exercises(catalog):
        found: list[str] = []
        if ex.answer not in ex.accepted_answers:
            found.append("answer is not among accepted_answers")
        if ex.kind == "multiple_choice":
            hits = [o for o in ex.options or [] if o in ex.accepted_answers]
            if len(hits) != 1:
                found.append(f"{len(hits)} options are accepted answers, not exactly one")
        if not ex.explanation.strip():
            found.append("empty explanation")
        if ex.kind == "word_order" and not any(
            _same_tokens(ex.tokens or [], a) for a in ex.accepted_answers
        ):
            found.append(f"tokens {ex.tokens} rebuild no accepted answer")
        if ex.kind == "fill_blank" and re.findall(r"_{3,}", ex.prompt) != ["___"]:
            found.append("fill_blank prompt needs exactly one ___")
        if ex.kind in FULL_SENTENCE_KINDS:
            found += [
                f"{a!r} does not end with . ! or ?"
                for a in ex.accepted_answers
                if not a.rstrip().endswith((".", "!", "?"))
            ]
        key = (ex.kind, _normalise(ex.prompt))
        if key in seen:
            found.append(f"same {ex.kind} prompt as {seen[key]}: {ex.prompt!r}")
        seen.setdefault(key, where)
        problems.extend(f"{where} ({ex.kind}): {f}" for f in found)
    return problems


# --- references ------------------------------------------------------------------------------


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle [a, b, ..., a] in the graph, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def reference_problems(catalog: Catalog) -> list[str]:
    """Slugs that scenarios and prerequisites name exist; no cycles; no duplicates."""
    problems: list[str] = []
    vocab = {e.slug for e in catalog.vocabulary}
    topics = {t.slug for t in catalog.grammar}
    for scenario in catalog.scenarios:
        where = f"{_file(catalog, 'scenario', scenario.slug)} {scenario.slug}"
        missing = [s for s in scenario.key_vocabulary if s not in vocab]
        problems += [f"{where}: key vocabulary {s!r} does not exist" for s in missing]
    for topic in catalog.grammar:
        where = f"{_file(catalog, 'grammar', topic.slug)} {topic.slug}"
        for slug in topic.prerequisites:
            if slug == topic.slug:
                problems.append(f"{where}: lists itself as a prerequisite")
            elif slug not in topics:
                problems.append(f"{where}: prerequisite {slug!r} does not exist")
    graph = {t.slug: [p for p in t.prerequisites if p != t.slug] for t in catalog.grammar}
    if cycle := _find_cycle(graph):
        problems.append(f"grammar prerequisites form a cycle: {' -> '.join(cycle)}")
    groups: list[tuple[str, Iterable[str]]] = [
        ("vocabulary", (e.slug for e in catalog.vocabulary)),
        ("grammar", (t.slug for t in catalog.grammar)),
        ("scenario", (s.slug for s in catalog.scenarios)),
        ("achievement", (a.slug for a in catalog.achievements)),
    ]
    for kind, slugs in groups:
        for slug, count in Counter(slugs).items():
            if count > 1:
                key = f"{kind}:{slug}"
                paths = [catalog.source_of.get(key), *catalog.also_in.get(key, [])]
                files = ", ".join(f"{p.parent.name}/{p.name}" for p in paths if p)
                problems.append(f"duplicate {kind} slug {slug!r} ({count}x: {files})")
    same_word: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for e in catalog.vocabulary:
        detail = (e.noun.gender, e.noun.plural) if e.noun else e.verb.model_dump() if e.verb else 0
        same_word[(e.lemma, e.pos, repr(detail))].append(_vocab_where(catalog, e))
    for (lemma, pos, _), places in same_word.items():
        if len(set(places)) > 1:
            problems.append(f"{pos} {lemma!r} has several entries: {'; '.join(places)}")
    return problems


# --- counts ----------------------------------------------------------------------------------


VOCABULARY_PER_LEVEL: dict[CefrLevel, int] = {"A1": 450, "A2": 450, "B1": 400}
GRAMMAR_TOPICS_PER_LEVEL: dict[CefrLevel, int] = {"A1": 10, "A2": 10, "B1": 10, "B2": 1, "C1": 1}


def count_problems(catalog: Catalog) -> list[str]:
    """The catalogue is as large and as broad as the product promises."""
    problems: list[str] = []

    def at_least(what: str, have: int, need: int) -> None:
        if have < need:
            problems.append(f"{what}: {have}, need at least {need}")

    words: dict[str, str] = {e.slug: e.level for e in catalog.vocabulary}
    word_levels = Counter(words.values())
    at_least("vocabulary entries", len(words), 1500)
    for level, need in VOCABULARY_PER_LEVEL.items():
        at_least(f"{level} vocabulary entries", word_levels[level], need)
    topics: dict[str, str] = {t.slug: t.level for t in catalog.grammar}
    topic_levels = Counter(topics.values())
    at_least("grammar topics", len(topics), 60)
    for level, need in GRAMMAR_TOPICS_PER_LEVEL.items():
        at_least(f"{level} grammar topics", topic_levels[level], need)
    at_least("B2+C1 grammar topics", topic_levels["B2"] + topic_levels["C1"], 10)
    exercises = [e for t in catalog.grammar for e in t.exercises]
    for topic in catalog.grammar:
        at_least(f"exercises of grammar topic {topic.slug}", len(topic.exercises), 8)
    at_least("exercises", len(exercises), 480)
    at_least("exercise kinds", len({e.kind for e in exercises}), 5)
    at_least("scenarios", len({s.slug for s in catalog.scenarios}), 15)
    for category in ("daily-life", "travel", "work", "bureaucracy"):
        at_least(f"{category} scenarios", sum(s.category == category for s in catalog.scenarios), 1)
    at_least("achievements", len({a.slug for a in catalog.achievements}), 31)
    for tier in ("bronze", "silver", "gold", "platinum"):
        at_least(f"{tier} achievements", sum(a.tier == tier for a in catalog.achievements), 1)
    return problems


# --- spelling --------------------------------------------------------------------------------


@cache
def _spellchecker() -> Any:
    from spellchecker import SpellChecker

    # A language dictionary is lower-case only: it lowercases every word it is asked about,
    # so capitalised nouns are found, and capitalisation itself is not checked.
    return SpellChecker(language="de")


def load_allowlist(path: Path = SPELLING_ALLOWLIST_FILE) -> set[str]:
    """Reviewed words the dictionary lacks, lower-cased; '# comment' after a word is allowed."""
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return {line.lower() for line in lines if line}


def german_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(German text, where it is) for every German sentence that should be spelled right."""
    for e in catalog.vocabulary:
        yield e.example_de, f"{_vocab_where(catalog, e)} example_de"
    for t in catalog.grammar:
        where = f"{_file(catalog, 'grammar', t.slug)}"
        yield from ((x.de, f"{where} examples[{i}]") for i, x in enumerate(t.examples))
        for i, m in enumerate(t.common_mistakes):
            yield m.right, f"{where} common_mistakes[{i}].right"
        for ex in t.exercises:
            for answer in dict.fromkeys([ex.answer, *ex.accepted_answers]):
                yield answer, f"{where} {ex.slug} answer"
            if ex.kind in GERMAN_PROMPT_KINDS:  # without hints in brackets: "___ (since)"
                yield re.sub(r"\([^)]*\)", " ", ex.prompt), f"{where} {ex.slug} prompt"
    for s in catalog.scenarios:
        where = f"{_file(catalog, 'scenario', s.slug)}"
        yield s.title_de, f"{where} title_de"
        yield s.opening_line, f"{where} opening_line"
        yield s.closing_line, f"{where} closing_line"
        for i, turn in enumerate(s.turns):
            yield turn.tutor, f"{where} turns[{i}].tutor"
            yield turn.example_answer, f"{where} turns[{i}].example_answer"


def words_of(text: str) -> list[str]:
    """Words to spell-check: tokens with digits and e-mail or web addresses are skipped;
    E-Mail and geht's stay whole."""
    return [
        word
        for chunk in text.split()
        if not any(c.isdigit() for c in chunk) and not re.search(r"@|://|^www\.", chunk)
        for word in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", chunk)
    ]


def vocabulary_forms(catalog: Catalog) -> set[str]:
    """Lower-cased lemmas and listed forms of our own vocabulary, plus two forms the dictionary
    often lacks: the du-imperative without -e (Setz dich! Räum auf!) and the zu-infinitive of
    separable verbs (aufzumachen)."""
    forms: list[str | None] = []
    for e in catalog.vocabulary:
        forms.append(e.lemma)
        if e.noun:
            forms += [e.noun.plural, e.noun.genitive]
        if e.verb:
            forms += [e.verb.praeteritum, e.verb.partizip2]
            verb, prefix = e.lemma.split()[-1], e.verb.separable_prefix or ""
            if verb.startswith(prefix):
                stem = verb.removeprefix(prefix)
                forms.append(re.sub(r"e?n$", "", stem))
                forms.append(prefix + "zu" + stem if prefix else None)
        if e.adjective:
            forms += [e.adjective.comparative, e.adjective.superlative]
    return {w.lower() for form in forms if form for w in words_of(form)}


def spelling_problems(catalog: Catalog, allowlist: set[str] | None = None) -> list[str]:
    """Every word of the German sentences is in pyspellchecker's German dictionary, our own
    vocabulary or the reviewed allow-list."""
    allowlist = load_allowlist() if allowlist is None else allowlist
    known = vocabulary_forms(catalog) | allowlist
    spell = _spellchecker()

    def is_known(word: str) -> bool:
        w = word.lower()  # not casefold(), which turns ß into ss
        if w in known or w in spell:
            return True
        pieces = re.split(r"[-'’]", w)  # E-Mail, S-Bahn, war's: check the longer pieces
        parts = [p for p in pieces if len(p) > 1]
        return len(pieces) > 1 and bool(parts) and all(p in known or p in spell for p in parts)

    unknown: dict[str, list[str]] = defaultdict(list)
    for text, where in german_texts(catalog):
        for word in words_of(text):
            if not is_known(word) and where not in unknown[word]:
                unknown[word].append(where)
    return [
        f"{word!r} unknown: {'; '.join(places[:3])}"
        + (f" (+{len(places) - 3} more)" if len(places) > 3 else "")
        for word, places in sorted(unknown.items(), key=lambda kv: kv[0].casefold())
    ]


# --- command line ----------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Catalog], list[str]]] = {
    "nouns": noun_problems,
    "verbs": verb_problems,
    "exercises": exercise_problems,
    "references": reference_problems,
    "counts": count_problems,
    "spelling": spelling_problems,
}


def main() -> int:
    catalog = load_catalog(allow_duplicates=True)
    total = 0
    for name, check in CHECKS.items():
        problems = check(catalog)
        total += len(problems)
        print(f"== {name}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  {problem}")
    print(f"{total} problem(s) in all")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
