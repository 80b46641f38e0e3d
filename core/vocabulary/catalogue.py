"""The shared word catalogue: search it, read one entry, and match a typed word to an entry."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Invalid, NotFound
from core.german import GENDER_BY_ARTICLE, article_of
from core.german_text import fold, split_article
from core.models import DeckWord, User, VocabularyItem
from core.ownership import mine
from core.vocabulary.paging import page_bounds
from core.vocabulary.schemas import CatalogueWord, Page


def _catalogue_word(item: VocabularyItem, in_deck: bool = False) -> CatalogueWord:
    return CatalogueWord(
        id=item.id,
        slug=item.slug,
        lemma=item.lemma,
        article=article_of(item.gender),
        pos=item.pos,
        translations=item.translations,
        example_de=item.example_de,
        example_en=item.example_en,
        level=item.level,
        topics=item.topics,
        plural=item.plural,
        genitive=item.genitive,
        frequency_rank=item.frequency_rank,
        in_deck=in_deck,
    )


def match_rank(key: str) -> ColumnElement[int]:
    """How well an entry's folded "lemma | translation | ..." matches a folded query: the
    lemma itself (0), a translation itself, "go" meaning "to go" (1), a word starting with
    it (2), anything else containing it (3). Frequency breaks ties."""
    word = re.escape(key)
    end = r"( \||$| \()"
    text = VocabularyItem.search_text
    return case(
        (text.regexp_match(f"^{word}{end}"), 0),
        (text.regexp_match(rf"\| (to |the |a |an )?{word}{end}"), 1),
        (text.regexp_match(f"(^|[ (]){word}"), 2),
        else_=3,
    )


def _transliterated(text: str) -> str:
    lowered = " ".join(text.lower().split())
    for letter, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(letter, spelled)
    return lowered


def spelled_differently(query: str) -> ColumnElement[bool]:
    """False for the lemma the query spells exactly, umlauts written out or not: "schoen"
    puts schön before schon, "schon" schon before schön."""
    lemma: ColumnElement[str] = func.lower(VocabularyItem.lemma)
    for letter, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lemma = func.replace(lemma, letter, spelled)
    return lemma != _transliterated(query)


async def search_catalogue(
    session: AsyncSession,
    user: User | None,
    *,
    query: str | None = None,
    level: str | None = None,
    topic: str | None = None,
    pos: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page[CatalogueWord]:
    """German or English text, umlaut-insensitive; best match first (`match_rank`), then the
    most frequent words."""
    offset, limit = page_bounds(page, page_size)
    conditions: list[ColumnElement[bool]] = [VocabularyItem.retired_at.is_(None)]
    order: list[Any] = []
    if query:
        key = fold(query)[:80]
        if not key:
            raise Invalid("Search text is empty.")
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(VocabularyItem.search_text.like(f"%{escaped}%", escape="\\"))
        order += [match_rank(key), spelled_differently(query)]
    if level:
        conditions.append(VocabularyItem.level == level.upper())
    if topic:
        conditions.append(VocabularyItem.topics.any_() == topic)
    if pos:
        conditions.append(VocabularyItem.pos == pos)
    order += [VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.lemma]
    total = await session.scalar(select(func.count()).where(*conditions)) or 0
    items = (
        await session.scalars(
            select(VocabularyItem).where(*conditions).order_by(*order).offset(offset).limit(limit)
        )
    ).all()
    owned: set[int | None] = set()
    if user is not None and items:
        owned = set(
            (
                await session.scalars(
                    select(DeckWord.vocabulary_item_id).where(
                        mine(DeckWord, user),
                        DeckWord.vocabulary_item_id.in_([i.id for i in items]),
                    )
                )
            ).all()
        )
    return Page(
        items=[_catalogue_word(i, i.id in owned) for i in items],
        total=total,
        page=page,
        page_size=page_size,
    )


async def get_catalogue_word(session: AsyncSession, slug_or_id: str | int) -> VocabularyItem:
    column = VocabularyItem.id if isinstance(slug_or_id, int) else VocabularyItem.slug
    item = await session.scalar(select(VocabularyItem).where(column == slug_or_id))
    if item is None:
        raise NotFound("No such word in the catalogue.")
    return item


async def catalogue_word_view(session: AsyncSession, user: User, slug: str) -> CatalogueWord:
    item = await get_catalogue_word(session, slug)
    in_deck = await session.scalar(
        select(DeckWord.id).where(mine(DeckWord, user), DeckWord.vocabulary_item_id == item.id)
    )
    return _catalogue_word(item, in_deck is not None)


async def find_catalogue_match(session: AsyncSession, text: str) -> VocabularyItem | None:
    """The catalogue entry a typed word means: same lemma (umlaut-insensitive), nouns first."""
    article, bare = split_article(text)
    key = fold(bare)
    candidates = (
        await session.scalars(
            select(VocabularyItem).where(
                VocabularyItem.retired_at.is_(None),
                VocabularyItem.search_text.like(f"{key.replace('%', '')} |%"),
            )
        )
    ).all()
    if not candidates:
        return None
    exact = [c for c in candidates if c.lemma == bare] or list(candidates)
    if article is not None:
        exact = [c for c in exact if c.gender == GENDER_BY_ARTICLE[article]] or exact
    exact.sort(key=lambda c: c.pos != "noun" if bare[:1].isupper() else c.pos == "noun")
    return exact[0]
