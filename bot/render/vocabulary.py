"""Notices about a learner's words that arrive later: a typed word's meaning was found, or
could not be, and how to give it."""

from __future__ import annotations

from html import escape

from bot.render.message import Rendered
from core.german_text import with_article
from core.notifications import EnrichmentNotice


def enrichment(notice: EnrichmentNotice) -> Rendered:
    headword = escape(with_article(notice.lemma, notice.gender))
    if notice.found:
        lines = [f"✨ <b>{headword}</b> — {escape(', '.join(notice.translations))}"]
        if notice.example_de:
            lines.append(f"<i>{escape(notice.example_de)}</i>")
        return Rendered("\n".join(lines))
    return Rendered(
        f"I couldn't find a translation for <b>{headword}</b>. Tell me what it means: "
        f"<code>/meaning {escape(notice.lemma)} = …</code>"
    )
