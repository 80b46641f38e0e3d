from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import CurrentUser, CurrentUserReleased, ResourcesDep, SessionDep
from api.errors import error_responses
from core.constrained import Position, RowId
from core.conversation import learner_scenes, lifecycle, views
from core.conversation.scenarios import list_scenarios
from core.conversation.schemas import (
    AiUsageReport,
    ConversationReport,
    ConversationView,
    LearnerTurnView,
    NewScene,
    PostMessage,
    ScenarioSummary,
    SceneChange,
    SceneView,
    StartConversation,
)
from core.conversation.usage import usage_report
from core.conversation.words import add_new_word as add_word
from core.vocabulary.adding import unknown_word
from core.vocabulary.schemas import DeckWordView
from core.vocabulary.suggesting import Checked

router = APIRouter(
    prefix="/conversations",
    tags=["conversations"],
    responses=error_responses(400, 401, 404, 409, 413, 422),
)


@router.get("/scenarios", response_model=list[ScenarioSummary])
async def scenarios(user: CurrentUser, session: SessionDep) -> list[ScenarioSummary]:
    """Scenes to practise: café, doctor, Bürgeramt, job interview…"""
    return await list_scenarios(session)


@router.get("/scenes", response_model=list[SceneView])
async def my_scenes(user: CurrentUser, session: SessionDep) -> list[SceneView]:
    """Your own scenes (private to you), oldest first. Play one with
    `POST /conversations {"scene_id": ...}`."""
    return await learner_scenes.list_scenes(session, user)


@router.post("/scenes", response_model=SceneView, status_code=status.HTTP_201_CREATED)
async def create_scene(body: NewScene, user: CurrentUser, session: SessionDep) -> SceneView:
    """Write a scene of your own: title, setting, the tutor's role, your goal, level and up
    to 12 key words. Claude plays it; the offline tutor chats around its key words."""
    return await learner_scenes.create_scene(session, user, body)


@router.get("/scenes/{scene_id}", response_model=SceneView)
async def read_scene(scene_id: RowId, user: CurrentUser, session: SessionDep) -> SceneView:
    return await learner_scenes.read_scene(session, user, scene_id)


@router.patch("/scenes/{scene_id}", response_model=SceneView)
async def change_scene(
    scene_id: RowId, body: SceneChange, user: CurrentUser, session: SessionDep
) -> SceneView:
    """Change some fields of your scene; conversations already played keep their turns."""
    return await learner_scenes.change_scene(session, user, scene_id, body)


@router.delete("/scenes/{scene_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_scene(scene_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    """Delete your scene; conversations that played it are kept."""
    await learner_scenes.delete_scene(session, user, scene_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/usage", response_model=AiUsageReport)
async def usage(user: CurrentUser, session: SessionDep, resources: ResourcesDep) -> AiUsageReport:
    """Tokens your conversations used (calls, input, output, cache), today and in all, and
    how many of today's AI turns are left before the offline tutor takes over."""
    return await usage_report(session, user, resources.settings.ai_turns_per_day)


@router.post("", response_model=ConversationView, status_code=status.HTTP_201_CREATED)
async def start(
    body: StartConversation, user: CurrentUser, session: SessionDep, resources: ResourcesDep
) -> ConversationView:
    """Start a scene (`scenario_slug`), one of your own scenes (`scene_id`) or free talk
    (neither); ends any open conversation.
    The tutor's opening line is the first turn."""
    return await lifecycle.start(
        session,
        user,
        scenario_slug=body.scenario_slug,
        scene_id=body.scene_id,
        offline=body.offline,
        ai_available=resources.settings.ai_mode == "claude",
    )


@router.get("", response_model=list[ConversationView])
async def history(
    user: CurrentUser, session: SessionDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[ConversationView]:
    """Your past conversations, newest first (turns omitted; fetch one to see them)."""
    return await views.history(session, user, limit)


@router.get("/{conversation_id}", response_model=ConversationView)
async def read(conversation_id: RowId, user: CurrentUser, session: SessionDep) -> ConversationView:
    return await views.conversation_detail(session, user, conversation_id)


@router.post(
    "/{conversation_id}/messages",
    response_model=LearnerTurnView,
    status_code=status.HTTP_202_ACCEPTED,
)
async def post_message(
    conversation_id: RowId, body: PostMessage, user: CurrentUser, session: SessionDep
) -> LearnerTurnView:
    """Store your message and return it at once (202, status "pending"). The reply is made
    in the background: fetch `GET /conversations/{id}/turns/{turn_id}?wait=20` — it waits up
    to `wait` seconds and returns the turn with `reply` filled in when it is ready. Messages
    sent while a reply is being made are answered in order."""
    return await lifecycle.post_message(session, user, conversation_id, body.text)


@router.get("/{conversation_id}/turns/{turn_id}", response_model=LearnerTurnView)
async def read_turn(
    conversation_id: RowId,
    turn_id: RowId,
    user: CurrentUserReleased,
    resources: ResourcesDep,
    wait: Annotated[int, Query(ge=0, le=30, description="Long-poll seconds")] = 0,
) -> LearnerTurnView:
    """Your message with its corrections and the tutor's `reply` once ready. With `wait`,
    the request is held until the reply exists, the message failed, or time runs out
    (holding no database connection meanwhile)."""
    return await views.wait_for_reply(resources.db, user, turn_id, conversation_id, wait)


@router.post(
    "/{conversation_id}/turns/{turn_id}/retry",
    response_model=LearnerTurnView,
    status_code=status.HTTP_202_ACCEPTED,
)
async def retry(
    conversation_id: RowId, turn_id: RowId, user: CurrentUser, session: SessionDep
) -> LearnerTurnView:
    """Ask again for a reply to a message whose reply failed; the message itself was kept."""
    return await lifecycle.retry_turn(session, user, turn_id, conversation_id)


@router.post(
    "/{conversation_id}/turns/{turn_id}/words/{index}",
    response_model=DeckWordView,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": DeckWordView, "description": "The word was in your deck already."}},
)
async def add_new_word(
    conversation_id: RowId,
    turn_id: RowId,
    index: Position,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    force: Annotated[
        bool, Query(description="Add it even if it looks like a typo of a known word.")
    ] = False,
) -> DeckWordView:
    """Add one of the tutor's new words (by its index in `new_words`) to your deck. A word
    that looks like a typo of a known word (the tutor misspelled it) is not added: 422
    `unknown_word` with `suggestions`; add one of those, or this word with `force=true`."""
    added = await add_word(
        session, user, turn_id, index, conversation_id=conversation_id, force=force
    )
    if isinstance(added, Checked):
        raise unknown_word(added)
    response.status_code = status.HTTP_201_CREATED if added.created else status.HTTP_200_OK
    return added.word


@router.post("/{conversation_id}/end", response_model=ConversationReport)
async def end(conversation_id: RowId, user: CurrentUser, session: SessionDep) -> ConversationReport:
    """End the conversation: mistakes by category, new words, encouragement, XP earned."""
    return await lifecycle.end(session, user, conversation_id)
