"""Load the content catalogue into the database by stable slugs, through core.content."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.content.service import LoadReport, id_by_slug, retire_missing, upsert
from core.german_text import fold
from core.models import Achievement, Exercise, GrammarTopic, Scenario, VocabularyItem
from seeds.catalog import Catalog, load_catalog


def _vocabulary_rows(catalog: Catalog) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for entry in catalog.vocabulary:
        noun, verb, adjective = entry.noun, entry.verb, entry.adjective
        rows.append(
            {
                "slug": entry.slug,
                "lemma": entry.lemma,
                "pos": entry.pos,
                "translations": list(entry.translations),
                "example_de": entry.example_de,
                "example_en": entry.example_en,
                "level": entry.level,
                "frequency_rank": entry.frequency_rank,
                "topics": list(entry.topics),
                "gender": noun.gender if noun else None,
                "plural": noun.plural if noun else None,
                "genitive": noun.genitive if noun else None,
                "verb_forms": verb.model_dump() if verb else None,
                "comparative": adjective.comparative if adjective else None,
                "superlative": adjective.superlative if adjective else None,
                "search_text": " | ".join(
                    fold(text) for text in (entry.lemma, *entry.translations)
                ),
            }
        )
    return rows


async def load_content(session: AsyncSession, catalog: Catalog | None = None) -> LoadReport:
    """Idempotent: a second run with the same files reports everything unchanged."""
    catalog = catalog or load_catalog()
    report = LoadReport()

    vocabulary = _vocabulary_rows(catalog)
    report.counts["vocabulary"] = await upsert(session, VocabularyItem, vocabulary)
    report.counts["vocabulary"].retired = await retire_missing(
        session, VocabularyItem, [(r["slug"],) for r in vocabulary], ["slug"]
    )

    topics = [
        {
            "slug": t.slug,
            "title": t.title,
            "level": t.level,
            "category": t.category,
            "summary": t.summary,
            "explanation": t.explanation,
            "examples": [e.model_dump() for e in t.examples],
            "common_mistakes": [m.model_dump() for m in t.common_mistakes],
            "prerequisites": list(t.prerequisites),
        }
        for t in catalog.grammar
    ]
    report.counts["grammar topics"] = await upsert(session, GrammarTopic, topics)
    report.counts["grammar topics"].retired = await retire_missing(
        session, GrammarTopic, [(t["slug"],) for t in topics], ["slug"]
    )

    topic_ids = await id_by_slug(session, GrammarTopic)
    exercises = [
        {
            "topic_id": topic_ids[t.slug],
            **e.model_dump(),
        }
        for t in catalog.grammar
        for e in t.exercises
    ]
    report.counts["exercises"] = await upsert(
        session, Exercise, exercises, key=("topic_id", "slug")
    )
    report.counts["exercises"].retired = await retire_missing(
        session,
        Exercise,
        [(e["topic_id"], e["slug"]) for e in exercises],
        ["topic_id", "slug"],
        only=Exercise.source == "file",  # Claude's exercises are not in the files
    )

    scenarios = [
        {**s.model_dump(exclude={"turns"}), "turns": [t.model_dump() for t in s.turns]}
        for s in catalog.scenarios
    ]
    report.counts["scenarios"] = await upsert(session, Scenario, scenarios)
    report.counts["scenarios"].retired = await retire_missing(
        session, Scenario, [(s["slug"],) for s in scenarios], ["slug"]
    )

    achievements = [
        {
            **a.model_dump(exclude={"criterion"}),
            "criterion_kind": a.criterion.kind,
            "threshold": a.criterion.threshold,
        }
        for a in catalog.achievements
    ]
    report.counts["achievements"] = await upsert(session, Achievement, achievements)
    report.counts["achievements"].retired = await retire_missing(
        session, Achievement, [(a["slug"],) for a in achievements], ["slug"]
    )
    return report
