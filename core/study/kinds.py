"""The kinds of study session; adding a drill adds one line here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StudyKindName = Literal["review", "quiz", "articles"]


@dataclass(frozen=True)
class StudyKind:
    name: StudyKindName
    noun: str
    """How errors name one run of it: "This {noun} was replaced by a newer one.\""""


KINDS: dict[StudyKindName, StudyKind] = {
    kind.name: kind
    for kind in (
        StudyKind("review", "review"),
        StudyKind("quiz", "quiz"),
        StudyKind("articles", "article drill"),
    )
}
