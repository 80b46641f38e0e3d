"""A learner's first week in the bot: onboard, add five words, review with buttons and typed
answers; the web API then shows exactly the same state."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from bot import texts
from bot.context import BotApplication
from core.db import Database
from core.models import Card, ReviewLog, User
from tests.helpers.bot import BotChat
from tests.helpers.learners import login


async def _onboard(chat: BotChat) -> None:
    await chat.send("/start")
    await chat.press("A2 · Elementary")
    await chat.press("Berlin")
    await chat.press("19:00")


async def test_learner_reviews_in_the_bot_and_sees_the_same_state_on_the_web(
    polling_bot: BotApplication, anna: BotChat, content: Database, api: httpx.AsyncClient
) -> None:
    await _onboard(anna)
    for word in ("das Haus", "die Katze", "gehen", "schön", "der Bahnhof"):
        added = await anna.send(f"/add {word}")
        assert "Added" in (added.text or ""), added.text

    card = await anna.send("/review")
    assert "1 of 13 due" in (card.text or ""), card.text  # 5 words: 3 nouns × 3 + 2 × 2 cards
    assert "Haus" in (card.text or "") and "What does it mean?" in (card.text or "")
    revealed = await anna.press("Show answer")
    assert revealed.message_id == card.message_id
    assert "house" in (revealed.text or "") and "Häuser" in (revealed.text or "")
    labels = [label for label, _ in revealed.buttons]
    assert labels[0].startswith("Again · ") and labels[2].startswith("Good · ")

    recall = await anna.press("Good")
    assert recall.message_id == card.message_id and "2 of 13" in (recall.text or "")
    assert "Type it in German" in (recall.text or "")
    typed = await anna.send("das haus")  # the learner types the answer as a message
    assert "Almost" in (typed.text or "") and "das Haus" in (typed.text or ""), typed.text
    assert "3 of 13" in (typed.text or "")
    # The old card message lost its buttons: one live message at a time.
    assert anna.tg.message(anna.user.id, card.message_id).buttons == []

    article = typed
    assert "der, die or das?" in (article.text or "")
    der_button = article.buttons[0][1] or ""  # FakeMessage is live: keep the data now
    after_article = await anna.press("das")
    assert "Richtig" in (after_article.text or "")
    stale = await anna.press_expecting_alert(article.message_id, der_button)
    assert "already answered" in stale

    async with content.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == anna.user.id))
        assert user is not None
        logs = (await session.scalars(select(ReviewLog).where(ReviewLog.user_id == user.id))).all()
        assert [(log.rating, log.verdict) for log in logs] == [
            (3, None),
            (2, "typo"),
            (3, "correct"),
        ]
        cards = (
            await session.scalars(select(Card).where(Card.id.in_([log.card_id for log in logs])))
        ).all()
        assert all(c.due_at > datetime.now(UTC) for c in cards)
        user_id = user.id

    # The same learner on the web: claim a web login with /link, then read the same state.
    code_message = await anna.send("/link")
    code = (code_message.text or "").split("code: ")[1].split(" ")[0]
    claimed = await api.post(
        "/api/v1/auth/claim",
        json={"code": code, "email": "anna@example.org", "password": "Lernen-macht-Spass"},
    )
    assert claimed.status_code == 200, claimed.text
    token = (await login(api, "anna@example.org", "Lernen-macht-Spass")).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await api.get("/api/v1/users/me", headers=headers)).json()["id"] == user_id
    deck = (await api.get("/api/v1/vocabulary/deck", headers=headers)).json()
    assert deck["total"] == 5
    log = (await api.get("/api/v1/reviews/log", headers=headers)).json()
    assert len(log) == 3 and {entry["verdict"] for entry in log} == {None, "typo", "correct"}
    summary = (await api.get("/api/v1/reviews/summary", headers=headers)).json()
    assert summary["total_due"] == 10


async def test_review_with_nothing_due_and_undo(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    empty = await anna.send("/review")
    assert "Nothing due" in (empty.text or "")
    await anna.send("/add die Katze")
    first = await anna.send("/review")
    assert "1 of 3 due" in (first.text or "")
    await anna.press("Show answer")
    recall = await anna.press("Easy")
    assert "Type it in German" in (recall.text or "")
    article = await anna.send("die Katze")
    assert "Richtig" in (article.text or "") and "der, die or das?" in (article.text or "")
    done = await anna.press("der")
    assert "Not quite" in (done.text or "") and "Fertig" in (done.text or ""), done.text
    again = await anna.press("↩️ Undo last")
    assert "Undone" in (again.text or "") and "der, die or das?" in (again.text or "")
    finished = await anna.press("die")
    assert "Richtig" in (finished.text or "") and "Fertig" in (finished.text or "")


async def test_a_new_review_turns_the_old_runs_buttons_stale(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await _onboard(anna)
    await anna.send("/add die Katze")
    old = await anna.send("/review")
    show = old.buttons[0][1] or ""
    new = await anna.send("/review")
    assert "1 of 3 due" in (new.text or "") and new.message_id != old.message_id
    # The first run was abandoned (its version bumped): its button changes nothing.
    assert await anna.press_expecting_alert(old.message_id, show) == texts.STALE_DRILL["review"]
    assert "/review continues" in texts.STALE_DRILL["review"]
    # Malformed data for a review button gets the same alert.
    assert (
        await anna.press_expecting_alert(new.message_id, "v1:rv:rate:x")
        == (texts.STALE_DRILL["review"])
    )
    revealed = await anna.press("Show answer")
    assert revealed.message_id == new.message_id and "cat" in (revealed.text or "")
