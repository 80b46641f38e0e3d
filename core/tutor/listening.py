"""How the offline tutor understands an answer: does it fit the step, and which details of it
(the drink ordered, the day proposed) do the later lines take up.

An answer fits a step when it has one of the step's keyword stems, or shares a content word
(compared as lemmas, so "gegangen" meets "gehen") with the example answer or an alternative,
or has a word within a typo of a keyword ("Kafee")."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

import simplemma

from core.german_text import fold
from core.tutor.base import ScriptedStep, SlotFill

TYPO_SIMILARITY = 0.85
MIN_FUZZY_LENGTH = 4
# Words that say nothing about what the learner did: pronouns, articles, auxiliaries,
# modals, politeness and particles. Sharing one of them with the example is no evidence.
_FUNCTION_WORDS = """
    ich du er sie es wir ihr man mich dich sich uns euch mir dir ihm ihnen ihn mein dein
    sein unser euer der die das den dem des ein eine einer eines einem einen kein
    dieser jener welcher was wer wie wo wann warum ob dass weil wenn und oder aber denn
    sondern auch noch schon doch mal ja nein nicht bitte bitten danke gern gerne sehr so dann
    also hier da dort gut haben werden können müssen wollen sollen dürfen mögen möchten
    tun in an auf mit zu von für bei nach aus um über unter vor hinter neben zwischen
    ohne gegen bis durch geben genau okay ok hallo vielleicht etwas alles viel
"""
FUNCTION_LEMMAS = frozenset(fold(w) for w in _FUNCTION_WORDS.split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9@]+", fold(text))


@cache
def lemma(word: str) -> str:
    return fold(simplemma.lemmatize(word, lang="de"))


def content_lemmas(text: str) -> set[str]:
    tokens = re.findall(r"\w+", text)
    return {lemma(t) for t in tokens if not t.isdigit()} - FUNCTION_LEMMAS


def has_keyword(message: str, keywords: tuple[str, ...]) -> bool:
    """A keyword stem starts one of the message's words."""
    found = words(message)
    stems = [fold(k) for k in keywords if k]
    return any(word.startswith(stem) for stem in stems for word in found)


def _near(word: str, stem: str) -> bool:
    if len(word) < MIN_FUZZY_LENGTH or len(stem) < MIN_FUZZY_LENGTH:
        return False
    return SequenceMatcher(None, word[: len(stem) + 1], stem).ratio() >= TYPO_SIMILARITY


def fits(message: str, step: ScriptedStep) -> bool:
    """The message does what the step asks, as far as words can tell."""
    if has_keyword(message, step.keywords):
        return True
    said = content_lemmas(message)
    for answer in (step.example_answer, *step.alternatives):
        if said & content_lemmas(answer):
            return True
    stems = [fold(k) for k in step.keywords]
    return any(_near(word, stem) for word in said | set(words(message)) for stem in stems)


def _first_match(message: str, stems: tuple[str, ...]) -> int | None:
    """Where the earliest word of the message that starts with one of `stems` is, when every
    stem starts some word; None otherwise."""
    found = words(message)
    positions = []
    for stem in (fold(s) for s in stems):
        hits = [i for i, word in enumerate(found) if word.startswith(stem)]
        if not hits:
            return None
        positions.append(hits[0])
    return min(positions)


NEGATION = re.compile(r"\b(?:nicht|kein\w*|nie)\b", re.IGNORECASE)
CLAUSE = re.compile(r"[^.,;!?]+")


def _affirmed(message: str) -> str:
    """The message without its negated clauses ("Dienstag passt nicht, aber Mittwoch"
    chooses Mittwoch); all of it when every clause is negated."""
    kept = [c for c in CLAUSE.findall(message) if not NEGATION.search(c)]
    return " ".join(kept) if kept else message


def captured(message: str, slot: SlotFill) -> str | None:
    """What the learner chose for this slot, in the words the later lines need."""
    message = _affirmed(message)
    if slot.pattern is not None:
        match = re.search(slot.pattern, message, flags=re.IGNORECASE)
        if match:
            return match.group(0)
    best: tuple[int, int, str] | None = None
    for stems, text in slot.values:
        at = _first_match(message, stems)
        # Earliest in the message wins; among equals the more specific (more stems) one.
        if at is not None and (best is None or (at, -len(stems)) < best[:2]):
            best = (at, -len(stems), text)
    return best[2] if best else None


def fill(line: str, chosen: dict[str, str]) -> str:
    """A scripted line with the learner's choices in place of the defaults."""
    for default, value in chosen.items():
        line = line.replace(default, value)
    return line
