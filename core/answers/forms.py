"""Typed word forms: a noun's plural ("die Häuser") and a verb's Präteritum and Perfekt
("ging, ist gegangen"), checked part by part with `check_answer`, so the feedback names the
part that is wrong ("Perfekt uses sein: ist gegangen.").

Forgiving where the form is known: the plural with or without its article die; the verb's
parts separated by a comma, a dash or a space; er/sie/es before them; ae/oe/ue for an umlaut
(a typo). Precise where the form is the lesson: an umlaut is grammar in a plural (Häuser)
and in verb forms (mochte, möchte), so leaving it off is wrong unless the base word has it
too (Bär → Bären, führen → führte), and adding one is always wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from core.answers.checking import check_answer
from core.answers.folds import strip_umlauts, transliterate
from core.answers.verdicts import AnswerCheck, Issue, Verdict, ordered

_ARTICLES: Final = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine"})
_PRONOUNS: Final = frozenset({"er", "sie", "es"})
# An auxiliary as the learner may write it, and the verb it is a form of.
# Only ist and hat are the er/sie/es form the card asks for; the others are forgiven as typos.
_AUXILIARIES: Final = {
    "ist": "sein",
    "sein": "sein",
    "bin": "sein",
    "sind": "sein",
    "hat": "haben",
    "haben": "haben",
    "habe": "haben",
}
THIRD_PERSON: Final = {"sein": "ist", "haben": "hat"}
_SEPARATORS = re.compile(r"[\s,;/\u2013\u2014]+|(?<!\w)-|-(?!\w)")

UmlautSlip = Literal["spelled_out", "left_off", "added"]


def _umlaut_slip(given: str, target: str) -> UmlautSlip | None:
    """How `given` differs from `target` in umlauts alone, if that is all."""
    g, t = given.lower(), target.lower()
    if g == t:
        return None
    if g == transliterate(t, eszett=False):
        return "spelled_out"
    if len(g) != len(t) or strip_umlauts(g, eszett=False) != strip_umlauts(t, eszett=False):
        return None
    return "left_off" if any(a != b and b in "äöü" for a, b in zip(g, t, strict=True)) else "added"


@dataclass(frozen=True)
class _Part:
    verdict: Verdict
    issues: tuple[Issue, ...]
    umlaut: UmlautSlip | None
    reason: str = ""


def _check_part(given: str, right: str, base: str) -> _Part:
    """One form against the right one. `base` is the word it is formed from (the singular,
    the infinitive): an umlaut left off that the base has too is a slip, not grammar."""
    check = check_answer(given, [right], mode="word")
    slip = _umlaut_slip(given, right)
    if slip is None or check.verdict is Verdict.CORRECT:
        return _Part(check.verdict, check.issues, None, check.reason)
    base_umlauts = {ch for ch in base.lower() if ch in "äöü"}
    wanted = {b for a, b in zip(given.lower(), right.lower(), strict=False) if a != b}
    forgiven = slip == "spelled_out" or (slip == "left_off" and wanted <= base_umlauts)
    return _Part(Verdict.TYPO if forgiven else Verdict.WRONG, ("umlaut",), slip)


def _umlaut_words(slip: UmlautSlip, right: str, wrote: str, where: str) -> str:
    if slip == "added":
        return f"No umlaut in the {where}: {right}, not {wrote}."
    if slip == "left_off":
        return f"Mind the umlaut: the {where} is {right}, not {wrote}."
    return f"Mind the umlaut: write {right}, not {wrote}."


def _judge_form(given: str, right: str, base: str, name: str) -> _Part:
    """One verb form as typed (the Präteritum, the Partizip II), with the reason to show
    ('' when it is right)."""
    if not given:
        return _Part(Verdict.WRONG, ("missing_word",), None, f"The {name} is missing: {right}.")
    part = _check_part(given, right, base)
    if part.umlaut is not None:
        reason = _umlaut_words(part.umlaut, right, given, name)
    elif part.verdict is not Verdict.CORRECT:
        reason = f"{name}: {right}, not {given}."
    else:
        reason = ""
    return _Part(part.verdict, part.issues, part.umlaut, reason)


def check_plural(given: str, singular: str, plural: str) -> AnswerCheck:
    """The plural typed with or without die ("die Häuser", "Häuser"); `matched` is the form
    it was compared with (with die only when die was typed)."""
    words = given.split()
    article = words[0].lower() if len(words) > 1 and words[0].lower() in _ARTICLES else None
    noun = " ".join(words[1:] if article else words)
    full = f"die {plural}"
    matched = full if article else plural
    if not noun:
        return AnswerCheck(Verdict.WRONG, matched, ("empty",), f"It's {full}.", "")
    part = _check_part(noun, plural, singular)
    issues = set(part.issues)
    reasons: list[str] = []
    verdict = part.verdict
    if part.verdict is Verdict.CORRECT:
        pass
    elif part.umlaut is not None:
        reasons.append(_umlaut_words(part.umlaut, plural, noun, "plural"))
    elif noun.lower() == singular.lower():
        reasons.append(f"That's the singular; the plural is {full}.")
    elif part.verdict is Verdict.TYPO:
        reasons.append(part.reason or f"Watch the spelling: {plural}, not {noun}.")
    else:
        reasons.append(f"The plural of {singular} is {plural}, not {noun}.")
    if article is not None and article != "die":
        verdict = Verdict.WRONG
        issues.add("article_wrong")
        reasons.insert(0, f"Plural nouns take die: {full}, not {article}.")
    feedback = "" if verdict is Verdict.CORRECT else f"It's {full}."
    return AnswerCheck(verdict, matched, ordered(issues), feedback, " ".join(reasons))


def perfect_of(partizip2: str, auxiliary: str) -> str:
    """ "ist gegangen"; "ist/hat gefahren" for a verb that takes either."""
    helpers = "/".join(THIRD_PERSON[verb] for verb in auxiliary.split("/") if verb in THIRD_PERSON)
    return f"{helpers} {partizip2}".strip()


def verb_forms_answer(praeteritum: str, partizip2: str, auxiliary: str) -> str:
    return f"{praeteritum}, {perfect_of(partizip2, auxiliary)}"


@dataclass(frozen=True)
class _Typed:
    praeteritum: list[str]
    auxiliary: str | None  # the auxiliary verb (sein or haben) as typed, if any
    auxiliary_as_typed: str | None
    partizip: list[str]


def _split_forms(given: str, praeteritum_words: int) -> _Typed:
    tokens = [t for t in _SEPARATORS.split(given) if t and t.lower() not in _PRONOUNS]
    at = next((i for i, t in enumerate(tokens) if t.lower() in _AUXILIARIES), None)
    if at is None:
        return _Typed(tokens[:praeteritum_words], None, None, tokens[praeteritum_words:])
    rest = tokens[at + 1 :]
    while rest and rest[0].lower() in _AUXILIARIES:  # "ist/hat gefahren"
        rest = rest[1:]
    return _Typed(tokens[:at], _AUXILIARIES[tokens[at].lower()], tokens[at], rest)


def check_verb_forms(
    given: str, infinitive: str, praeteritum: str, partizip2: str, auxiliary: str
) -> AnswerCheck:
    """ "ging, ist gegangen" (or "ging ist gegangen", "ging - ist gegangen"): the
    Präteritum, then the Perfekt with its auxiliary, each told apart when wrong."""
    allowed = set(auxiliary.split("/"))
    perfect = perfect_of(partizip2, auxiliary)
    expected = f"{praeteritum}, {perfect}"
    typed = _split_forms(given, len(praeteritum.split()))
    chosen = typed.auxiliary if typed.auxiliary in allowed else sorted(allowed)[-1]
    matched = f"{praeteritum}, {THIRD_PERSON.get(chosen, '')} {partizip2}".replace("  ", " ")
    if not typed.praeteritum and not typed.partizip and typed.auxiliary is None:
        return AnswerCheck(Verdict.WRONG, matched, ("empty",), f"It's {expected}.", "")
    partizip_words = len(partizip2.split())
    if not typed.praeteritum and len(typed.partizip) > partizip_words:
        # "ist gegangen, ging": both forms, in the other order.
        swapped = _Typed(
            typed.partizip[partizip_words:],
            typed.auxiliary,
            typed.auxiliary_as_typed,
            typed.partizip[:partizip_words],
        )
        if all(
            _check_part(" ".join(words), right, infinitive).verdict is not Verdict.WRONG
            for words, right in ((swapped.praeteritum, praeteritum), (swapped.partizip, partizip2))
        ) and (typed.auxiliary in allowed):
            reason = f"Präteritum first, then Perfekt: {expected}."
            return AnswerCheck(Verdict.TYPO, matched, ("word_order",), reason, reason)
    verdicts: list[Verdict] = []
    issues: set[Issue] = set()
    reasons: list[str] = []

    def count(part: _Part) -> None:
        verdicts.append(part.verdict)
        issues.update(part.issues)
        if part.reason:
            reasons.append(part.reason)

    count(_judge_form(" ".join(typed.praeteritum), praeteritum, infinitive, "Präteritum"))
    participle = " ".join(typed.partizip)
    if not participle and typed.auxiliary is None:
        verdicts.append(Verdict.WRONG)
        issues.add("missing_word")
        reasons.append(f"The Perfekt is missing: {perfect}.")
    else:
        if typed.auxiliary is None:
            verdicts.append(Verdict.WRONG)
            issues.add("auxiliary")
            reasons.append(f"Perfekt needs its auxiliary: {perfect}.")
        elif typed.auxiliary not in allowed:
            verdicts.append(Verdict.WRONG)
            issues.add("auxiliary")
            reasons.append(f"Perfekt uses {auxiliary.replace('/', ' or ')}: {perfect}.")
        elif (typed.auxiliary_as_typed or "").lower() not in THIRD_PERSON.values():
            verdicts.append(Verdict.TYPO)
            issues.add("auxiliary")
            helper = THIRD_PERSON[typed.auxiliary]
            reasons.append(f"The er/sie/es form: {helper}, not {typed.auxiliary_as_typed}.")
        count(_judge_form(participle, partizip2, infinitive, "Partizip II"))
    verdict = max(verdicts, key=lambda v: (Verdict.CORRECT, Verdict.TYPO, Verdict.WRONG).index(v))
    feedback = "" if verdict is Verdict.CORRECT else f"It's {expected}."
    return AnswerCheck(verdict, matched, ordered(issues), feedback, " ".join(reasons))
