"""Claude's German checked before the learner sees it.

- A correction whose `original` is not in the learner's message is dropped: it corrects
  something the learner did not write.
- A correction that lexical data or the rule-based checker contradicts with certainty is
  withheld and logged: an article that cannot go with the noun's gender in any case
  ("das Tisch"), or a corrected text in which the checker finds a mistake.
- A new word (➕) is checked against german-nouns: its gender and plural win over the model's;
  a word that is in neither german-nouns nor the German lemma dictionary is not offered.

Blocking (lexicon and checker); call it from a thread."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.german import ARTICLE_BY_GENDER
from core.lexicon import lemma_dictionary, noun_lexicon
from core.tutor.checker import find_corrections
from core.tutor.schemas import Correction, NewWord, TutorReply

log = logging.getLogger(__name__)

# The genders each article form can go with (any case; "pl" = plural noun form).
ARTICLE_GENDERS: dict[str, frozenset[str]] = {
    "der": frozenset({"m", "f", "pl"}),
    "die": frozenset({"f", "pl"}),
    "das": frozenset({"n"}),
    "den": frozenset({"m", "pl"}),
    "dem": frozenset({"m", "n"}),
    "des": frozenset({"m", "n"}),
    "ein": frozenset({"m", "n"}),
    "eine": frozenset({"f"}),
    "einen": frozenset({"m"}),
    "einem": frozenset({"m", "n"}),
    "einer": frozenset({"f"}),
    "eines": frozenset({"m", "n"}),
}
MIN_COMPOUND_PART = 3
ARTICLE_NOUN = re.compile(r"^(\w+)\s+(?:\w+\s+)*?([A-ZÄÖÜ]\w+)$")


@dataclass(frozen=True)
class Noun:
    lemma: str
    genders: frozenset[str]
    plural: str | None


def _genders(reading: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        v for k, v in reading.items() if k.startswith("genus") and v in ("m", "f", "n")
    )


@cache
def noun(word: str) -> Noun | None:
    """The noun whose dictionary form is `word`, with every gender it may have."""
    if not word or not word[0].isupper():
        return None
    for reading in noun_lexicon()[word]:
        if reading.get("lemma") != word:
            continue
        flexion: dict[str, str] = reading.get("flexion", {})
        plural = flexion.get("nominativ plural") or flexion.get("nominativ plural 1")
        genders = _genders(reading)
        if genders:
            return Noun(word, genders, plural)
        if plural == word:
            return Noun(word, frozenset({"pl"}), None)
    return None


def noun_or_compound(word: str) -> Noun | None:
    """`noun(word)`, or for a compound missing from german-nouns ("Kuchenstück") its head's
    gender, with the compound's plural built from the head's."""
    found = noun(word)
    if found is not None:
        return found
    for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head = noun(word[cut].upper() + word[cut + 1 :])
        if head is not None and "pl" not in head.genders:
            plural = word[:cut] + head.plural.lower() if head.plural else None
            return Noun(word, head.genders, plural)
    return None


def is_german(word: str) -> bool:
    if noun_or_compound(word) is not None:
        return True
    dictionary = lemma_dictionary()
    return any(form in dictionary for form in {word, word.lower(), word.capitalize()})


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _impossible_article(correction: Correction) -> bool:
    """The corrected span pairs an article with a noun whose genders it never goes with."""
    match = ARTICLE_NOUN.match(correction.corrected.strip(" .,!?"))
    if match is None:
        return False
    article, word = match.group(1).lower(), match.group(2)
    fits = ARTICLE_GENDERS.get(article)
    found = noun(word)
    if fits is None or found is None or "pl" in found.genders:
        return False
    return not fits & found.genders


def _checker_objects(message: str, correction: Correction) -> bool:
    """The checker finds a mistake inside Claude's corrected text, where the learner's own
    text had none."""
    fixed = message.replace(correction.original, correction.corrected, 1)
    before = {(c.original, c.corrected) for c in find_corrections(message)}
    return any(
        (c.original, c.corrected) not in before and c.original in correction.corrected
        for c in find_corrections(fixed)
    )


def _vet_word(word: NewWord, changed: Counter[str]) -> NewWord | None:
    lemma = word.lemma.strip()
    looks_like_noun = word.article is not None or lemma[:1].isupper()
    found = noun_or_compound(lemma[:1].upper() + lemma[1:]) if looks_like_noun else None
    if found is None:
        if not is_german(lemma):
            changed["new_word_not_german"] += 1
            log.info("new word %r from Claude is not German; not offered", lemma)
            return None
        return word
    gender = "pl" if "pl" in found.genders else sorted(found.genders)[0]
    article = ARTICLE_BY_GENDER[gender] if len(found.genders) == 1 or gender == "pl" else None
    if word.article in {ARTICLE_BY_GENDER[g] for g in found.genders}:
        article = word.article
    if article != word.article or (found.plural and found.plural != word.plural):
        changed["new_word_fixed_by_lexicon"] += 1
    return word.model_copy(
        update={"lemma": found.lemma, "article": article, "plural": found.plural}
    )


def vet_reply(message: str, reply: TutorReply) -> tuple[TutorReply, dict[str, int]]:
    """The reply with only the corrections and new words that passed the checks (new words
    with the lexicon's gender and plural), and what the checks changed, counted by reason."""
    changed: Counter[str] = Counter()
    corrections = []
    for correction in reply.corrections:
        if _squash(correction.original) not in _squash(message):
            changed["original_not_in_message"] += 1
            log.info("Claude corrected %r, which the learner did not write", correction.original)
        elif _impossible_article(correction) or _checker_objects(message, correction):
            changed["contradicted"] += 1
            log.warning(
                "Claude's correction %r -> %r contradicts the lexicon or the checker; changed",
                correction.original,
                correction.corrected,
            )
        else:
            corrections.append(correction)
    words = [w for w in (_vet_word(w, changed) for w in reply.new_words) if w is not None]
    vetted = reply.model_copy(update={"corrections": corrections, "new_words": words})
    return vetted, dict(changed)
