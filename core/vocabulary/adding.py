"""Putting words into a learner's deck: from the catalogue, a scenario's key words, or typed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.achievement_checks import request_achievement_check
from core.errors import Invalid, NotFound, UnknownWord
from core.german import GENDER_BY_ARTICLE
from core.german_text import lemma_key, split_article
from core.lexicon import typed_noun_facts_async
from core.models import DeckWord, Scenario, User, VocabularyItem
from core.outbox import request_job
from core.ownership import owned
from core.vocabulary.cards import ensure_cards
from core.vocabulary.catalogue import find_catalogue_match, get_catalogue_word
from core.vocabulary.deck import deck_word_view, deck_word_views
from core.vocabulary.schemas import AddWord, DeckWordAdded
from core.vocabulary.suggesting import Checked, check_typed


async def _existing(session: AsyncSession, user: User, key: str) -> DeckWord | None:
    return await session.scalar(owned(DeckWord, user).where(DeckWord.lemma_key == key))


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
    await ensure_cards(session, word, learner_kinds=user.card_kinds, verb_forms=item.verb_forms)
    await request_achievement_check(session, user.id)
    return word, True


def _cleaned(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 80 or not any(ch.isalpha() for ch in cleaned):
        raise Invalid("Send one German word or short phrase (up to 80 characters).")
    return cleaned


async def add_typed_word(
    session: AsyncSession, user: User, text: str, *, tags: Sequence[str] = ()
) -> tuple[DeckWord, bool]:
    """A German word as the learner typed it ("der Hund", "laufen", "Fernweh").

    Catalogue words are added as they are. Anything else gets gender and plural from
    german-nouns at once, and an enrichment job fills translation and example later.
    """
    cleaned = _cleaned(text)
    match = await find_catalogue_match(session, cleaned)
    if match is not None:
        return await add_catalogue_word(session, user, match, tags=tags)
    article, bare = split_article(cleaned)
    facts = await typed_noun_facts_async(bare, with_article=article is not None)
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
    await ensure_cards(session, word, learner_kinds=user.card_kinds)
    request_job(session, "enrich_deck_word", job_id=f"enrich:{word.id}", deck_word_id=word.id)
    await request_achievement_check(session, user.id)
    return word, True


async def add_word_from_text(
    session: AsyncSession, user: User, text: str, *, tags: Sequence[str] = ()
) -> DeckWordAdded:
    """`add_typed_word`, answered with the word as the learner will see it."""
    word, created = await add_typed_word(session, user, text, tags=tags)
    return DeckWordAdded(word=await deck_word_view(session, user, word), created=created)


async def add_checked(
    session: AsyncSession,
    user: User,
    text: str,
    *,
    tags: Sequence[str] = (),
    force: bool = False,
) -> DeckWordAdded | Checked:
    """A typed word, checked first: added (with the right article when the typed one was
    wrong), or, when no word list knows it and it is not `force`d, not added: the check
    with the nearest known words comes back instead."""
    checked = await check_typed(session, _cleaned(text))
    if not checked.known and not force:
        return checked
    added = await add_word_from_text(session, user, text, tags=tags)
    return added.model_copy(update={"corrected_article": checked.corrected_article})


def unknown_word_message(checked: Checked) -> str:
    word = split_article(checked.text)[1]
    if checked.suggestions:
        names = " or ".join(s.headword for s in checked.suggestions)
        return f"“{word}” is not in my word list. Did you mean {names}?"
    return f"“{word}” is not in my word list, and I know no word like it."


def unknown_word(checked: Checked) -> UnknownWord:
    """The API's refusal of a word held back by its check, with the words it is near."""
    return UnknownWord(
        unknown_word_message(checked) + " Send force=true to add it anyway.",
        [s.headword for s in checked.suggestions],
    )


async def add_word(session: AsyncSession, user: User, request: AddWord) -> DeckWordAdded:
    """A catalogue word by slug or id, or a German word as typed: exactly one of them. A typed
    word no word list knows is refused with suggestions (UnknownWord) unless `force`."""
    given = [v for v in (request.slug, request.vocabulary_id, request.text) if v is not None]
    if len(given) != 1:
        raise Invalid("Give exactly one of slug, vocabulary_id or text.")
    if request.text is not None:
        outcome = await add_checked(
            session, user, request.text, tags=request.tags, force=request.force
        )
        if isinstance(outcome, Checked):
            raise unknown_word(outcome)
        return outcome
    item = await get_catalogue_word(session, request.slug or request.vocabulary_id or 0)
    word, created = await add_catalogue_word(session, user, item, tags=request.tags)
    return DeckWordAdded(word=await deck_word_view(session, user, word), created=created)


async def add_scenario_words(
    session: AsyncSession, user: User, scenario_slug: str
) -> list[DeckWordAdded]:
    """Every key word of a conversation scenario, tagged with the scenario."""
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
    added = [
        await add_catalogue_word(session, user, item, source="scenario", tags=[scenario.slug])
        for item in items
    ]
    views = await deck_word_views(session, user, [word for word, _ in added])
    return [
        DeckWordAdded(word=view, created=created)
        for view, (_, created) in zip(views, added, strict=True)
    ]
