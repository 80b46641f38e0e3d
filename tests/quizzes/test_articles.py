"""The der/die/das drill in core: due article cards first and reviewed, the rest practice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import Database
from core.errors import Invalid, NotFound
from core.models import Card, ReviewLog, StudySession
from core.quizzes import articles
from core.study.sessions import Stale
from tests.quizzes.helpers import add_word, make_due, make_learner, make_not_due


async def test_due_cards_first_then_practice(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session, "A2")
        house = await add_word(session, user, "haus-noun")
        await make_due(session, user, house["article"])
        table = await add_word(session, user, "tisch-noun")
        table_due_at = await make_not_due(session, user, table["article"])
        await add_word(session, user, "gehen-verb")  # not a noun: never asked

        drill, created = await articles.start_drill(session, user)
        study = await session.get(StudySession, drill.id)
        assert study is not None
        items = study.payload["items"]
        assert created and drill.total == articles.ROUND_SIZE == len(items)
        assert drill.current == "Haus" and drill.due_cards == 1
        assert "Tisch" in [item["lemma"] for item in items]
        assert all(item["article"] in ("der", "die", "das") for item in items)
        assert len({item["lemma"] for item in items}) == len(items)

        after_house = await articles.answer_article(
            session, user, drill.id, article="der", version=drill.version
        )
        assert after_house.last is not None
        assert (after_house.last.correct, after_house.last.article) == (False, "das")
        assert after_house.last.counted_as_review and after_house.wrong == 1
        logs = (
            await session.scalars(select(ReviewLog).where(ReviewLog.source == "articles"))
        ).all()
        assert [(log.card_id, log.answer, log.rating) for log in logs] == [
            (house["article"].id, "der", 1)
        ]

        # Answer the rest; Tisch is in the deck but not due, so it stays untouched.
        view = after_house
        while view.current is not None:
            item = study.payload["items"][view.position]
            view = await articles.answer_article(
                session, user, drill.id, article=item["article"], version=view.version
            )
        assert view.status == "finished" and view.right == articles.ROUND_SIZE - 1
        assert view.mistakes == ["das Haus"]
        card = await session.get(Card, table["article"].id)
        assert card is not None and card.due_at == table_due_at


async def test_bad_and_stale_answers(content: Database) -> None:
    async with content.unit_of_work() as session:
        user = await make_learner(session)
        other = await make_learner(session)
        drill, _ = await articles.start_drill(session, user)
        with pytest.raises(Invalid):
            await articles.answer_article(session, user, drill.id, article="den")
        with pytest.raises(NotFound):
            await articles.answer_article(session, other, drill.id, article="der")
        view = await articles.answer_article(session, user, drill.id, article="der", version=0)
        stale = await articles.answer_article(session, user, drill.id, article="die", version=0)
        assert stale == Stale("articles", "active"), "an out-of-date button changes nothing"
        stopped = await articles.stop_drill(session, user, drill.id)
        assert stopped.status == "finished" and stopped.current is None
        assert (await articles.stop_drill(session, user, drill.id)) == stopped
        over = await articles.answer_article(
            session, user, drill.id, article="der", version=view.version
        )
        assert over == Stale("articles", "finished")
        assert "over" in over.conflict().message
        again, created = await articles.start_drill(session, user, after=drill.id)
        assert created and again.id != drill.id
        same, created = await articles.start_drill(session, user, after=drill.id)
        assert not created and same.id == again.id
