"""Where a problem is: the content file and slug, for messages a content author can act on."""

from __future__ import annotations

from seeds.catalog import CONTENT_DIR, Catalog
from seeds.schemas import VocabularyEntry

CHECKS_DIR = CONTENT_DIR / "checks"


def file_of(catalog: Catalog, kind: str, slug: str) -> str:
    path = catalog.source_of.get(f"{kind}:{slug}")
    return f"{path.parent.name}/{path.name}" if path else "?"


def vocab_where(catalog: Catalog, entry: VocabularyEntry) -> str:
    return f"{file_of(catalog, 'vocabulary', entry.slug)} {entry.slug}"
