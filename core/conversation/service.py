"""Conversations: the learner's message is stored first; a job produces the reply; the end
gives a report. Replies are produced strictly in message order, one at a time."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local_day_start, local_today, utcnow
from core.conversation.schemas import (
    AiUsageReport,
    ConversationReport,
    ConversationView,
    LearnerTurnView,
    ScenarioSummary,
    TurnView,
    UsageTotals,
)
from core.errors import Conflict, Invalid, NotFound
from core.german import SINGULAR_GENDERS, article_of
from core.models import (
    AiUsage,
    Conversation,
    ConversationTurn,
    DeckWord,
    LearnerError,
    Scenario,
    User,
    VocabularyItem,
    XpEntry,
)
from core.outbox import request_job
from core.tutor.base import (
    KeyWord,
    ScenarioBrief,
    ScriptedStep,
    TurnContext,
    TurnOutcome,
    UsageRecord,
)
from core.tutor.offline import free_talk_opening
from core.tutor.schemas import Correction, NewWord
from core.vocabulary.adding import add_typed_word
from core.vocabulary.meanings import set_translation

XP_PER_MESSAGE = 5
XP_FOR_FINISHING = 20
SUMMARY_EVERY = 6
STALE_CLAIM = timedelta(minutes=3)
REPLY_JOB = "reply_to_conversation"
Role = Literal["learner", "tutor"]
OFFLINE_NOTE = (
    "🤖 Offline tutor: I follow the scene's script and check grammar with rules. "
    "Connect Claude for free conversation."
)


def scenario_summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        category=scenario.category,
        level_min=scenario.level_min,
        level_max=scenario.level_max,
        learner_goal=scenario.learner_goal,
    )


async def list_scenarios(session: AsyncSession) -> list[ScenarioSummary]:
    scenarios = await session.scalars(
        select(Scenario)
        .where(Scenario.retired_at.is_(None))
        .order_by(Scenario.level_min, Scenario.category, Scenario.title)
    )
    return [scenario_summary(s) for s in scenarios]


async def scenario_brief(session: AsyncSession, scenario: Scenario) -> ScenarioBrief:
    items = (
        await session.scalars(
            select(VocabularyItem).where(VocabularyItem.slug.in_(scenario.key_vocabulary))
        )
    ).all()
    return ScenarioBrief(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        tutor_role=scenario.tutor_role,
        learner_goal=scenario.learner_goal,
        opening_line=scenario.opening_line,
        closing_line=scenario.closing_line,
        steps=tuple(
            ScriptedStep(t["tutor"], t["hint_en"], t["example_answer"], tuple(t["keywords"]))
            for t in scenario.turns
        ),
        key_words=tuple(
            KeyWord(
                i.lemma,
                article_of(i.gender) if i.gender in SINGULAR_GENDERS else None,
                i.translations[0],
            )
            for i in items
        ),
    )


def _turn_view(turn: ConversationTurn) -> TurnView:
    return TurnView(
        id=turn.id,
        role=turn.role,
        text=turn.text,
        status=turn.status,
        reply_to_id=turn.reply_to_id,
        corrections=[Correction.model_validate(c) for c in turn.corrections],
        new_words=[NewWord.model_validate(w) for w in turn.new_words],
        level_estimate=turn.level_estimate,
        tutor=turn.tutor,
        error=turn.error,
        created_at=turn.created_at,
    )


async def _next_position(session: AsyncSession, conversation_id: int) -> int:
    current = await session.scalar(
        select(func.max(ConversationTurn.position)).where(
            ConversationTurn.conversation_id == conversation_id
        )
    )
    return int(current or 0) + 1


async def get_conversation(
    session: AsyncSession, user: User, conversation_id: int, *, lock: bool = False
) -> Conversation:
    statement = select(Conversation).where(
        Conversation.id == conversation_id, Conversation.user_id == user.id
    )
    if lock:
        statement = statement.with_for_update()
    conversation = await session.scalar(statement)
    if conversation is None:
        raise NotFound("No such conversation.")
    return conversation


async def active_conversation(session: AsyncSession, user: User) -> Conversation | None:
    return await session.scalar(
        select(Conversation)
        .where(Conversation.user_id == user.id, Conversation.status == "active")
        .order_by(Conversation.id.desc())
        .limit(1)
    )


async def start(
    session: AsyncSession,
    user: User,
    *,
    scenario_slug: str | None = None,
    offline: bool = False,
    ai_available: bool = True,
    chat_id: int | None = None,
) -> tuple[Conversation, ConversationTurn]:
    """Begin a scene (or free talk); any conversation still open is ended first."""
    scenario = None
    if scenario_slug is not None:
        scenario = await session.scalar(
            select(Scenario).where(Scenario.slug == scenario_slug, Scenario.retired_at.is_(None))
        )
        if scenario is None:
            raise NotFound("No such scenario.")
    now = utcnow()
    await session.execute(
        update(Conversation)
        .where(Conversation.user_id == user.id, Conversation.status == "active")
        .values(status="ended", ended_at=now)
    )
    conversation = Conversation(
        user_id=user.id,
        scenario_id=scenario.id if scenario else None,
        level=user.cefr_level,
        mode="offline" if offline else "auto",
        chat_id=chat_id,
        script_step=0,
    )
    session.add(conversation)
    await session.flush()
    if scenario is not None:
        first = scenario.turns[0]["tutor"] if scenario.turns else ""
        opening = f"{scenario.opening_line}\n{first}".strip()
    else:
        opening = free_talk_opening(user.cefr_level)
        conversation.script_step = 1
    if offline or not ai_available:
        opening = f"{opening}\n\n{OFFLINE_NOTE}"
    turn = ConversationTurn(
        conversation_id=conversation.id,
        user_id=user.id,
        position=1,
        role="tutor",
        text=opening,
        status="done",
        tutor="offline" if offline or not ai_available else "claude",
    )
    session.add(turn)
    await session.flush()
    return conversation, turn


async def post_message(
    session: AsyncSession, user: User, conversation_id: int, text: str
) -> ConversationTurn:
    """Store the learner's message (before any AI call) and ask for a reply job."""
    text = text.strip()
    if not text:
        raise Invalid("Write something in German first.")
    if len(text) > 1000:
        raise Invalid("That message is too long; keep it under 1,000 characters.")
    conversation = await get_conversation(session, user, conversation_id, lock=True)
    if conversation.status != "active":
        raise Conflict("This conversation has ended; start a new one.")
    turn = ConversationTurn(
        conversation_id=conversation.id,
        user_id=user.id,
        position=await _next_position(session, conversation.id),
        role="learner",
        text=text,
        status="pending",
    )
    session.add(turn)
    await session.flush()
    request_job(session, REPLY_JOB, job_id=f"reply:{turn.id}", conversation_id=conversation.id)
    return turn


async def retry_turn(session: AsyncSession, user: User, turn_id: int) -> ConversationTurn:
    turn = await session.scalar(
        select(ConversationTurn)
        .where(ConversationTurn.id == turn_id, ConversationTurn.user_id == user.id)
        .with_for_update()
    )
    if turn is None or turn.role != "learner":
        raise NotFound("No such message of yours.")
    if turn.status != "failed":
        raise Conflict("That message is not waiting for a retry.")
    turn.status = "pending"
    turn.error = None
    request_job(
        session,
        REPLY_JOB,
        job_id=f"reply:{turn.id}:retry:{int(utcnow().timestamp())}",
        conversation_id=turn.conversation_id,
    )
    await session.flush()
    return turn


def _ordered(turns: list[ConversationTurn]) -> list[ConversationTurn]:
    """Conversation order: each tutor reply right after the learner message it answers."""
    by_id = {t.id: t for t in turns}

    def key(turn: ConversationTurn) -> tuple[int, int]:
        if turn.reply_to_id is not None and turn.reply_to_id in by_id:
            return by_id[turn.reply_to_id].position, 1
        return turn.position, 0

    return sorted(turns, key=key)


async def _history(
    session: AsyncSession, conversation: Conversation, before: ConversationTurn
) -> tuple[tuple[Role, str], ...]:
    turns = (
        await session.scalars(
            select(ConversationTurn)
            .where(ConversationTurn.conversation_id == conversation.id)
            .order_by(ConversationTurn.position.desc())
            .limit(40)
        )
    ).all()
    ordered = _ordered(list(turns))
    cut = ordered.index(before)
    return tuple(
        ("learner" if t.role == "learner" else "tutor", t.text)
        for t in ordered[:cut]
        if t.role == "tutor" or t.status == "answered"
    )


async def claim_next_turn(
    session: AsyncSession, conversation_id: int, now: datetime | None = None
) -> tuple[Conversation, ConversationTurn, TurnContext] | None:
    """The earliest unanswered learner message, claimed for this worker; None when there is
    nothing to do or another worker is answering this conversation right now."""
    now = now or utcnow()
    conversation = await session.get(Conversation, conversation_id, with_for_update=True)
    if conversation is None:
        return None
    waiting = (
        await session.scalars(
            select(ConversationTurn)
            .where(
                ConversationTurn.conversation_id == conversation_id,
                ConversationTurn.role == "learner",
                ConversationTurn.status.in_(("pending", "processing")),
            )
            .order_by(ConversationTurn.position)
        )
    ).all()
    if not waiting:
        return None
    turn = waiting[0]
    if turn.status == "processing" and turn.claimed_at and now - turn.claimed_at < STALE_CLAIM:
        return None
    turn.status = "processing"
    turn.claimed_at = now
    scenario = (
        await session.get(Scenario, conversation.scenario_id) if conversation.scenario_id else None
    )
    learner_turns = await session.scalar(
        select(func.count()).where(
            ConversationTurn.conversation_id == conversation_id,
            ConversationTurn.role == "learner",
            ConversationTurn.status == "answered",
        )
    )
    context = TurnContext(
        level=conversation.level,
        scenario=await scenario_brief(session, scenario) if scenario else None,
        summary=conversation.summary,
        history=await _history(session, conversation, turn),
        message=turn.text,
        script_step=conversation.script_step,
        refresh_summary=bool(learner_turns) and (int(learner_turns or 0) + 1) % SUMMARY_EVERY == 0,
    )
    await session.flush()
    return conversation, turn, context


async def release_turn(session: AsyncSession, turn_id: int) -> None:
    """Give a claimed message back (the AI was busy): the retried job claims it again."""
    await session.execute(
        update(ConversationTurn)
        .where(ConversationTurn.id == turn_id, ConversationTurn.status == "processing")
        .values(status="pending", claimed_at=None)
    )


async def record_usage(
    session: AsyncSession,
    user_id: int,
    turn_id: int | None,
    usage: list[UsageRecord],
    purpose: str = "turn",
) -> None:
    for record in usage:
        session.add(
            AiUsage(
                user_id=user_id,
                turn_id=turn_id,
                purpose=purpose,
                model=record.model,
                status=record.status,
                input_tokens=record.input_tokens,
                output_tokens=record.output_tokens,
                cache_read_tokens=record.cache_read_tokens,
                cache_write_tokens=record.cache_write_tokens,
            )
        )
    await session.flush()


async def record_reply(
    session: AsyncSession, learner_turn_id: int, outcome: TurnOutcome
) -> ConversationTurn | None:
    """Store the tutor's answer, the learner's errors and XP. Idempotent per message."""
    turn = await session.get(ConversationTurn, learner_turn_id, with_for_update=True)
    if turn is None or turn.status == "answered":
        return None
    conversation = await session.get(Conversation, turn.conversation_id, with_for_update=True)
    assert conversation is not None
    reply = outcome.reply
    tutor_turn = ConversationTurn(
        conversation_id=turn.conversation_id,
        user_id=turn.user_id,
        position=await _next_position(session, turn.conversation_id),
        role="tutor",
        text=reply.reply,
        status="done",
        reply_to_id=turn.id,
        new_words=[w.model_dump() for w in reply.new_words],
        tutor=outcome.tutor,
    )
    session.add(tutor_turn)
    turn.status = "answered"
    turn.corrections = [c.model_dump() for c in reply.corrections]
    turn.level_estimate = reply.level_estimate
    turn.tutor = outcome.tutor
    turn.error = None
    conversation.script_step = outcome.script_step
    if outcome.summary:
        conversation.summary = outcome.summary
        conversation.summary_turns += 1
    for correction in reply.corrections:
        session.add(
            LearnerError(
                user_id=turn.user_id,
                turn_id=turn.id,
                category=correction.category,
                topic_slug=correction.topic_slug,
                original=correction.original,
                corrected=correction.corrected,
                explanation=correction.explanation,
            )
        )
    await session.execute(
        insert(XpEntry)
        .values(
            user_id=turn.user_id,
            amount=XP_PER_MESSAGE,
            reason="conversation_message",
            source_id=turn.id,
        )
        .on_conflict_do_nothing()
    )
    await session.flush()
    await record_usage(session, turn.user_id, turn.id, outcome.usage)
    return tutor_turn


async def mark_failed(session: AsyncSession, turn_id: int, error: str) -> ConversationTurn | None:
    turn = await session.get(ConversationTurn, turn_id, with_for_update=True)
    if turn is None or turn.status == "answered":
        return None
    turn.status = "failed"
    turn.error = error[:300]
    await session.flush()
    return turn


async def ai_turns_today(session: AsyncSession, user: User, now: datetime | None = None) -> int:
    start = local_day_start(user.time_zone, local_today(user.time_zone, now))
    count = await session.scalar(
        select(func.count()).where(
            ConversationTurn.user_id == user.id,
            ConversationTurn.role == "tutor",
            ConversationTurn.tutor == "claude",
            ConversationTurn.reply_to_id.is_not(None),
            ConversationTurn.created_at >= start,
        )
    )
    return int(count or 0)


async def turns(session: AsyncSession, conversation: Conversation) -> list[ConversationTurn]:
    rows = await session.scalars(
        select(ConversationTurn).where(ConversationTurn.conversation_id == conversation.id)
    )
    return _ordered(list(rows))


async def learner_turn_view(
    session: AsyncSession, user: User, turn_id: int, conversation_id: int | None = None
) -> LearnerTurnView:
    turn = await session.scalar(
        select(ConversationTurn).where(
            ConversationTurn.id == turn_id, ConversationTurn.user_id == user.id
        )
    )
    if (
        turn is None
        or turn.role != "learner"
        or conversation_id not in (None, turn.conversation_id)
    ):
        raise NotFound("No such message of yours.")
    reply = await session.scalar(
        select(ConversationTurn).where(ConversationTurn.reply_to_id == turn.id)
    )
    return LearnerTurnView(
        **_turn_view(turn).model_dump(), reply=_turn_view(reply) if reply else None
    )


def _encouragement(messages: int, mistakes: int) -> str:
    if messages == 0:
        return "Next time, write a few messages — that's where the learning happens."
    rate = mistakes / messages
    if rate == 0:
        return "Fehlerfrei! Not a single correction — time to try a harder scene."
    if rate < 0.5:
        return "Sehr gut! Most of your messages were spot on. Keep going!"
    return "Gut gemacht! Every correction is a step forward — review them and try again."


async def report(session: AsyncSession, conversation: Conversation) -> ConversationReport:
    all_turns = await turns(session, conversation)
    learner = [t for t in all_turns if t.role == "learner" and t.status == "answered"]
    corrections = [Correction.model_validate(c) for t in learner for c in t.corrections]
    words: dict[str, NewWord] = {}
    for t in all_turns:
        for w in t.new_words:
            word = NewWord.model_validate(w)
            words.setdefault(word.lemma, word)
    xp = await session.scalar(
        select(func.coalesce(func.sum(XpEntry.amount), 0)).where(
            XpEntry.user_id == conversation.user_id,
            (
                (XpEntry.reason == "conversation_message")
                & XpEntry.source_id.in_([t.id for t in learner] or [0])
            )
            | (
                (XpEntry.reason == "conversation_finished") & (XpEntry.source_id == conversation.id)
            ),
        )
    )
    return ConversationReport(
        mistakes_by_category=dict(Counter(c.category for c in corrections)),
        corrections=corrections,
        new_words=list(words.values()),
        learner_messages=len(learner),
        encouragement=_encouragement(len(learner), len(corrections)),
        xp_earned=int(xp or 0),
    )


async def end(session: AsyncSession, user: User, conversation_id: int) -> ConversationReport:
    conversation = await get_conversation(session, user, conversation_id, lock=True)
    if conversation.status == "ended" and conversation.report is not None:
        return ConversationReport.model_validate(conversation.report)
    conversation.status = "ended"
    conversation.ended_at = utcnow()
    answered = await session.scalar(
        select(func.count()).where(
            ConversationTurn.conversation_id == conversation.id,
            ConversationTurn.role == "learner",
            ConversationTurn.status == "answered",
        )
    )
    if int(answered or 0) >= 3:
        await session.execute(
            insert(XpEntry)
            .values(
                user_id=user.id,
                amount=XP_FOR_FINISHING,
                reason="conversation_finished",
                source_id=conversation.id,
            )
            .on_conflict_do_nothing()
        )
    result = await report(session, conversation)
    conversation.report = result.model_dump(mode="json")
    await session.flush()
    return result


async def conversation_view(
    session: AsyncSession, conversation: Conversation, *, with_turns: bool = True
) -> ConversationView:
    scenario = (
        await session.get(Scenario, conversation.scenario_id) if conversation.scenario_id else None
    )
    return ConversationView(
        id=conversation.id,
        scenario=scenario_summary(scenario) if scenario else None,
        level=conversation.level,
        mode=conversation.mode,
        status=conversation.status,
        created_at=conversation.created_at,
        ended_at=conversation.ended_at,
        turns=[_turn_view(t) for t in await turns(session, conversation)] if with_turns else [],
        report=ConversationReport.model_validate(conversation.report)
        if conversation.report
        else None,
    )


async def history(session: AsyncSession, user: User, limit: int = 50) -> list[ConversationView]:
    conversations = await session.scalars(
        select(Conversation)
        .where(Conversation.user_id == user.id)
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
        .limit(limit)
    )
    return [await conversation_view(session, c, with_turns=False) for c in conversations]


async def add_new_word(
    session: AsyncSession, user: User, turn_id: int, index: int
) -> tuple[DeckWord, bool]:
    """Put one of a tutor reply's new words into the learner's deck (with its translation)."""
    turn = await session.get(ConversationTurn, turn_id)
    if turn is None or turn.user_id != user.id or not 0 <= index < len(turn.new_words):
        raise NotFound("That word is no longer available.")
    word = turn.new_words[index]
    text = f"{word.get('article') or ''} {word['lemma']}".strip()
    added, created = await add_typed_word(session, user, text, tags=["conversation"])
    if created and not added.translations and word.get("translation"):
        await set_translation(session, user, added.lemma, [word["translation"]])
    return added, created


async def usage_totals(
    session: AsyncSession, user: User, since: datetime | None = None
) -> UsageTotals:
    conditions = [AiUsage.user_id == user.id]
    if since is not None:
        conditions.append(AiUsage.created_at >= since)
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(AiUsage.status != "ok"),
                func.coalesce(func.sum(AiUsage.input_tokens), 0),
                func.coalesce(func.sum(AiUsage.output_tokens), 0),
                func.coalesce(func.sum(AiUsage.cache_read_tokens), 0),
                func.coalesce(func.sum(AiUsage.cache_write_tokens), 0),
            ).where(*conditions)
        )
    ).one()
    return UsageTotals(
        calls=row[0],
        failed_calls=row[1],
        input_tokens=row[2],
        output_tokens=row[3],
        cache_read_tokens=row[4],
        cache_write_tokens=row[5],
    )


async def usage_report(session: AsyncSession, user: User, turns_per_day: int) -> AiUsageReport:
    start = local_day_start(user.time_zone, local_today(user.time_zone))
    return AiUsageReport(
        today=await usage_totals(session, user, start),
        all_time=await usage_totals(session, user),
        ai_turns_today=await ai_turns_today(session, user),
        ai_turns_per_day=turns_per_day,
    )
