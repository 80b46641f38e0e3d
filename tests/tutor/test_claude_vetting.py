"""Claude's German is checked before the learner sees it: through the real SDK against the fake
Messages API, a turn's corrections and new words are compared with the learner's message,
the offline checker and german-nouns. No database."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from anthropic import AsyncAnthropic

from core.tutor.base import TurnContext, TurnOutcome
from core.tutor.claude import ClaudeTutor
from core.tutor.vetting import is_german, noun, noun_or_compound
from tests.fakes.anthropic import FakeAnthropic, FakeReply


@pytest.fixture
async def fake() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as running:
        yield running


def _correction(original: str, corrected: str, category: str = "gender_article") -> dict:
    return {
        "category": category,
        "original": original,
        "corrected": corrected,
        "explanation": "Because.",
    }


async def _turn(
    fake: FakeAnthropic,
    message: str,
    corrections: list[dict[str, Any]],
    new_words: list[dict[str, Any]] | None = None,
) -> TurnOutcome:
    fake.enqueue(
        FakeReply.tool(
            {
                "reply": "Gern! Und was möchten Sie essen?",
                "corrections": corrections,
                "new_words": new_words or [],
                "level_estimate": "A2",
            },
            name="tutor_turn",
        )
    )
    client = AsyncAnthropic(base_url=fake.base_url, api_key="test-key", max_retries=0)
    tutor = ClaudeTutor(client, "claude-test")
    context = TurnContext("A2", None, "", (), message, 0, False)
    return await tutor.converse(context)


async def test_a_correction_of_something_the_learner_did_not_write_is_dropped(
    fake: FakeAnthropic,
) -> None:
    outcome = await _turn(
        fake,
        "Gestern habe gegangen ins Café.",
        [
            _correction("habe gegangen", "bin gegangen", "tense"),
            _correction("der Hund", "den Hund", "case"),
        ],
    )
    assert [c.original for c in outcome.reply.corrections] == ["habe gegangen"]
    assert outcome.vetting == {"original_not_in_message": 1}
    assert outcome.tutor == "claude" and outcome.reply.reply.startswith("Gern!")


async def test_spacing_and_case_of_the_quoted_original_do_not_matter(fake: FakeAnthropic) -> None:
    outcome = await _turn(fake, "ich  habe Gegangen.", [_correction("Ich habe gegangen", "x")])
    assert len(outcome.reply.corrections) == 1 and not outcome.vetting


async def test_a_correction_the_lexicon_contradicts_is_withheld_and_logged(
    fake: FakeAnthropic, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="core.tutor.vetting")
    outcome = await _turn(
        fake,
        "Der Tisch ist neu und die Lampe ist kaputt.",
        [_correction("Der Tisch", "Das Tisch"), _correction("die Lampe", "der Lampe")],
    )
    # "das" never goes with masculine Tisch; "der Lampe" is a possible (dative) form, so the
    # lexicon alone cannot rule it out.
    assert [c.corrected for c in outcome.reply.corrections] == ["der Lampe"]
    assert outcome.vetting == {"contradicted": 1}
    assert any("Das Tisch" in r.getMessage() for r in caplog.records)


async def test_a_correction_the_checker_finds_wrong_is_withheld(fake: FakeAnthropic) -> None:
    outcome = await _turn(
        fake, "Er geht nach Hause.", [_correction("Er geht", "Er gehen", "verb_conjugation")]
    )
    assert outcome.reply.corrections == []
    assert outcome.vetting == {"contradicted": 1}


async def test_good_corrections_pass_untouched(fake: FakeAnthropic) -> None:
    outcome = await _turn(
        fake,
        "Ich gehe mit der Kind. Er gehen nach Hause.",
        [
            _correction("der Kind", "dem Kind", "case"),
            _correction("Er gehen", "Er geht", "verb_conjugation"),
        ],
    )
    assert [c.corrected for c in outcome.reply.corrections] == ["dem Kind", "Er geht"]
    assert outcome.vetting == {}


async def test_new_words_take_gender_and_plural_from_german_nouns(fake: FakeAnthropic) -> None:
    outcome = await _turn(
        fake,
        "Ich möchte einen Kaffee.",
        [],
        [
            {"lemma": "Tisch", "article": "die", "translation": "table"},
            {"lemma": "Nachtisch", "article": "der", "translation": "dessert"},
            {"lemma": "Kuchenstück", "article": "der", "translation": "piece of cake"},
            {"lemma": "bestellen", "translation": "to order"},
            {"lemma": "Thingamajig", "article": "der", "translation": "gadget"},
            {"lemma": "yesterday", "translation": "gestern"},
        ],
    )
    words = {w.lemma: w for w in outcome.reply.new_words}
    assert set(words) == {"Tisch", "Nachtisch", "Kuchenstück", "bestellen"}
    assert (words["Tisch"].article, words["Tisch"].plural) == ("der", "Tische")
    assert (words["Nachtisch"].article, words["Nachtisch"].plural) == ("der", "Nachtische")
    assert (words["Kuchenstück"].article, words["Kuchenstück"].plural) == ("das", "Kuchenstücke")
    assert words["bestellen"].article is None
    assert outcome.vetting == {"new_word_fixed_by_lexicon": 3, "new_word_not_german": 2}


async def test_a_noun_with_several_genders_keeps_the_models_fitting_article(
    fake: FakeAnthropic,
) -> None:
    outcome = await _turn(
        fake, "Hallo!", [], [{"lemma": "Joghurt", "article": "das", "translation": "yoghurt"}]
    )
    assert outcome.reply.new_words[0].article == "das"


def test_lexicon_helpers() -> None:
    assert noun("Tisch") is not None and noun("tisch") is None
    assert noun("Tische") is None  # a plural form is not a dictionary form
    compound = noun_or_compound("Kuchenstück")
    assert compound is not None and compound.genders == {"n"}
    assert is_german("schnell") and is_german("Apfelkuchen") and not is_german("yesterday")
