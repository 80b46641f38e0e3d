"""Rule-based corrections of a learner's chat message: the offline tutor's grammar checker.

Deterministic, no network, precision first: a rule only fires on a pattern that is wrong in
every reading of the sentence, and only when it can rebuild the span correctly; when in doubt it
says nothing. Chat leniency: a lowercase first word of a sentence and final punctuation are
never reported. After german-nouns is loaded (about 1.5 s, once) a message takes well under a
millisecond; the first call blocks, so call it from async code in a thread.

What it checks (``CHECKED_CATEGORIES``):

- ``gender_article``: an article (der, dies-, jed-, ein, kein, mein/dein/sein/unser/euer) before a
  capitalised noun when the article is impossible for every gender german-nouns gives the noun
  ("ein Katze", "das Hund"; "die Kaffee" fits neither der nor das), in every case and number
  ("der Katze" is a valid dative, "die Lehrer" a plural). The fix keeps the learner's case
  unless the context decides it, and is only given when exactly one article fits. At the start
  of a main clause, right before a singular verb with no other possible subject after it, the
  phrase is a nominative singular ("Der Lampe ist kaputt", "Die Computer funktioniert").
- ``case``: the gender fits but a fixed-case preposition (mit/zu/für...; in/an/auf after wohnen,
  liegen...) or the object slot of an accusative or dative verb demands a case the article
  cannot be ("mit der Zug", "Ich habe ein Hund", "Ich helfe meine Mutter"); the dative plural
  after a dative preposition with a number or a plural determiner ("seit drei Jahre", "mit
  seine Kinder"); and adjective endings after an article that fits the noun, when every reading
  the sentence allows wants the same ending ("einen neuer Computer", "ein schöner Haus").
- ``verb_conjugation``: agreement of a present-tense verb (or the past/Konjunktiv II of sein,
  haben, werden and the modals) with a personal-pronoun subject right before it at the start of
  a clause, or right after it in a question or after a fronted word ("ich geht", "Kann du");
  "ihr" + plural verb when only singular noun phrases follow ("Ihr kaufen ein Auto"); a
  clause-initial noun subject whose article and noun fix the number ("Mein Bruder spielen",
  "Die Kinder spielt"); a noun or name and ich/du ("Meine Freundin und ich geht").
- ``verb_position``: a fronted time/place word or phrase followed by pronoun + verb ("Morgen ich
  gehe"), "Ich morgen gehe", and a finite verb right after the pronoun subject of a weil/dass/
  wenn/ob/obwohl... clause ("weil ich habe keine Zeit"; separable verbs are joined back).
- ``tense``: haben with participles that only take sein ("ich habe gegangen"), haben with
  fahren/fliegen/laufen/umziehen... when the clause has a direction and no possible object
  ("hat nach Berlin gefahren", not "hat das Auto in die Garage gefahren"), and sein with
  participles that cannot take it for that subject ("ich bin gegessen").
- ``spelling`` (spelling.py): nouns written lowercase ("einen hund"), unless the word is also
  a common non-noun, and ß/ss and umlauts of known words ("gross", "mude"), with the exact
  change in the explanation.

Deliberately not flagged: case errors an article form allows in some reading, adjectival
declension nouns, noun subjects separated from their verb, "ihr" before a possible plural
subject and "Sie" at the start (dative "ihr", she or polite you), Konjunktiv I ("er habe" in
reported speech), southern "ich bin gesessen", words whose umlaut variant is also a word
("schon"/"schön", "mochte"/"möchte"), nominalised infinitives without a determiner ("das
essen": "Ich kann das essen"), indirect questions, and a main clause after a fronted
subordinate clause ("Wenn du Hunger hast, im Kühlschrank ist Pizza" is valid German).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.tutor.checker.agreement import conjugation_corrections
from core.tutor.checker.auxiliary import tense_corrections
from core.tutor.checker.gender import gender_corrections
from core.tutor.checker.spelling import spelling_corrections
from core.tutor.checker.tokens import split_segments
from core.tutor.checker.verbs import verb_words
from core.tutor.checker.word_order import position_corrections
from core.tutor.schemas import Correction, ErrorCategory

__all__ = ["CHECKED_CATEGORIES", "find_corrections"]


CHECKED_CATEGORIES: tuple[ErrorCategory, ...] = (
    "gender_article",
    "case",
    "verb_conjugation",
    "verb_position",
    "tense",
    "spelling",
)


MAX_CORRECTIONS = 10


def find_corrections(text: str) -> list[Correction]:
    """Corrections of a learner's message, in text order, at most ten; [] when unsure.

    Nouns written lowercase are capitalised before the grammar rules run, so "ich habe ein
    katze" gets "ein katze" → "eine Katze" (one correction, with the capital) instead of a
    capital on a wrong article."""
    spelling = list(spelling_corrections(text, verb_words()))
    capitalised = _capitalise_nouns(text, spelling)
    found: list[Correction] = []
    seen: set[tuple[str, str]] = set()
    for seg in split_segments(capitalised):
        for rule in (
            gender_corrections,
            conjugation_corrections,
            position_corrections,
            tense_corrections,
        ):
            for correction in rule(capitalised, seg):
                correction = _as_written(text, capitalised, correction)
                key = (correction.original, correction.corrected)
                if key not in seen and correction.original in text:
                    seen.add(key)
                    found.append(correction)
    for correction in spelling:
        if not any(_covers(text, c.original, _changed_at(text, correction)) for c in found):
            found.append(correction)
    found.sort(key=lambda c: text.find(c.original))
    return found[:MAX_CORRECTIONS]


def _is_capitalisation(correction: Correction) -> bool:
    return correction.original != correction.corrected and (
        correction.original.lower() == correction.corrected.lower()
    )


def _capitalise_nouns(text: str, spelling: Sequence[Correction]) -> str:
    """The text with every noun the spelling rule found lowercase capitalised (same length)."""
    out = text
    for correction in spelling:
        if not _is_capitalisation(correction):
            continue
        index = out.find(correction.original)
        if index >= 0:
            out = out[:index] + correction.corrected + out[index + len(correction.corrected) :]
    return out


def _as_written(text: str, capitalised: str, correction: Correction) -> Correction:
    """A grammar correction found on the capitalised text, quoting the learner's own text."""
    if text == capitalised:
        return correction
    index = capitalised.find(correction.original)
    original = text[index : index + len(correction.original)] if index >= 0 else ""
    if not original or original == correction.original:
        return correction
    note = " German nouns also start with a capital letter."
    explanation = (correction.explanation + note)[:300]
    return correction.model_copy(update={"original": original, "explanation": explanation})


def _changed_at(text: str, correction: Correction) -> int:
    """Where in the text the correction changes its first character."""
    start = text.find(correction.original)
    pairs = zip(correction.original, correction.corrected, strict=False)
    offset = next((i for i, (a, b) in enumerate(pairs) if a != b), 0)
    return start + offset if start >= 0 else -1


def _covers(text: str, span: str, position: int) -> bool:
    start = text.find(span)
    return start >= 0 and start <= position < start + len(span)
