"""The ways a word is asked, as one vocabulary for models, services and both doors."""

from __future__ import annotations

from typing import Final, Literal, get_args

CardKind = Literal["recognition", "recall", "article", "plural", "verb_forms"]
"""Meaning from German, German from meaning, der/die/das; and the optional typed ones: a
noun's plural ("das Haus → die Häuser") and a verb's forms ("gehen → ging, ist gegangen")."""

OptionalCardKind = Literal["plural", "verb_forms"]
"""The kinds a learner turns on in settings (for all their words) or per word."""

OPTIONAL_CARD_KINDS: Final[tuple[OptionalCardKind, ...]] = get_args(OptionalCardKind)

TYPED_CARD_KINDS: Final[frozenset[str]] = frozenset({"recall", "plural", "verb_forms"})
"""The kinds answered by typing (and so open to "I was right")."""

OFF_REASON: Final = "off"
"""`cards.suspended_reason` of an optional card the learner turned off: kept with its
schedule, so turning it on again resumes where it was."""

OFF_LEECH_REASON: Final = "off_leech"
"""The same for a card that was paused as a leech when it was turned off: turned on again, it
is a paused leech again (its mark is not lost by switching the kind off and on)."""

OFF_REASONS: Final[frozenset[str]] = frozenset({OFF_REASON, OFF_LEECH_REASON})
"""Every `suspended_reason` of a card that is turned off (not part of the deck)."""

CARD_KIND_NAMES: Final[dict[OptionalCardKind, str]] = {
    "plural": "Plural (typed)",
    "verb_forms": "Verb forms (typed)",
}
