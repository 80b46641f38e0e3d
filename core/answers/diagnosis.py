"""Why a wrong answer is wrong: a missing or wrong article, a wrong ending, a misspelt word,
a missing, extra or wrong word, the word order, or a meaningful umlaut or capital.

Each diagnosis gives the issues, the feedback sentence (with the answer) and the reason alone
(empty when nothing more specific than "not quite" can be said)."""

from __future__ import annotations

import difflib

from core.answers.folds import fold
from core.answers.tokens import Word
from core.answers.verdicts import Issue, ordered, show
from core.answers.words import PROTECTED_ENDING, WordMatch, compare_words
from core.german import ARTICLES, GENDER_BY_ARTICLE, GENDER_NAMES

_DEFINITE_ARTICLES = frozenset(ARTICLES)
_INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
_DETERMINERS = (
    _DEFINITE_ARTICLES
    | _INDEFINITE_ARTICLES
    | frozenset({"den", "dem", "des", "kein", "keine", "keinen", "keinem", "keiner", "keines"})
)
# "die" is feminine or plural, so only der and das name the noun's gender.
_GENDER = {article: GENDER_NAMES[g] for article, g in GENDER_BY_ARTICLE.items() if article != "die"}
# The inflectional endings of German (nouns, adjectives, verbs): two forms of one word that
# differ only after their shared stem, in two of these, differ in the ending.
_ENDINGS = frozenset(
    {"", "e", "n", "en", "em", "er", "es", "ern", "m", "r", "s", "t", "st", "est", "et", "nen"}
    | {"te", "ten", "ter", "tes", "tem", "test", "tet", "nd", "end", "ens"}
)
# A misspelling keeps most of the word: at least this share of letters in common.
_SPELLING_SIMILARITY = 0.75

Diagnosis = tuple[tuple[Issue, ...], str, str]
"""(issues, feedback with the answer, the reason alone)."""


def article_problem(
    g_words: list[Word], t_words: list[Word], t_shown: list[Word], target: str
) -> Diagnosis | None:
    """Recall cards: the article is part of the answer. `g_words` keep their first letter
    as typed: "Haus" for "das Haus" is a missing article, not a capitalisation slip."""
    if len(t_words) < 2 or t_words[0].text.lower() not in _DEFINITE_ARTICLES:
        return None
    right_article = t_words[0].text.lower()
    noun = " ".join(w.raw for w in t_shown[1:])

    def rest_matches(given: list[Word]) -> set[Issue] | None:
        issues: set[Issue] = set()
        for g, t in zip(given, t_words[1:], strict=True):
            match = compare_words(g, t, mode="word", spelling=True)
            if not isinstance(match, WordMatch):
                return None
            issues |= match.issues
        return issues

    if len(g_words) == len(t_words) - 1:
        noun_issues = rest_matches(g_words)
        if noun_issues is not None:
            feedback = f"Don't forget the article: {show(target)}"
            return ("article_missing", *ordered(noun_issues)), feedback, feedback
    elif len(g_words) == len(t_words):
        given_article = g_words[0].text.lower()
        if given_article in _DETERMINERS and given_article != right_article:
            noun_issues = rest_matches(g_words[1:])
            if noun_issues is not None:
                wrote = g_words[0].raw
                if given_article in _INDEFINITE_ARTICLES:
                    feedback = f"Use the definite article: {show(target)}"
                    reason = f"Use the definite article: {right_article}, not {wrote}."
                elif right_article in _GENDER:
                    feedback = (
                        f"Wrong article: {show(noun)} is {_GENDER[right_article]}, "
                        f"so it's {show(target)}, not {wrote}."
                    )
                    reason = (
                        f"Wrong article: {right_article}, not {wrote} "
                        f"({show(noun)} is {_GENDER[right_article]})."
                    )
                else:
                    feedback = f"Wrong article: it's {show(target)}, not {wrote}."
                    reason = f"Wrong article: {right_article}, not {wrote}."
                return ("article_wrong", *ordered(noun_issues)), feedback, reason
    return None


def diagnose(
    g_words: list[Word],
    t_words: list[Word],
    g_shown: list[Word],
    t_shown: list[Word],
    target: str,
    meaningful: list[tuple[int, Issue]],
) -> Diagnosis:
    answer = f"The answer is: {show(target)}"
    g_folded = [fold(w.text) for w in g_words]
    t_folded = [fold(w.text) for w in t_words]
    if not g_folded:
        return ("mismatch",), f"Not quite. {answer}", ""
    if len(meaningful) == 1 and len(g_folded) == len(t_folded):
        i, issue = meaningful[0]
        differing = [j for j, (g, t) in enumerate(zip(g_folded, t_folded, strict=True)) if g != t]
        if set(differing) <= {i}:
            right, wrote = t_shown[i].raw, g_shown[i].raw
            if issue == "umlaut":
                return (
                    ("umlaut",),
                    f"Not quite: the umlaut matters here: {right}, not {wrote}.",
                    f"Mind the umlaut: {right}, not {wrote}.",
                )
            reason = (
                f"{right}, not {wrote}: the capital changes the meaning "
                "(Sie is the polite \u201cyou\u201d, sie is \u201cshe\u201d or \u201cthey\u201d)."
            )
            return (
                ("case",),
                f"Not quite: {right}, not {wrote}. The capital changes the meaning "
                "(Sie is the polite \u201cyou\u201d, sie is \u201cshe\u201d or \u201cthey\u201d).",
                reason,
            )
    if sorted(g_folded) == sorted(t_folded):
        return ("word_order",), f"Right words, wrong order. {answer}", "Right words, wrong order."

    changes = [
        op
        for op in difflib.SequenceMatcher(None, g_folded, t_folded, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if len(changes) == 1:
        tag, g1, g2, t1, t2 = changes[0]
        if tag == "replace" and g2 - g1 == 1 and t2 - t1 == 1:
            wrote, right = g_shown[g1].raw, t_shown[t1].raw
            g, t = g_folded[g1], t_folded[t1]
            if g in _DETERMINERS and t in _DETERMINERS:
                reason = f"Check the article: {right}, not {wrote}."
                return ("article_wrong",), reason, reason
            if _differs_in_ending(g, t):
                reason = f"Check the ending: {right}, not {wrote}."
                return ("ending",), reason, reason
            if _misspelt(g, t):
                reason = f"Check the spelling: {right}, not {wrote}."
                return ("spelling",), reason, reason
            return ("wrong_word",), f"Not quite: {right}, not {wrote}.", f"{right}, not {wrote}."
        if tag == "insert" and t2 - t1 == 1:
            reason = f"\u201c{t_shown[t1].raw}\u201d is missing."
            return ("missing_word",), f"Not quite: {reason} {answer}", reason
        if tag == "delete" and g2 - g1 == 1:
            reason = f"\u201c{g_shown[g1].raw}\u201d doesn't belong here."
            return ("extra_word",), f"Not quite: {reason} {answer}", reason
    return ("mismatch",), f"Not quite. {answer}", ""


def _differs_in_ending(given: str, target: str) -> bool:
    """Same stem, and what follows it is an inflectional ending in both, different up to the
    last letter (kleinen/kleinem, machst/mache); "Strase" for "Straße" and "Fenstr" for
    "Fenster" differ inside the word, not in its ending."""
    stem = len(_common_prefix(given, target))
    if stem < 2 or max(len(given), len(target)) - stem > PROTECTED_ENDING:
        return False
    if given[-1:] == target[-1:]:
        return False
    return given[stem:] in _ENDINGS and target[stem:] in _ENDINGS


def _misspelt(given: str, target: str) -> bool:
    """Most letters in common, in order: the same word, misspelt (Strase for Straße)."""
    ratio = difflib.SequenceMatcher(None, given, target, autojunk=False).ratio()
    return len(target) >= 4 and ratio >= _SPELLING_SIMILARITY


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
