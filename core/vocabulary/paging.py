"""Page numbers of the catalogue search and the deck list."""

from __future__ import annotations

from core.errors import Invalid

MAX_PAGE_SIZE = 100


def page_bounds(page: int, page_size: int) -> tuple[int, int]:
    """(offset, limit) of a 1-based page."""
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"page must be ≥ 1 and page_size between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size, page_size
