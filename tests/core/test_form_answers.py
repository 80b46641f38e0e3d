"""Typed plurals and verb forms: forgiving in form, precise about the part that is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.answers import Verdict
from core.answers.forms import check_plural, check_verb_forms, verb_forms_answer


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("die Häuser", Verdict.CORRECT, ""),
        ("Häuser", Verdict.CORRECT, ""),
        ("  die   Häuser ", Verdict.CORRECT, ""),
        ("Haeuser", Verdict.TYPO, "Mind the umlaut: write Häuser, not Haeuser."),
        ("häuser", Verdict.TYPO, "German nouns and names take a capital: Häuser, not häuser."),
        ("die Hauser", Verdict.WRONG, "Mind the umlaut: the plural is Häuser, not Hauser."),
        ("Haus", Verdict.WRONG, "That's the singular; the plural is die Häuser."),
        ("das Häuser", Verdict.WRONG, "Plural nouns take die: die Häuser, not das."),
        ("die Hauses", Verdict.WRONG, "The plural of Haus is Häuser, not Hauses."),
        ("", Verdict.WRONG, ""),
    ],
)
def test_plural(typed: str, verdict: Verdict, reason: str) -> None:
    check = check_plural(typed, "Haus", "Häuser")
    assert (check.verdict, check.reason) == (verdict, reason)
    assert check.feedback == ("" if verdict is Verdict.CORRECT else "It's die Häuser.")


def test_an_umlaut_the_singular_has_is_a_slip_and_one_added_is_wrong() -> None:
    assert check_plural("Baren", "Bär", "Bären").verdict is Verdict.TYPO
    added = check_plural("Hünde", "Hund", "Hunde")
    assert added.verdict is Verdict.WRONG
    assert added.reason == "No umlaut in the plural: Hunde, not Hünde."


@pytest.mark.parametrize(
    ("typed", "verdict", "reason"),
    [
        ("ging, ist gegangen", Verdict.CORRECT, ""),
        ("ging ist gegangen", Verdict.CORRECT, ""),
        ("ging - ist gegangen", Verdict.CORRECT, ""),
        ("ging – ist gegangen", Verdict.CORRECT, ""),
        ("er ging, er ist gegangen", Verdict.CORRECT, ""),
        ("Ging, Ist gegangen", Verdict.CORRECT, ""),
        ("ging, hat gegangen", Verdict.WRONG, "Perfekt uses sein: ist gegangen."),
        ("ging gegangen", Verdict.WRONG, "Perfekt needs its auxiliary: ist gegangen."),
        ("ging", Verdict.WRONG, "The Perfekt is missing: ist gegangen."),
        ("ist gegangen", Verdict.WRONG, "The Präteritum is missing: ging."),
        ("ging, ist", Verdict.WRONG, "The Partizip II is missing: gegangen."),
        ("gehte, ist gegangen", Verdict.WRONG, "Präteritum: ging, not gehte."),
        ("ging, ist gegeht", Verdict.WRONG, "Partizip II: gegangen, not gegeht."),
        ("ging, bin gegangen", Verdict.TYPO, "The er/sie/es form: ist, not bin."),
        (
            "ist gegangen, ging",
            Verdict.TYPO,
            "Präteritum first, then Perfekt: ging, ist gegangen.",
        ),
    ],
)
def test_verb_forms(typed: str, verdict: Verdict, reason: str) -> None:
    check = check_verb_forms(typed, "gehen", "ging", "gegangen", "sein")
    assert (check.verdict, check.reason) == (verdict, reason)


def test_verb_umlauts_separable_verbs_and_either_auxiliary() -> None:
    mochte = check_verb_forms("möchte, hat gemocht", "mögen", "mochte", "gemocht", "haben")
    assert mochte.verdict is Verdict.WRONG
    assert mochte.reason == "No umlaut in the Präteritum: mochte, not möchte."
    fuhrte = check_verb_forms("fuhrte, hat geführt", "führen", "führte", "geführt", "haben")
    assert fuhrte.verdict is Verdict.TYPO and "Mind the umlaut" in fuhrte.reason
    up = ("aufstehen", "stand auf", "aufgestanden", "sein")
    assert check_verb_forms("stand auf ist aufgestanden", *up).verdict is Verdict.CORRECT
    assert check_verb_forms("stand, ist aufgestanden", *up).verdict is Verdict.WRONG
    drive = ("fahren", "fuhr", "gefahren", "haben/sein")
    assert verb_forms_answer(*drive[1:]) == "fuhr, hat/ist gefahren"
    for typed in ("fuhr, ist gefahren", "fuhr, hat gefahren", "fuhr ist/hat gefahren"):
        assert check_verb_forms(typed, *drive).verdict is Verdict.CORRECT, typed


@given(st.text(max_size=60))
def test_any_text_gets_a_verdict_and_only_the_answer_is_correct(typed: str) -> None:
    forms = check_verb_forms(typed, "gehen", "ging", "gegangen", "sein")
    plural = check_plural(typed, "Haus", "Häuser")
    words = typed.replace(",", " ").replace("-", " ").lower().split()
    if forms.verdict is Verdict.CORRECT:
        assert [w for w in words if w not in ("er", "sie", "es")] == ["ging", "ist", "gegangen"]
    if plural.verdict is Verdict.CORRECT:
        assert words in (["häuser"], ["die", "häuser"])
