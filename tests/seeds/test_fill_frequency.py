"""seeds/tools/fill_frequency.py edits vocabulary files in place, touching only the ranks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from seeds.catalog import CONTENT_DIR
from seeds.tools.fill_frequency import Ranker, fill_file, main

SMALL = """\
# a comment that must stay
entries:
  -   slug: haus-noun   # odd but valid indentation
      lemma: Haus
      pos: noun
      translations: [house]
      example_de: "Das Haus ist alt."
      example_en: The house is old.
      level: A1
      topics:
        - home
      noun: {gender: n, plural: Häuser}
  -   slug: sich-freuen-verb
      lemma: sich freuen
      pos: verb
      translations:
        - to be glad
      example_de: >-
        Ich freue mich.
      example_en: I'm glad.
      level: A2
      frequency_rank: 99999
      topics: [feelings]
  -   slug: zum-beispiel-phrase
      lemma: zum Beispiel
      pos: phrase
      translations: [for example]
      example_de: Zum Beispiel Äpfel.
      example_en: For example apples.
      level: A1
      topics: [basics]
  -   slug: quxblorf-noun
      lemma: Quxblorfzwiebel
      pos: noun
      translations: [nothing]
      example_de: Nichts.
      example_en: Nothing.
      level: B1
      topics: [basics]
"""


@pytest.fixture(scope="module")
def ranker() -> Ranker:
    return Ranker()


def without_rank_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "frequency_rank:" not in line]


def test_fills_ranks_in_place_and_keeps_everything_else(tmp_path: Path, ranker: Ranker) -> None:
    path = tmp_path / "small.yaml"
    path.write_bytes(SMALL.encode())

    assert fill_file(path, ranker) == (4, 1)

    text = path.read_text(encoding="utf-8")
    assert without_rank_lines(text) == without_rank_lines(SMALL)
    assert text.count("      frequency_rank: ") == 4  # at the entries' own indentation
    ranks = {e["slug"]: e["frequency_rank"] for e in yaml.safe_load(text)["entries"]}
    assert ranks == {
        "haus-noun": ranker.word_rank("haus"),
        "sich-freuen-verb": ranker.word_rank("freuen"),
        "zum-beispiel-phrase": max(ranker.word_rank("zum") or 0, ranker.word_rank("beispiel") or 0),
        "quxblorf-noun": None,
    }
    assert 0 < ranks["haus-noun"] < 1000
    lines = text.splitlines()
    assert (
        lines[lines.index("      level: A1") + 1] == f"      frequency_rank: {ranks['haus-noun']}"
    )


def test_is_idempotent_and_keeps_crlf(tmp_path: Path, ranker: Ranker) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(SMALL.replace("\n", "\r\n").encode())
    fill_file(path, ranker)
    once = path.read_bytes()
    fill_file(path, ranker)
    assert path.read_bytes() == once
    assert once.count(b"\r\n") == once.count(b"\n")


def test_a_copy_of_a_real_vocabulary_file(tmp_path: Path) -> None:
    source = sorted((CONTENT_DIR / "vocabulary").glob("*.yaml"))[0]
    path = tmp_path / source.name
    shutil.copy(source, path)
    assert main([str(path)]) == 0
    original, filled = source.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
    assert without_rank_lines(filled) == without_rank_lines(original)
    entries = yaml.safe_load(filled)["entries"]
    assert all("frequency_rank" in e for e in entries)
    assert sum(e["frequency_rank"] is not None for e in entries) > len(entries) / 2
