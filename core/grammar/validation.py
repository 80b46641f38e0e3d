"""Is one exercise sound? The schema and the checks every exercise passes before a learner
sees it, whether it comes from the content files (seeds/) or from Claude (generation.py).

- `ExerciseContent`: the pydantic shape (answer among the accepted ones, exactly one correct
  option, tokens that rebuild an answer, a blank in a fill-in);
- `exercise_problems`: the rules a schema cannot say alone (punctuation of full sentences,
  the swapped-clause rule for word order);
- `Speller`: every German word known to pyspellchecker's German dictionary or to the words
  it is given (the vocabulary's forms, a reviewed allow-list).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

ContentSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
ContentText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)
]
ContentKind = Literal[
    "multiple_choice", "fill_blank", "word_order", "error_correction", "translation"
]

FULL_SENTENCE_KINDS = frozenset({"word_order", "error_correction", "translation"})
"""Kinds whose answers are whole sentences (they end with . ! or ?)."""
GERMAN_PROMPT_KINDS = frozenset({"fill_blank", "multiple_choice"})
"""Kinds whose prompt is German (and is spell-checked with the answers)."""

_CONJUNCTIONS = """als bevor bis da damit dass ehe falls indem insofern nachdem ob obgleich obwohl
seit seitdem sobald sodass sofern solange soweit während weil wenn wohingegen zumal"""
SUBORDINATING = frozenset(_CONJUNCTIONS.split())
"""Conjunctions that open a subordinate clause: a clause that may stand before or after the
main clause."""


def sentence_tokens(sentence: str) -> list[str]:
    """Words of a sentence without the final punctuation, for word-order checks."""
    return re.sub(r"[.!?]+$", "", sentence.strip()).split()


def same_tokens(tokens: list[str], sentence: str) -> bool:
    """The tokens, in some order, are exactly the sentence's words."""
    return sorted(t.strip() for t in tokens) == sorted(sentence_tokens(sentence))


class ExerciseContent(BaseModel):
    """One exercise as the content files and Claude write it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: ContentSlug
    kind: ContentKind
    instruction: ContentText = Field(description="What to do, in English.")
    prompt: ContentText = Field(
        description="The item: a German sentence with ___ for a blank, the sentence to "
        "correct, or the English sentence to translate."
    )
    options: list[ContentText] | None = Field(default=None, description="multiple_choice only")
    tokens: list[ContentText] | None = Field(default=None, description="word_order only, shuffled")
    answer: ContentText = Field(description="The canonical correct answer.")
    accepted_answers: list[ContentText] = Field(min_length=1, description="All correct variants.")
    explanation: ContentText
    difficulty: int = Field(ge=1, le=3)

    @model_validator(mode="after")
    def _shape_matches_kind(self) -> ExerciseContent:
        if self.answer not in self.accepted_answers:
            raise ValueError("answer must be among accepted_answers")
        if (self.kind == "multiple_choice") != (self.options is not None):
            raise ValueError("options belong to multiple_choice exercises only")
        if (self.kind == "word_order") != (self.tokens is not None):
            raise ValueError("tokens belong to word_order exercises only")
        if self.options is not None:
            hits = [o for o in self.options if o in self.accepted_answers]
            if len(hits) != 1:
                raise ValueError(f"exactly one option must be accepted, found {hits}")
            if len(set(self.options)) != len(self.options) or len(self.options) < 3:
                raise ValueError("at least three distinct options")
        if self.tokens is not None and not any(
            same_tokens(self.tokens, accepted) for accepted in self.accepted_answers
        ):
            raise ValueError("word_order tokens must rebuild an accepted answer")
        if self.kind == "fill_blank" and "___" not in self.prompt:
            raise ValueError("fill_blank prompts mark the blank with ___")
        return self


def _bare(word: str) -> str:
    return re.sub(r"[^\w]", "", word).lower()


def _clause_openers(sentence: str) -> list[str]:
    """Words that open a clause: the first word and every word right after a comma."""
    tokens = sentence_tokens(sentence)
    if not tokens:
        return []
    after_comma = [after for before, after in itertools.pairwise(tokens) if before[-1] == ","]
    return [_bare(w) for w in [tokens[0], *after_comma]]


def is_two_clause_order(exercise: ExerciseContent) -> bool:
    """A word-order item of a main clause and a clause opened by a subordinating conjunction."""
    return (
        exercise.kind == "word_order"
        and "," in exercise.answer
        and bool(SUBORDINATING & set(_clause_openers(exercise.answer)))
    )


def conjunction_first(sentence: str) -> bool:
    tokens = sentence_tokens(sentence)
    return bool(tokens) and _bare(tokens[0]) in SUBORDINATING


def swapped_clause_problem(exercise: ExerciseContent, swap_is_wrong: bool = False) -> str | None:
    """Every correct answer is accepted: a two-clause word order lists both orders of its
    clauses ("Weil ich krank bin, bleibe ich zu Hause." and "Ich bleibe zu Hause, weil ich
    krank bin."), unless the swapped order is known to be wrong (`swap_is_wrong`)."""
    if swap_is_wrong or not is_two_clause_order(exercise):
        return None
    orders = {conjunction_first(answer) for answer in exercise.accepted_answers}
    if orders != {True, False}:
        return "two clauses, but the order with the clauses swapped is not accepted"
    return None


def exercise_problems(exercise: ExerciseContent, *, swap_is_wrong: bool = False) -> list[str]:
    """What is wrong with one exercise beyond its schema (empty: nothing)."""
    ex = exercise
    found: list[str] = []
    if ex.answer not in ex.accepted_answers:
        found.append("answer is not among accepted_answers")
    if ex.kind == "multiple_choice":
        hits = [o for o in ex.options or [] if o in ex.accepted_answers]
        if len(hits) != 1:
            found.append(f"{len(hits)} options are accepted answers, not exactly one")
    if not ex.explanation.strip():
        found.append("empty explanation")
    if ex.kind == "word_order" and not any(
        same_tokens(ex.tokens or [], a) for a in ex.accepted_answers
    ):
        found.append(f"tokens {ex.tokens} rebuild no accepted answer")
    if ex.kind == "fill_blank" and re.findall(r"_{3,}", ex.prompt) != ["___"]:
        found.append("fill_blank prompt needs exactly one ___")
    if ex.kind in FULL_SENTENCE_KINDS:
        found += [
            f"{a!r} does not end with . ! or ?"
            for a in ex.accepted_answers
            if not a.rstrip().endswith((".", "!", "?"))
        ]
    swapped = swapped_clause_problem(ex, swap_is_wrong)
    if swapped:
        found.append(swapped)
    return found


def normalised_prompt(text: str) -> str:
    """A prompt without case, punctuation or extra spaces: two exercises with the same
    normalised prompt and kind are the same exercise."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def german_texts(exercise: ExerciseContent) -> Iterator[tuple[str, str]]:
    """(German text, which part) of an exercise that should be spelled right."""
    for answer in dict.fromkeys([exercise.answer, *exercise.accepted_answers]):
        yield answer, "answer"
    if exercise.kind in GERMAN_PROMPT_KINDS:  # without hints in brackets: "___ (since)"
        yield re.sub(r"\([^)]*\)", " ", exercise.prompt), "prompt"


def words_of(text: str) -> list[str]:
    """Words to spell-check: tokens with digits and e-mail or web addresses are skipped;
    E-Mail and geht's stay whole."""
    return [
        word
        for chunk in text.split()
        if not any(c.isdigit() for c in chunk) and not re.search(r"@|://|^www\.", chunk)
        for word in re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", chunk)
    ]


@cache
def _dictionary() -> Any:
    from spellchecker import SpellChecker

    # A language dictionary is lower-case only: it lowercases every word it is asked about,
    # so capitalised nouns are found, and capitalisation itself is not checked.
    return SpellChecker(language="de")


class Speller:
    """German spelling: pyspellchecker's German dictionary plus the `known` words (lower-case:
    the vocabulary's forms, a reviewed allow-list)."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known = {w.lower() for w in known}
        self.dictionary = _dictionary()

    def _has(self, word: str) -> bool:
        return word in self.known or word in self.dictionary

    def is_known(self, word: str) -> bool:
        w = word.lower()  # not casefold(), which turns ß into ss
        if self._has(w):
            return True
        pieces = re.split(r"[-'’]", w)  # E-Mail, S-Bahn, war's: check the longer pieces
        parts = [p for p in pieces if len(p) > 1]
        return len(pieces) > 1 and bool(parts) and all(self._has(p) for p in parts)

    def unknown_words(self, text: str) -> list[str]:
        return [w for w in words_of(text) if not self.is_known(w)]

    def exercise_problems(self, exercise: ExerciseContent) -> list[str]:
        """A misspelt (or unknown) word in the exercise's German, each once."""
        found: dict[str, str] = {}
        for text, part in german_texts(exercise):
            for word in self.unknown_words(text):
                found.setdefault(word, part)
        return [f"unknown word {word!r} in the {part}" for word, part in found.items()]
