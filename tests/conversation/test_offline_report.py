"""The end report of an offline conversation tells the truth: its counts are the corrections
the learner was shown, by category, and its praise follows those numbers."""

from __future__ import annotations

from collections import Counter

import httpx

from core.conversation.reports import encouragement
from core.db import Database
from core.settings import Settings
from tests.helpers.learners import register_learner
from tests.helpers.worker import run_queued_jobs

FAULTY = (
    "Ich möchte einen Tee. Ich gehe mit der Kind.",
    "Ein Stück Käsekuchen. Das ist für den Frau.",
    "Ohne Sahne, bitte. Er gehen heute nach Hause.",
    "Vielen Dank! Ich gehe mit der Kind.",
    "Es war lecker. Das ist für den Frau.",
    "Mit Karte, bitte. Er gehen heute nach Hause.",
)
CORRECT = ("Auf Wiedersehen!", "Bis bald!", "Tschüss!")


async def test_six_faulty_messages_of_nine_are_not_spot_on(
    api: httpx.AsyncClient, settings: Settings, content: Database
) -> None:
    anna = await register_learner(api)
    started = (
        await anna.post(
            "/api/v1/conversations", json={"scenario_slug": "cafe-ordering", "offline": True}
        )
    ).json()
    shown: list[dict] = []
    for text in (*FAULTY, *CORRECT):
        posted = await anna.post(
            f"/api/v1/conversations/{started['id']}/messages", json={"text": text}
        )
        assert posted.status_code == 202, posted.text
        await run_queued_jobs(settings)
        turn = (
            await anna.get(
                f"/api/v1/conversations/{started['id']}/turns/{posted.json()['id']}",
                params={"wait": 2},
            )
        ).json()
        assert turn["reply"] is not None
        shown += turn["corrections"]
        assert bool(turn["corrections"]) == (text in FAULTY), turn
    report = (await anna.post(f"/api/v1/conversations/{started['id']}/end")).json()
    assert report["learner_messages"] == 9 and report["messages_with_mistakes"] == 6
    assert report["mistakes_by_category"] == dict(Counter(c["category"] for c in shown))
    assert sum(report["mistakes_by_category"].values()) == len(shown) == 6
    assert "spot on" not in report["encouragement"]
    assert "6 of your 9 messages" in report["encouragement"]


def test_praise_follows_the_numbers() -> None:
    assert encouragement(9, 0, 0).startswith("Fehlerfrei! 9 messages")
    assert encouragement(9, 6, 7) == (
        "Weiter so! 6 of your 9 messages had something to fix (7 corrections) — review them "
        "below and try the scene again."
    )
    assert "spot on" in encouragement(8, 2, 2) and "6 of your 8" in encouragement(8, 2, 2)
    assert "spot on" not in encouragement(8, 3, 3)
    assert encouragement(4, 2, 3).startswith("Gut! 2 of your 4 messages needed no correction")
    assert encouragement(1, 1, 1).startswith("Weiter so! 1 of your 1 messages")
    assert encouragement(0, 0, 0).startswith("Next time")
    for messages in range(1, 20):
        for faulty in range(messages + 1):
            text = encouragement(messages, faulty, faulty)
            assert ("spot on" in text) == (faulty > 0 and (messages - faulty) * 4 >= messages * 3)
