"""Starter packs: the catalogue's most frequent words of a level, put into the learner's deck
and into a word list named after the level ("Starter A1"), so /review is not empty on day one.
Adding a pack again adds nothing twice: words already in the deck stay as they are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.german import CEFR_LEVELS, CefrLevel
from core.german_text import lemma_key, with_article
from core.models import DeckWord, User, VocabularyItem, WordList
from core.ownership import mine
from core.vocabulary.adding import add_catalogue_word
from core.vocabulary.lists import add_to_list, create_word_list, list_view
from core.vocabulary.schemas import StarterPack, StarterPackAdded

PACK_SIZE = 20
# Words worth a flashcard on day one: "der", "und" or "in" are the most frequent words of all,
# but a learner meets them in every sentence, and a card "the → der" teaches nothing.
CONTENT_WORDS = ("noun", "verb", "adjective", "adverb")
PREVIEW_SIZE = 5


def learner_level(user: User) -> CefrLevel:
    return next((lv for lv in CEFR_LEVELS if lv == user.cefr_level), CEFR_LEVELS[0])


def list_name(level: CefrLevel) -> str:
    return f"Starter {level}"


async def pack_items(session: AsyncSession, level: CefrLevel) -> list[VocabularyItem]:
    """The level's most frequent content words of the catalogue (ranked ones first, then by
    slug), one per deck word: entries a deck keeps as one word (same lemma and part of
    speech) count once."""
    items = await session.scalars(
        select(VocabularyItem)
        .where(
            VocabularyItem.level == level,
            VocabularyItem.pos.in_(CONTENT_WORDS),
            VocabularyItem.retired_at.is_(None),
        )
        .order_by(VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.slug)
        .limit(PACK_SIZE * 2)
    )
    distinct: dict[str, VocabularyItem] = {}
    for item in items:
        distinct.setdefault(lemma_key(item.lemma, item.pos), item)
    return list(distinct.values())[:PACK_SIZE]


async def _in_deck(session: AsyncSession, user: User, items: list[VocabularyItem]) -> int:
    keys = [lemma_key(item.lemma, item.pos) for item in items]
    present = await session.scalars(
        select(DeckWord.id).where(mine(DeckWord, user), DeckWord.lemma_key.in_(keys))
    )
    return len(present.all())


def _headword(item: VocabularyItem) -> str:
    return with_article(item.lemma, item.gender) if item.pos == "noun" else item.lemma


async def starter_pack(session: AsyncSession, user: User, level: CefrLevel) -> StarterPack:
    items = await pack_items(session, level)
    return StarterPack(
        level=level,
        list_name=list_name(level),
        word_count=len(items),
        in_deck=await _in_deck(session, user, items),
        preview=[_headword(item) for item in items[:PREVIEW_SIZE]],
    )


async def starter_packs(session: AsyncSession, user: User) -> list[StarterPack]:
    """Every level's pack that has words, easiest first."""
    packs = [await starter_pack(session, user, level) for level in CEFR_LEVELS]
    return [pack for pack in packs if pack.word_count]


async def add_starter_pack(
    session: AsyncSession, user: User, level: CefrLevel | None = None
) -> StarterPackAdded:
    """Put the pack's words (of `level`, else the learner's level) into the deck with their
    cards, and into its list. Two adds at once (a double press, two devices) are serialised
    on the learner's row."""
    await session.execute(select(User.id).where(User.id == user.id).with_for_update())
    chosen = level if level is not None else learner_level(user)
    items = await pack_items(session, chosen)
    if not items:
        raise NotFound(f"There is no starter pack for {chosen} yet.")
    name = list_name(chosen)
    list_id = await session.scalar(
        select(WordList.id).where(mine(WordList, user), WordList.name == name)
    )
    if list_id is None:
        list_id = (await create_word_list(session, user, name)).id
    added = [
        await add_catalogue_word(session, user, item, tags=[f"starter-{chosen.lower()}"])
        for item in items
    ]
    await add_to_list(session, user, list_id, [word.id for word, _ in added])
    created = sum(1 for _, was_new in added if was_new)
    return StarterPackAdded(
        level=chosen,
        list=await list_view(session, user, list_id),
        added=created,
        already_in_deck=len(added) - created,
    )
