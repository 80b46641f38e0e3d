"""What a check reports: the verdict, the issues in the order they are told, and how an
accepted answer is quoted in feedback."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Issue = Literal[
    "empty",
    "case",
    "punctuation",
    "whitespace",
    "umlaut",
    "eszett",
    "spelling",
    "article_missing",
    "article_wrong",
    "auxiliary",
    "ending",
    "word_order",
    "missing_word",
    "extra_word",
    "wrong_word",
    "mismatch",
]

_ISSUE_ORDER: tuple[Issue, ...] = (
    "empty",
    "article_missing",
    "article_wrong",
    "auxiliary",
    "word_order",
    "missing_word",
    "extra_word",
    "ending",
    "wrong_word",
    "mismatch",
    "umlaut",
    "eszett",
    "case",
    "spelling",
    "punctuation",
    "whitespace",
)

Mode = Literal["word", "sentence"]


class Verdict(StrEnum):
    CORRECT = "correct"
    TYPO = "typo"  # accepted, but the learner should see the exact form
    WRONG = "wrong"


@dataclass(frozen=True)
class AnswerCheck:
    verdict: Verdict
    matched: str  # the accepted answer matched, or the closest one when wrong
    issues: tuple[Issue, ...] = ()
    feedback: str = ""
    # Why, without the answer: "Check the spelling: Straße, not Strase." Empty when correct
    # or when nothing more specific than "not quite" can be said.
    reason: str = ""


def ordered(issues: set[Issue] | frozenset[Issue]) -> tuple[Issue, ...]:
    return tuple(issue for issue in _ISSUE_ORDER if issue in issues)


_MAX_SHOWN = 80


def show(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1].rstrip() + "\u2026"
