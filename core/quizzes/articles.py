"""The der/die/das drill: a round of nouns, the learner's due article cards first (those
answers are FSRS reviews), then other nouns from their deck or the catalogue as practice."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.errors import Invalid, NotFound
from core.gender_rules import explain
from core.german import ARTICLES, GENDER_BY_ARTICLE
from core.models import StudySession, User
from core.progress.xp import XP_AMOUNTS, XpReason, award, question_source
from core.quizzes.schemas import ArticleDrillSummary, ArticleDrillView, ArticleVerdict
from core.quizzes.words import PoolWord, catalogue_pool, deck_pool, reviewable_card
from core.reviews.service import review
from core.study import sessions
from core.study.sessions import Stale, unless_stale

KIND: Final = "articles"
ROUND_SIZE = 15


def _item(word: PoolWord) -> dict[str, Any]:
    return {
        "lemma": word.lemma,
        "article": word.article,
        "translation": ", ".join(word.translations[:2]) or None,
        "card_id": word.card_ids.get("article"),
        "due": "article" in word.due_kinds,
        "chosen": None,
        "correct": None,
        "counted": False,
    }


async def _round(
    session: AsyncSession, user: User, now: datetime, rng: random.Random
) -> list[dict[str, Any]]:
    deck = await deck_pool(
        session, user, now, limit=ROUND_SIZE, due_kinds=["article"], nouns_only=True
    )
    due = [w for w in deck if "article" in w.due_kinds]
    practice = [w for w in deck if "article" not in w.due_kinds]
    if len(deck) < ROUND_SIZE:
        practice += await catalogue_pool(
            session, user, limit=ROUND_SIZE - len(deck), nouns_only=True
        )
    rng.shuffle(due)
    rng.shuffle(practice)
    return [_item(word) for word in due + practice]


def _items(study: StudySession) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = study.payload["items"]
    return items


def _verdict(item: dict[str, Any]) -> ArticleVerdict:
    return ArticleVerdict(
        lemma=item["lemma"],
        chosen=item["chosen"],
        article=item["article"],
        correct=item["correct"],
        counted_as_review=item["counted"],
        leech=item.get("leech", False),
        rule=explain(item["lemma"], GENDER_BY_ARTICLE.get(item["article"])),
        translation=item.get("translation"),
    )


def drill_view(study: StudySession) -> ArticleDrillView:
    items = _items(study)
    position: int = study.payload["position"]
    answered = [item for item in items if item["chosen"] is not None]
    open_ = study.status == "active" and position < len(items)
    return ArticleDrillView(
        id=study.id,
        status=sessions.status_of(study),
        version=study.version,
        position=position,
        total=len(items),
        right=sum(1 for item in answered if item["correct"]),
        wrong=sum(1 for item in answered if not item["correct"]),
        current=items[position]["lemma"] if open_ else None,
        last=_verdict(items[position - 1]) if position > 0 else None,
        mistakes=[f"{i['article']} {i['lemma']}" for i in answered if not i["correct"]],
        due_cards=sum(1 for item in items if item["due"]),
    )


async def start_drill(
    session: AsyncSession,
    user: User,
    *,
    after: int | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> tuple[ArticleDrillView, bool]:
    """A new round (a running one is abandoned); with `after`, a round newer than that one
    that is already running is returned instead, as (round, False)."""
    now = now or utcnow()
    if after is not None:
        running = await sessions.active(session, user, KIND)
        if running is not None and running.id > after:
            return drill_view(running), False
    items = await _round(session, user, now, rng or random.Random())
    if not items:
        raise Invalid("There are no nouns to practise yet. Add a few words first!")
    payload = {"items": items, "position": 0}
    study = await sessions.start(session, user, KIND, payload, now)
    return drill_view(study), True


async def get_drill(session: AsyncSession, user: User, drill_id: int) -> ArticleDrillView:
    return drill_view(await sessions.load(session, user, KIND, drill_id))


async def current_drill(session: AsyncSession, user: User) -> ArticleDrillView:
    study = await sessions.active(session, user, KIND)
    if study is None:
        raise NotFound("You have no article drill running. Start one!")
    return drill_view(study)


def drill_summary(study: StudySession) -> ArticleDrillSummary:
    """The round's score and its XP, as paid: practice answers pay `article_answer`, an
    answer that reviewed a due card pays as that review (core.progress.xp)."""
    view = drill_view(study)
    answered = [item for item in _items(study) if item["chosen"] is not None]
    reviews = sum(1 for item in answered if item["counted"])
    practice = len(answered) - reviews
    return ArticleDrillSummary(
        id=view.id,
        status=view.status,
        total=view.total,
        answered=len(answered),
        right=view.right,
        wrong=view.wrong,
        mistakes=view.mistakes,
        reviews=reviews,
        xp=practice * XP_AMOUNTS[XpReason.ARTICLE_ANSWER] + reviews * XP_AMOUNTS[XpReason.REVIEW],
        verdicts=[_verdict(item) for item in answered],
        finished_at=study.finished_at,
    )


async def finish_drill(
    session: AsyncSession, user: User, drill_id: int, *, now: datetime | None = None
) -> ArticleDrillSummary:
    """End the round (the API's finish; the nouns not answered stay unanswered); finishing
    twice returns the same summary."""
    study = await sessions.load(session, user, KIND, drill_id, lock=True)
    unless_stale(sessions.check(study, None, finished_ok=True))
    if study.status == "active":
        sessions.finish(study, now or utcnow())
    return drill_summary(study)


async def answer_article(
    session: AsyncSession,
    user: User,
    drill_id: int,
    version: int | None = None,
    *,
    article: str,
    now: datetime | None = None,
) -> ArticleDrillView | Stale:
    """Answer the current noun; a due article card is reviewed (source "articles"). Stale
    when `version` (a button's) is not the drill's current one or the drill is over."""
    now = now or utcnow()
    chosen = article.strip().lower()
    if chosen not in ARTICLES:
        raise Invalid("Choose der, die or das.")
    study = await sessions.load_for_press(session, user, KIND, drill_id, version)
    if isinstance(study, Stale):
        return study
    payload = sessions.editable_payload(study)
    item = payload["items"][payload["position"]]
    card = await reviewable_card(session, user, item["card_id"], now)
    result = (
        await review(session, user, card.id, answer=chosen, source="articles", now=now)
        if card is not None
        else None
    )
    if result is None:  # practice; a reviewed card pays as a review
        source = question_source(study.id, payload["position"])
        await award(session, user.id, XpReason.ARTICLE_ANSWER, source)
    item.update(
        chosen=chosen,
        correct=chosen == item["article"],
        counted=result is not None,
        leech=result is not None and result.leech,
    )
    payload["position"] += 1
    sessions.save(study, payload)
    if payload["position"] >= len(payload["items"]):
        sessions.finish(study, now)
    return drill_view(study)


async def stop_drill(
    session: AsyncSession,
    user: User,
    drill_id: int,
    version: int | None = None,
    *,
    now: datetime | None = None,
) -> ArticleDrillView | Stale:
    """Stop early; the score so far stands. Without a `version`, stopping twice is harmless;
    a Stop button pressed twice is Stale."""
    study = await sessions.load(session, user, KIND, drill_id, lock=True)
    stale = sessions.check(study, version, finished_ok=version is None)
    if stale is not None:
        return stale
    if study.status == "active":
        sessions.finish(study, now or utcnow())
    return drill_view(study)
