"""What the vocabulary services take and return: catalogue and deck views, lists, imports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from core.card_kinds import CardKind, OptionalCardKind
from core.constrained import RowId, Storable
from core.german import CefrLevel

T = TypeVar("T")
WordSource = Literal["catalogue", "scenario", "typed", "import", "conversation"]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), Storable
]
ListName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), Storable
]
Gloss = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable
]
Example = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), Storable]
TypedWord = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), Storable
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class CatalogueWord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    lemma: str
    article: str | None
    pos: str
    translations: list[str]
    example_de: str
    example_en: str
    level: CefrLevel
    topics: list[str]
    plural: str | None
    genitive: str | None
    frequency_rank: int | None
    in_deck: bool = False


class CardSummary(BaseModel):
    id: int
    kind: CardKind
    due_at: datetime
    phase: Literal["new", "learning", "review", "relearning"]
    reps: int
    lapses: int
    suspended: bool
    suspended_reason: str | None


WordState = Literal["new", "learning", "review", "suspended", "leech"]
"""Where a word stands: all cards new, some being learned, all in review, paused by the
learner, or paused after too many lapses (a leech)."""


class WordCardKind(BaseModel):
    """An optional card kind the word's data can ask, and whether it is on for the word."""

    kind: OptionalCardKind
    on: bool
    chosen_for_word: bool = Field(
        description="True when set on this word; false when it follows your setting "
        "(card_kinds in /users/me)."
    )
    in_settings: bool = Field(
        default=False,
        description="Whether your setting (card_kinds in /users/me) turns this kind on: what "
        "the word follows when its own choice is cleared (null).",
    )


class VerbFormsView(BaseModel):
    """A verb's forms as the verb-forms card asks them ("ging, ist gegangen")."""

    praeteritum: str = Field(description="Präteritum, er/sie/es form: ging.")
    partizip2: str = Field(description="Partizip II: gegangen.")
    auxiliary: str = Field(description="The Perfekt's auxiliary: haben, sein or haben/sein.")
    perfekt: str = Field(description="Perfekt, er/sie/es form: ist gegangen (ist/hat ...).")


class DeckWordView(BaseModel):
    id: int
    lemma: str
    article: str | None
    pos: str
    plural: str | None
    translations: list[str]
    example_de: str | None
    example_en: str | None
    source: WordSource
    enrichment: Literal["none", "pending", "done", "failed"]
    tags: list[str]
    suspended: bool
    catalogue_slug: str | None
    level: CefrLevel | None
    lists: list[int]
    cards: list[CardSummary]
    created_at: datetime
    state: WordState
    due_at: datetime | None = Field(description="When its next active card is due.")
    card_kinds: list[WordCardKind] = Field(
        default_factory=list,
        description="The optional typed cards this word's data allows (plural for a noun with "
        "a plural, verb_forms for a verb with Präteritum, Partizip II and auxiliary), on or off.",
    )
    verb_forms: VerbFormsView | None = Field(
        default=None,
        description="A verb's Präteritum and Perfekt, when the word data has them (the plural "
        "of a noun is in plural).",
    )


class AddWord(BaseModel):
    """Exactly one of: a catalogue slug or id, or a German word as typed."""

    slug: Annotated[str, StringConstraints(max_length=80), Storable] | None = None
    vocabulary_id: RowId | None = None
    text: TypedWord | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    force: bool = Field(
        default=False,
        description="Add a typed word that no word list knows (else 422 unknown_word with "
        "suggestions).",
    )


class DeckWordAdded(BaseModel):
    word: DeckWordView
    created: bool = Field(description="False when the word was already in the deck.")
    corrected_article: str | None = Field(
        default=None,
        description="The noun's right article, when the one typed was wrong (der Haus → das).",
    )


class DeckWordUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    translations: list[Gloss] | None = Field(default=None, min_length=1, max_length=10)
    example_de: Example | None = None
    example_en: Example | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    suspended: bool | None = None
    card_kinds: dict[OptionalCardKind, StrictBool | None] | None = Field(
        default=None,
        description='Turn an optional card kind on or off for this word: {"plural": true}; '
        "null for a kind: follow your setting again. Only kinds the word's data allows.",
    )


class WordListView(BaseModel):
    id: int
    name: str
    word_count: int
    created_at: datetime


class WordListCreate(BaseModel):
    name: ListName


class MoveToList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    list_id: RowId | None = Field(description="The list to move the word into; null: none.")


class ListWords(BaseModel):
    deck_word_ids: list[RowId] = Field(min_length=1, max_length=500)


class DeckOverview(BaseModel):
    words: int
    suspended_words: int
    cards: int
    due_now: int
    new_available_today: int
    learning: int
    review: int
    leeches: int
    lists: list[WordListView]


class ImportedWord(BaseModel):
    row: int = Field(description="Row number in the file; the header is row 1.")
    text: str = Field(description="The German cell as it was read.")
    deck_word_id: int
    lemma: str
    updated: list[str] = Field(
        default_factory=list,
        description="For a merged word: what the row added (tags, translations, examples).",
    )


class RejectedRow(BaseModel):
    row: int = Field(description="Row number in the file; the header is row 1.")
    text: str = Field(description="The German cell (shortened when long).")
    reason: str


class SuspiciousRow(BaseModel):
    """A row whose word looks like a typo of a known word: not added, so no misspelling
    lands in the deck unseen. Add the right word, or this one as it is (POST
    /vocabulary/deck with `force`, or /add in the bot)."""

    row: int = Field(description="Row number in the file; the header is row 1.")
    text: str = Field(description="The German cell as written.")
    suggestions: list[str] = Field(description="The known words it is nearest to, e.g. 'der Hund'.")


class ImportReport(BaseModel):
    added: list[ImportedWord] = Field(description="New words, with their cards.")
    merged: list[ImportedWord] = Field(
        description="Words already in the deck (or earlier in the file); new tags were added "
        "and, for your own words, missing translations and examples filled in."
    )
    rejected: list[RejectedRow]
    suspicious: list[SuspiciousRow] = Field(
        default_factory=list,
        description="Rows not added because their word looks like a typo of a known word "
        '("Hnud": did you mean der Hund?); words no word list knows and nothing is near '
        "are added as typed.",
    )
    added_count: int
    merged_count: int
    rejected_count: int
    suspicious_count: int = 0


class StarterPack(BaseModel):
    """The catalogue's most frequent words of one level (or of one topic of a level), to put
    into the deck in one go."""

    level: CefrLevel
    topic: str | None = Field(
        default=None, description="The topic ('food', 'travel'…); None for the level's own pack."
    )
    list_name: str = Field(
        description="The word list the words go into, e.g. 'Starter A1' or 'Starter A1 · food'."
    )
    word_count: int = Field(description="Words in the pack.")
    in_deck: int = Field(description="How many of them are in your deck already.")
    preview: list[str] = Field(description="The first few words, most frequent first.")


class StarterPackAdded(BaseModel):
    level: CefrLevel
    topic: str | None = None
    list: WordListView = Field(description="The word list holding the pack's words.")
    added: int = Field(description="Words new to your deck now (0 when added before).")
    already_in_deck: int
