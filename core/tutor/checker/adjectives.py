"""case (adjective endings): an adjective ending that no reading of the article and noun
allows ("einen neuer Computer")."""

from __future__ import annotations

from core.tutor.checker import data
from core.tutor.checker.articles import ARTICLES, adjective_stem
from core.tutor.checker.cases import context_cases
from core.tutor.checker.noun_phrases import article_phrase
from core.tutor.checker.tokens import Segment, make_correction, span_text
from core.tutor.schemas import Correction


def adjective_fix(text: str, seg: Segment, k: int) -> Correction | None:
    """ "einen neuer Computer" → "einen neuen Computer": the article fits the noun, and every
    reading it has with this noun wants the same adjective ending, which the learner missed."""
    phrase = article_phrase(seg, k)
    if phrase is None or phrase.adjective is None:
        return None
    words, article, noun = seg.words, phrase.article, phrase.noun
    readings = set()
    if "sg" in noun.numbers:
        readings |= {(g, c) for g, c in article.readings if g in noun.all_genders()}
    readings |= {("pl", c) for c in noun.plural_cases if ("pl", c) in article.readings}
    context, _ = context_cases(words, k, phrase.noun_index)
    if context:
        # "Das ist der neue Kollegin": a nominative, which "der" cannot be for Kollegin; the
        # article is wrong, not the adjective.
        readings = {(g, c) for g, c in readings if c in context}
    if not readings:
        return None
    endings = {article.adjective_ending(g, c) for g, c in readings}
    adjective = words[phrase.adjective]
    stem = adjective_stem(adjective.low)
    if adjective.low in ARTICLES or adjective.low in data.NOUN_DETERMINERS:
        return None  # "braucht jeder eine Versicherung": two determiners, no adjective
    if len(endings) != 1 or stem is None:
        return None
    ending = endings.pop()
    if adjective.low == stem + ending:
        return None
    noun_text = words[phrase.noun_index].text
    original = span_text(text, words[k], words[phrase.noun_index])
    corrected = f"{words[k].text} {stem}{ending} {noun_text}"
    explanation = f"After '{words[k].low}' the adjective ending here is -{ending}: '{corrected}'."
    topic = (
        "adjective-endings-definite-article"
        if article.family != "ein"
        else "adjective-endings-indefinite-article"
    )
    return make_correction("case", original, corrected, explanation, topic)
