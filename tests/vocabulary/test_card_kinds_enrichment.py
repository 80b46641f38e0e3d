"""A typed noun gets its plural from german-nouns (ahead of the model's guess), and with it
the typed plural card when the learner has that kind on. Claude through the real SDK against
the fake Messages API; the real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from anthropic import AsyncAnthropic
from sqlalchemy import select

from core.db import Database
from core.models import Card, DeckWord, User
from core.tutor.claude import ClaudeTutor
from core.vocabulary.adding import add_typed_word
from core.vocabulary.card_choices import set_learner_card_kinds
from core.vocabulary.enrichment import enrich_deck_word
from tests.fakes.anthropic import FakeAnthropic, FakeReply
from tests.helpers.learners import register_learner


@pytest.fixture
async def fake() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as running:
        yield running


def _analysis(plural: str | None) -> FakeReply:
    return FakeReply.tool(
        {
            "lemma": "leuchtturm",
            "pos": "noun",
            "gender": "m",
            "plural": plural,
            "translations": ["lighthouse"],
        },
        name="word_analysis",
    )


@pytest.mark.parametrize("guess", ["Leuchtturms", None])
async def test_a_typed_noun_gets_the_checked_plural_and_its_plural_card(
    api: httpx.AsyncClient, content: Database, fake: FakeAnthropic, guess: str | None
) -> None:
    learner = await register_learner(api)
    async with content.unit_of_work() as session:
        user = await session.get(User, learner.id)
        assert user is not None
        await set_learner_card_kinds(session, user, ["plural"])
        word, created = await add_typed_word(session, user, "leuchtturm")
        # lowercase, no article: still the noun german-nouns knows, with its checked plural
        assert created and (word.lemma, word.pos, word.plural) == (
            "Leuchtturm",
            "noun",
            "Leuchttürme",
        )
        word_id = word.id
    fake.enqueue(_analysis(guess))
    client = AsyncAnthropic(base_url=fake.base_url, api_key="test-key", max_retries=0)
    async with content.unit_of_work() as session:
        status = await enrich_deck_word(session, ClaudeTutor(client, "claude-test"), word_id)
    assert status == "done"
    async with content.sessionmaker() as session:
        enriched = await session.get(DeckWord, word_id)
        assert enriched is not None
        assert (enriched.pos, enriched.gender, enriched.plural) == ("noun", "m", "Leuchttürme")
        kinds = set(await session.scalars(select(Card.kind).where(Card.deck_word_id == word_id)))
    assert kinds == {"recognition", "recall", "article", "plural"}
