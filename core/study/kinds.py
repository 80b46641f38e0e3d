"""The kinds of study session: a new drill is its name in `StudyKindName` and one line in
`KINDS`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StudyKindName = Literal["review", "quiz", "articles", "grammar", "placement", "deck_text", "scene"]


@dataclass(frozen=True)
class StudyKind:
    name: StudyKindName
    noun: str
    """How errors name one run of it: "This {noun} was replaced by a newer one.\""""
    takes_text: bool = False
    """A running session waits for typed answers (core.activities routes text to it)."""


KINDS: dict[StudyKindName, StudyKind] = {
    kind.name: kind
    for kind in (
        StudyKind("review", "review", takes_text=True),
        StudyKind("quiz", "quiz"),
        StudyKind("articles", "article drill"),
        StudyKind("grammar", "grammar drill", takes_text=True),
        StudyKind("placement", "placement test", takes_text=True),
        # The deck waiting for a typed value: a word's new translation or example, a list name.
        StudyKind("deck_text", "edit", takes_text=True),
        # Writing or editing one of the learner's own scenes: each message answers a question.
        StudyKind("scene", "scene form", takes_text=True),
    )
}
