"""The gender rules against the catalogue: every noun with a rule's ending has the rule's
gender or is a listed exception; every listed exception really breaks the rule."""

from __future__ import annotations

from core.gender_rules import GENDER_RULES, explain, rule_for
from seeds.catalog import load_catalog


def _catalogue_nouns() -> dict[str, str]:
    return {
        entry.lemma: entry.noun.gender
        for entry in load_catalog().vocabulary
        if entry.noun is not None and entry.noun.gender in ("m", "f", "n")
    }


def test_every_rule_holds_for_the_catalogue_or_names_the_exception() -> None:
    nouns = _catalogue_nouns()
    covered = 0
    broken = []
    for lemma, gender in nouns.items():
        fit = rule_for(lemma)
        if fit is None:
            continue
        covered += 1
        exception = fit.rule.exception_for(lemma)
        expected = exception[1] if exception is not None else fit.rule.gender
        if gender != expected:
            broken.append((lemma, gender, fit.rule.ending))
    assert not broken, f"nouns the rules get wrong (add them as exceptions): {broken}"
    assert covered >= 400, covered  # the rules speak for a good share of the catalogue


def test_every_exception_breaks_its_rule() -> None:
    nouns = _catalogue_nouns()
    for rule in GENDER_RULES:
        assert rule.ending == rule.ending.lower() and rule.gender in ("m", "f", "n")
        for word, gender in rule.exceptions:
            assert word.lower().endswith(rule.ending) and gender != rule.gender, (rule, word)
            if word in nouns:
                assert nouns[word] == gender, (word, nouns[word], gender)
    endings = [rule.ending for rule in GENDER_RULES]
    # Longest ending first wherever one ending contains another (-tum before -um).
    for i, ending in enumerate(endings):
        assert not any(ending.endswith(e) for e in endings[:i]), ending


def test_what_the_learner_is_told() -> None:
    assert (
        explain("Zeitung", "f")
        == "Nouns ending in -ung are die (exceptions: der Sprung, der Schwung)."
    )
    assert explain("Mädchen", "n") == (
        "Nouns ending in -chen are das (exceptions: der Kuchen, der Knochen)."
    )
    assert explain("Vorsprung", "m") == (
        "Nouns ending in -ung are usually die, but it's der Vorsprung."
    )
    assert explain("Eigentum", "n") == (
        "Nouns ending in -tum are das (exceptions: der Irrtum, der Reichtum)."
    )
    assert explain("Tisch", "m") is None
    assert explain("Ei", "n") is None  # shorter than an ending and a letter
    assert explain("Zeitung", None) is None and explain("Leute", "pl") is None
