"""A learner's named word lists: create, rename, delete, and put deck words in and out."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import Conflict, NotFound
from core.models import DeckWord, User, WordList, WordListItem
from core.ownership import get_owned, mine
from core.vocabulary.schemas import WordListView


async def _list_views(
    session: AsyncSession, user: User, *conditions: ColumnElement[bool]
) -> list[WordListView]:
    rows = await session.execute(
        select(WordList, func.count(WordListItem.deck_word_id))
        .outerjoin(WordListItem, WordListItem.list_id == WordList.id)
        .where(mine(WordList, user), *conditions)
        .group_by(WordList.id)
        .order_by(WordList.name)
    )
    return [
        WordListView(id=wl.id, name=wl.name, word_count=count, created_at=wl.created_at)
        for wl, count in rows.all()
    ]


async def word_lists(session: AsyncSession, user: User) -> list[WordListView]:
    return await _list_views(session, user)


async def list_view(session: AsyncSession, user: User, list_id: int) -> WordListView:
    [view] = await _list_views(session, user, WordList.id == list_id)
    return view


async def get_word_list(session: AsyncSession, user: User, list_id: int) -> WordList:
    return await get_owned(session, WordList, list_id, user, missing="No such list.")


async def _refuse_taken_name(session: AsyncSession, user: User, name: str) -> None:
    taken = await session.scalar(
        select(WordList.id).where(mine(WordList, user), WordList.name == name)
    )
    if taken is not None:
        raise Conflict(f"You already have a list called “{name}”.")


async def create_word_list(session: AsyncSession, user: User, name: str) -> WordListView:
    await _refuse_taken_name(session, user, name)
    word_list = WordList(user_id=user.id, name=name)
    session.add(word_list)
    await session.flush()
    return WordListView(
        id=word_list.id, name=word_list.name, word_count=0, created_at=word_list.created_at
    )


async def rename_word_list(
    session: AsyncSession, user: User, list_id: int, name: str
) -> WordListView:
    word_list = await get_word_list(session, user, list_id)
    if name != word_list.name:
        await _refuse_taken_name(session, user, name)
        word_list.name = name
    await session.flush()
    return await list_view(session, user, list_id)


async def delete_word_list(session: AsyncSession, user: User, list_id: int) -> None:
    await session.delete(await get_word_list(session, user, list_id))
    await session.flush()


async def add_to_list(
    session: AsyncSession, user: User, list_id: int, deck_word_ids: Sequence[int]
) -> WordListView:
    await get_word_list(session, user, list_id)
    owned = set(
        (
            await session.scalars(
                select(DeckWord.id).where(
                    mine(DeckWord, user), DeckWord.id.in_(list(deck_word_ids))
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
    return await list_view(session, user, list_id)


async def remove_from_list(
    session: AsyncSession, user: User, list_id: int, deck_word_id: int
) -> None:
    await get_word_list(session, user, list_id)
    await session.execute(
        delete(WordListItem).where(
            WordListItem.list_id == list_id, WordListItem.deck_word_id == deck_word_id
        )
    )
