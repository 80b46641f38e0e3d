"""Append vocabulary entries written in a compact line format, with noun grammar from german-nouns.

    python -m seeds.tools.add_words WORDS.txt [--dry-run]

Each non-blank line of WORDS.txt that does not start with "#" is one entry, fields split by "|":

    lemma | pos | level | translation; translation | example_de | example_en | topic topic | extra

`extra` depends on the part of speech:
- noun: empty when german-nouns has one reading with a gender; else the gender (m, f, n, pl),
  optionally with ":plural" (":-" for none) and ":genitive" to override german-nouns. Gender,
  plural and genitive otherwise come from the german-nouns reading of that gender (its first
  plural and genitive), and a noun german-nouns does not know needs all three written out.
- verb: "Präteritum, Partizip II, auxiliary[, separable prefix[, governs]]" (empty prefix
  allowed); a lemma "sich ..." is reflexive.
- adjective: "comparative, superlative" or empty.

The entry goes to the file its level and part of speech choose (FILES below), after the entries
already there; a slug the catalogue already has is reported and skipped. Run
`python -m seeds.tools.fill_frequency` on the files afterwards, then `python -m seeds.checks`.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from seeds.catalog import CONTENT_DIR, load_catalog

VOCAB_DIR = CONTENT_DIR / "vocabulary"
NOUN_TOPIC_FILES = {
    "society": "society-politics",
    "politics": "society-politics",
    "bureaucracy": "society-politics",
    "work": "work-economy-science",
    "money": "work-economy-science",
    "technology": "work-economy-science",
    "science": "work-economy-science",
    "education": "work-economy-science",
    "culture": "culture-media-leisure",
    "media": "culture-media-leisure",
    "leisure": "culture-media-leisure",
    "sport": "culture-media-leisure",
}


def target_file(level: str, pos: str, topics: list[str]) -> Path:
    level = level.lower()
    if level in ("a1", "a2"):
        return VOCAB_DIR / f"{level}-common-words.yaml"
    if level == "b1":
        band = {"noun": "nouns", "verb": "verbs"}.get(pos, "words")
        return VOCAB_DIR / f"b1-common-{band}.yaml"
    if pos == "verb":
        return VOCAB_DIR / f"{level}-verbs.yaml"
    if pos == "noun":
        band = next((NOUN_TOPIC_FILES[t] for t in topics if t in NOUN_TOPIC_FILES), "everyday")
        return VOCAB_DIR / f"{level}-nouns-{band}.yaml"
    return VOCAB_DIR / f"{level}-adjectives-adverbs-function-words.yaml"


def slug_of(lemma: str, pos: str) -> str:
    text = lemma.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss").replace("…", " ")
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in text).split()
    return "-".join([*words, pos])


@cache
def _nouns() -> Any:
    from german_nouns.lookup import Nouns

    return Nouns()


def _forms(lemma: str) -> list[tuple[str, str | None, str | None]]:
    """(gender, first plural, genitive) of each german-nouns reading of `lemma`."""
    found = []
    for record in _nouns()[lemma]:
        if record.get("lemma") != lemma:
            continue
        flexion = record.get("flexion", {})
        for k, gender in record.items():
            if not k.startswith("genus"):
                continue
            n = k.removeprefix("genus")  # "", " 1", " 2"
            plural = flexion.get(f"nominativ plural{n}") or flexion.get("nominativ plural")
            plural = plural or flexion.get("nominativ plural 1")
            genitive = flexion.get(f"genitiv singular{n}") or flexion.get("genitiv singular")
            genitive = genitive or flexion.get("genitiv singular 1")
            found.append((gender, plural, genitive))
    return found


def noun_info(lemma: str, extra: str) -> dict[str, Any]:
    parts = [p.strip() for p in extra.split(":")] if extra.strip() else []
    gender = parts[0] if parts else None
    forms = _forms(lemma)
    if gender is None:
        genders = {g for g, _, _ in forms}
        if len(genders) != 1:
            raise ValueError(f"{lemma}: give the gender, german-nouns has {sorted(genders)}")
        gender = genders.pop()
    matching = [f for f in forms if f[0] == gender]
    plural, genitive = (matching[0][1], matching[0][2]) if matching else (None, None)
    if len(parts) > 1:
        plural = None if parts[1] == "-" else parts[1]
    if len(parts) > 2:
        genitive = parts[2]
    if gender == "pl":
        genitive = None
    elif not matching and len(parts) < 3:
        raise ValueError(f"{lemma}: german-nouns has no {gender} reading, write g:plural:genitive")
    elif genitive is None:
        raise ValueError(f"{lemma}: german-nouns has no genitive, write it out")
    return {"gender": gender, "plural": plural, "genitive": genitive}


def parse_line(line: str) -> dict[str, Any]:
    fields = [f.strip() for f in line.split("|")]
    if len(fields) == 7:
        fields.append("")
    if len(fields) != 8:
        raise ValueError(f"expected 8 fields, got {len(fields)}: {line!r}")
    lemma, pos, level, translations, de, en, topics, extra = fields
    entry: dict[str, Any] = {
        "slug": slug_of(lemma, pos),
        "lemma": lemma,
        "pos": pos,
        "translations": [t.strip() for t in translations.split(";") if t.strip()],
        "example_de": de,
        "example_en": en,
        "level": level.upper(),
        "topics": topics.split(),
    }
    if pos == "noun":
        entry["noun"] = noun_info(lemma, extra)
    elif pos == "verb":
        parts = [p.strip() for p in extra.split(",")]
        if len(parts) < 3:
            raise ValueError(f"{lemma}: verbs need 'Präteritum, Partizip II, auxiliary'")
        verb: dict[str, Any] = {
            "praeteritum": parts[0],
            "partizip2": parts[1],
            "auxiliary": parts[2],
        }
        if len(parts) > 3 and parts[3]:
            verb["separable_prefix"] = parts[3]
        if lemma.startswith("sich "):
            verb["reflexive"] = True
        if len(parts) > 4 and parts[4]:
            verb["governs"] = ", ".join(parts[4:])
        entry["verb"] = verb
    elif pos == "adjective" and extra:
        comparative, superlative = (p.strip() for p in extra.split(","))
        entry["adjective"] = {"comparative": comparative, "superlative": superlative}
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    have = {e.slug for e in load_catalog(allow_duplicates=True).vocabulary}
    by_file: dict[Path, list[dict[str, Any]]] = {}
    errors = 0
    for number, line in enumerate(args.words.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = parse_line(line)
        except (ValueError, KeyError) as error:
            print(f"line {number}: {error}")
            errors += 1
            continue
        if entry["slug"] in have:
            print(f"line {number}: {entry['slug']} exists, skipped")
            continue
        have.add(entry["slug"])
        by_file.setdefault(target_file(entry["level"], entry["pos"], entry["topics"]), []).append(
            entry
        )
    if errors:
        print(f"{errors} error(s), nothing written")
        return 1
    for path, entries in by_file.items():
        print(f"{path.name}: +{len(entries)}")
        if args.dry_run:
            continue
        text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
        if path.exists():
            path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + text, "utf-8")
        else:
            path.write_text("entries:\n" + text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
