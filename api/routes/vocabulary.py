from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from api.deps import CurrentUser, SessionDep
from core.errors import Invalid
from core.german import CefrLevel
from core.vocabulary import service
from core.vocabulary.overview import deck_overview
from core.vocabulary.schemas import (
    AddWord,
    CatalogueWord,
    DeckOverview,
    DeckWordUpdate,
    DeckWordView,
    Page,
    WordListCreate,
    WordListView,
)

router = APIRouter(prefix="/vocabulary", tags=["vocabulary"])
PageNumber = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]


class DeckWordAdded(BaseModel):
    word: DeckWordView
    created: bool = Field(description="False when the word was already in the deck.")


class ListWords(BaseModel):
    deck_word_ids: list[int] = Field(min_length=1, max_length=500)


@router.get("/catalogue", response_model=Page[CatalogueWord])
async def search_catalogue(
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=80, description="German or English")] = None,
    level: Annotated[CefrLevel | None, Query()] = None,
    topic: Annotated[str | None, Query(max_length=40)] = None,
    pos: Annotated[str | None, Query(max_length=16)] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> Page[CatalogueWord]:
    """Search the catalogue; umlaut-insensitive ("schon" finds "schön", "strasse" "Straße")."""
    return await service.search_catalogue(
        session, user, query=q, level=level, topic=topic, pos=pos, page=page, page_size=page_size
    )


@router.get("/catalogue/{slug}", response_model=CatalogueWord)
async def read_catalogue_word(slug: str, user: CurrentUser, session: SessionDep) -> CatalogueWord:
    return await service.catalogue_word_view(session, user, slug)


@router.get("/deck", response_model=Page[DeckWordView])
async def list_deck(
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=80)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    list_id: int | None = None,
    suspended: bool | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> Page[DeckWordView]:
    return await service.list_deck(
        session,
        user,
        query=q,
        tag=tag,
        list_id=list_id,
        suspended=suspended,
        page=page,
        page_size=page_size,
    )


@router.get("/deck/overview", response_model=DeckOverview)
async def read_overview(user: CurrentUser, session: SessionDep) -> DeckOverview:
    """Counts for a dashboard: words, due now, new today, learning, leeches, lists."""
    return await deck_overview(session, user)


@router.post("/deck", response_model=DeckWordAdded, status_code=status.HTTP_201_CREATED)
async def add_word(
    body: AddWord, user: CurrentUser, session: SessionDep, response: Response
) -> DeckWordAdded:
    """Add a catalogue word (`slug` or `vocabulary_id`) or a German word as typed (`text`).

    A typed word outside the catalogue gets gender and plural at once; translation and
    example arrive later from the tutor (`enrichment` goes from "pending" to "done")."""
    given = [v for v in (body.slug, body.vocabulary_id, body.text) if v is not None]
    if len(given) != 1:
        raise Invalid("Give exactly one of slug, vocabulary_id or text.")
    if body.text is not None:
        word, created = await service.add_typed_word(session, user, body.text, tags=body.tags)
    else:
        item = await service.get_catalogue_word(session, body.slug or body.vocabulary_id or 0)
        word, created = await service.add_catalogue_word(session, user, item, tags=body.tags)
    if not created:
        response.status_code = status.HTTP_200_OK
    [view] = await service.deck_word_views(session, user, [word])
    return DeckWordAdded(word=view, created=created)


@router.post("/deck/from-scenario/{scenario_slug}", response_model=list[DeckWordAdded])
async def add_scenario_words(
    scenario_slug: str, user: CurrentUser, session: SessionDep
) -> list[DeckWordAdded]:
    """Add every key word of a conversation scenario."""
    added = await service.add_scenario_words(session, user, scenario_slug)
    views = await service.deck_word_views(session, user, [word for word, _ in added])
    return [DeckWordAdded(word=v, created=c) for v, (_, c) in zip(views, added, strict=True)]


@router.get("/deck/{deck_word_id}", response_model=DeckWordView)
async def read_deck_word(deck_word_id: int, user: CurrentUser, session: SessionDep) -> DeckWordView:
    word = await service.get_deck_word(session, user, deck_word_id)
    [view] = await service.deck_word_views(session, user, [word])
    return view


@router.patch("/deck/{deck_word_id}", response_model=DeckWordView)
async def update_deck_word(
    deck_word_id: int, changes: DeckWordUpdate, user: CurrentUser, session: SessionDep
) -> DeckWordView:
    """Tag, suspend/unsuspend (also releases leeches), or fix a typed word's translation."""
    word = await service.update_deck_word(session, user, deck_word_id, changes)
    [view] = await service.deck_word_views(session, user, [word])
    return view


@router.delete("/deck/{deck_word_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_deck_word(deck_word_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Remove the word, its cards and their review history."""
    await service.delete_deck_word(session, user, deck_word_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/lists", response_model=list[WordListView])
async def read_lists(user: CurrentUser, session: SessionDep) -> list[WordListView]:
    return await service.word_lists(session, user)


@router.post("/lists", response_model=WordListView, status_code=status.HTTP_201_CREATED)
async def create_list(body: WordListCreate, user: CurrentUser, session: SessionDep) -> WordListView:
    word_list = await service.create_word_list(session, user, body.name)
    return WordListView(
        id=word_list.id, name=word_list.name, word_count=0, created_at=word_list.created_at
    )


@router.patch("/lists/{list_id}", response_model=WordListView)
async def rename_list(
    list_id: int, body: WordListCreate, user: CurrentUser, session: SessionDep
) -> WordListView:
    await service.rename_word_list(session, user, list_id, body.name)
    return next(v for v in await service.word_lists(session, user) if v.id == list_id)


@router.delete("/lists/{list_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_list(list_id: int, user: CurrentUser, session: SessionDep) -> Response:
    """Delete the list; its words stay in the deck."""
    await service.delete_word_list(session, user, list_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/lists/{list_id}/words", response_model=WordListView)
async def add_list_words(
    list_id: int, body: ListWords, user: CurrentUser, session: SessionDep
) -> WordListView:
    await service.add_to_list(session, user, list_id, body.deck_word_ids)
    return next(v for v in await service.word_lists(session, user) if v.id == list_id)


@router.delete("/lists/{list_id}/words/{deck_word_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_list_word(
    list_id: int, deck_word_id: int, user: CurrentUser, session: SessionDep
) -> Response:
    await service.remove_from_list(session, user, list_id, deck_word_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
