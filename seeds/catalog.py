"""Reads every content file under seeds/content/ into one validated catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from seeds.schemas import (
    Achievement,
    AchievementsFile,
    GrammarTopic,
    Scenario,
    VocabularyEntry,
    VocabularyFile,
)

CONTENT_DIR = Path(__file__).parent / "content"


class ContentError(Exception):
    """A content file is malformed; the message names the file and the problem."""


@dataclass
class Catalog:
    vocabulary: list[VocabularyEntry] = field(default_factory=list)
    grammar: list[GrammarTopic] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    source_of: dict[str, Path] = field(default_factory=dict)
    also_in: dict[str, list[Path]] = field(default_factory=dict)  # repeated slugs' other files


def _read(path: Path) -> object:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _parse(model: type[BaseModel], path: Path) -> object:
    try:
        return model.model_validate(_read(path))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from exc


def load_catalog(content_dir: Path = CONTENT_DIR, *, allow_duplicates: bool = False) -> Catalog:
    """Parse and validate all content; raise ContentError listing every broken file.

    With allow_duplicates, repeated slugs are kept (source_of names the first file) so that
    seeds.checks can report them together with every other problem."""
    catalog = Catalog()
    errors: list[str] = []

    def add(kind: str, slug: str, path: Path) -> None:
        key = f"{kind}:{slug}"
        if key in catalog.source_of:
            if not allow_duplicates:
                errors.append(
                    f"{path}: duplicate {kind} slug {slug!r} (also in {catalog.source_of[key]})"
                )
            catalog.also_in.setdefault(key, []).append(path)
            return
        catalog.source_of[key] = path

    for path in sorted((content_dir / "vocabulary").glob("*.yaml")):
        try:
            vocab = _parse(VocabularyFile, path)
        except ContentError as exc:
            errors.append(str(exc))
            continue
        assert isinstance(vocab, VocabularyFile)
        for entry in vocab.entries:
            add("vocabulary", entry.slug, path)
            catalog.vocabulary.append(entry)
    for path in sorted((content_dir / "grammar").glob("*.yaml")):
        try:
            topic = _parse(GrammarTopic, path)
        except ContentError as exc:
            errors.append(str(exc))
            continue
        assert isinstance(topic, GrammarTopic)
        add("grammar", topic.slug, path)
        catalog.grammar.append(topic)
    for path in sorted((content_dir / "scenarios").glob("*.yaml")):
        try:
            scenario = _parse(Scenario, path)
        except ContentError as exc:
            errors.append(str(exc))
            continue
        assert isinstance(scenario, Scenario)
        add("scenario", scenario.slug, path)
        catalog.scenarios.append(scenario)
    achievements_path = content_dir / "achievements.yaml"
    if achievements_path.exists():
        try:
            achievements = _parse(AchievementsFile, achievements_path)
            assert isinstance(achievements, AchievementsFile)
            for achievement in achievements.achievements:
                add("achievement", achievement.slug, achievements_path)
                catalog.achievements.append(achievement)
        except ContentError as exc:
            errors.append(str(exc))
    if errors:
        raise ContentError("\n".join(errors))
    return catalog


def validate_files(paths: list[Path]) -> None:
    """Validate single files by their folder (vocabulary/, grammar/, scenarios/)."""
    models: dict[str, type] = {
        "vocabulary": VocabularyFile,
        "grammar": GrammarTopic,
        "scenarios": Scenario,
        "content": AchievementsFile,
    }
    errors = []
    for path in paths:
        try:
            _parse(models[path.resolve().parent.name], path)
        except ContentError as exc:
            errors.append(str(exc))
    if errors:
        raise ContentError("\n".join(errors))


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        validate_files([Path(arg) for arg in sys.argv[1:]])
        print(f"ok: {len(sys.argv) - 1} files")
        raise SystemExit(0)
    loaded = load_catalog()
    print(
        f"ok: {len(loaded.vocabulary)} words, {len(loaded.grammar)} grammar topics "
        f"({sum(len(t.exercises) for t in loaded.grammar)} exercises), "
        f"{len(loaded.scenarios)} scenarios, {len(loaded.achievements)} achievements"
    )
