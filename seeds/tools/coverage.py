"""How many of the most frequent German lemmas the vocabulary catalogue has.

    python -m seeds.tools.coverage            # share covered, then every uncovered lemma
    python -m seeds.tools.coverage --top 2000 # another list size (default 3000)

The list: wordfreq's German words in frequency order (`top_n_list("de", ...)`), each
lemmatised with simplemma, kept once per lemma (case-folded, so wordfreq's "essen" stands for
Essen and essen alike), until 3,000 lemmas are collected. Left out on the way: tokens with
digits or without letters, and the lemmas of the reviewed exclusion list
`seeds/content/checks/coverage_exclusions.yaml` (names, abbreviations, foreign words,
lemmatiser artefacts, contractions and other duplicates of a listed lemma, vulgarities,
laughter and hesitation noises), each with its reason there. Why each uncovered lemma is not
in the catalogue yet is said in `seeds/content/checks/coverage_uncovered.yaml`.

A lemma is covered when a catalogue entry has it (or another reading of the same token: Tag
for "tagen") as its lemma, compared case-folded, without a leading article (der/die/das) or
"sich", either as written or as simplemma lemmatises it (andere → anderer), and for an
adjective, pronoun, determiner or numeral ending in -e also with -r (nächste → nächster,
simplemma's lemma of "nächsten"). Multi-word lemmas (zu Hause, Rad fahren) cover nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import simplemma
import yaml
from wordfreq import top_n_list, zipf_frequency

from seeds.catalog import CONTENT_DIR, Catalog, load_catalog

LANG = "de"
TOP_LEMMAS = 3000
WORDS_SCANNED = 30_000  # wordfreq words read to collect the lemmas (about 5,000 are needed)
EXCLUSIONS_FILE = CONTENT_DIR / "checks" / "coverage_exclusions.yaml"
UNCOVERED_FILE = CONTENT_DIR / "checks" / "coverage_uncovered.yaml"
CATEGORIES = frozenset(
    {"name", "abbreviation", "foreign", "artefact", "duplicate", "vulgar", "sound"}
)
LETTERS = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
ARTICLES = ("der ", "die ", "das ")
# Parts of speech whose declined forms simplemma lemmatises to the -er form (anderer, letzter)
DECLINED = frozenset({"adjective", "pronoun", "determiner", "numeral"})


def key(word: str) -> str:
    return word.casefold()


@cache
def lemma_of(word: str) -> str:
    return str(simplemma.lemmatize(word, lang=LANG))


def readings(word: str) -> list[str]:
    """The lemmas a wordfreq token can stand for, the most frequent first.

    wordfreq lower-cases its tokens, and simplemma reads a lower-case token as a verb or an
    adjective: "tagen" → tagen, although the token is mostly "Tagen" → Tag. So the token is
    lemmatised as written and capitalised (and simplemma reads "tag" as the verb tagen, "Tag"
    as Tag); and, when it has "ss" where the standard spelling may
    have "ß" (Swiss or ASCII spelling: strasse, spass), in that spelling too. The readings are
    ordered by the lemma's own wordfreq frequency (Tag before tagen, gut before Guter), the
    lower-case reading first on a tie."""
    spellings = [word]
    if "ss" in word and zipf_frequency(word.replace("ss", "ß"), LANG) > 0:
        spellings.append(word.replace("ss", "ß"))
    found = [lemma_of(s) for s in spellings]
    found += [lemma_of(spelling.capitalize()) for spelling in spellings]
    found = list(dict.fromkeys(found))
    return sorted(found, key=lambda lemma: -zipf_frequency(lemma, LANG))


def load_exclusions(path: Path = EXCLUSIONS_FILE) -> dict[str, tuple[str, str]]:
    """Case-folded lemma → (category, reason) of the reviewed exclusions."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    found: dict[str, tuple[str, str]] = {}
    for item in items:
        category, reason = str(item.get("category", "")), str(item.get("reason") or "").strip()
        if category not in CATEGORIES or not reason:
            raise ValueError(
                f"{path.name}: {item!r} needs a category of {sorted(CATEGORIES)} and a reason"
            )
        word = key(str(item["lemma"]))
        if word in found:
            raise ValueError(f"{path.name}: {item['lemma']!r} is listed twice")
        found[word] = (category, reason)
    return found


def load_uncovered_reasons(path: Path = UNCOVERED_FILE) -> dict[str, str]:
    """Case-folded lemma → why the catalogue does not have it yet."""
    if not path.exists():
        return {}
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {key(str(item["lemma"])): str(item.get("reason") or "").strip() for item in items}


def top_lemmas(
    n: int = TOP_LEMMAS, exclusions: dict[str, tuple[str, str]] | None = None
) -> tuple[dict[str, list[str]], set[str]]:
    """The n most frequent lemmas, each with its readings (the lemma first, see `readings`),
    and the exclusions met on the way. A token stands for its most frequent reading."""
    exclusions = load_exclusions() if exclusions is None else exclusions
    lemmas: dict[str, list[str]] = {}
    excluded: set[str] = set()
    for word in top_n_list(LANG, WORDS_SCANNED):
        if not LETTERS.match(word):
            continue
        found = readings(word)
        k = key(found[0])
        if k in exclusions:
            excluded.add(k)
            continue
        if k not in lemmas:
            lemmas[k] = found
            if len(lemmas) == n:
                break
        else:
            lemmas[k] += [r for r in found if r not in lemmas[k]]
    return lemmas, excluded


def catalogue_keys(catalog: Catalog) -> set[str]:
    """Case-folded single-word lemmas of the catalogue, as written and as simplemma has them."""
    keys: set[str] = set()
    for entry in catalog.vocabulary:
        lemma = entry.lemma.strip()
        for article in ARTICLES:
            lemma = lemma.removeprefix(article)
        lemma = lemma.removeprefix("sich ").strip()
        if " " in lemma:
            continue
        keys.add(key(lemma))
        keys.add(key(lemma_of(lemma)))
        if entry.pos in DECLINED and lemma.endswith("e"):
            keys.add(key(lemma + "r"))  # simplemma's lemma of nächsten, letzten: nächster
    return keys


@dataclass
class Coverage:
    lemmas: list[str]
    covered: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    unused_exclusions: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return len(self.covered) / len(self.lemmas) if self.lemmas else 0.0


def coverage(
    catalog: Catalog | None = None,
    n: int = TOP_LEMMAS,
    exclusions: dict[str, tuple[str, str]] | None = None,
) -> Coverage:
    catalog = load_catalog(allow_duplicates=True) if catalog is None else catalog
    exclusions = load_exclusions() if exclusions is None else exclusions
    lemmas, excluded = top_lemmas(n, exclusions)
    have = catalogue_keys(catalog)
    result = Coverage([found[0] for found in lemmas.values()])
    for found in lemmas.values():
        hit = any(key(r) in have for r in found)
        (result.covered if hit else result.uncovered).append(found[0])
    result.unused_exclusions = sorted(set(exclusions) - excluded)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=TOP_LEMMAS, help="how many lemmas")
    args = parser.parse_args(argv)
    result = coverage(n=args.top)
    print(
        f"{len(result.covered)} of the {len(result.lemmas)} most frequent German lemmas are in "
        f"the catalogue: {result.share:.2%}"
    )
    print(f"uncovered ({len(result.uncovered)}), most frequent first:")
    reasons = load_uncovered_reasons()
    for lemma in result.uncovered:
        print(f"  {lemma}: {reasons.get(key(lemma), 'no reason given in ' + UNCOVERED_FILE.name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
