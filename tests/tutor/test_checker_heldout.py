"""The offline checker on the held-out learner sentences (tests/tutor/heldout_sentences.yaml).

The set was written before the rules were extended and is kept apart from the rules' own
tests (tests/tutor/test_checker.py): a rule must never be tuned on one sentence of it. The
per-category table: ``.venv/bin/python -m bench.checker_quality --verbose``.
"""

from __future__ import annotations

from collections import Counter

from bench.checker_quality import CHECKER_CATEGORY, load, score, table

MIN_PRECISION = 0.98
MIN_RECALL = 0.85


def test_the_held_out_set_is_big_enough_and_well_formed() -> None:
    data = load()
    wrong, correct = data["wrong"], data["correct"]
    assert len(wrong) >= 150 and len(correct) >= 150
    texts = [item["text"] for item in wrong] + list(correct)
    assert len(set(texts)) == len(texts)
    for item in wrong:
        assert item["category"] in CHECKER_CATEGORY, item
        fixes = item["fix"] if isinstance(item["fix"], list) else [item["fix"]]
        assert all(fix not in item["text"] for fix in fixes), item
    counts = Counter(item["category"] for item in wrong)
    assert all(counts[category] >= 8 for category in CHECKER_CATEGORY), counts


def test_precision_and_recall_on_the_held_out_set() -> None:
    result = score()
    report = table(result) + "\n" + "\n".join(result.problems)
    assert result.total.precision >= MIN_PRECISION, report
    assert result.total.recall >= MIN_RECALL, report
