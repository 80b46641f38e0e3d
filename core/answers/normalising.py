"""The form answers are compared in: Unicode, invisible characters, quotes and spacing
made uniform."""

from __future__ import annotations

import unicodedata

_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\u301f\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u02bc\u0060\u00b4\uff07", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
}


def _clean_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isspace():
        return " "
    # Control, format (zero-width, bidi marks, soft hyphen, BOM) and lone surrogates.
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return ""
    return ch


def normalise(text: str) -> str:
    """The form answers are compared in: NFC, invisible characters dropped, quotes,
    apostrophes and dashes unified, whitespace trimmed and collapsed to single spaces."""
    # NFC first: some characters decompose to ones mapped here (U+1FEF to a backtick);
    # NFC again after dropping invisibles, which may have separated a letter from its mark.
    text = unicodedata.normalize("NFC", text)
    text = "".join(_clean_char(ch) for ch in text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())
