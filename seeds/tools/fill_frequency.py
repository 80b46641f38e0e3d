"""Fill `frequency_rank` of vocabulary entries from wordfreq, editing the YAML files as text.

    python -m seeds.tools.fill_frequency [FILE ...]   # default: seeds/content/vocabulary/*.yaml

The rank is the lemma's position in wordfreq.top_n_list("de", 100000), or, for a word not in
that list, the position its zipf_frequency implies among all of wordfreq's German words; a
phrase gets the rank of its rarest word, "sich X" the rank of X; null when wordfreq does not
know a word. wordfreq's lists are case-folded (Haus → haus, Straße → strasse), so nouns are
looked up case-folded like every other word: wordfreq cannot tell Essen from essen.

Only `frequency_rank:` lines are inserted (after `level:`) or replaced; every other byte stays
as it was, and a second run changes nothing.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from wordfreq import get_frequency_dict, top_n_list, zipf_frequency

from seeds.catalog import CONTENT_DIR

LANG = "de"
TOP_N = 100_000
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
ITEM = re.compile(r"^(?P<dash>(?P<indent> *)- +)(?P<rest>\S.*)?$")


class Ranker:
    """Frequency ranks of German words and lemmas by wordfreq."""

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {word: i for i, word in enumerate(top_n_list(LANG, TOP_N), start=1)}

    @cached_property
    def _minus_frequencies(self) -> list[float]:
        """All of wordfreq's German word frequencies, negated and ascending (for bisect)."""
        return sorted(-f for f in get_frequency_dict(LANG).values())

    def word_rank(self, word: str) -> int | None:
        if (rank := self._rank.get(word.casefold())) is not None:
            return rank
        zipf = zipf_frequency(word, LANG)
        if zipf <= 0:
            return None
        # 1 + the number of words that are more frequent than this one
        return 1 + bisect_left(self._minus_frequencies, -(10 ** (zipf - 9)))

    def lemma_rank(self, lemma: str) -> int | None:
        ranks = [self.word_rank(w) for w in WORD.findall(lemma.removeprefix("sich "))]
        if not ranks or None in ranks:
            return None
        return max(r for r in ranks if r is not None)


def _entry_blocks(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first line, end line, key column) of each item of the top-level `entries:` list."""
    start = next(i for i, line in enumerate(lines) if re.match(r"entries:\s*$", line)) + 1
    items: list[tuple[int, int]] = []  # (line, key column)
    item_indent: int | None = None
    end = len(lines)
    for i in range(start, len(lines)):
        line = lines[i].rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        match = ITEM.match(line)
        if item_indent is None and match:
            item_indent = indent
        if match and indent == item_indent:
            items.append((i, len(match["dash"])))
        elif item_indent is None or indent <= item_indent:
            end = i  # the list is over: a new top-level key
            break
    bounds = [line for line, _ in items[1:]] + [end]
    return [(first, last, col) for (first, col), last in zip(items, bounds, strict=True)]


def _key_line(lines: list[str], first: int, end: int, col: int, key: str) -> int | None:
    pattern = re.compile(rf"^(?:.{{{col}}}){re.escape(key)}:(\s|$)")
    for i in range(first, end):
        if pattern.match(lines[i]) and (i == first or lines[i][:col].strip() == ""):
            return i
    return None


def fill_text(text: str, ranker: Ranker) -> str:
    """The file's text with a `frequency_rank:` line in every entry."""
    data: Any = yaml.safe_load(text)
    entries = data["entries"]
    lines = text.splitlines(keepends=True)
    blocks = _entry_blocks(lines)
    if len(blocks) != len(entries):
        raise ValueError(f"found {len(blocks)} entries in the text but {len(entries)} in YAML")
    newline = "\r\n" if "\r\n" in text else "\n"
    # from the last entry up, so that inserted lines do not move the ones still to edit
    for (first, end, col), entry in reversed(list(zip(blocks, entries, strict=True))):
        rank = ranker.lemma_rank(str(entry["lemma"]))
        value = "null" if rank is None else str(rank)
        existing = _key_line(lines, first, end, col, "frequency_rank")
        if existing is not None:
            prefix = lines[existing][:col]
            ending = lines[existing][len(lines[existing].rstrip("\r\n")) :] or newline
            lines[existing] = f"{prefix}frequency_rank: {value}{ending}"
            continue
        after = _key_line(lines, first, end, col, "level")
        at = (after if after is not None else first) + 1
        if not lines[at - 1].endswith("\n"):
            lines[at - 1] += newline
        lines.insert(at, f"{' ' * col}frequency_rank: {value}{newline}")
    result = "".join(lines)
    _check_only_ranks_changed(data, yaml.safe_load(result))
    return result


def _check_only_ranks_changed(before: Any, after: Any) -> None:
    def without_ranks(data: Any) -> Any:
        entries = [{k: v for k, v in e.items() if k != "frequency_rank"} for e in data["entries"]]
        return {**data, "entries": entries}

    if without_ranks(before) != without_ranks(after):
        raise ValueError("editing the text changed more than frequency_rank")


def fill_file(path: Path, ranker: Ranker) -> tuple[int, int]:
    """Rewrite the file in place; (entries, entries without a rank)."""
    text = path.read_bytes().decode("utf-8")  # bytes: keep \r\n line ends as they are
    new = fill_text(text, ranker)
    if new != text:
        path.write_bytes(new.encode("utf-8"))
    entries = yaml.safe_load(new)["entries"]
    return len(entries), sum(e.get("frequency_rank") is None for e in entries)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((CONTENT_DIR / "vocabulary").glob("*.yaml"))
    ranker = Ranker()
    for path in paths:
        count, unknown = fill_file(path, ranker)
        print(f"{path}: {count} entries, {unknown} without a rank")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
