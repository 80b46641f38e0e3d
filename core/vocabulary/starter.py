"""Starter packs: the catalogue's most frequent words of a level, put into the learner's deck
and into a word list named after the level ("Starter A1"), so /review is not empty on day one.
Adding a pack again adds nothing twice: words already in the deck stay as they are.

Topic packs do the same for one topic of a level ("Starter A1 · food"): the catalogue tags
every entry with topics (seeds/schemas.py VOCABULARY_TOPICS), and a level's topic with at
least TOPIC_PACK_MIN_WORDS content words is a pack of its most frequent ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
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
TOPIC_PACK_MIN_WORDS = 8
# Topics that are no theme to learn by: a pack of "grammar-words" is the function words
# CONTENT_WORDS leaves out anyway, and "basics" is the level pack itself.
NOT_PACK_TOPICS = frozenset({"grammar-words", "basics"})


def learner_level(user: User) -> CefrLevel:
    return next((lv for lv in CEFR_LEVELS if lv == user.cefr_level), CEFR_LEVELS[0])


def list_name(level: CefrLevel, topic: str | None = None) -> str:
    return f"Starter {level}" + (f" · {topic}" if topic else "")


def _content_words(level: CefrLevel | None = None, topic: str | None = None) -> Select[Any]:
    """Content words of the catalogue (of a level, a topic), most frequent first (ranked
    ones first, then by slug)."""
    statement = select(VocabularyItem).where(
        VocabularyItem.pos.in_(CONTENT_WORDS), VocabularyItem.retired_at.is_(None)
    )
    if level is not None:
        statement = statement.where(VocabularyItem.level == level)
    if topic is not None:
        statement = statement.where(VocabularyItem.topics.any_() == topic)
    return statement.order_by(VocabularyItem.frequency_rank.asc().nulls_last(), VocabularyItem.slug)


def _distinct(items: Iterable[VocabularyItem], limit: int = PACK_SIZE) -> list[VocabularyItem]:
    """One item per deck word: entries a deck keeps as one word (same lemma and part of
    speech) count once."""
    distinct: dict[str, VocabularyItem] = {}
    for item in items:
        distinct.setdefault(lemma_key(item.lemma, item.pos), item)
        if len(distinct) == limit:
            break
    return list(distinct.values())


async def pack_items(
    session: AsyncSession, level: CefrLevel, topic: str | None = None
) -> list[VocabularyItem]:
    """The pack of a level (or of one topic of it): its most frequent content words. A topic
    with fewer than TOPIC_PACK_MIN_WORDS of them (or no theme, NOT_PACK_TOPICS) has none."""
    if topic in NOT_PACK_TOPICS:
        return []
    items = _distinct(await session.scalars(_content_words(level, topic).limit(PACK_SIZE * 3)))
    return [] if topic is not None and len(items) < TOPIC_PACK_MIN_WORDS else items


async def _deck_keys(session: AsyncSession, user: User, keys: Iterable[str]) -> set[str]:
    present = await session.scalars(
        select(DeckWord.lemma_key).where(mine(DeckWord, user), DeckWord.lemma_key.in_(set(keys)))
    )
    return set(present.all())


async def _in_deck(session: AsyncSession, user: User, items: list[VocabularyItem]) -> int:
    keys = [lemma_key(item.lemma, item.pos) for item in items]
    return len(await _deck_keys(session, user, keys))


def _tag(level: CefrLevel, topic: str | None) -> str:
    return f"starter-{level.lower()}" + (f"-{topic}" if topic else "")


def _headword(item: VocabularyItem) -> str:
    return with_article(item.lemma, item.gender) if item.pos == "noun" else item.lemma


def _pack(
    level: CefrLevel, topic: str | None, items: list[VocabularyItem], in_deck: set[str]
) -> StarterPack:
    return StarterPack(
        level=level,
        topic=topic,
        list_name=list_name(level, topic),
        word_count=len(items),
        in_deck=sum(1 for item in items if lemma_key(item.lemma, item.pos) in in_deck),
        preview=[_headword(item) for item in items[:PREVIEW_SIZE]],
    )


async def starter_pack(
    session: AsyncSession, user: User, level: CefrLevel, topic: str | None = None
) -> StarterPack:
    items = await pack_items(session, level, topic)
    keys = [lemma_key(item.lemma, item.pos) for item in items]
    return _pack(level, topic, items, await _deck_keys(session, user, keys))


async def starter_packs(
    session: AsyncSession,
    user: User,
    *,
    level: CefrLevel | None = None,
    topic: str | None = None,
) -> list[StarterPack]:
    """The packs (of `level`, of `topic`), easiest level first, each level's own pack before
    its topic packs (alphabetical). One read of the catalogue and one of the deck, whatever
    the number of packs."""
    by_pack: dict[tuple[str, str | None], list[VocabularyItem]] = defaultdict(list)
    for item in await session.scalars(_content_words(level, topic)):
        if topic is None:
            by_pack[(item.level, None)].append(item)
        for tag in item.topics:
            if tag not in NOT_PACK_TOPICS and topic in (None, tag):
                by_pack[(item.level, tag)].append(item)
    chosen: dict[tuple[CefrLevel, str | None], list[VocabularyItem]] = {}
    for pack_level in CEFR_LEVELS:
        own = [(pack_level, None)] if (pack_level, None) in by_pack else []
        themed = sorted(key for key in by_pack if key[0] == pack_level and key[1] is not None)
        for key in own + themed:
            words = _distinct(by_pack[key])
            if key[1] is None or len(words) >= TOPIC_PACK_MIN_WORDS:
                chosen[(pack_level, key[1])] = words
    keys = {lemma_key(i.lemma, i.pos) for words in chosen.values() for i in words}
    in_deck = await _deck_keys(session, user, keys)
    return [_pack(lv, tp, words, in_deck) for (lv, tp), words in chosen.items()]


@dataclass(frozen=True)
class TopicPacks:
    """The bot's topic screen: the level shown (the learner's unless chosen) and every pack."""

    level: CefrLevel
    packs: list[StarterPack]


async def topic_packs(session: AsyncSession, user: User, level: CefrLevel | None) -> TopicPacks:
    return TopicPacks(level or learner_level(user), await starter_packs(session, user))


async def add_starter_pack(
    session: AsyncSession, user: User, level: CefrLevel | None = None, topic: str | None = None
) -> StarterPackAdded:
    """Put the pack's words (of `level`, else the learner's level; of one `topic` of it) into
    the deck with their cards, and into its list. Two adds at once (a double press, two
    devices) are serialised on the learner's row."""
    await session.execute(select(User.id).where(User.id == user.id).with_for_update())
    chosen = level if level is not None else learner_level(user)
    items = await pack_items(session, chosen, topic)
    if not items:
        about = f"{chosen} · {topic[:32]}" if topic else chosen
        raise NotFound(f"There is no starter pack for {about} yet.")
    name = list_name(chosen, topic)
    list_id = await session.scalar(
        select(WordList.id).where(mine(WordList, user), WordList.name == name)
    )
    if list_id is None:
        list_id = (await create_word_list(session, user, name)).id
    added = [
        await add_catalogue_word(session, user, item, tags=[_tag(chosen, topic)]) for item in items
    ]
    await add_to_list(session, user, list_id, [word.id for word, _ in added])
    created = sum(1 for _, was_new in added if was_new)
    return StarterPackAdded(
        level=chosen,
        topic=topic,
        list=await list_view(session, user, list_id),
        added=created,
        already_in_deck=len(added) - created,
    )
