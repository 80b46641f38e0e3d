"""Why a wrong answer is wrong: a missing or wrong article, a wrong ending, a missing, extra
or wrong word, the word order, or a meaningful umlaut or capital."""

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


def article_problem(
    g_words: list[Word], t_words: list[Word], t_shown: list[Word], target: str
) -> tuple[tuple[Issue, ...], str] | None:
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
            return (
                ("article_missing", *ordered(noun_issues)),
                f"Don't forget the article: {show(target)}",
            )
    elif len(g_words) == len(t_words):
        given_article = g_words[0].text.lower()
        if given_article in _DETERMINERS and given_article != right_article:
            noun_issues = rest_matches(g_words[1:])
            if noun_issues is not None:
                if given_article in _INDEFINITE_ARTICLES:
                    feedback = f"Use the definite article: {show(target)}"
                elif right_article in _GENDER:
                    feedback = (
                        f"Wrong article: {show(noun)} is {_GENDER[right_article]}, "
                        f"so it's {show(target)}, not {g_words[0].raw}."
                    )
                else:
                    feedback = f"Wrong article: it's {show(target)}, not {g_words[0].raw}."
                return ("article_wrong", *ordered(noun_issues)), feedback
    return None


def diagnose(
    g_words: list[Word],
    t_words: list[Word],
    g_shown: list[Word],
    t_shown: list[Word],
    target: str,
    meaningful: list[tuple[int, Issue]],
) -> tuple[tuple[Issue, ...], str]:
    answer = f"The answer is: {show(target)}"
    g_folded = [fold(w.text) for w in g_words]
    t_folded = [fold(w.text) for w in t_words]
    if not g_folded:
        return ("mismatch",), f"Not quite. {answer}"
    if len(meaningful) == 1 and len(g_folded) == len(t_folded):
        i, issue = meaningful[0]
        differing = [j for j, (g, t) in enumerate(zip(g_folded, t_folded, strict=True)) if g != t]
        if set(differing) <= {i}:
            right, wrote = t_shown[i].raw, g_shown[i].raw
            if issue == "umlaut":
                return ("umlaut",), f"Not quite: the umlaut matters here: {right}, not {wrote}."
            return (
                ("case",),
                f"Not quite: {right}, not {wrote}. The capital changes the meaning "
                "(Sie is the polite \u201cyou\u201d, sie is \u201cshe\u201d or \u201cthey\u201d).",
            )
    if sorted(g_folded) == sorted(t_folded):
        return ("word_order",), f"Right words, wrong order. {answer}"

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
                return ("article_wrong",), f"Check the article: {right}, not {wrote}."
            if _differs_in_ending(g, t):
                return ("ending",), f"Check the ending: {right}, not {wrote}."
            return ("wrong_word",), f"Not quite: {right}, not {wrote}."
        if tag == "insert" and t2 - t1 == 1:
            return (
                "missing_word",
            ), f"Not quite: \u201c{t_shown[t1].raw}\u201d is missing. {answer}"
        if tag == "delete" and g2 - g1 == 1:
            return (
                ("extra_word",),
                f"Not quite: \u201c{g_shown[g1].raw}\u201d doesn't belong here. {answer}",
            )
    return ("mismatch",), f"Not quite. {answer}"


def _differs_in_ending(given: str, target: str) -> bool:
    stem = len(_common_prefix(given, target))
    return stem >= 2 and max(len(given), len(target)) - stem <= PROTECTED_ENDING


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
