"""Deterministic checking of a learner's typed answer against the accepted answers.

Used by typed flashcards (``mode="word"``: "das Haus"), grammar exercises and quizzes
(``mode="sentence"``). Only differences that cannot change what was said are forgiven:

- CORRECT: identical after `normalise`, or (in both modes) differing only in final ``. ! ?``
  and spacing; in sentence mode also in the case of the first letter. In word mode a
  capital first letter on a lowercase answer ("Das Haus", as phones auto-capitalise) is
  CORRECT, a lowercase noun ("haus") is not.
- TYPO (accepted, show the exact form): other capitalisation, commas and other punctuation,
  a missing or extra space, umlauts written ae/oe/ue (Ae/AE...), ß written ss, an umlaut
  left off (schon for schön) unless the umlaut is grammar in a sentence (wurde/würde,
  fahrt/fährt, Bruder/Brüder, alter/älter), and in word mode one slip (Damerau-Levenshtein 1)
  in a word of six or more letters, away from its last three letters.
- WRONG: everything else. One-letter differences in short words and in endings (den/dem,
  kleinen/kleinem) are exactly what grammar exercises test, so they are never typos; neither
  is sie for the polite Sie in mid-sentence.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from core.errors import Invalid
from core.german import ARTICLES, GENDER_BY_ARTICLE, GENDER_NAMES

__all__ = ["AnswerCheck", "Issue", "Verdict", "check_answer", "normalise"]

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


# --- normalisation -------------------------------------------------------------------------

_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\u301f\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u02bc\u0060\u00b4\uff07", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
}


def _clean_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isspace():
        return " "
    # Control, format (zero-width, bidi marks, soft hyphen, BOM) and lone surrogates.
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return ""
    return ch


def normalise(text: str) -> str:
    """The form answers are compared in: NFC, invisible characters dropped, quotes,
    apostrophes and dashes unified, whitespace trimmed and collapsed to single spaces."""
    # NFC first: some characters decompose to ones mapped here (U+1FEF to a backtick);
    # NFC again after dropping invisibles, which may have separated a letter from its mark.
    text = unicodedata.normalize("NFC", text)
    text = "".join(_clean_char(ch) for ch in text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


# --- tokens --------------------------------------------------------------------------------

_FINAL_PUNCTUATION = ".!?"
_JOINERS = "'-"  # inside a word: geht's, E-Mail
_SENTENCE_BREAKS = ".!?:"
_OPENERS = "\"'([{"


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _is_word_char(ch: str) -> bool:
    return not ch.isspace() and not _is_punct(ch)


@dataclass(frozen=True)
class _Word:
    text: str  # joiners removed: "gehts" for "geht's"
    raw: str  # as written, for feedback
    sentence_start: bool


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    chars: list[str] = []
    start = 0
    seen_alpha = False

    def flush(end: int) -> None:
        nonlocal seen_alpha
        if chars:
            word = "".join(chars)
            words.append(_Word(word, text[start:end], _starts_sentence(text, start, seen_alpha)))
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


def _lower_first_letter(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.lower() + text[i + 1 :]
    return text


def _first_letter(text: str) -> str:
    return next((ch for ch in text if ch.isalpha()), "")


def _tidy(text: str) -> str:
    """Spacing next to punctuation and final . ! ? do not count."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " " and (
            (i > 0 and _is_punct(text[i - 1])) or (i + 1 < len(text) and _is_punct(text[i + 1]))
        ):
            continue
        out.append(ch)
    return "".join(out).rstrip(_FINAL_PUNCTUATION + " ")


def _signature(tidy: str, *, collapse: bool) -> str:
    """Where punctuation sits between the words: "W,WW" for "Ja, ich komme"; with
    `collapse`, adjacent words count as one ("W,W"), for answers split differently."""
    out: list[str] = []
    previous = " "
    for ch in tidy:
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


# --- word folds ----------------------------------------------------------------------------

_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"}


def _transliterate(
    word: str, *, umlauts: bool = True, eszett: bool = True, capital_e: bool | None = None
) -> str:
    """ä -> ae, Ä -> Ae (AE in capitals), ß -> ss; `capital_e` forces the case of the e."""
    out: list[str] = []
    for i, ch in enumerate(word):
        if umlauts and ch in _UMLAUTS:
            if capital_e is None and ch.isupper():
                following = word[i + 1 : i + 2]
                shouting = following.isupper() if following else (i > 0 and word[i - 1].isupper())
            else:
                shouting = bool(capital_e)
            out.append(_UMLAUTS[ch] + ("E" if shouting else "e"))
        elif eszett and ch == "ß":
            out.append("ss")
        elif eszett and ch == "\u1e9e":
            out.append("SS")
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _strip_umlauts(word: str, *, eszett: bool = True) -> str:
    stripped = "".join(_UMLAUTS.get(ch, ch) for ch in word)
    return _transliterate(stripped, umlauts=False, eszett=eszett)


def _has_umlaut(word: str) -> bool:
    return any(ch in _UMLAUTS for ch in word)


def _fold(word: str) -> str:
    return _transliterate(word.lower())


# Umlauts that carry grammar, so leaving them off in a sentence is wrong, not a typo:
# Konjunktiv II, du/er forms of strong verbs, comparatives, plurals made by umlaut alone.
def _listed(*lines: str) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.split())


_GRAMMAR_UMLAUT_WORDS = frozenset(
    _listed(
        "würde würdest würden würdet hätte hättest hätten hättet wäre wärst wären wärt wäret",
        "könnte könntest könnten könntet müsste müsstest müssten müsstet müßte müßten",
        "dürfte dürftest dürften dürftet möchte möchtest möchten möchtet wüsste wüssten",
        "käme kämen gäbe gäben täte täten läge lägen bräuchte bräuchten",
    )
)
_GRAMMAR_UMLAUT_SUFFIXES = _listed(
    "fährst fährt läufst läuft schläfst schläft trägst trägt fällst fällt hältst hält",
    "lässt wächst wäschst wäscht fängst fängt gräbst gräbt lädst lädt rätst rät schlägst",
    "schlägt brätst brät bläst stößt säufst säuft bäckst bäckt",
    "brüder väter mütter töchter äpfel vögel mäntel gärten läden öfen böden häfen gräben",
    "kästen nägel fäden sättel mängel schwäger klöster schnäbel",
)
_GRAMMAR_UMLAUT_PREFIXES = _listed(
    "älter ältest ärmer ärmst dümmer dümmst gesünder gesündest größer größt gröber härter",
    "härtest höher höchst jünger jüngst kälter kältest klüger klügst kränker kürzer kürzest",
    "länger längst näher öfter schärfer schwächer schwächst stärker stärkst wärmer wärmst",
)


def _umlaut_is_grammar(word: str) -> bool:
    word = word.lower()
    if word in _GRAMMAR_UMLAUT_WORDS or word.startswith(_GRAMMAR_UMLAUT_PREFIXES):
        return True
    return word.endswith(_GRAMMAR_UMLAUT_SUFFIXES) or (
        word.endswith("n") and word[:-1].endswith(_GRAMMAR_UMLAUT_SUFFIXES)  # Brüdern
    )


# Capital Sie/Ihnen/Ihr is the polite "you"; lowercase is she/they/her.
_POLITE_FORMS = frozenset({"sie", "ihnen", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"})
_DEFINITE_ARTICLES = frozenset(ARTICLES)
_INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
_DETERMINERS = (
    _DEFINITE_ARTICLES
    | _INDEFINITE_ARTICLES
    | frozenset({"den", "dem", "des", "kein", "keine", "keinen", "keinem", "keiner", "keines"})
)
# "die" is feminine or plural, so only der and das name the noun's gender.
_GENDER = {article: GENDER_NAMES[g] for article, g in GENDER_BY_ARTICLE.items() if article != "die"}

_PROTECTED_ENDING = 3
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
class _WordMatch:
    issues: frozenset[Issue]


@dataclass(frozen=True)
class _Meaningful:
    """The words differ only in an umlaut or a capital, but that difference is grammar."""

    issue: Issue


def _compare_words(
    given: _Word, target: _Word, *, mode: Mode, spelling: bool, missing_umlauts: bool = True
) -> _WordMatch | _Meaningful | None:
    g, t = given.text, target.text
    if g == t:
        return _WordMatch(frozenset())
    gl, tl = g.lower(), t.lower()
    if gl == tl:
        polite = tl in _POLITE_FORMS and (mode == "word" or not target.sentence_start)
        if polite and g[:1] != t[:1]:
            return _Meaningful("case")
        return _WordMatch(frozenset({"case"}))

    issues: set[Issue] = set()
    if _transliterate(gl) == _transliterate(tl):
        spellings = {_transliterate(t, capital_e=e) for e in (None, True, False)}
        if _transliterate(g) not in spellings:  # AEPFEL and Aepfel both spell ÄPFEL
            issues.add("case")
        if _transliterate(gl, umlauts=False) != _transliterate(tl, umlauts=False):
            issues.add("umlaut")
        if _transliterate(gl, eszett=False) != _transliterate(tl, eszett=False):
            issues.add("eszett")
        return _WordMatch(frozenset(issues or {"umlaut"}))  # `or`: defensive, never empty

    if missing_umlauts and _strip_umlauts(gl) == _strip_umlauts(tl):
        with_umlaut = t if _has_umlaut(t) else g
        if mode == "sentence" and _umlaut_is_grammar(with_umlaut):
            return _Meaningful("umlaut")
        issues.add("umlaut")
        if _strip_umlauts(g) != _strip_umlauts(t):
            issues.add("case")
        if _strip_umlauts(gl, eszett=False) != _strip_umlauts(tl, eszett=False):
            issues.add("eszett")
        return _WordMatch(frozenset(issues))

    if spelling and len(t) >= _MIN_SPELLING_LENGTH:
        folded_target = _fold(t)
        position = _single_edit(_fold(g), folded_target)
        if position is not None and position < len(folded_target) - _PROTECTED_ENDING:
            return _WordMatch(frozenset({"spelling"}))
    return None


# --- comparing one accepted answer ---------------------------------------------------------

_MAX_SHOWN = 80


def _show(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class _Outcome:
    verdict: Verdict
    issues: tuple[Issue, ...]
    feedback: str
    closeness: float  # 0..1, to pick the accepted answer a wrong one came closest to


def _ordered(issues: set[Issue] | frozenset[Issue]) -> tuple[Issue, ...]:
    return tuple(issue for issue in _ISSUE_ORDER if issue in issues)


def _similarity(given: str, target: str) -> float:
    return difflib.SequenceMatcher(None, _fold(given), _fold(target), autojunk=False).ratio()


def _compare(given: str, target: str, mode: Mode) -> _Outcome:
    closeness = _similarity(given, target)
    if mode == "sentence":
        g_cmp, t_cmp = _lower_first_letter(given), _lower_first_letter(target)
    elif _first_letter(target).islower():
        g_cmp, t_cmp = _lower_first_letter(given), target  # auto-capitalised by the keyboard
    else:
        g_cmp, t_cmp = given, target
    g_tidy, t_tidy = _tidy(g_cmp), _tidy(t_cmp)
    if g_tidy == t_tidy:
        return _Outcome(Verdict.CORRECT, (), "Correct!", closeness)

    g_words, t_words = _words(g_cmp), _words(t_cmp)
    # Same tokens as the compared words, with the first letter as written, for feedback.
    g_shown, t_shown = _words(given), _words(target)
    if len(g_shown) != len(g_words) or len(t_shown) != len(t_words):
        g_shown, t_shown = g_words, t_words

    meaningful: list[tuple[int, Issue]] = []
    if g_words and len(g_words) == len(t_words):
        matches = [
            _compare_words(g, t, mode=mode, spelling=mode == "word")
            for g, t in zip(g_words, t_words, strict=True)
        ]
        meaningful = [(i, m.issue) for i, m in enumerate(matches) if isinstance(m, _Meaningful)]
        found = [m for m in matches if isinstance(m, _WordMatch)]
        if len(found) == len(matches) and sum("spelling" in m.issues for m in found) <= 1:
            issues: set[Issue] = set().union(*(m.issues for m in found))
            if _signature(g_tidy, collapse=False) != _signature(t_tidy, collapse=False):
                issues.add("punctuation")
            if not issues:  # unreachable in practice: equal words and punctuation
                return _Outcome(Verdict.CORRECT, (), "Correct!", closeness)
            first_word_with = {
                issue: i for i in reversed(range(len(found))) for issue in found[i].issues
            }
            return _typo(issues, first_word_with, target, g_shown, t_shown, mode)
    elif g_words:
        joined = _compare_words(
            _Word("".join(w.text for w in g_words), "", False),
            _Word("".join(w.text for w in t_words), "", False),
            mode=mode,
            spelling=False,
            missing_umlauts=False,
        )
        if isinstance(joined, _WordMatch):
            issues = set(joined.issues) | {"whitespace"}
            if _signature(g_tidy, collapse=True) != _signature(t_tidy, collapse=True):
                issues.add("punctuation")
            return _typo(issues, {}, target, g_shown, t_shown, mode)

    if mode == "word":
        article = _article_problem(g_shown, t_words, t_shown, target)
        if article is not None:
            issues_tuple, feedback = article
            # The learner knew the noun: this card beats any other near miss.
            return _Outcome(Verdict.WRONG, issues_tuple, feedback, 1.0 + closeness)
    issues_tuple, feedback = _diagnose(g_words, t_words, g_shown, t_shown, target, meaningful)
    return _Outcome(Verdict.WRONG, issues_tuple, feedback, closeness)


def _typo(
    issues: set[Issue],
    first_word_with: dict[Issue, int],
    target: str,
    g_shown: list[_Word],
    t_shown: list[_Word],
    mode: Mode,
) -> _Outcome:
    ordered = _ordered(issues)
    hints: list[str] = []
    for issue in ordered:
        i = first_word_with.get(issue)
        if i is None:
            hint = {
                "punctuation": f"Mind the punctuation: {_show(target)}",
                "whitespace": f"Mind the spacing: {_show(target)}",
            }.get(issue, f"The exact form is: {_show(target)}")
            hints.append(hint)
            continue
        wrote, right = g_shown[i].raw, t_shown[i].raw
        if issue == "umlaut" and first_word_with.get("eszett") == i:
            hints.append(f"Mind the umlaut and the \u00df: {right}, not {wrote}.")
        elif issue == "eszett" and first_word_with.get("umlaut") == i:
            continue
        elif issue == "umlaut":
            hints.append(f"Mind the umlaut: {right}, not {wrote}.")
        elif issue == "eszett":
            hints.append(f"Mind the \u00df: {right}, not {wrote}.")
        elif issue == "spelling":
            hints.append(f"Watch the spelling: {right}, not {wrote}.")
        elif (
            right[:1].isupper()
            and wrote[:1].islower()
            and (mode == "word" or not t_shown[i].sentence_start)
        ):
            hints.append(f"German nouns and names take a capital: {right}, not {wrote}.")
        else:
            hints.append(f"Mind the capitals: {right}, not {wrote}.")
    unique = list(dict.fromkeys(hints))
    if len(unique) > 2:
        feedback = f"Almost! The exact form is: {_show(target)}"
    else:
        feedback = "Almost! " + " ".join(unique)
    return _Outcome(Verdict.TYPO, ordered, feedback, 1.0)


def _article_problem(
    g_words: list[_Word], t_words: list[_Word], t_shown: list[_Word], target: str
) -> tuple[tuple[Issue, ...], str] | None:
    """Recall cards: the article is part of the answer. `g_words` keep their first letter
    as typed: "Haus" for "das Haus" is a missing article, not a capitalisation slip."""
    if len(t_words) < 2 or t_words[0].text.lower() not in _DEFINITE_ARTICLES:
        return None
    right_article = t_words[0].text.lower()
    noun = " ".join(w.raw for w in t_shown[1:])

    def rest_matches(given: list[_Word]) -> set[Issue] | None:
        issues: set[Issue] = set()
        for g, t in zip(given, t_words[1:], strict=True):
            match = _compare_words(g, t, mode="word", spelling=True)
            if not isinstance(match, _WordMatch):
                return None
            issues |= match.issues
        return issues

    if len(g_words) == len(t_words) - 1:
        noun_issues = rest_matches(g_words)
        if noun_issues is not None:
            return (
                ("article_missing", *_ordered(noun_issues)),
                f"Don't forget the article: {_show(target)}",
            )
    elif len(g_words) == len(t_words):
        given_article = g_words[0].text.lower()
        if given_article in _DETERMINERS and given_article != right_article:
            noun_issues = rest_matches(g_words[1:])
            if noun_issues is not None:
                if given_article in _INDEFINITE_ARTICLES:
                    feedback = f"Use the definite article: {_show(target)}"
                elif right_article in _GENDER:
                    feedback = (
                        f"Wrong article: {_show(noun)} is {_GENDER[right_article]}, "
                        f"so it's {_show(target)}, not {g_words[0].raw}."
                    )
                else:
                    feedback = f"Wrong article: it's {_show(target)}, not {g_words[0].raw}."
                return ("article_wrong", *_ordered(noun_issues)), feedback
    return None


def _diagnose(
    g_words: list[_Word],
    t_words: list[_Word],
    g_shown: list[_Word],
    t_shown: list[_Word],
    target: str,
    meaningful: list[tuple[int, Issue]],
) -> tuple[tuple[Issue, ...], str]:
    answer = f"The answer is: {_show(target)}"
    g_folded = [_fold(w.text) for w in g_words]
    t_folded = [_fold(w.text) for w in t_words]
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
    return stem >= 2 and max(len(given), len(target)) - stem <= _PROTECTED_ENDING


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# --- public entry point --------------------------------------------------------------------

_RANK = {Verdict.CORRECT: 0, Verdict.TYPO: 1, Verdict.WRONG: 2}


def check_answer(
    given: str,
    accepted: Sequence[str],
    *,
    mode: Literal["word", "sentence"] = "sentence",
    max_length: int = 500,
) -> AnswerCheck:
    """Check `given` against every accepted answer and keep the best verdict (CORRECT, then
    TYPO with the fewest issues); when wrong, report the closest accepted answer.

    `max_length` limits the raw input (Invalid beyond it). `accepted` must hold at least one
    non-blank answer; `matched` is that answer as passed in."""
    if mode not in ("word", "sentence"):
        raise ValueError(f"unknown mode {mode!r}")
    if isinstance(accepted, str):
        raise TypeError("accepted must be a sequence of answers, not a single string")
    if len(given) > max_length:
        raise Invalid(f"That answer is too long: please keep it under {max_length} characters.")
    candidates = [(answer, normalise(answer)) for answer in accepted]
    candidates = [(answer, norm) for answer, norm in candidates if norm]
    if not candidates:
        raise ValueError("accepted must contain at least one non-blank answer")

    given_norm = normalise(given)
    if not given_norm:
        return AnswerCheck(Verdict.WRONG, candidates[0][0], ("empty",), "No answer given.")

    best: tuple[tuple[int, int, float, int], str, _Outcome] | None = None
    for index, (answer, norm) in enumerate(candidates):
        outcome = _compare(given_norm, norm, mode)
        # Fewest issues among typos; the closest among wrong answers.
        issue_count = 0 if outcome.verdict is Verdict.WRONG else len(outcome.issues)
        key = (_RANK[outcome.verdict], issue_count, -outcome.closeness, index)
        if best is None or key < best[0]:
            best = (key, answer, outcome)
        if outcome.verdict is Verdict.CORRECT:
            break
    assert best is not None
    _, answer, outcome = best
    return AnswerCheck(outcome.verdict, answer, outcome.issues, outcome.feedback)
