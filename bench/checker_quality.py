"""Offline checker quality: precision and recall on held-out learner sentences.

Runs core.tutor.checker.find_corrections on tests/tutor/heldout_sentences.yaml (wrong sentences
tagged by category, and correct ones) and prints per-category precision and recall. See
bench/README.md ("Offline checker quality") for the method and the figures.

    .venv/bin/python -m bench.checker_quality [--verbose] [--content] [--set PATH]

--set reads another held-out file of the same format (tests/tutor/heldout_fresh.yaml is the
second set, written after the rules and measured once).

--content also runs the checker on the content's own example sentences (vocabulary examples,
scenario example answers and lines, grammar examples): correct German that nobody wrote for
the checker, so every correction there is a false alarm.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.tutor.checker import find_corrections
from core.tutor.schemas import Correction

REPO_ROOT = Path(__file__).resolve().parents[1]
HELDOUT = REPO_ROOT / "tests" / "tutor" / "heldout_sentences.yaml"
FRESH = REPO_ROOT / "tests" / "tutor" / "heldout_fresh.yaml"
CONTENT = REPO_ROOT / "seeds" / "content"
_CONTENT_KEYS = {
    "vocabulary": {"example_de"},
    "scenarios": {"example_answer", "opening_line", "closing_line"},
    "grammar": {"de", "right"},
}

# held-out category -> the checker category that must report it
CHECKER_CATEGORY = {
    "lowercase_noun": "spelling",
    "spelling": "spelling",
    "gender_article": "gender_article",
    "case": "case",
    "agreement": "verb_conjugation",
    "auxiliary": "tense",
    "adjective_ending": "case",
    "verb_position": "verb_position",
}
ORDER = tuple(CHECKER_CATEGORY)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    tallies: dict[str, Tally] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    wrong: int = 0
    correct: int = 0

    def tally(self, category: str) -> Tally:
        return self.tallies.setdefault(category, Tally())

    @property
    def total(self) -> Tally:
        tallies = self.tallies.values()
        return Tally(*(sum(getattr(t, n) for t in tallies) for n in ("tp", "fp", "fn")))


def load(path: Path = HELDOUT) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def kind_of(correction: Correction) -> str:
    """The held-out category a correction claims to be, to charge a false alarm to."""
    if correction.category == "spelling":
        if correction.original.lower() == correction.corrected.lower():
            return "lowercase_noun"
        return "spelling"
    if correction.category == "case" and correction.topic_slug.startswith("adjective-endings"):
        return "adjective_ending"
    for held_out, checker in CHECKER_CATEGORY.items():
        if checker == correction.category:
            return held_out
    return correction.category


def apply(sentence: str, correction: Correction) -> str:
    return sentence.replace(correction.original, correction.corrected, 1)


# An article in the wrong form is a gender or a case error depending on the reading ("in die
# Café": wrong gender for any case, wrong case for a place): either label counts.
_ARTICLE_FORM = frozenset({"gender_article", "case"})


def matches(sentence: str, correction: Correction, category: str, fixes: list[str]) -> bool:
    wanted = CHECKER_CATEGORY[category]
    same = correction.category == wanted or {correction.category, wanted} <= _ARTICLE_FORM
    if not same:
        return False
    fixed = apply(sentence, correction)
    return any(fix in fixed for fix in fixes)


def score(data: dict[str, Any] | None = None) -> Score:
    data = data if data is not None else load()
    result = Score(wrong=len(data["wrong"]), correct=len(data["correct"]))
    for item in data["wrong"]:
        sentence, category = item["text"], item["category"]
        fixes = item["fix"] if isinstance(item["fix"], list) else [item["fix"]]
        found = False
        for correction in find_corrections(sentence):
            if not found and matches(sentence, correction, category, fixes):
                found = True
                result.tally(category).tp += 1
            else:
                result.tally(kind_of(correction)).fp += 1
                result.problems.append(f"wrong fix: {sentence!r}: {_show(correction)}")
        if not found:
            result.tally(category).fn += 1
            result.problems.append(f"missed {category}: {sentence!r} (want {fixes[0]!r})")
    for sentence in data["correct"]:
        for correction in find_corrections(sentence):
            result.tally(kind_of(correction)).fp += 1
            result.problems.append(f"false alarm: {sentence!r}: {_show(correction)}")
    return result


def _show(correction: Correction) -> str:
    return f"[{correction.category}] {correction.original!r} -> {correction.corrected!r}"


def table(result: Score) -> str:
    lines = [f"{'category':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}"]
    names = [c for c in ORDER if c in result.tallies] + sorted(set(result.tallies) - set(ORDER))
    for name in names:
        t = result.tallies[name]
        lines.append(f"{name:<18}{t.tp:>4}{t.fp:>4}{t.fn:>4}{t.precision:>11.2f}{t.recall:>8.2f}")
    t = result.total
    lines.append(f"{'overall':<18}{t.tp:>4}{t.fp:>4}{t.fn:>4}{t.precision:>11.2f}{t.recall:>8.2f}")
    return "\n".join(lines)


def content_sentences() -> list[str]:
    """Example sentences of the content (no gaps or slashes: those are exercises)."""
    found: set[str] = set()

    def walk(node: Any, keys: set[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value, keys)
        elif isinstance(node, list):
            for value in node:
                walk(value, keys)

    for folder, keys in _CONTENT_KEYS.items():
        for path in sorted((CONTENT / folder).glob("*.yaml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), keys)
    return sorted(s for s in found if "_" not in s and "/" not in s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--content", action="store_true", help="also the content's examples")
    parser.add_argument("--set", type=Path, default=HELDOUT, help="a held-out YAML file")
    args = parser.parse_args()
    result = score(load(args.set))
    print(f"held-out set: {result.wrong} wrong, {result.correct} correct sentences")
    print(table(result))
    if args.verbose:
        print("\n".join(result.problems))
    if args.content:
        sentences = content_sentences()
        alarms = [(s, c) for s in sentences for c in find_corrections(s)]
        print(f"content examples: {len(sentences)} sentences, {len(alarms)} corrections")
        for sentence, correction in alarms:
            print(f"  false alarm: {sentence!r}: {_show(correction)}")


if __name__ == "__main__":
    main()
