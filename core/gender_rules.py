"""The gender rules German learners are taught: a noun's ending often tells its article.

One table, longest ending first. Each rule names its ending, the gender it gives, and the
nouns that break it (the exceptions a learner meets; a compound follows its last part, so
"Vorsprung" is an exception through "Sprung"). tests/core/test_gender_rules.py checks every
rule against the catalogue: each catalogue noun with a rule's ending has the rule's gender
or is one of its listed exceptions, and each exception's gender is the catalogue's.

    -chen, -lein, -ment, -tum, -um      → das
    -ung, -heit, -keit, -schaft, -ion,
    -tät, -ik, -ie, -enz, -ette         → die
    -ismus, -ling, -eur                 → der
"""

from __future__ import annotations

from dataclasses import dataclass

from core.german import ARTICLE_BY_GENDER, SingularGender


@dataclass(frozen=True)
class GenderRule:
    ending: str
    gender: SingularGender
    exceptions: tuple[tuple[str, SingularGender], ...] = ()
    note: str = ""  # why the exceptions break it, when there is a reason to tell

    @property
    def article(self) -> str:
        return ARTICLE_BY_GENDER[self.gender]

    def exception_for(self, lemma: str) -> tuple[str, SingularGender] | None:
        lower = lemma.lower()
        return next(((w, g) for w, g in self.exceptions if lower.endswith(w.lower())), None)


GENDER_RULES: tuple[GenderRule, ...] = (
    GenderRule("ismus", "m"),
    GenderRule("schaft", "f"),
    GenderRule(
        "chen",
        "n",
        (("Kuchen", "m"), ("Knochen", "m")),
        "there -chen is part of the word, not the little-thing ending",
    ),
    GenderRule("lein", "n"),
    GenderRule("heit", "f"),
    GenderRule("keit", "f"),
    GenderRule("ling", "m"),
    GenderRule("ment", "n", (("Moment", "m"), ("Zement", "m"))),
    GenderRule("ette", "f"),
    GenderRule("ung", "f", (("Sprung", "m"), ("Schwung", "m"))),
    GenderRule("ion", "f", (("Stadion", "n"), ("Spion", "m"))),
    GenderRule("tät", "f"),
    GenderRule("tum", "n", (("Irrtum", "m"), ("Reichtum", "m"))),
    GenderRule("enz", "f"),
    GenderRule("eur", "m"),
    GenderRule(
        "um",
        "n",
        (("Baum", "m"), ("Raum", "m"), ("Traum", "m"), ("Schaum", "m"), ("Konsum", "m")),
        "-um is the Latin ending (das Museum); Baum and Raum only end in -um",
    ),
    GenderRule("ik", "f", (("Plastik", "n"), ("Streik", "m"), ("Katholik", "m"))),
    GenderRule("ie", "f", (("Knie", "n"),)),
)


@dataclass(frozen=True)
class RuleFit:
    rule: GenderRule
    exception: bool  # the noun is one of the rule's exceptions


def rule_for(lemma: str) -> RuleFit | None:
    """The rule whose ending this noun has (the longest), and whether it is an exception.
    None when no rule applies, or the noun is no longer than the ending plus a letter."""
    lower = lemma.strip().lower()
    for rule in GENDER_RULES:
        if lower.endswith(rule.ending) and len(lower) > len(rule.ending) + 1:
            return RuleFit(rule, rule.exception_for(lemma) is not None)
    return None


def explain(lemma: str, gender: str | None) -> str | None:
    """One sentence to learn from: the rule that gives this noun's gender, or the rule it
    breaks. None when no rule applies (or the noun's gender is not a singular one)."""
    fit = rule_for(lemma)
    if fit is None or gender not in ARTICLE_BY_GENDER or gender == "pl":
        return None
    rule, article = fit.rule, ARTICLE_BY_GENDER[gender]
    if not fit.exception and gender == rule.gender:
        others = ", ".join(f"{ARTICLE_BY_GENDER[g]} {w}" for w, g in rule.exceptions[:2])
        but = f" (exceptions: {others})" if others else ""
        return f"Nouns ending in -{rule.ending} are {rule.article}{but}."
    if fit.exception:
        why = f": {rule.note}" if rule.note else ""
        return (
            f"Nouns ending in -{rule.ending} are usually {rule.article}, "
            f"but it's {article} {lemma}{why}."
        )
    return None
