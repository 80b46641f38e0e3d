from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import StringConstraints

from api.deps import CurrentUser, SessionDep
from api.errors import error_responses
from core.constrained import RowId, Slug, Storable
from core.german import CefrLevel
from core.vocabulary import adding, catalogue, deck, lists, manage, starter
from core.vocabulary.overview import deck_overview
from core.vocabulary.schemas import (
    AddWord,
    CatalogueWord,
    DeckOverview,
    DeckWordAdded,
    DeckWordUpdate,
    DeckWordView,
    ListWords,
    MoveToList,
    Page,
    StarterPack,
    StarterPackAdded,
    WordListCreate,
    WordListView,
    WordState,
)

router = APIRouter(
    prefix="/vocabulary",
    tags=["vocabulary"],
    responses=error_responses(400, 401, 404, 409, 413, 422),
)
PageNumber = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]
SearchText = Annotated[str, StringConstraints(max_length=80), Storable]
Label = Annotated[str, StringConstraints(max_length=40), Storable]


@router.get("/catalogue", response_model=Page[CatalogueWord])
async def search_catalogue(
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[SearchText | None, Query(description="German or English")] = None,
    level: Annotated[CefrLevel | None, Query()] = None,
    topic: Label | None = None,
    pos: Annotated[str, StringConstraints(max_length=16), Storable] | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> Page[CatalogueWord]:
    """Search the catalogue; umlaut-insensitive ("schon" finds "schön", "strasse" "Straße")."""
    return await catalogue.search_catalogue(
        session, user, query=q, level=level, topic=topic, pos=pos, page=page, page_size=page_size
    )


@router.get("/catalogue/{slug}", response_model=CatalogueWord)
async def read_catalogue_word(slug: Slug, user: CurrentUser, session: SessionDep) -> CatalogueWord:
    return await catalogue.catalogue_word_view(session, user, slug)


@router.get("/deck", response_model=Page[DeckWordView])
async def list_deck(
    user: CurrentUser,
    session: SessionDep,
    q: SearchText | None = None,
    tag: Label | None = None,
    list_id: RowId | None = None,
    suspended: bool | None = None,
    state: WordState | None = None,
    level: CefrLevel | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> Page[DeckWordView]:
    """Your words, newest first; filter by text, tag, list, state or (catalogue) level."""
    return await deck.list_deck(
        session,
        user,
        query=q,
        tag=tag,
        list_id=list_id,
        suspended=suspended,
        state=state,
        level=level,
        page=page,
        page_size=page_size,
    )


@router.get("/deck/overview", response_model=DeckOverview)
async def read_overview(user: CurrentUser, session: SessionDep) -> DeckOverview:
    """Counts for a dashboard: words, due now, new today, learning, leeches, lists."""
    return await deck_overview(session, user)


@router.post(
    "/deck",
    response_model=DeckWordAdded,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": DeckWordAdded, "description": "The word was in your deck already."}},
)
async def add_word(
    body: AddWord, user: CurrentUser, session: SessionDep, response: Response
) -> DeckWordAdded:
    """Add a catalogue word (`slug` or `vocabulary_id`) or a German word as typed (`text`).

    A typed word outside the catalogue gets gender and plural at once; translation and
    example arrive later from the tutor (`enrichment` goes from "pending" to "done")."""
    added = await adding.add_word(session, user, body)
    if not added.created:
        response.status_code = status.HTTP_200_OK
    return added


@router.post("/deck/from-scenario/{scenario_slug}", response_model=list[DeckWordAdded])
async def add_scenario_words(
    scenario_slug: Slug, user: CurrentUser, session: SessionDep
) -> list[DeckWordAdded]:
    """Add every key word of a conversation scenario."""
    return await adding.add_scenario_words(session, user, scenario_slug)


@router.get("/deck/{deck_word_id}", response_model=DeckWordView)
async def read_deck_word(
    deck_word_id: RowId, user: CurrentUser, session: SessionDep
) -> DeckWordView:
    return await deck.read_deck_word(session, user, deck_word_id)


@router.patch("/deck/{deck_word_id}", response_model=DeckWordView)
async def update_deck_word(
    deck_word_id: RowId, changes: DeckWordUpdate, user: CurrentUser, session: SessionDep
) -> DeckWordView:
    """Tag, suspend/unsuspend (also releases leeches), or fix a typed word's translation."""
    return await deck.update_deck_word(session, user, deck_word_id, changes)


@router.delete("/deck/{deck_word_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_deck_word(deck_word_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    """Remove the word, its cards and their review history. For a week,
    `POST /deck/{deck_word_id}/restore` puts all of it back."""
    await manage.delete_word_keeping_undo(session, user, deck_word_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/deck/{deck_word_id}/restore", response_model=DeckWordView)
async def restore_deck_word(
    deck_word_id: RowId, user: CurrentUser, session: SessionDep
) -> DeckWordView:
    """Undo a delete: the word comes back with its cards, their scheduling and review log, and
    its lists. 404 when no deleted word has this id; 409 when you added it again since."""
    return await manage.restore_deleted_word(session, user, deck_word_id)


@router.put("/deck/{deck_word_id}/list", response_model=DeckWordView)
async def move_deck_word(
    deck_word_id: RowId, body: MoveToList, user: CurrentUser, session: SessionDep
) -> DeckWordView:
    """Move the word into one list (out of its others); `list_id` null takes it out of all."""
    return await manage.move_to_list(session, user, deck_word_id, body.list_id)


@router.get("/lists", response_model=list[WordListView])
async def read_lists(user: CurrentUser, session: SessionDep) -> list[WordListView]:
    return await lists.word_lists(session, user)


@router.post("/lists", response_model=WordListView, status_code=status.HTTP_201_CREATED)
async def create_list(body: WordListCreate, user: CurrentUser, session: SessionDep) -> WordListView:
    return await lists.create_word_list(session, user, body.name)


@router.patch("/lists/{list_id}", response_model=WordListView)
async def rename_list(
    list_id: RowId, body: WordListCreate, user: CurrentUser, session: SessionDep
) -> WordListView:
    return await lists.rename_word_list(session, user, list_id, body.name)


@router.delete("/lists/{list_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_list(list_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    """Delete the list; its words stay in the deck."""
    await lists.delete_word_list(session, user, list_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/lists/{list_id}/words", response_model=WordListView)
async def add_list_words(
    list_id: RowId, body: ListWords, user: CurrentUser, session: SessionDep
) -> WordListView:
    return await lists.add_to_list(session, user, list_id, body.deck_word_ids)


@router.delete("/lists/{list_id}/words/{deck_word_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_list_word(
    list_id: RowId, deck_word_id: RowId, user: CurrentUser, session: SessionDep
) -> Response:
    await lists.remove_from_list(session, user, list_id, deck_word_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


PackTopic = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z]+(-[a-z]+)*$",
        max_length=32,
        description="A catalogue topic, e.g. 'food', 'travel', 'work' (see GET /starter-packs).",
    ),
]


@router.get("/starter-packs", response_model=list[StarterPack])
async def list_starter_packs(
    user: CurrentUser,
    session: SessionDep,
    level: CefrLevel | None = None,
    topic: PackTopic = None,
) -> list[StarterPack]:
    """Ready-made packs from the catalogue, most frequent words first: one per level
    (`topic` null) and one per topic of a level with enough words ("Starter A1 · food"),
    each with how many of its words are in your deck already. Filter by `level`, `topic`."""
    return await starter.starter_packs(session, user, level=level, topic=topic)


@router.post("/starter-packs/{level}", response_model=StarterPackAdded)
async def add_starter_pack(
    level: CefrLevel, user: CurrentUser, session: SessionDep, topic: PackTopic = None
) -> StarterPackAdded:
    """Put a pack into your deck (with its cards) and into its list: the level's own pack
    ("Starter <level>"), or with `topic` that topic's pack ("Starter <level> · <topic>"; 404
    when the level has no pack for it). Adding it again adds nothing twice: `added` counts
    only the words new to your deck."""
    return await starter.add_starter_pack(session, user, level, topic)
