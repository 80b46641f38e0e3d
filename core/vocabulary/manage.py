"""Managing the deck word by word: delete with Undo, move to a list, and values typed in chat
(a new translation, example or list name) through a "deck_text" study session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from sqlalchemy import DateTime, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.card_kinds import OptionalCardKind
from core.clock import utcnow
from core.errors import Conflict, Invalid, NotFound
from core.german import CefrLevel
from core.models import (
    Card,
    DeckWord,
    DeletedDeckWord,
    ReviewLog,
    StudySession,
    User,
    WordList,
    WordListItem,
)
from core.ownership import mine, owned
from core.study import sessions
from core.study.sessions import Stale
from core.vocabulary.card_choices import set_word_card_kinds
from core.vocabulary.deck import (
    get_deck_word,
    keep_own_copy,
    list_deck,
    read_deck_word,
    set_suspended,
)
from core.vocabulary.lists import (
    create_word_list,
    get_word_list,
    list_view,
    rename_word_list,
    word_lists,
)
from core.vocabulary.schemas import DeckWordView, Page, WordListView, WordState

KEEP_DELETED: Final = timedelta(days=7)
TEXT_KIND: Final = "deck_text"
TextField = Literal["translation", "example", "new_list", "rename_list", "search"]
TEXT_FIELDS: tuple[TextField, ...] = ("translation", "example", "new_list", "rename_list", "search")
MAX_SEARCH_CHARS = 80


def _row(obj: Any) -> dict[str, Any]:
    values = {c.key: getattr(obj, c.key) for c in obj.__table__.columns}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}


def _load(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    columns = {c.key: c for c in model.__table__.columns}
    loaded = {}
    for key, value in values.items():
        if key not in columns:
            continue
        is_time = isinstance(columns[key].type, DateTime) and value is not None
        loaded[key] = datetime.fromisoformat(value) if is_time else value
    return loaded


@dataclass(frozen=True)
class DeletedWord:
    deck_word_id: int
    lemma: str


async def delete_word_keeping_undo(
    session: AsyncSession, user: User, deck_word_id: int, now: datetime | None = None
) -> DeletedWord:
    """Delete the word, its cards and their history, keeping all of it for a week so that
    `restore_deleted_word` puts it back exactly (same ids, same scheduling, same lists)."""
    now = now or utcnow()
    word = await get_deck_word(session, user, deck_word_id)
    cards = (await session.scalars(select(Card).where(Card.deck_word_id == word.id))).all()
    logs = (
        await session.scalars(select(ReviewLog).where(ReviewLog.card_id.in_([c.id for c in cards])))
    ).all()
    lists = (
        await session.scalars(
            select(WordListItem.list_id).where(WordListItem.deck_word_id == word.id)
        )
    ).all()
    snapshot = {
        "word": _row(word),
        "cards": [_row(c) for c in cards],
        "logs": [_row(log) for log in logs],
        "lists": list(lists),
    }
    await session.execute(
        delete(DeletedDeckWord).where(
            mine(DeletedDeckWord, user), DeletedDeckWord.deleted_at < now - KEEP_DELETED
        )
    )
    session.add(
        DeletedDeckWord(
            user_id=user.id,
            deck_word_id=word.id,
            lemma=word.lemma,
            snapshot=snapshot,
            deleted_at=now,
        )
    )
    await session.delete(word)
    await session.flush()
    return DeletedWord(word.id, word.lemma)


async def restore_deleted_word(
    session: AsyncSession, user: User, deck_word_id: int
) -> DeckWordView:
    """Undo a delete: the word comes back with its cards, their review log and its lists."""
    kept = await session.scalar(
        owned(DeletedDeckWord, user)
        .where(DeletedDeckWord.deck_word_id == deck_word_id)
        .order_by(DeletedDeckWord.deleted_at.desc())
        .limit(1)
        .with_for_update()
    )
    if kept is None:
        raise NotFound("No deleted word to restore (deleted words are kept for a week).")
    word = _load(DeckWord, kept.snapshot["word"])
    taken = await session.scalar(
        owned(DeckWord, user).where(DeckWord.lemma_key == word["lemma_key"])
    )
    if taken is not None:
        raise Conflict(f"“{kept.lemma}” is in your deck again already; nothing to restore.")
    await session.execute(insert(DeckWord).values(word))
    for card in kept.snapshot["cards"]:
        await session.execute(insert(Card).values(_load(Card, card)))
    for log in kept.snapshot["logs"]:
        await session.execute(insert(ReviewLog).values(_load(ReviewLog, log)))
    list_ids = (
        await session.scalars(
            select(WordList.id).where(mine(WordList, user), WordList.id.in_(kept.snapshot["lists"]))
        )
    ).all()
    for list_id in list_ids:
        await session.execute(insert(WordListItem).values(list_id=list_id, deck_word_id=word["id"]))
    await session.delete(kept)
    await session.flush()
    return await read_deck_word(session, user, deck_word_id)


async def move_to_list(
    session: AsyncSession, user: User, deck_word_id: int, list_id: int | None
) -> DeckWordView:
    """The word leaves its lists and goes into `list_id` (None: into no list)."""
    word = await get_deck_word(session, user, deck_word_id)
    if list_id is not None:
        await get_word_list(session, user, list_id)
    await session.execute(delete(WordListItem).where(WordListItem.deck_word_id == word.id))
    if list_id is not None:
        await session.execute(insert(WordListItem).values(list_id=list_id, deck_word_id=word.id))
    await session.flush()
    return await read_deck_word(session, user, deck_word_id)


async def set_suspended_word(
    session: AsyncSession, user: User, deck_word_id: int, suspended: bool
) -> DeckWordView:
    word = await get_deck_word(session, user, deck_word_id)
    await set_suspended(session, word, suspended)
    await session.flush()
    return await read_deck_word(session, user, deck_word_id)


async def choose_word_card_kind(
    session: AsyncSession,
    user: User,
    deck_word_id: int,
    kind: OptionalCardKind,
    choice: bool | None,
) -> WordScreen:
    """The word screen's switch of one kind: on or off for this word, or (None) as the
    learner's setting says."""
    word = await get_deck_word(session, user, deck_word_id)
    await set_word_card_kinds(session, user, word, {kind: choice})
    return await word_screen(session, user, deck_word_id)


# ---- values typed in chat ---------------------------------------------------------------------


@dataclass(frozen=True)
class TextRequest:
    """The deck waits for the learner's next message: what it will be used for."""

    session_id: int
    version: int
    field: TextField
    target_id: int | None  # the word (translation, example) or list (rename); None: new list
    name: str  # the word's lemma or the list's name ("" for a new list)
    current: str | None  # the value now, shown to the learner


@dataclass(frozen=True)
class TextSaved:
    field: TextField
    prompt_message_id: int | None  # the message that asked for the value
    word: DeckWordView | None = None
    word_list: WordListView | None = None
    search_id: int | None = None  # a search: the session that keeps its text, for its pages


async def ask_for_text(
    session: AsyncSession,
    user: User,
    field: TextField,
    target_id: int | None,
    now: datetime | None = None,
    *,
    chat_id: int | None = None,
    message_id: int | None = None,
) -> TextRequest:
    """Start waiting for a typed value; the learner's previous unfinished edit is dropped."""
    now = now or utcnow()
    current: str | None = None
    name = ""
    if field in ("translation", "example"):
        if target_id is None:
            raise Invalid("Which word?")
        view = await read_deck_word(session, user, target_id)
        current = ", ".join(view.translations) if field == "translation" else view.example_de
        name = view.lemma
    elif field == "rename_list":
        if target_id is None:
            raise Invalid("Which list?")
        name = (await get_word_list(session, user, target_id)).name
    study = await sessions.start(
        session, user, TEXT_KIND, {"field": field, "target_id": target_id}, now, chat_id=chat_id
    )
    study.message_id = message_id
    return TextRequest(study.id, study.version, field, target_id, name, current)


async def cancel_text(
    session: AsyncSession, user: User, session_id: int, version: int
) -> TextRequest | Stale:
    study = await sessions.load_for_press(session, user, TEXT_KIND, session_id, version)
    if isinstance(study, Stale):
        return study
    await sessions.abandon_active(session, user, TEXT_KIND, utcnow())
    return TextRequest(
        study.id, study.version, study.payload["field"], study.payload["target_id"], "", None
    )


def _translations(text: str) -> list[str]:
    glosses = [g.strip()[:200] for g in text.replace(";", ",").split(",") if g.strip()]
    if not glosses or len(glosses) > 10:
        raise Invalid("Send one to ten translations, separated by commas.")
    return glosses


async def take_text(
    session: AsyncSession, user: User, session_id: int, text: str, now: datetime | None = None
) -> TextSaved | None:
    """The learner's message as the value the deck waits for; None when nothing waits. An
    invalid value raises Invalid and the deck keeps waiting for a better one."""
    now = now or utcnow()
    study = await sessions.load_for_press(session, user, TEXT_KIND, session_id, None)
    if isinstance(study, Stale):
        return None
    field: TextField = study.payload["field"]
    target_id: int | None = study.payload["target_id"]
    value = " ".join(text.split())
    saved: TextSaved
    if not await _target_exists(session, user, field, target_id):
        _finish_quietly(study, now)  # deleted meanwhile: stop waiting, the text goes elsewhere
        return None
    if field == "search":  # kept in the session: the result's pages name it by its id
        if not value or len(value) > MAX_SEARCH_CHARS:
            raise Invalid(f"Send a word to look for, up to {MAX_SEARCH_CHARS} characters.")
        study.payload = {**study.payload, "query": value}
        saved = TextSaved(field, study.message_id, search_id=study.id)
    elif field in ("translation", "example"):
        assert target_id is not None
        word = await get_deck_word(session, user, target_id)
        await keep_own_copy(session, word)
        if field == "translation":
            word.translations = _translations(value)
        else:
            if not value or len(value) > 300:
                raise Invalid("Send an example sentence of up to 300 characters.")
            word.example_de, word.example_en = value, None
        word.enrichment = "done"
        await session.flush()
        saved = TextSaved(
            field, study.message_id, word=await read_deck_word(session, user, target_id)
        )
    else:
        if not value or len(value) > 80:
            raise Invalid("Send a list name of up to 80 characters.")
        if field == "new_list":
            created = await create_word_list(session, user, value)
            saved = TextSaved(field, study.message_id, word_list=created)
        else:
            assert target_id is not None
            renamed = await rename_word_list(session, user, target_id, value)
            saved = TextSaved(field, study.message_id, word_list=renamed)
    _finish_quietly(study, now)
    return saved


async def _target_exists(
    session: AsyncSession, user: User, field: TextField, target_id: int | None
) -> bool:
    if field in ("translation", "example"):
        word = await session.scalar(
            select(DeckWord.id).where(mine(DeckWord, user), DeckWord.id == target_id)
        )
        return word is not None
    if field == "rename_list":
        word_list = await session.scalar(
            select(WordList.id).where(mine(WordList, user), WordList.id == target_id)
        )
        return word_list is not None
    return True


def _finish_quietly(study: StudySession, now: datetime) -> None:
    """Over, without counting as a finished study session toward the day's goal screen."""
    study.status = "finished"
    study.finished_at = now
    study.version += 1


# ---- screens for the bot's deck browser ------------------------------------------------------

DECK_PAGE_SIZE: Final = 8


@dataclass(frozen=True)
class DeckFilter:
    """Which of the learner's words a deck page shows, and which page."""

    page: int = 1
    state: WordState | None = None
    level: CefrLevel | None = None
    list_id: int | None = None
    search_id: int | None = None  # the deck_text session holding a search's text


@dataclass(frozen=True)
class DeckBrowse:
    filter: DeckFilter
    words: Page[DeckWordView]
    lists: list[WordListView]
    query: str | None = None  # the text searched for ("Search my words"), if any

    @property
    def pages(self) -> int:
        return max(1, -(-self.words.total // self.words.page_size))

    def list_name(self, list_id: int | None) -> str | None:
        return next((wl.name for wl in self.lists if wl.id == list_id), None)


async def browse_deck(session: AsyncSession, user: User, chosen: DeckFilter) -> DeckBrowse:
    """One page of the deck under a filter; a list that is gone is dropped from the filter."""
    all_lists = await word_lists(session, user)
    if chosen.list_id is not None and chosen.list_id not in {wl.id for wl in all_lists}:
        chosen = replace(chosen, list_id=None)
    query = await _searched(session, user, chosen.search_id)
    if query is None:
        chosen = replace(chosen, search_id=None)
    found = await list_deck(
        session,
        user,
        query=query,
        state=chosen.state,
        level=chosen.level,
        list_id=chosen.list_id,
        page=chosen.page,
        page_size=DECK_PAGE_SIZE,
    )
    pages = max(1, -(-found.total // DECK_PAGE_SIZE))
    if chosen.page > pages:  # words left the filter (deleted, moved): show the last page
        return await browse_deck(session, user, replace(chosen, page=pages))
    return DeckBrowse(chosen, found, all_lists, query)


async def _searched(session: AsyncSession, user: User, search_id: int | None) -> str | None:
    """The text of the learner's own search session; None for none, another's or a gone one."""
    if search_id is None:
        return None
    payload = await session.scalar(
        select(StudySession.payload).where(
            mine(StudySession, user),
            StudySession.id == search_id,
            StudySession.kind == TEXT_KIND,
        )
    )
    query = payload.get("query") if isinstance(payload, dict) else None
    return query if isinstance(query, str) else None


@dataclass(frozen=True)
class WordScreen:
    word: DeckWordView
    lists: list[WordListView]


async def word_screen(session: AsyncSession, user: User, deck_word_id: int) -> WordScreen:
    return WordScreen(
        await read_deck_word(session, user, deck_word_id), await word_lists(session, user)
    )


async def lists_screen(session: AsyncSession, user: User) -> list[WordListView]:
    return await word_lists(session, user)


async def list_screen(session: AsyncSession, user: User, list_id: int) -> WordListView:
    await get_word_list(session, user, list_id)
    return await list_view(session, user, list_id)
