"""Spelling: every German sentence passes pyspellchecker's German dictionary plus the
vocabulary's own forms and the reviewed allow-list in content/checks/spelling_allowlist.txt."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from core.grammar.validation import Speller, words_of
from core.grammar.validation import german_texts as exercise_texts
from seeds.catalog import Catalog
from seeds.checks.where import CHECKS_DIR, file_of, vocab_where

SPELLING_ALLOWLIST_FILE = CHECKS_DIR / "spelling_allowlist.txt"


def load_allowlist(path: Path = SPELLING_ALLOWLIST_FILE) -> set[str]:
    """Reviewed words the dictionary lacks, lower-cased; '# comment' after a word is allowed."""
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return {line.lower() for line in lines if line}


def german_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(German text, where it is) for every German sentence that should be spelled right."""
    for e in catalog.vocabulary:
        yield e.example_de, f"{vocab_where(catalog, e)} example_de"
    for t in catalog.grammar:
        where = f"{file_of(catalog, 'grammar', t.slug)}"
        yield from ((x.de, f"{where} examples[{i}]") for i, x in enumerate(t.examples))
        for i, m in enumerate(t.common_mistakes):
            yield m.right, f"{where} common_mistakes[{i}].right"
        for ex in t.exercises:
            for text, part in exercise_texts(ex):
                yield text, f"{where} {ex.slug} {part}"
    for s in catalog.scenarios:
        where = f"{file_of(catalog, 'scenario', s.slug)}"
        yield s.title_de, f"{where} title_de"
        yield s.opening_line, f"{where} opening_line"
        yield s.closing_line, f"{where} closing_line"
        for i, turn in enumerate(s.turns):
            yield turn.tutor, f"{where} turns[{i}].tutor"
            yield turn.example_answer, f"{where} turns[{i}].example_answer"


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
    speller = Speller(vocabulary_forms(catalog) | allowlist)

    unknown: dict[str, list[str]] = defaultdict(list)
    for text, where in german_texts(catalog):
        for word in words_of(text):
            if not speller.is_known(word) and where not in unknown[word]:
                unknown[word].append(where)
    return [
        f"{word!r} unknown: {'; '.join(places[:3])}"
        + (f" (+{len(places) - 3} more)" if len(places) > 3 else "")
        for word, places in sorted(unknown.items(), key=lambda kv: kv[0].casefold())
    ]
