"""What the learner typed against the answer, letter by letter: the stretches that differ,
so a client can bold them ("Stra<b>ß</b>e" for "Strase")."""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, Field


class Piece(BaseModel):
    """A stretch of text, and whether it differs from the other side."""

    text: str
    differs: bool = Field(description="True where this side differs from the other.")


class Marked(BaseModel):
    given: list[Piece] = Field(description="What the learner typed, differences marked.")
    expected: list[Piece] = Field(description="The answer, differences marked.")


def _joined(pieces: list[Piece], text: str, differs: bool) -> None:
    if not text:
        return
    if pieces and pieces[-1].differs == differs:
        pieces[-1] = Piece(text=pieces[-1].text + text, differs=differs)
    else:
        pieces.append(Piece(text=text, differs=differs))


# Words this short (der/die, in/im) are told apart whole, not letter by letter.
_WHOLE_WORD = 3
_SAME_WORD = 0.6


def _letters(marked: Marked, given: str, expected: str) -> None:
    matcher = difflib.SequenceMatcher(None, given, expected, autojunk=False)
    if min(len(given), len(expected)) <= _WHOLE_WORD or matcher.ratio() < _SAME_WORD:
        _joined(marked.given, given, True)
        _joined(marked.expected, expected, True)
        return
    for tag, g1, g2, e1, e2 in matcher.get_opcodes():
        differs = tag != "equal"
        _joined(marked.given, given[g1:g2], differs)
        _joined(marked.expected, expected[e1:e2], differs)


def mark(given: str, expected: str) -> Marked:
    """Both texts cut into pieces that are the same on both sides or differ; each side's
    pieces joined back are its text with its spaces tidied. Words are matched first; a
    word replaced by a similar one is marked letter by letter (Stra[s]e / Stra[ß]e), a
    different or short word whole (der / die). Case counts: haus against Haus marks the h."""
    g_tokens = re.split(r"( )", " ".join(given.split()))
    e_tokens = re.split(r"( )", " ".join(expected.split()))
    marked = Marked(given=[], expected=[])
    matcher = difflib.SequenceMatcher(None, g_tokens, e_tokens, autojunk=False)
    for tag, g1, g2, e1, e2 in matcher.get_opcodes():
        if tag == "equal":
            _joined(marked.given, "".join(g_tokens[g1:g2]), False)
            _joined(marked.expected, "".join(e_tokens[e1:e2]), False)
        elif tag == "replace" and g2 - g1 == e2 - e1:
            for g, e in zip(g_tokens[g1:g2], e_tokens[e1:e2], strict=True):
                _letters(marked, g, e)
        else:
            _joined(marked.given, "".join(g_tokens[g1:g2]), True)
            _joined(marked.expected, "".join(e_tokens[e1:e2]), True)
    return marked
