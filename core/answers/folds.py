"""Umlaut and ß folds (ä as ae or a, ß as ss), and the umlauts that carry grammar."""

from __future__ import annotations

import unicodedata

_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"}


def transliterate(
    word: str, *, umlauts: bool = True, eszett: bool = True, capital_e: bool | None = None
) -> str:
    """ä -> ae, Ä -> Ae (AE in capitals), ß -> ss; `capital_e` forces the case of the e."""
    out: list[str] = []
    for i, ch in enumerate(word):
        if umlauts and ch in _UMLAUTS:
            if capital_e is None and ch.isupper():
                following = word[i + 1 : i + 2]
                shouting = following.isupper() if following else (i > 0 and word[i - 1].isupper())
            else:
                shouting = bool(capital_e)
            out.append(_UMLAUTS[ch] + ("E" if shouting else "e"))
        elif eszett and ch == "ß":
            out.append("ss")
        elif eszett and ch == "\u1e9e":
            out.append("SS")
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def strip_umlauts(word: str, *, eszett: bool = True) -> str:
    stripped = "".join(_UMLAUTS.get(ch, ch) for ch in word)
    return transliterate(stripped, umlauts=False, eszett=eszett)


def has_umlaut(word: str) -> bool:
    return any(ch in _UMLAUTS for ch in word)


def fold(word: str) -> str:
    return transliterate(word.lower())


# Umlauts that carry grammar, so leaving them off in a sentence is wrong, not a typo:
# Konjunktiv II, du/er forms of strong verbs, comparatives, plurals made by umlaut alone.
def _listed(*lines: str) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.split())


_GRAMMAR_UMLAUT_WORDS = frozenset(
    _listed(
        "würde würdest würden würdet hätte hättest hätten hättet wäre wärst wären wärt wäret",
        "könnte könntest könnten könntet müsste müsstest müssten müsstet müßte müßten",
        "dürfte dürftest dürften dürftet möchte möchtest möchten möchtet wüsste wüssten",
        "käme kämen gäbe gäben täte täten läge lägen bräuchte bräuchten",
    )
)
_GRAMMAR_UMLAUT_SUFFIXES = _listed(
    "fährst fährt läufst läuft schläfst schläft trägst trägt fällst fällt hältst hält",
    "lässt wächst wäschst wäscht fängst fängt gräbst gräbt lädst lädt rätst rät schlägst",
    "schlägt brätst brät bläst stößt säufst säuft bäckst bäckt",
    "brüder väter mütter töchter äpfel vögel mäntel gärten läden öfen böden häfen gräben",
    "kästen nägel fäden sättel mängel schwäger klöster schnäbel",
)
_GRAMMAR_UMLAUT_PREFIXES = _listed(
    "älter ältest ärmer ärmst dümmer dümmst gesünder gesündest größer größt gröber härter",
    "härtest höher höchst jünger jüngst kälter kältest klüger klügst kränker kürzer kürzest",
    "länger längst näher öfter schärfer schwächer schwächst stärker stärkst wärmer wärmst",
)


def umlaut_is_grammar(word: str) -> bool:
    word = word.lower()
    if word in _GRAMMAR_UMLAUT_WORDS or word.startswith(_GRAMMAR_UMLAUT_PREFIXES):
        return True
    return word.endswith(_GRAMMAR_UMLAUT_SUFFIXES) or (
        word.endswith("n") and word[:-1].endswith(_GRAMMAR_UMLAUT_SUFFIXES)  # Brüdern
    )
