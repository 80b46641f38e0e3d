"""What the learner reads in shared notices: plurals that agree, nothing that points to a
page or a button that does not exist."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import api.web
from bot import texts
from bot.handlers.articles import drill_text
from bot.handlers.quiz import final_text
from core.accounts.telegram_start import WebLinkOffer
from core.quizzes.schemas import ArticleDrillView, QuizQuestion, QuizView


def _drill(due_cards: int) -> ArticleDrillView:
    return ArticleDrillView(
        id=1, status="active", version=0, position=0, total=15, right=0, wrong=0,
        current="Haus", last=None, mistakes=[], due_cards=due_cards,
    )  # fmt: skip


def test_the_article_drill_counts_due_cards_in_agreement() -> None:
    assert "1 of them is a due article card: that answer counts as a review." in drill_text(
        _drill(1), intro=True
    )
    assert "2 of them are due article cards: those answers count as reviews." in drill_text(
        _drill(2), intro=True
    )
    assert "due article card" not in drill_text(_drill(0), intro=True)


def _quiz(reviewed: int) -> QuizView:
    questions = [
        QuizQuestion(
            index=i,
            kind="article",
            prompt="das Haus",
            instruction="der, die or das?",
            options=["der", "die", "das"],
            choice=2,
            correct=True,
            correct_choice=2,
            solution="das Haus",
            counted_as_review=i < reviewed,
        )
        for i in range(3)
    ]
    return QuizView(
        id=1, status="finished", version=3, total=3, answered=3, score=3, current=None,
        questions=questions, created_at=datetime.now(UTC), finished_at=datetime.now(UTC),
    )  # fmt: skip


def test_the_quiz_counts_reviews_in_agreement() -> None:
    assert "🧠 1 answer counted as a review of a due card." in final_text(_quiz(1))
    assert "🧠 2 answers counted as reviews of due cards." in final_text(_quiz(2))
    assert "(s)" not in final_text(_quiz(2))


def test_link_says_honestly_what_the_code_does() -> None:
    offer = WebLinkOffer(code="ABCD1234", minutes=15, existing_email=None)
    text = texts.web_link(offer, "https://tutor.example.org/")
    assert "code: <code>ABCD1234</code>" in text
    assert "the web app at https://tutor.example.org/" in text
    assert "POST /api/v1/auth/claim" in text
    # The login page's tab by that name exists (api/web/static/js/pages/login.js).
    assert "“I use the Telegram bot”" in text
    login_page = Path(api.web.STATIC_DIR, "js", "pages", "login.js").read_text()
    assert "claim: 'I use the Telegram bot'" in login_page
    without_address = texts.web_link(offer, None)
    assert "the tutor server's own address" in without_address
