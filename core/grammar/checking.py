"""Is this answer to this exercise right? Deterministic: core.answers for typed answers
(typos and umlaut transliterations forgiven, a wrong article, ending or position named), the
words' order alone for word order (every accepted order, the swapped clauses included)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.answers import Verdict, check_answer
from core.errors import Invalid
from core.models import Exercise

FREE_KINDS = ("error_correction", "translation")
"""Answers in the learner's own words: one the tutor does not know is not necessarily wrong."""


@dataclass(frozen=True)
class Checked:
    verdict: Verdict
    given: str
    matched: str
    diagnosis: str

    @property
    def accepted(self) -> bool:
        return self.verdict is not Verdict.WRONG


def _words(sentence: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]", "", t).casefold() for t in sentence.split()) if w]


def built_sentence(tokens: Sequence[str], order: Sequence[int]) -> str:
    """The sentence the learner built by tapping tokens in `order` (each index once)."""
    if len(set(order)) != len(order) or any(not 0 <= i < len(tokens) for i in order):
        raise Invalid("Use each word once, by its index in the tokens.")
    return " ".join(tokens[i] for i in order)


def check_choice(exercise: Exercise, choice: int) -> Checked:
    options = exercise.options or []
    if not 0 <= choice < len(options):
        raise Invalid("No such option.")
    chosen = options[choice]
    if chosen in exercise.accepted_answers:
        return Checked(Verdict.CORRECT, chosen, chosen, "")
    return Checked(Verdict.WRONG, chosen, exercise.answer, f"Not {chosen}: it's {exercise.answer}.")


def check_text(exercise: Exercise, given: str) -> Checked:
    """A typed answer, or a word order given as a sentence (built from the tokens)."""
    if exercise.kind == "word_order":
        words = _words(given)
        same = next((a for a in exercise.accepted_answers if _words(a) == words), None)
        if same is not None:  # the tokens carry their capitals and commas where they stood
            return Checked(Verdict.CORRECT, given, same, "")
    result = check_answer(given, exercise.accepted_answers, mode="sentence")
    diagnosis = "" if result.verdict is Verdict.CORRECT else result.feedback
    return Checked(result.verdict, given, result.matched, diagnosis)


def known_answers(exercise: Exercise, checked: Checked) -> list[str]:
    """A rejected free answer is answered honestly: these are the answers the tutor knows."""
    if checked.accepted or exercise.kind not in FREE_KINDS:
        return []
    return list(exercise.accepted_answers)
