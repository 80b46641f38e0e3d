"""Verbs: forms that agree with each other (separable prefixes, ge- and -ieren, sein for
motion and change of state)."""

from __future__ import annotations

import re

from seeds.catalog import Catalog
from seeds.checks.where import vocab_where

CASE_NAMES = frozenset({"Nominativ", "Akkusativ", "Dativ", "Genitiv"})
INSEPARABLE_PREFIXES = ("be", "ge", "er", "ver", "zer", "ent", "emp", "miss")
# Prefixes that are inseparable (no ge-) when the verb declares no separable_prefix:
# übersetzen → übersetzt, unterschreiben → unterschrieben, wiederholen → wiederholt.
TWO_WAY_PREFIXES = ("durch", "hinter", "über", "um", "unter", "voll", "wider", "wieder")
# Verbs whose be-/er-/ent- is part of the root, not a prefix: beten → gebetet, ernten → geerntet.
FALSE_PREFIX_VERBS = frozenset({"beten", "bellen", "betteln", "erben", "ernten", "enden", "bergen"})

# Verbs of motion or change of state whose Perfekt takes "sein" (alone or as "haben/sein").
# A verb is covered when its lemma (without "sich", last word of a multi-word lemma) is listed,
# or when the lemma minus its separable prefix is: ankommen, abfahren, einsteigen, aufwachsen.
# Compounds with inseparable prefixes are listed one by one (bekommen, gefallen take haben).
# fmt: off
SEIN_VERBS = frozenset(
    {
        # base verbs: their separable compounds take sein too (ankommen; a compound with an
        # accusative object needs "haben/sein": hat/ist umgefahren)
        "gehen", "kommen", "fahren", "fliegen", "laufen", "rennen", "reisen", "steigen",
        "fallen", "sterben", "werden", "sein", "bleiben", "passieren", "geschehen", "wachsen",
        "wandern", "schwimmen", "springen", "klettern", "kriechen", "reiten", "rudern",
        "segeln", "joggen", "radeln", "rutschen", "stürzen", "sinken", "fliehen", "flüchten",
        "eilen", "folgen", "begegnen", "gelingen", "misslingen", "scheitern", "landen",
        "platzen", "explodieren", "tauchen", "erfolgen", "altern", "fließen", "rasen",
        "verlaufen",
        # compounds whose base verb alone takes haben, or with an inseparable prefix
        "aufstehen", "einschlafen", "aufwachen", "erwachen", "umziehen", "einziehen",
        "ausziehen", "wegziehen", "zurückkehren", "heimkehren", "umkehren", "eintreten",
        "austreten", "auftreten", "beitreten", "zurücktreten", "abbiegen", "einbiegen",
        "aufbrechen", "ausbrechen", "einbrechen", "zusammenstoßen", "auftauchen",
        "ausweichen", "abweichen",
        "verschwinden", "entstehen", "erscheinen", "vergehen", "verfallen", "entfallen",
        "zerfallen", "verunglücken", "ertrinken", "ersticken", "erkranken", "gelangen",
        "geraten", "verreisen", "entkommen", "erschrecken", "radfahren",
    }
)
# Verbs that take sein in some senses only (ist gezogen / hat den Wagen gezogen): "haben/sein"
# is right for them, "haben" too; their compounds are not covered (anziehen takes haben).
SOMETIMES_SEIN_VERBS = frozenset(
    {"ziehen", "frieren", "brechen", "treten", "stoßen", "schmelzen", "trocknen", "starten",
     "surfen"}
)
# fmt: on


def _has_inseparable_prefix(verb: str) -> bool:
    return verb.startswith(INSEPARABLE_PREFIXES) and verb not in FALSE_PREFIX_VERBS


def _foreign_ieren(verb: str) -> bool:
    """studieren, telefonieren (no ge-); not frieren, schmieren, whose stem has no vowel."""
    return verb.endswith("ieren") and re.search(r"[aeiouäöü]", verb[: -len("ieren")]) is not None


def _takes_ge(verb: str) -> bool:
    return not (_has_inseparable_prefix(verb) or _foreign_ieren(verb))


def _has_direct_object(governs: str | None) -> bool:
    """'Akkusativ' or 'Dativ + Akkusativ' (not 'über + Akkusativ')."""
    return any(
        "Akkusativ" in parts and set(parts) <= CASE_NAMES
        for parts in ([p.strip() for p in part.split("+")] for part in (governs or "").split(";"))
    )


def takes_sein(lemma: str, separable_prefix: str | None) -> bool:
    """Whether the verb is in the motion / change-of-state set (see SEIN_VERBS)."""
    verb = lemma.removeprefix("sich ").split()[-1]
    if verb in SEIN_VERBS:
        return True
    return bool(separable_prefix) and verb.removeprefix(separable_prefix or "") in SEIN_VERBS


def verb_problems(catalog: Catalog) -> list[str]:
    """Prefixes, ge-, reflexive and auxiliary of every verb, checked against each other."""
    problems: list[str] = []
    for entry in catalog.vocabulary:
        v = entry.verb
        if v is None:
            continue
        found: list[str] = []
        verb_words = entry.lemma.removeprefix("sich ")
        verb = verb_words.split()[-1]
        prefix, p2 = v.separable_prefix, v.partizip2.split()[-1]
        if prefix:
            stem = verb.removeprefix(prefix)
            if not verb.startswith(prefix):
                found.append(f"lemma does not start with its separable prefix {prefix!r}")
            elif _takes_ge(stem) and not p2.startswith(prefix + "ge"):
                found.append(f"Partizip II {p2!r} should start with {prefix + 'ge'!r}")
            elif not _takes_ge(stem) and (
                not p2.startswith(prefix) or p2.startswith(prefix + "ge") != stem.startswith("ge")
            ):
                found.append(f"Partizip II {p2!r} should be {prefix!r} + a form without ge-")
            if not v.praeteritum.endswith(" " + prefix):
                found.append(f"Präteritum {v.praeteritum!r} should end in ' {prefix}'")
        else:
            if " " in v.praeteritum.removesuffix(" sich") and " " not in verb_words:
                found.append(f"Präteritum {v.praeteritum!r} has a separate part but no prefix")
            if _has_inseparable_prefix(verb) or verb.startswith(TWO_WAY_PREFIXES):
                if p2.startswith("ge") and not verb.startswith("ge"):
                    found.append(f"Partizip II {p2!r}: inseparable prefix, so no ge-")
            elif _foreign_ieren(verb):
                if p2.startswith("ge"):
                    found.append(f"Partizip II {p2!r}: -ieren verbs take no ge-")
            elif not p2.startswith("ge"):
                found.append(f"Partizip II {p2!r} should start with 'ge'")
        if entry.lemma.startswith("sich ") != v.reflexive:
            found.append(f"lemma {entry.lemma!r} and reflexive: {v.reflexive} disagree")
        auxiliaries = set(v.auxiliary.split("/"))
        if v.reflexive:
            if v.auxiliary != "haben":
                found.append(f"reflexive verbs take haben, not {v.auxiliary!r}")
        elif takes_sein(entry.lemma, prefix) and "sein" not in auxiliaries:
            found.append(f"verb of motion/change of state takes sein, not {v.auxiliary!r}")
        if _has_direct_object(v.governs) and "haben" not in auxiliaries:
            found.append(f"takes an accusative object ({v.governs}), so haben, not {v.auxiliary!r}")
        if (
            "sein" in auxiliaries
            and not takes_sein(entry.lemma, prefix)
            and verb not in SOMETIMES_SEIN_VERBS
        ):
            found.append(
                f"auxiliary {v.auxiliary!r}, but not a verb of motion/change of state "
                "(SEIN_VERBS in seeds/checks/verbs.py)"
            )
        problems.extend(f"{vocab_where(catalog, entry)} ({entry.lemma}): {f}" for f in found)
    return problems
