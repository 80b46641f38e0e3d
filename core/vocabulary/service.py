"""The catalogue and a learner's deck: search, add (catalogue, scenario, typed), edit, lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Conflict, Invalid, NotFound
from core.german import GENDER_BY_ARTICLE, SINGULAR_GENDERS, article_of
from core.lexicon import noun_facts_async
from core.models import Card, DeckWord, Scenario, User, VocabularyItem, WordList, WordListItem
from core.outbox import request_job
from core.reviews.scheduling import Phase
from core.vocabulary.schemas import (
    CardSummary,
    CatalogueWord,
    DeckWordUpdate,
    DeckWordView,
    Page,
    WordListView,
)
from core.vocabulary.text import (
    fold,
    lemma_key,
    split_article,
)

MAX_PAGE_SIZE = 100
PHASE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def card_kinds(pos: str, gender: str | None) -> list[str]:
    """Every word is asked both ways; nouns with a singular article also get an article card."""
    kinds = ["recognition", "recall"]
    if pos == "noun" and gender in SINGULAR_GENDERS:
        kinds.append("article")
    return kinds


def _page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"page must be ≥ 1 and page_size between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size, page_size


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
    """German or English text, umlaut-insensitive; exact lemma hits first, then by frequency."""
    offset, limit = _page_bounds(page, page_size)
    conditions: list[ColumnElement[bool]] = [VocabularyItem.retired_at.is_(None)]
    order: list[Any] = []
    if query:
        key = fold(query)[:80]
        if not key:
            raise Invalid("Search text is empty.")
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(VocabularyItem.search_text.like(f"%{escaped}%", escape="\\"))
        order.append(
            case(
                (VocabularyItem.search_text.like(f"{escaped} |%", escape="\\"), 0),
                (VocabularyItem.search_text.like(f"{escaped}%", escape="\\"), 1),
                else_=2,
            )
        )
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
                        DeckWord.user_id == user.id,
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


async def ensure_cards(session: AsyncSession, word: DeckWord) -> None:
    """Create the word's missing cards (idempotent)."""
    now = utcnow()
    for kind in card_kinds(word.pos, word.gender):
        await session.execute(
            insert(Card)
            .values(
                user_id=word.user_id,
                deck_word_id=word.id,
                kind=kind,
                phase=int(Phase.NEW),
                step=0,
                due_at=now,
            )
            .on_conflict_do_nothing(index_elements=[Card.deck_word_id, Card.kind])
        )


async def catalogue_word_view(session: AsyncSession, user: User, slug: str) -> CatalogueWord:
    item = await get_catalogue_word(session, slug)
    in_deck = await session.scalar(
        select(DeckWord.id).where(
            DeckWord.user_id == user.id, DeckWord.vocabulary_item_id == item.id
        )
    )
    return _catalogue_word(item, in_deck is not None)


async def _existing(session: AsyncSession, user: User, key: str) -> DeckWord | None:
    return await session.scalar(
        select(DeckWord).where(DeckWord.user_id == user.id, DeckWord.lemma_key == key)
    )


async def add_catalogue_word(
    session: AsyncSession,
    user: User,
    item: VocabularyItem,
    *,
    source: str = "catalogue",
    tags: Sequence[str] = (),
) -> tuple[DeckWord, bool]:
    """Add a catalogue word with its cards; (word, False) when it was already in the deck."""
    key = lemma_key(item.lemma, item.pos)
    existing = await _existing(session, user, key)
    if existing is not None:
        if existing.vocabulary_item_id is None:
            existing.vocabulary_item_id = item.id
        return existing, False
    word = DeckWord(
        user_id=user.id,
        vocabulary_item_id=item.id,
        lemma=item.lemma,
        lemma_key=key,
        pos=item.pos,
        gender=item.gender,
        plural=item.plural,
        translations=list(item.translations),
        example_de=item.example_de,
        example_en=item.example_en,
        source=source,
        enrichment="none",
        tags=sorted(set(tags)),
    )
    session.add(word)
    await session.flush()
    await ensure_cards(session, word)
    return word, True


async def add_scenario_words(
    session: AsyncSession, user: User, scenario_slug: str
) -> list[tuple[DeckWord, bool]]:
    scenario = await session.scalar(
        select(Scenario).where(Scenario.slug == scenario_slug, Scenario.retired_at.is_(None))
    )
    if scenario is None:
        raise NotFound("No such scenario.")
    items = (
        await session.scalars(
            select(VocabularyItem).where(VocabularyItem.slug.in_(scenario.key_vocabulary))
        )
    ).all()
    return [
        await add_catalogue_word(session, user, item, source="scenario", tags=[scenario.slug])
        for item in items
    ]


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


async def add_typed_word(
    session: AsyncSession, user: User, text: str, *, tags: Sequence[str] = ()
) -> tuple[DeckWord, bool]:
    """A German word as the learner typed it ("der Hund", "laufen", "Fernweh").

    Catalogue words are added as they are. Anything else gets gender and plural from
    german-nouns at once, and an enrichment job fills translation and example later.
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 80 or not any(ch.isalpha() for ch in cleaned):
        raise Invalid("Send one German word or short phrase (up to 80 characters).")
    match = await find_catalogue_match(session, cleaned)
    if match is not None:
        return await add_catalogue_word(session, user, match, tags=tags)
    article, bare = split_article(cleaned)
    facts = await noun_facts_async(bare[:1].upper() + bare[1:] if article else bare)
    if article is not None and facts is None:
        pos, gender, plural, lemma = (
            "noun",
            GENDER_BY_ARTICLE[article],
            None,
            bare[:1].upper() + bare[1:],
        )
    elif facts is not None:
        pos, gender, plural, lemma = "noun", facts.gender, facts.plural, facts.lemma
    else:
        pos, gender, plural, lemma = ("phrase" if " " in bare else "unknown"), None, None, bare
    key = lemma_key(lemma, pos)
    existing = await _existing(session, user, key)
    if existing is not None:
        return existing, False
    word = DeckWord(
        user_id=user.id,
        lemma=lemma,
        lemma_key=key,
        pos=pos,
        gender=gender,
        plural=plural,
        translations=[],
        source="typed",
        enrichment="pending",
        tags=sorted(set(tags)),
    )
    session.add(word)
    await session.flush()
    await ensure_cards(session, word)
    request_job(session, "enrich_deck_word", job_id=f"enrich:{word.id}", deck_word_id=word.id)
    return word, True


async def get_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> DeckWord:
    """Only the learner's own words; another learner's id is simply not found."""
    word = await session.scalar(
        select(DeckWord).where(DeckWord.id == deck_word_id, DeckWord.user_id == user.id)
    )
    if word is None:
        raise NotFound("No such word in your deck.")
    return word


async def deck_word_views(
    session: AsyncSession, user: User, words: Sequence[DeckWord]
) -> list[DeckWordView]:
    ids = [w.id for w in words]
    if not ids:
        return []
    cards = (
        await session.scalars(
            select(Card).where(Card.deck_word_id.in_(ids)).order_by(Card.deck_word_id, Card.id)
        )
    ).all()
    memberships = (
        await session.execute(
            select(WordListItem.deck_word_id, WordListItem.list_id).where(
                WordListItem.deck_word_id.in_(ids)
            )
        )
    ).all()
    item_ids = [w.vocabulary_item_id for w in words if w.vocabulary_item_id]
    items = {
        i.id: i
        for i in (
            await session.scalars(select(VocabularyItem).where(VocabularyItem.id.in_(item_ids)))
        ).all()
    }
    views = []
    for word in words:
        item = items.get(word.vocabulary_item_id) if word.vocabulary_item_id else None
        views.append(
            DeckWordView(
                id=word.id,
                lemma=word.lemma,
                article=article_of(word.gender),
                pos=word.pos,
                plural=word.plural,
                translations=list(item.translations if item else word.translations),
                example_de=item.example_de if item else word.example_de,
                example_en=item.example_en if item else word.example_en,
                source=word.source,
                enrichment=word.enrichment,
                tags=word.tags,
                suspended=word.suspended_at is not None,
                catalogue_slug=item.slug if item else None,
                level=item.level if item else None,
                lists=sorted(list_id for deck_id, list_id in memberships if deck_id == word.id),
                cards=[
                    CardSummary(
                        id=c.id,
                        kind=c.kind,
                        due_at=c.due_at,
                        phase=PHASE_NAMES[c.phase],
                        reps=c.reps,
                        lapses=c.lapses,
                        suspended=c.suspended_at is not None,
                        suspended_reason=c.suspended_reason,
                    )
                    for c in cards
                    if c.deck_word_id == word.id
                ],
                created_at=word.created_at,
            )
        )
    return views


async def list_deck(
    session: AsyncSession,
    user: User,
    *,
    query: str | None = None,
    tag: str | None = None,
    list_id: int | None = None,
    suspended: bool | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page[DeckWordView]:
    offset, limit = _page_bounds(page, page_size)
    statement: Select[Any] = select(DeckWord).where(DeckWord.user_id == user.id)
    if query:
        key = fold(query)
        statement = statement.where(
            or_(
                DeckWord.lemma_key.like(f"%{key}%"),
                func.array_to_string(DeckWord.translations, " ").ilike(f"%{query}%"),
            )
        )
    if tag:
        statement = statement.where(DeckWord.tags.any_() == tag)
    if list_id is not None:
        await get_word_list(session, user, list_id)
        statement = statement.join(
            WordListItem,
            and_(WordListItem.deck_word_id == DeckWord.id, WordListItem.list_id == list_id),
        )
    if suspended is not None:
        statement = statement.where(
            DeckWord.suspended_at.is_not(None) if suspended else DeckWord.suspended_at.is_(None)
        )
    total = await session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    words = (
        await session.scalars(
            statement.order_by(DeckWord.created_at.desc(), DeckWord.id.desc())
            .offset(offset)
            .limit(limit)
        )
    ).all()
    return Page(
        items=await deck_word_views(session, user, list(words)),
        total=total,
        page=page,
        page_size=page_size,
    )


async def set_suspended(session: AsyncSession, word: DeckWord, suspended: bool) -> None:
    """Suspending a word pauses all its cards; unsuspending also releases leeches."""
    now = utcnow()
    word.suspended_at = now if suspended else None
    await session.execute(
        update(Card)
        .where(Card.deck_word_id == word.id)
        .values(
            suspended_at=now if suspended else None,
            suspended_reason="manual" if suspended else None,
        )
    )


async def update_deck_word(
    session: AsyncSession, user: User, deck_word_id: int, changes: DeckWordUpdate
) -> DeckWord:
    word = await get_deck_word(session, user, deck_word_id)
    values = changes.model_dump(exclude_unset=True)
    if any(v is None for v in values.values()):
        raise Invalid("Fields cannot be set to null.")
    if word.vocabulary_item_id is not None and (
        {"translations", "example_de", "example_en"} & values.keys()
    ):
        raise Invalid("Catalogue words are edited in the catalogue; you can tag or suspend them.")
    for field_name in ("translations", "example_de", "example_en"):
        if field_name in values:
            setattr(word, field_name, values[field_name])
            word.enrichment = "done"
    if "tags" in values:
        word.tags = sorted(set(values["tags"]))
    if "suspended" in values:
        await set_suspended(session, word, values["suspended"])
    await session.flush()
    return word


async def set_translation(
    session: AsyncSession, user: User, german: str, translations: Sequence[str]
) -> DeckWord:
    """Give a typed word its meaning by naming it ("Fernweh" = "wanderlust")."""
    _, bare = split_article(german)
    key = fold(bare)
    word = await session.scalar(
        select(DeckWord).where(
            DeckWord.user_id == user.id, DeckWord.lemma_key.like(f"{key.replace('%', '')}:%")
        )
    )
    if word is None:
        raise NotFound(f"“{bare[:80]}” is not in your deck; add it first with /add.")
    if word.vocabulary_item_id is not None:
        raise Invalid("That word comes from the catalogue and already has its meaning.")
    word.translations = [t[:200] for t in translations[:5]]
    word.enrichment = "done"
    await session.flush()
    return word


async def delete_deck_word(session: AsyncSession, user: User, deck_word_id: int) -> None:
    word = await get_deck_word(session, user, deck_word_id)
    await session.delete(word)
    await session.flush()


async def word_lists(session: AsyncSession, user: User) -> list[WordListView]:
    rows = await session.execute(
        select(WordList, func.count(WordListItem.deck_word_id))
        .outerjoin(WordListItem, WordListItem.list_id == WordList.id)
        .where(WordList.user_id == user.id)
        .group_by(WordList.id)
        .order_by(WordList.name)
    )
    return [
        WordListView(id=wl.id, name=wl.name, word_count=count, created_at=wl.created_at)
        for wl, count in rows.all()
    ]


async def get_word_list(session: AsyncSession, user: User, list_id: int) -> WordList:
    word_list = await session.scalar(
        select(WordList).where(WordList.id == list_id, WordList.user_id == user.id)
    )
    if word_list is None:
        raise NotFound("No such list.")
    return word_list


async def create_word_list(session: AsyncSession, user: User, name: str) -> WordList:
    exists = await session.scalar(
        select(WordList.id).where(WordList.user_id == user.id, WordList.name == name)
    )
    if exists is not None:
        raise Conflict(f"You already have a list called “{name}”.")
    word_list = WordList(user_id=user.id, name=name)
    session.add(word_list)
    await session.flush()
    return word_list


async def rename_word_list(session: AsyncSession, user: User, list_id: int, name: str) -> WordList:
    word_list = await get_word_list(session, user, list_id)
    if name != word_list.name:
        clash = await session.scalar(
            select(WordList.id).where(WordList.user_id == user.id, WordList.name == name)
        )
        if clash is not None:
            raise Conflict(f"You already have a list called “{name}”.")
        word_list.name = name
    await session.flush()
    return word_list


async def delete_word_list(session: AsyncSession, user: User, list_id: int) -> None:
    await session.delete(await get_word_list(session, user, list_id))
    await session.flush()


async def add_to_list(
    session: AsyncSession, user: User, list_id: int, deck_word_ids: Sequence[int]
) -> None:
    await get_word_list(session, user, list_id)
    owned = set(
        (
            await session.scalars(
                select(DeckWord.id).where(
                    DeckWord.user_id == user.id, DeckWord.id.in_(list(deck_word_ids))
                )
            )
        ).all()
    )
    missing = set(deck_word_ids) - owned
    if missing:
        raise NotFound(f"No such words in your deck: {sorted(missing)}")
    for deck_word_id in owned:
        await session.execute(
            insert(WordListItem)
            .values(list_id=list_id, deck_word_id=deck_word_id)
            .on_conflict_do_nothing()
        )


async def remove_from_list(
    session: AsyncSession, user: User, list_id: int, deck_word_id: int
) -> None:
    await get_word_list(session, user, list_id)
    await session.execute(
        delete(WordListItem).where(
            WordListItem.list_id == list_id, WordListItem.deck_word_id == deck_word_id
        )
    )
