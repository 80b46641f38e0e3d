"""Scenario step keywords are specific: a generic word alone ("ja", "bitte", "nicht", "wie")
never completes a scripted step, and every scene keeps one register (du or Sie).

The offline tutor counts a step as done when a keyword stem starts one of the message's words
(after folding case and umlauts), so a keyword is too generic when it is a prefix of a generic
word: "bit" would let "bitte" through just as "bitte" would. No database needed.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from seeds.catalog import Catalog, load_catalog
from seeds.schemas import Scenario

# Words that say nothing about what the learner did at a step: answers, fillers, pronouns,
# articles, prepositions, auxiliaries and modal verbs (folded like the keywords before use).
_GENERIC_TEXT = """
    ja jo nein nee doch bitte nicht nichts wie was wer wo wann warum
    gut ok okay gern gerne klar genau natürlich vielleicht
    und oder aber also auch noch schon so sehr mal hier da dann jetzt nur
    ich du er sie es wir ihr man mir mich dir dich uns ihnen mein meine dein deine
    der die das den dem des ein eine einen einem einer kein keine keinen
    zu ab an am auf aus bei bis für in im ins mit nach seit um von vom vor zum zur
    bin bist ist sind seid sein war habe hast hat haben hatte hätte werde wird würde
    kann kannst können könnte möchte möchten will wollen muss müssen soll sollen darf
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
# The four words of issue #13 that must never complete a step, as whole messages.
MUST_NOT_COMPLETE = ("ja", "bitte", "nicht", "wie", "Ja, bitte.", "Nein, nicht.", "Wie bitte?")
MIN_STEM = 3

DU_WORDS = frozenset({"du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "deines"})
DU_WORDS |= {"ihr", "euch", "euer", "eure", "euren", "eurem", "eurer"}  # plural du
SIE_WORDS = frozenset({"Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"})
# du-imperatives and du verb forms that give the register away without a pronoun
DU_VERB = re.compile(r"\b\w+st\s+du\b|\bdu\s+\w+st\b", re.IGNORECASE)


def fold(text: str) -> str:
    """Like core.vocabulary.text.fold: case- and umlaut-insensitive ("Schön" → "schon")."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
    for pair, vowel in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        text = text.replace(pair, vowel)
    return " ".join(text.split())


GENERIC = frozenset(fold(w) for w in GENERIC_WORDS)


def step_done(message: str, keywords: list[str]) -> bool:
    """The offline tutor's rule: a keyword stem starts one of the message's words."""
    words = re.findall(r"[a-z0-9@]+", fold(message))
    stems = [fold(k) for k in keywords]
    return any(word.startswith(stem) for stem in stems if stem for word in words)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(allow_duplicates=True)


def generic_keywords(catalog: Catalog) -> list[str]:
    problems = []
    for scenario in catalog.scenarios:
        for i, turn in enumerate(scenario.turns):
            for keyword in turn.keywords:
                stem = fold(keyword)
                hits = sorted(g for g in GENERIC if g.startswith(stem))
                if hits:
                    problems.append(
                        f"{scenario.slug} step {i}: keyword {keyword!r} lets {hits} complete it"
                    )
                elif len(stem) < MIN_STEM:
                    problems.append(f"{scenario.slug} step {i}: keyword {keyword!r} is too short")
    return problems


def test_no_step_keyword_is_generic(catalog: Catalog) -> None:
    problems = generic_keywords(catalog)
    assert not problems, "\n".join(problems)


def test_generic_answers_complete_no_step(catalog: Catalog) -> None:
    done = [
        f"{s.slug} step {i}: {message!r}"
        for s in catalog.scenarios
        for i, turn in enumerate(s.turns)
        for message in MUST_NOT_COMPLETE
        if step_done(message, turn.keywords)
    ]
    assert not done, "\n".join(done)


def test_every_example_answer_completes_its_step(catalog: Catalog) -> None:
    missed = [
        f"{s.slug} step {i}: {turn.example_answer!r} matches none of {turn.keywords}"
        for s in catalog.scenarios
        for i, turn in enumerate(s.turns)
        if not step_done(turn.example_answer, turn.keywords)
    ]
    assert not missed, "\n".join(missed)


def registers(text: str) -> set[str]:
    """'du' and/or 'Sie' as the text addresses someone; Sie counts only when capitalised
    mid-sentence (sentence-initial 'Sie' may be 'they')."""
    found = set()
    words = re.findall(r"[\wäöüÄÖÜß]+", text)
    if any(w.lower() in DU_WORDS - {"ihr"} for w in words) or DU_VERB.search(text):
        found.add("du")
    sentence_start = True
    for token in re.findall(r"[\wäöüÄÖÜß]+|[.!?:„“\"]", text):
        if token in '.!?:„“"':
            sentence_start = True
            continue
        if token in SIE_WORDS and not sentence_start:
            found.add("Sie")
        sentence_start = False
    return found


def scenario_lines(scenario: Scenario) -> list[tuple[str, str]]:
    lines = [("opening_line", scenario.opening_line), ("closing_line", scenario.closing_line)]
    for i, turn in enumerate(scenario.turns):
        lines += [(f"step {i} tutor", turn.tutor), (f"step {i} example", turn.example_answer)]
    return lines


def test_each_scenario_keeps_one_register(catalog: Catalog) -> None:
    mixed = []
    for scenario in catalog.scenarios:
        seen: dict[str, list[str]] = {}
        for where, text in scenario_lines(scenario):
            for register in registers(text):
                seen.setdefault(register, []).append(where)
        if len(seen) > 1:
            mixed.append(f"{scenario.slug}: du in {seen['du']}, Sie in {seen['Sie']}")
    assert not mixed, "\n".join(mixed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Möchtest du einen Kaffee?", {"du"}),
        ("Was darf ich Ihnen bringen?", {"Sie"}),
        ("Sie kommen morgen. Hast du Zeit?", {"du"}),  # sentence-initial Sie may be 'they'
        ("Können Sie mir helfen? Kommst du mit?", {"du", "Sie"}),
    ],
)
def test_register_detection(text: str, expected: set[str]) -> None:
    assert registers(text) == expected


def test_generic_rule_catches_prefixes() -> None:
    assert step_done("Ja, bitte.", ["bit"])
    assert not step_done("Ja, bitte.", ["bitter"])
    assert any(g.startswith(fold("möcht")) for g in GENERIC)
