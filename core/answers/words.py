"""One word against its counterpart in an accepted answer: the same, a forgivable slip
(case, umlaut, ß, one letter in a long word) or a difference that matters."""

from __future__ import annotations

from dataclasses import dataclass

from core.answers.folds import fold, has_umlaut, strip_umlauts, transliterate, umlaut_is_grammar
from core.answers.tokens import Word
from core.answers.verdicts import Issue, Mode

# Capital Sie/Ihnen/Ihr is the polite "you"; lowercase is she/they/her.
_POLITE_FORMS = frozenset({"sie", "ihnen", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"})

# The last letters of a word are its ending, which grammar exercises test.
PROTECTED_ENDING = 3
_MIN_SPELLING_LENGTH = 6


def _single_edit(given: str, target: str) -> int | None:
    """Position in `target` of the one edit (Damerau-Levenshtein 1) turning it into `given`,
    or None when they are equal or further apart."""
    lg, lt = len(given), len(target)
    if given == target or abs(lg - lt) > 1:
        return None
    i = 0
    while i < min(lg, lt) and given[i] == target[i]:
        i += 1
    if lg == lt:
        if given[i + 1 :] == target[i + 1 :]:
            return i
        if (
            i + 1 < lt
            and given[i] == target[i + 1]
            and given[i + 1] == target[i]
            and given[i + 2 :] == target[i + 2 :]
        ):
            return i + 1
        return None
    longer, shorter = (given, target) if lg > lt else (target, given)
    if longer[i + 1 :] != shorter[i:]:
        return None
    # A doubled or dropped letter could sit anywhere in its run: take the run's start.
    while i > 0 and longer[i - 1] == longer[i]:
        i -= 1
    return i


@dataclass(frozen=True)
class WordMatch:
    issues: frozenset[Issue]


@dataclass(frozen=True)
class Meaningful:
    """The words differ only in an umlaut or a capital, but that difference is grammar."""

    issue: Issue


def compare_words(
    given: Word, target: Word, *, mode: Mode, spelling: bool, missing_umlauts: bool = True
) -> WordMatch | Meaningful | None:
    g, t = given.text, target.text
    if g == t:
        return WordMatch(frozenset())
    gl, tl = g.lower(), t.lower()
    if gl == tl:
        polite = tl in _POLITE_FORMS and (mode == "word" or not target.sentence_start)
        if polite and g[:1] != t[:1]:
            return Meaningful("case")
        return WordMatch(frozenset({"case"}))

    issues: set[Issue] = set()
    if transliterate(gl) == transliterate(tl):
        spellings = {transliterate(t, capital_e=e) for e in (None, True, False)}
        if transliterate(g) not in spellings:  # AEPFEL and Aepfel both spell ÄPFEL
            issues.add("case")
        if transliterate(gl, umlauts=False) != transliterate(tl, umlauts=False):
            issues.add("umlaut")
        if transliterate(gl, eszett=False) != transliterate(tl, eszett=False):
            issues.add("eszett")
        return WordMatch(frozenset(issues or {"umlaut"}))  # `or`: defensive, never empty

    if missing_umlauts and strip_umlauts(gl) == strip_umlauts(tl):
        with_umlaut = t if has_umlaut(t) else g
        if mode == "sentence" and umlaut_is_grammar(with_umlaut):
            return Meaningful("umlaut")
        issues.add("umlaut")
        if strip_umlauts(g) != strip_umlauts(t):
            issues.add("case")
        if strip_umlauts(gl, eszett=False) != strip_umlauts(tl, eszett=False):
            issues.add("eszett")
        return WordMatch(frozenset(issues))

    if spelling and len(t) >= _MIN_SPELLING_LENGTH:
        folded_target = fold(t)
        position = _single_edit(fold(g), folded_target)
        if position is not None and position < len(folded_target) - PROTECTED_ENDING:
            return WordMatch(frozenset({"spelling"}))
    return None
