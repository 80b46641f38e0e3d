"""References: every slug a topic or scenario names exists, and prerequisites have no cycle."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from seeds.catalog import Catalog
from seeds.checks.where import file_of, vocab_where


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
        where = f"{file_of(catalog, 'scenario', scenario.slug)} {scenario.slug}"
        missing = [s for s in scenario.key_vocabulary if s not in vocab]
        problems += [f"{where}: key vocabulary {s!r} does not exist" for s in missing]
    for topic in catalog.grammar:
        where = f"{file_of(catalog, 'grammar', topic.slug)} {topic.slug}"
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
        same_word[(e.lemma, e.pos, repr(detail))].append(vocab_where(catalog, e))
    for (lemma, pos, _), places in same_word.items():
        if len(set(places)) > 1:
            problems.append(f"{pos} {lemma!r} has several entries: {'; '.join(places)}")
    return problems
