"""The offline checker on the held-out learner sentences (tests/tutor/heldout_sentences.yaml).

The set was written before the rules were extended and is kept apart from the rules' own
tests (tests/tutor/test_checker.py): a rule must never be tuned on one sentence of it. The
per-category table: ``.venv/bin/python -m bench.checker_quality --verbose``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.checker_quality import CHECKER_CATEGORY, FRESH, HELDOUT, load, score, table

MIN_PRECISION = 0.98
MIN_RECALL = 0.85


def test_the_held_out_set_is_big_enough() -> None:
    data = load(HELDOUT)
    assert len(data["wrong"]) >= 150 and len(data["correct"]) >= 150


@pytest.mark.parametrize("path", [HELDOUT, FRESH], ids=["heldout", "fresh"])
def test_the_held_out_sets_are_well_formed(path: Path) -> None:
    data = load(path)
    wrong, correct = data["wrong"], data["correct"]
    texts = [item["text"] for item in wrong] + list(correct)
    assert len(set(texts)) == len(texts)
    for item in wrong:
        assert item["category"] in CHECKER_CATEGORY, item
        fixes = item["fix"] if isinstance(item["fix"], list) else [item["fix"]]
        assert all(fix not in item["text"] for fix in fixes), item
    if path == HELDOUT:
        counts = Counter(item["category"] for item in wrong)
        assert all(counts[category] >= 8 for category in CHECKER_CATEGORY), counts


@pytest.mark.parametrize("path", [HELDOUT, FRESH], ids=["heldout", "fresh"])
def test_precision_and_recall_on_the_held_out_sets(path: Path) -> None:
    result = score(load(path))
    report = table(result) + "\n" + "\n".join(result.problems)
    assert result.total.precision >= MIN_PRECISION, report
    assert result.total.recall >= MIN_RECALL, report
