"""A normalised answer as words, sentence starts and the punctuation between the words."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_FINAL_PUNCTUATION = ".!?"
_JOINERS = "'-"  # inside a word: geht's, E-Mail
_SENTENCE_BREAKS = ".!?:"
_OPENERS = "\"'([{"


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _is_word_char(ch: str) -> bool:
    return not ch.isspace() and not _is_punct(ch)


@dataclass(frozen=True)
class Word:
    text: str  # joiners removed: "gehts" for "geht's"
    raw: str  # as written, for feedback
    sentence_start: bool


def split_words(text: str) -> list[Word]:
    words: list[Word] = []
    chars: list[str] = []
    start = 0
    seen_alpha = False

    def flush(end: int) -> None:
        nonlocal seen_alpha
        if chars:
            word = "".join(chars)
            words.append(Word(word, text[start:end], _starts_sentence(text, start, seen_alpha)))
            seen_alpha = seen_alpha or any(c.isalpha() for c in word)
            chars.clear()

    for i, ch in enumerate(text):
        if ch.isspace():
            flush(i)
        elif _is_punct(ch):
            if ch in _JOINERS and chars and i + 1 < len(text) and _is_word_char(text[i + 1]):
                continue
            flush(i)
        else:
            if not chars:
                start = i
            chars.append(ch)
    flush(len(text))
    return words


def _starts_sentence(text: str, start: int, seen_alpha: bool) -> bool:
    if not seen_alpha:
        return True
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_BREAKS


def lower_first_letter(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.lower() + text[i + 1 :]
    return text


def first_letter(text: str) -> str:
    return next((ch for ch in text if ch.isalpha()), "")


def tidy(text: str) -> str:
    """Spacing next to punctuation and final . ! ? do not count."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " " and (
            (i > 0 and _is_punct(text[i - 1])) or (i + 1 < len(text) and _is_punct(text[i + 1]))
        ):
            continue
        out.append(ch)
    return "".join(out).rstrip(_FINAL_PUNCTUATION + " ")


def signature(tidied: str, *, collapse: bool) -> str:
    """Where punctuation sits between the words: "W,WW" for "Ja, ich komme"; with
    `collapse`, adjacent words count as one ("W,W"), for answers split differently."""
    out: list[str] = []
    previous = " "
    for ch in tidied:
        if _is_punct(ch):
            out.append(ch)
        elif (
            ch != " "
            and (previous == " " or _is_punct(previous))
            and not (collapse and out and out[-1] == "W")
        ):
            out.append("W")
        previous = ch
    return "".join(out)
