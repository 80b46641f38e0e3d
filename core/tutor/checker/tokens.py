"""Tokens and segments (the clauses between punctuation marks) of a message, and the
Correction every rule builds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.tutor.schemas import Correction, ErrorCategory

_MAX_SPAN = 200


_TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<num>\d+)"
    r"|(?P<stop>[.!?…]+|\n)"
    r"|(?P<mark>[,;:()\"„“”«»–—/\-])"
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Segment:
    words: tuple[Token, ...]
    sentence_start: bool  # the first segment of its sentence
    question: bool  # the sentence ends with "?"


def split_segments(text: str) -> list[Segment]:
    segments: list[Segment] = []
    sentence: list[tuple[Token, ...]] = []
    current: list[Token] = []

    def close_segment() -> None:
        if current:
            sentence.append(tuple(current))
            current.clear()

    def close_sentence(question: bool) -> None:
        close_segment()
        for index, words in enumerate(sentence):
            segments.append(Segment(words, index == 0, question))
        sentence.clear()

    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        if kind in ("word", "num"):
            current.append(Token(match.group(), match.start(), match.end()))
        elif kind == "mark":
            close_segment()
        else:
            close_sentence("?" in match.group())
    close_sentence(False)
    return segments


def match_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def span_text(text: str, first: Token, last: Token) -> str:
    return text[first.start : last.end]


def make_correction(
    category: ErrorCategory, original: str, corrected: str, explanation: str, topic: str
) -> Correction | None:
    if not original or original == corrected or len(original) > _MAX_SPAN:
        return None
    if len(corrected) > _MAX_SPAN:
        return None
    return Correction(
        category=category,
        original=original,
        corrected=corrected,
        explanation=explanation[:300],
        topic_slug=topic,
    )


def is_number(word: Token) -> bool:
    numbers = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf"}
    return word.text.isdigit() or word.low in numbers | {"zwölf", "ein", "eine", "einem"}
