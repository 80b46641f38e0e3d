"""Scenes a learner writes for themselves: private (another learner's id is not found),
played like a shared scenario. Claude gets their texts as delimited data
(core.tutor.claude); the offline tutor chats around their key words."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.conversation.schemas import NewScene, SceneChange, SceneView
from core.errors import Conflict
from core.german import SINGULAR_GENDERS, article_of
from core.german_text import fold
from core.models import LearnerScene, User, VocabularyItem
from core.ownership import get_owned, mine, owned
from core.tutor.base import KeyWord, LearnerSceneBrief

MAX_SCENES = 50
MISSING = "No such scene of yours."
SCENE_GREETING = "Los geht's! Hallo, was kann ich für dich tun?"
"""The tutor's first words in a learner's scene; the AI sees only these of the opening line
(the rest is the learner's text, which reaches it only inside the scene's data block)."""


def scene_view(scene: LearnerScene) -> SceneView:
    return SceneView.model_validate(
        {
            "id": scene.id,
            "title": scene.title,
            "setting": scene.setting,
            "tutor_role": scene.tutor_role,
            "learner_goal": scene.learner_goal,
            "level": scene.level,
            "key_words": list(scene.key_words),
            "created_at": scene.created_at,
            "updated_at": scene.updated_at,
        }
    )


async def own_scene(
    session: AsyncSession, user: User, scene_id: int, *, lock: bool = False
) -> LearnerScene:
    return await get_owned(session, LearnerScene, scene_id, user, missing=MISSING, lock=lock)


async def list_scenes(session: AsyncSession, user: User) -> list[SceneView]:
    scenes = await session.scalars(
        owned(LearnerScene, user).order_by(LearnerScene.created_at, LearnerScene.id)
    )
    return [scene_view(s) for s in scenes]


async def read_scene(session: AsyncSession, user: User, scene_id: int) -> SceneView:
    return scene_view(await own_scene(session, user, scene_id))


async def create_scene(session: AsyncSession, user: User, new: NewScene) -> SceneView:
    count = await session.scalar(select(func.count()).where(mine(LearnerScene, user)))
    if int(count or 0) >= MAX_SCENES:
        raise Conflict(f"You have {MAX_SCENES} scenes already; delete one to make room.")
    scene = LearnerScene(user_id=user.id, **new.model_dump())
    session.add(scene)
    await session.flush()
    await session.refresh(scene)
    return scene_view(scene)


async def change_scene(
    session: AsyncSession, user: User, scene_id: int, change: SceneChange
) -> SceneView:
    scene = await own_scene(session, user, scene_id, lock=True)
    for name, value in change.model_dump(exclude_unset=True).items():
        if value is None:
            continue  # an explicit null changes nothing: every field is required
        setattr(scene, name, value)
    await session.flush()
    await session.refresh(scene)
    return scene_view(scene)


async def delete_scene(session: AsyncSession, user: User, scene_id: int) -> SceneView:
    """Delete the scene; conversations that played it are kept (as free talk)."""
    scene = await own_scene(session, user, scene_id, lock=True)
    view = scene_view(scene)
    await session.delete(scene)
    await session.flush()
    return view


async def learner_scene_brief(session: AsyncSession, scene: LearnerScene) -> LearnerSceneBrief:
    """The scene for the tutor, its key words with article and translation where the
    catalogue knows the word."""
    folded = {fold(word): word for word in scene.key_words}
    known: dict[str, VocabularyItem] = {}
    if folded:
        items = await session.scalars(
            select(VocabularyItem).where(
                func.lower(VocabularyItem.lemma).in_([w.casefold() for w in scene.key_words])
            )
        )
        for item in items:
            known.setdefault(fold(item.lemma), item)
    key_words = []
    for key, word in folded.items():
        found = known.get(key)
        if found is None:
            key_words.append(KeyWord(word, None, ""))
        else:
            article = article_of(found.gender) if found.gender in SINGULAR_GENDERS else None
            translation = found.translations[0] if found.translations else ""
            key_words.append(KeyWord(found.lemma, article, translation))
    return LearnerSceneBrief(
        title=scene.title,
        setting=scene.setting,
        tutor_role=scene.tutor_role,
        learner_goal=scene.learner_goal,
        key_words=tuple(key_words),
    )


def opening_line(scene: LearnerScene) -> str:
    """The tutor's first turn: the scene as the learner wrote it, then a German greeting."""
    return (
        f"🎭 {scene.title}\n{scene.setting}\n"
        f"I play: {scene.tutor_role}. Your goal: {scene.learner_goal}\n\n"
        f"{SCENE_GREETING}"
    )


async def delete_scene_and_list(
    session: AsyncSession, user: User, scene_id: int
) -> tuple[SceneView, list[SceneView]]:
    """Delete the scene and give the learner's remaining ones (the bot shows them next)."""
    deleted = await delete_scene(session, user, scene_id)
    return deleted, await list_scenes(session, user)
