"""The German learning content passes every check of seeds.checks (no database needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.grammar.validation import same_tokens, sentence_tokens
from seeds.catalog import Catalog, load_catalog
from seeds.checks import CHECKS


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    # duplicates are loaded, not raised, so that the references check reports them
    return load_catalog(allow_duplicates=True)


def report(problems: list[str], shown: int = 50) -> str:
    more = f"\n... and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:shown]) + more


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_content_passes(catalog: Catalog, check: Callable[[Catalog], list[str]]) -> None:
    if problems := check(catalog):
        pytest.fail(report(problems), pytrace=False)


WORDS = st.lists(
    st.text(st.characters(exclude_categories=("Z", "C"), exclude_characters=".!?"), min_size=1),
    min_size=1,
    max_size=10,
)


@given(words=WORDS, end=st.sampled_from(["", ".", "!", "?", "?!", "..."]), data=st.data())
def test_word_order_tokens_rebuild_their_sentence_only(
    words: list[str], end: str, data: st.DataObject
) -> None:
    sentence = " ".join(words) + end
    assert sentence_tokens(sentence) == words
    shuffled = data.draw(st.permutations(words))
    assert same_tokens([f" {token} " for token in shuffled], f"  {sentence} ")
    assert not same_tokens(shuffled[1:], sentence)
    assert not same_tokens([*shuffled, shuffled[0]], sentence)
