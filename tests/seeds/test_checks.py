"""seeds.checks finds the mistakes it is meant to find, on small made-up catalogues."""

from __future__ import annotations

from typing import Any

from seeds.catalog import Catalog
from seeds.checks import (
    count_problems,
    exercise_problems,
    noun_problems,
    reference_problems,
    spelling_problems,
    verb_problems,
)
from seeds.schemas import Exercise, GrammarTopic, VocabularyEntry

ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})


def word(lemma: str, pos: str = "noun", example: str = "Gut.", **details: Any) -> VocabularyEntry:
    return VocabularyEntry.model_validate(
        {
            "slug": f"{lemma.lower().translate(ASCII)}-{pos}",
            "lemma": lemma,
            "pos": pos,
            "translations": ["x"],
            "example_de": example,
            "example_en": "x",
            "level": "A1",
            "topics": ["basics"],
            **details,
        }
    )


def noun(lemma: str, gender: str, plural: str | None) -> VocabularyEntry:
    return word(lemma, noun={"gender": gender, "plural": plural})


def verb(lemma: str, praet: str, p2: str, aux: str = "haben", **more: Any) -> VocabularyEntry:
    reflexive = lemma.startswith("sich ")
    details = {"praeteritum": praet, "partizip2": p2, "auxiliary": aux, "reflexive": reflexive}
    return word(lemma, "verb", verb={**details, **more})


def exercise(slug: str, kind: str, prompt: str, answer: str, **more: Any) -> Exercise:
    return Exercise.model_validate(
        {
            "slug": slug,
            "kind": kind,
            "instruction": "x",
            "prompt": prompt,
            "answer": answer,
            "accepted_answers": [answer],
            "explanation": "x",
            "difficulty": 1,
            **more,
        }
    )


def fillers(topic_slug: str, count: int = 8) -> list[Exercise]:
    return [
        exercise(f"f{i}", "fill_blank", f"Ich ___ {topic_slug} {i}.", "bin") for i in range(count)
    ]


def topic(slug: str, exercises: list[Exercise], prerequisites: list[str]) -> GrammarTopic:
    return GrammarTopic.model_validate(
        {
            "slug": slug,
            "title": "x",
            "level": "A1",
            "category": "other",
            "summary": "x",
            "explanation": "x",
            "examples": [{"de": "Ich bin hier.", "en": "x"}, {"de": "Du bist da.", "en": "x"}],
            "common_mistakes": [{"wrong": "Ich bist.", "right": "Ich bin.", "why": "x"}],
            "prerequisites": prerequisites,
            "exercises": exercises,
        }
    )


def flagged(problems: list[str]) -> str:
    return "\n".join(problems)


def test_nouns_against_german_nouns() -> None:
    right = [noun("Haus", "n", "Häuser"), noun("Leute", "pl", None), noun("Milch", "f", None)]
    wrong = [noun("Tisch", "f", "Tische"), noun("Auto", "n", "Autoen")]
    unknown = [noun("Quxblorfzwiebel", "f", None)]
    problems = noun_problems(Catalog(vocabulary=right + wrong + unknown), exceptions={})
    assert len(problems) == 2 and "Tisch" in problems[0] and "Autoen" in problems[1]
    excused = {"tisch-noun": "reason", "auto-noun": "reason", "haus-noun": "reason"}
    problems = noun_problems(Catalog(vocabulary=right + wrong), exceptions=excused)
    assert problems == [
        "noun exception haus-noun: no longer needed (german-nouns agrees)",
        "3 noun exceptions exceed 2% of 5 nouns",
    ]


def test_verb_forms_and_auxiliaries() -> None:
    right = [
        verb("anerkennen", "erkannte an", "anerkannt", separable_prefix="an", governs="Akkusativ"),
        verb("ausprobieren", "probierte aus", "ausprobiert", separable_prefix="aus"),
        verb("ankommen", "kam an", "angekommen", "sein", separable_prefix="an"),
        verb("studieren", "studierte", "studiert"),
        verb("frieren", "fror", "gefroren", "haben/sein"),
        verb("übersetzen", "übersetzte", "übersetzt"),
        verb("beten", "betete", "gebetet"),
        verb("gefallen", "gefiel", "gefallen"),
        verb("fahren", "fuhr", "gefahren", "haben/sein", governs="Akkusativ"),
        verb("sich freuen", "freute sich", "gefreut"),
    ]
    assert verb_problems(Catalog(vocabulary=right)) == []
    wrong = [
        verb("abholen", "holte ab", "abholt", separable_prefix="ab"),
        verb("aufräumen", "räumte", "aufgeräumt", separable_prefix="auf"),
        verb("verkaufen", "verkaufte", "geverkauft"),
        verb("reparieren", "reparierte", "gerepariert"),
        verb("machen", "machte", "macht"),
        verb("gehen", "ging", "gegangen"),
        verb("einsteigen", "stieg ein", "eingestiegen", separable_prefix="ein"),
        verb("sich beeilen", "beeilte sich", "beeilt", "sein"),
        verb("lesen", "las", "gelesen", "sein", governs="Akkusativ"),
        verb("arbeiten", "arbeitete", "gearbeitet", "sein"),
        word("erinnern", "verb", verb={"praeteritum": "x", "partizip2": "erinnert",
                                       "auxiliary": "haben", "reflexive": True}),
    ]  # fmt: skip
    problems = verb_problems(Catalog(vocabulary=wrong))
    for entry in wrong:
        assert any(f"{entry.slug} " in p for p in problems), (entry.lemma, flagged(problems))


def test_exercise_rules() -> None:
    exercises = [
        exercise("a", "fill_blank", "Ich ___ müde.", "bin"),
        exercise("b", "fill_blank", "Ich ___ ___.", "bin"),
        exercise("c", "translation", "I am tired.", "Ich bin müde"),
        exercise("d", "translation", "I am  tired!", "Ich bin müde."),
    ]
    grammar = [topic(slug, exercises + fillers(slug), []) for slug in ("t", "u")]
    problems = exercise_problems(Catalog(grammar=grammar))
    assert any(" b (fill_blank): fill_blank prompt needs exactly one ___" in p for p in problems)
    assert any("'Ich bin müde' does not end with . ! or ?" in p for p in problems)
    assert any(" d (translation): same translation prompt as ? c" in p for p in problems)
    assert sum("same fill_blank prompt" in p for p in problems) == 2  # a and b, repeated


def test_references() -> None:
    grammar = [
        topic("a", fillers("a"), ["b"]),
        topic("b", fillers("b"), ["a", "b"]),
        topic("c", fillers("c"), ["nope"]),
    ]
    problems = reference_problems(
        Catalog(grammar=grammar, vocabulary=[noun("Haus", "n", None)] * 2)
    )
    assert "? b: lists itself as a prerequisite" in problems
    assert "? c: prerequisite 'nope' does not exist" in problems
    assert "grammar prerequisites form a cycle: a -> b -> a" in problems
    assert "duplicate vocabulary slug 'haus-noun' (2x: )" in problems


def test_spelling() -> None:
    vocabulary = [
        word("groß", "adjective", "Das große Haus hat 12 Zimmer, E-Mail: a@b.de."),
        word(
            "Quxblorf",
            "noun",
            "Das Quxblorf und das Hasu sind alt.",
            noun={"gender": "n", "plural": None},
        ),
        verb("aufräumen", "räumte auf", "aufgeräumt", separable_prefix="auf"),
        word("x", "phrase", "Räum bitte auf! Es ist Zeit aufzuräumen. Wie geht's?"),
    ]
    problems = spelling_problems(Catalog(vocabulary=vocabulary), allowlist=set())
    assert problems == ["'Hasu' unknown: ? quxblorf-noun example_de"]  # Quxblorf: our lemma
    assert spelling_problems(Catalog(vocabulary=vocabulary), allowlist={"hasu"}) == []


def test_counts_of_an_empty_catalogue() -> None:
    problems = count_problems(Catalog())
    assert "vocabulary entries: 0, need at least 1500" in problems
    assert "platinum achievements: 0, need at least 1" in problems
