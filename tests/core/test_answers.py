"""Deterministic answer checking: concrete German cases and general properties."""

from __future__ import annotations

from typing import Literal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.answers import AnswerCheck, Verdict, check_answer, normalise
from core.answers.marking import mark
from core.errors import Invalid

C, T, W = Verdict.CORRECT, Verdict.TYPO, Verdict.WRONG
Mode = Literal["word", "sentence"]
MODES: tuple[Mode, ...] = ("word", "sentence")

# (given, accepted, mode, verdict, issues that must be reported)
CASES: list[tuple[str, list[str], Mode, Verdict, set[str]]] = [
    # --- flashcards (word mode) ---
    ("das Haus", ["das Haus"], "word", C, set()),
    ("Das Haus", ["das Haus"], "word", C, set()),  # phone keyboards capitalise the first letter
    ("das Haus.", ["das Haus"], "word", C, set()),
    ("  das   Haus ", ["das Haus"], "word", C, set()),
    ("das haus", ["das Haus"], "word", T, {"case"}),
    ("Haus", ["das Haus"], "word", W, {"article_missing"}),
    ("haus", ["das Haus"], "word", W, {"article_missing", "case"}),
    ("der Haus", ["das Haus"], "word", W, {"article_wrong"}),
    ("die Haus", ["das Haus"], "word", W, {"article_wrong"}),
    ("ein Haus", ["das Haus"], "word", W, {"article_wrong"}),
    ("das Tisch", ["der Tisch"], "word", W, {"article_wrong"}),
    ("die Strasse", ["die Straße"], "word", T, {"eszett"}),
    ("die Grösse", ["die Größe"], "word", T, {"eszett"}),
    ("die Grosse", ["die Größe"], "word", T, {"umlaut", "eszett"}),
    ("daß", ["dass"], "word", T, {"eszett"}),
    ("schoen", ["schön"], "word", T, {"umlaut"}),
    ("schon", ["schön"], "word", T, {"umlaut"}),
    ("Bruder", ["Brüder"], "word", T, {"umlaut"}),
    ("die Aepfel", ["die Äpfel"], "word", T, {"umlaut"}),
    ("die AEPFEL", ["die ÄPFEL"], "word", T, {"umlaut"}),
    ("die Maedchen", ["die Mädchen"], "word", T, {"umlaut"}),
    ("ueber", ["über"], "word", T, {"umlaut"}),
    ("das Fnster", ["das Fenster"], "word", T, {"spelling"}),
    ("das Fensster", ["das Fenster"], "word", T, {"spelling"}),
    ("das Fesnter", ["das Fenster"], "word", T, {"spelling"}),
    ("das Fenstr", ["das Fenster"], "word", W, set()),  # a slip in the ending is not forgiven
    ("kleinem", ["kleinen"], "word", W, {"ending"}),
    ("den", ["dem"], "word", W, set()),  # short words: one letter is grammar
    ("Hund", ["Katze"], "word", W, {"wrong_word"}),
    ("sie", ["Sie"], "word", W, {"case"}),
    ("die Katze", ["der Kater", "die Katze"], "word", C, set()),
    ("der Katze", ["der Kater", "die Katze"], "word", W, {"article_wrong"}),
    ("GutenMorgen", ["Guten Morgen"], "word", T, {"whitespace"}),
    # --- grammar exercises and quizzes (sentence mode) ---
    ("Ich sehe den Mann.", ["Ich sehe den Mann."], "sentence", C, set()),
    ("ich sehe den Mann", ["Ich sehe den Mann."], "sentence", C, set()),
    ("Ich sehe den Mann!", ["Ich sehe den Mann."], "sentence", C, set()),
    ("Ich  sehe den Mann .", ["Ich sehe den Mann."], "sentence", C, set()),
    ("Ich sehe dem Mann.", ["Ich sehe den Mann."], "sentence", W, {"article_wrong"}),
    ("Ich sehe der Mann.", ["Ich sehe den Mann."], "sentence", W, {"article_wrong"}),
    ("Ich helfe den Mann.", ["Ich helfe dem Mann."], "sentence", W, {"article_wrong"}),
    ("Ich habe kein Zeit.", ["Ich habe keine Zeit."], "sentence", W, {"article_wrong"}),
    (
        "Ich gebe dem kleinem Kind ein Buch.",
        ["Ich gebe dem kleinen Kind ein Buch."],
        "sentence",
        W,
        {"ending"},
    ),
    ("Das ist ein schöner Haus.", ["Das ist ein schönes Haus."], "sentence", W, {"ending"}),
    ("Du mache das.", ["Du machst das."], "sentence", W, {"ending"}),
    (
        "Gestern ich bin ins Kino gegangen.",
        ["Gestern bin ich ins Kino gegangen."],
        "sentence",
        W,
        {"word_order"},
    ),
    ("Ich glaube dass er kommt.", ["Ich glaube, dass er kommt."], "sentence", T, {"punctuation"}),
    ("Ich glaube, das er kommt.", ["Ich glaube, dass er kommt."], "sentence", W, set()),
    (
        "Der Mann der dort steht ist mein Vater",
        ["Der Mann, der dort steht, ist mein Vater."],
        "sentence",
        T,
        {"punctuation"},
    ),
    (
        "Ich wohne in der Hauptstrasse.",
        ["Ich wohne in der Hauptstraße."],
        "sentence",
        T,
        {"eszett"},
    ),
    ("Das ist schon.", ["Das ist schön."], "sentence", T, {"umlaut"}),
    ("Das ist schoen.", ["Das ist schön."], "sentence", T, {"umlaut"}),
    ("Aepfel sind gesund.", ["Äpfel sind gesund."], "sentence", T, {"umlaut"}),
    ("Ich wurde gern kommen.", ["Ich würde gern kommen."], "sentence", W, {"umlaut"}),
    ("Ich wuerde gern kommen.", ["Ich würde gern kommen."], "sentence", T, {"umlaut"}),
    ("Er fahrt nach Berlin.", ["Er fährt nach Berlin."], "sentence", W, {"umlaut"}),
    ("Meine Bruder wohnen in Köln.", ["Meine Brüder wohnen in Köln."], "sentence", W, {"umlaut"}),
    ("Meine Brueder wohnen in Koeln.", ["Meine Brüder wohnen in Köln."], "sentence", T, {"umlaut"}),
    ("Er ist alter als ich.", ["Er ist älter als ich."], "sentence", W, {"umlaut"}),
    ("Ich habe ein haus.", ["Ich habe ein Haus."], "sentence", T, {"case"}),
    ("Können sie mir helfen?", ["Können Sie mir helfen?"], "sentence", W, {"case"}),
    ("Wie gehts?", ["Wie geht’s?"], "sentence", T, {"punctuation"}),
    ("Wie geht's?", ["Wie geht’s?"], "sentence", C, set()),
    ("Er sagt: „Hallo!“", ['Er sagt: "Hallo!"'], "sentence", C, set()),
    ("Ich komme nicht.", ["Ich komme."], "sentence", W, {"extra_word"}),
    ("Ich komme.", ["Ich komme nicht."], "sentence", W, {"missing_word"}),
    ("Ich heisse Anna.", ["Ich heiße Anna.", "Mein Name ist Anna."], "sentence", T, {"eszett"}),
    ("Mein Name ist Anna", ["Ich heiße Anna.", "Mein Name ist Anna."], "sentence", C, set()),
    (
        "ich trinke gern Kaffee",
        ["Ich trinke gerne Kaffee.", "Ich trinke gern Kaffee."],
        "sentence",
        C,
        set(),
    ),
    ("Wir trinkt Kaffee.", ["Wir trinken Kaffee.", "Wir mögen Kaffee."], "sentence", W, {"ending"}),
    # --- nothing useful typed ---
    ("", ["das Haus"], "word", W, {"empty"}),
    (" \t\n ", ["Ich komme."], "sentence", W, {"empty"}),
    ("\u200b\x00", ["Ich komme."], "sentence", W, {"empty"}),
    ("?!", ["Ich komme."], "sentence", W, set()),
]


@pytest.mark.parametrize(("given_text", "accepted", "mode", "verdict", "issues"), CASES)
def test_german_cases(
    given_text: str, accepted: list[str], mode: Mode, verdict: Verdict, issues: set[str]
) -> None:
    result = check_answer(given_text, accepted, mode=mode)
    assert result.verdict is verdict, result
    assert issues <= set(result.issues), result
    assert result.matched in accepted
    assert result.feedback


def test_feedback_names_the_exact_form() -> None:
    result = check_answer("schon", ["schön"], mode="word")
    assert result.feedback == "Almost! Mind the umlaut: schön, not schon."
    assert check_answer("Ich komme", ["Ich komme."]).feedback == "Correct!"
    assert check_answer("   ", ["x"]).feedback == "No answer given."


def test_wrong_article_feedback_names_the_right_article() -> None:
    result = check_answer("der Haus", ["das Haus"], mode="word")
    assert "das Haus" in result.feedback and "neuter" in result.feedback
    missing = check_answer("Haus", ["das Haus"], mode="word")
    assert missing.issues == ("article_missing",)
    assert "das Haus" in missing.feedback


def test_best_match_prefers_correct_then_typo_then_closest() -> None:
    accepted = ["Ich fahre mit dem Bus.", "Ich nehme den Bus."]
    assert check_answer("Ich nehme den Bus", accepted).matched == "Ich nehme den Bus."
    typo = check_answer("ich nehme den bus", accepted)
    assert (typo.verdict, typo.matched) == (T, "Ich nehme den Bus.")
    wrong = check_answer("Ich nehme dem Bus.", accepted)
    assert (wrong.verdict, wrong.matched) == (W, "Ich nehme den Bus.")


def test_too_long_input_is_invalid() -> None:
    check_answer("a" * 500, ["a"])
    with pytest.raises(Invalid, match="too long"):
        check_answer("a" * 501, ["a"])
    with pytest.raises(Invalid):
        check_answer("Haus" * 10, ["Haus"], max_length=20)


def test_misuse_by_the_caller_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        check_answer("Haus", "Haus")
    with pytest.raises(ValueError, match="non-blank"):
        check_answer("Haus", [])
    with pytest.raises(ValueError, match="non-blank"):
        check_answer("Haus", ["  ", "\u200b"])


@pytest.mark.parametrize(
    "text",
    [
        "😀🇩🇪👨‍👩‍👧",
        "\u202eHaus\u202c",
        "שלום עולם",
        "مرحبا",
        "\x00\x01\x7f",
        "\ud800",
        "\ufeffHaus",
        "a\u0308",
    ],
)
def test_any_unicode_is_checked_without_crashing(text: str) -> None:
    for mode in MODES:
        result = check_answer(text, ["das Haus", text], mode=mode)
        assert isinstance(result, AnswerCheck)


def test_normalise() -> None:
    assert normalise("  Er  sagt:\u00a0„Hallo“ \u2013 ja\u2019s \n") == 'Er sagt: "Hallo" - ja\'s'
    assert normalise("scho\u0308n") == "schön"  # decomposed umlaut
    assert normalise("Ha\u200bus\x00") == "Haus"
    assert normalise("\u1fef") == "'"  # NFC yields a backtick, which is an apostrophe here


# --- properties ----------------------------------------------------------------------------

GERMAN = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜẞ"
german_words = st.text(alphabet=GERMAN, min_size=1, max_size=12)
german_text = st.lists(
    st.tuples(german_words, st.sampled_from([" ", " ", ", ", ". ", "-", "'", " \u201e"])),
    min_size=1,
    max_size=12,
).map(lambda parts: "".join(w + sep for w, sep in parts).strip())
any_text = st.one_of(st.text(max_size=200), german_text)
modes = st.sampled_from(MODES)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(any_text)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@PROPERTY_SETTINGS
@given(any_text, modes)
def test_an_accepted_answer_is_correct(text: str, mode: Mode) -> None:
    assume(normalise(text))
    result = check_answer(text, [text], mode=mode)
    assert result.verdict is Verdict.CORRECT, result


UMLAUT_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "SS"}


@PROPERTY_SETTINGS
@given(st.one_of(german_text, st.text(alphabet=GERMAN + " .,-'", max_size=80)), modes, st.data())
def test_transliterated_umlauts_are_never_wrong(text: str, mode: Mode, data: st.DataObject) -> None:
    accepted = normalise(text)
    assume(accepted)
    out: list[str] = []
    for ch in accepted:
        if ch in "ÄÖÜ" and data.draw(st.booleans()):
            out.append(ch.translate({ord("Ä"): "A", ord("Ö"): "O", ord("Ü"): "U"}))
            out.append(data.draw(st.sampled_from("eE")))
        elif ch in UMLAUT_SPELLINGS and data.draw(st.booleans()):
            out.append(UMLAUT_SPELLINGS[ch])
        else:
            out.append(ch)
    result = check_answer("".join(out), [accepted], mode=mode, max_length=1000)
    assert result.verdict is not Verdict.WRONG, (result, "".join(out))


def _swap_first_letter(text: str) -> str | None:
    for i, ch in enumerate(text):
        if ch.isalpha():
            swapped = ch.swapcase()
            if len(swapped) != 1 or swapped == ch or swapped.swapcase() != ch:
                return None
            return text[:i] + swapped + text[i + 1 :]
    return None


@PROPERTY_SETTINGS
@given(any_text, st.booleans(), st.booleans())
def test_first_letter_case_and_final_period_are_never_wrong_in_sentences(
    text: str, swap_case: bool, add_period: bool
) -> None:
    accepted = normalise(text)
    assume(accepted)
    variant = accepted
    if swap_case:
        swapped = _swap_first_letter(variant)
        assume(swapped is not None)
        assert swapped is not None
        variant = swapped
    if add_period:
        variant += "."
    result = check_answer(variant, [text], mode="sentence", max_length=1000)
    assert result.verdict is not Verdict.WRONG, (result, variant)


@PROPERTY_SETTINGS
@given(
    st.one_of(st.text(max_size=500), german_text),
    st.lists(any_text, min_size=1, max_size=3),
    modes,
)
def test_never_raises_on_any_text_within_max_length(
    text: str, accepted: list[str], mode: Mode
) -> None:
    assume(any(normalise(a) for a in accepted))
    result = check_answer(text, accepted, mode=mode)
    assert result.verdict in Verdict
    assert result.matched in accepted
    assert result.feedback
    assert (result.verdict is Verdict.CORRECT) == (result.issues == ())


@pytest.mark.parametrize(
    ("given", "accepted", "issue", "reason"),
    [
        ("die Strase", "die Straße", "spelling", "Check the spelling: Straße, not Strase."),
        ("das Fenstr", "das Fenster", "spelling", "Check the spelling: Fenster, not Fenstr."),
        ("kleinem", "kleinen", "ending", "Check the ending: kleinen, not kleinem."),
        ("Zeitung", "die Zeitung", "article_missing", "Don't forget the article: die Zeitung"),
        ("der Zeitung", "die Zeitung", "article_wrong", "Wrong article: die, not der."),
        ("die Haus", "das Haus", "article_wrong", "Wrong article: das, not die (Haus is neuter)."),
        ("schon", "schön", "umlaut", "Mind the umlaut: schön, not schon."),
        ("der Hund", "die Katze", "mismatch", ""),
    ],
)
def test_the_reason_points_at_the_real_difference(
    given: str, accepted: str, issue: str, reason: str
) -> None:
    result = check_answer(given, [accepted], mode="word")
    assert result.issues[0] == issue and result.reason == reason, result


def test_a_typo_says_almost_once() -> None:
    result = check_answer("die Strasse", ["die Straße"], mode="word")
    assert result.feedback.count("Almost") == 1 and "Almost" not in result.reason


@given(st.text(max_size=40), st.text(max_size=40))
def test_marking_keeps_both_texts(given_text: str, expected: str) -> None:
    marked = mark(given_text, expected)
    assert "".join(p.text for p in marked.given) == " ".join(given_text.split())
    assert "".join(p.text for p in marked.expected) == " ".join(expected.split())
    assert all(p.text for p in marked.given + marked.expected)


def test_marking_bolds_the_letter_that_differs() -> None:
    marked = mark("die Strase", "die Straße")
    assert [(p.text, p.differs) for p in marked.expected] == [
        ("die Stra", False),
        ("ß", True),
        ("e", False),
    ]
    assert [(p.text, p.differs) for p in mark("der Tisch", "die Tisch").given] == [
        ("der", True),
        (" Tisch", False),
    ]
