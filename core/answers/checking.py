"""The public entry point: a given answer against every accepted answer, the best verdict
kept."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.answers.diagnosis import article_problem, diagnose
from core.answers.folds import fold
from core.answers.normalising import normalise
from core.answers.tokens import Word, first_letter, lower_first_letter, signature, split_words, tidy
from core.answers.typos import typo_feedback
from core.answers.verdicts import AnswerCheck, Issue, Mode, Verdict
from core.answers.words import Meaningful, WordMatch, compare_words
from core.errors import Invalid


@dataclass(frozen=True)
class _Outcome:
    verdict: Verdict
    issues: tuple[Issue, ...]
    feedback: str
    reason: str
    closeness: float  # 0..1, to pick the accepted answer a wrong one came closest to


def _similarity(given: str, target: str) -> float:
    return difflib.SequenceMatcher(None, fold(given), fold(target), autojunk=False).ratio()


def _compare(given: str, target: str, mode: Mode) -> _Outcome:
    closeness = _similarity(given, target)
    if mode == "sentence":
        g_cmp, t_cmp = lower_first_letter(given), lower_first_letter(target)
    elif first_letter(target).islower():
        g_cmp, t_cmp = lower_first_letter(given), target  # auto-capitalised by the keyboard
    else:
        g_cmp, t_cmp = given, target
    g_tidy, t_tidy = tidy(g_cmp), tidy(t_cmp)
    if g_tidy == t_tidy:
        return _Outcome(Verdict.CORRECT, (), "Correct!", "", closeness)

    g_words, t_words = split_words(g_cmp), split_words(t_cmp)
    # Same tokens as the compared words, with the first letter as written, for feedback.
    g_shown, t_shown = split_words(given), split_words(target)
    if len(g_shown) != len(g_words) or len(t_shown) != len(t_words):
        g_shown, t_shown = g_words, t_words

    meaningful: list[tuple[int, Issue]] = []
    if g_words and len(g_words) == len(t_words):
        matches = [
            compare_words(g, t, mode=mode, spelling=mode == "word")
            for g, t in zip(g_words, t_words, strict=True)
        ]
        meaningful = [(i, m.issue) for i, m in enumerate(matches) if isinstance(m, Meaningful)]
        found = [m for m in matches if isinstance(m, WordMatch)]
        if len(found) == len(matches) and sum("spelling" in m.issues for m in found) <= 1:
            issues: set[Issue] = set().union(*(m.issues for m in found))
            if signature(g_tidy, collapse=False) != signature(t_tidy, collapse=False):
                issues.add("punctuation")
            if not issues:  # unreachable in practice: equal words and punctuation
                return _Outcome(Verdict.CORRECT, (), "Correct!", "", closeness)
            first_word_with = {
                issue: i for i in reversed(range(len(found))) for issue in found[i].issues
            }
            typo = typo_feedback(issues, first_word_with, target, g_shown, t_shown, mode)
            return _Outcome(Verdict.TYPO, *typo, 1.0)
    elif g_words:
        joined = compare_words(
            Word("".join(w.text for w in g_words), "", False),
            Word("".join(w.text for w in t_words), "", False),
            mode=mode,
            spelling=False,
            missing_umlauts=False,
        )
        if isinstance(joined, WordMatch):
            issues = set(joined.issues) | {"whitespace"}
            if signature(g_tidy, collapse=True) != signature(t_tidy, collapse=True):
                issues.add("punctuation")
            typo = typo_feedback(issues, {}, target, g_shown, t_shown, mode)
            return _Outcome(Verdict.TYPO, *typo, 1.0)

    if mode == "word":
        article = article_problem(g_shown, t_words, t_shown, target)
        if article is not None:
            # The learner knew the noun: this card beats any other near miss.
            return _Outcome(Verdict.WRONG, *article, 1.0 + closeness)
    diagnosis = diagnose(g_words, t_words, g_shown, t_shown, target, meaningful)
    return _Outcome(Verdict.WRONG, *diagnosis, closeness)


_RANK = {Verdict.CORRECT: 0, Verdict.TYPO: 1, Verdict.WRONG: 2}


def check_answer(
    given: str,
    accepted: Sequence[str],
    *,
    mode: Literal["word", "sentence"] = "sentence",
    max_length: int = 500,
) -> AnswerCheck:
    """Check `given` against every accepted answer and keep the best verdict (CORRECT, then
    TYPO with the fewest issues); when wrong, report the closest accepted answer.

    `max_length` limits the raw input (Invalid beyond it). `accepted` must hold at least one
    non-blank answer; `matched` is that answer as passed in."""
    if mode not in ("word", "sentence"):
        raise ValueError(f"unknown mode {mode!r}")
    if isinstance(accepted, str):
        raise TypeError("accepted must be a sequence of answers, not a single string")
    if len(given) > max_length:
        raise Invalid(f"That answer is too long: please keep it under {max_length} characters.")
    candidates = [(answer, normalise(answer)) for answer in accepted]
    candidates = [(answer, norm) for answer, norm in candidates if norm]
    if not candidates:
        raise ValueError("accepted must contain at least one non-blank answer")

    given_norm = normalise(given)
    if not given_norm:
        return AnswerCheck(Verdict.WRONG, candidates[0][0], ("empty",), "No answer given.")

    best: tuple[tuple[int, int, float, int], str, _Outcome] | None = None
    for index, (answer, norm) in enumerate(candidates):
        outcome = _compare(given_norm, norm, mode)
        # Fewest issues among typos; the closest among wrong answers.
        issue_count = 0 if outcome.verdict is Verdict.WRONG else len(outcome.issues)
        key = (_RANK[outcome.verdict], issue_count, -outcome.closeness, index)
        if best is None or key < best[0]:
            best = (key, answer, outcome)
        if outcome.verdict is Verdict.CORRECT:
            break
    assert best is not None
    _, answer, outcome = best
    return AnswerCheck(outcome.verdict, answer, outcome.issues, outcome.feedback, outcome.reason)
