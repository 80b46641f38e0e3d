"""tense: haben or sein in the Perfekt ("ich habe gegangen", "hat nach Berlin gefahren",
"ich bin gegessen")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from core.tutor.checker import data
from core.tutor.checker.articles import ARTICLES, PREPOSITIONS
from core.tutor.checker.clauses import clause_start
from core.tutor.checker.tokens import Segment, Token, make_correction, match_case, span_text
from core.tutor.checker.verbs import agrees, looks_like_participle, verb_readings
from core.tutor.schemas import Correction


def _aux_maps() -> tuple[dict[str, str], dict[str, str]]:
    to_sein: dict[str, str] = {}
    for table in (data.IRREGULAR_PRESENT, data.IRREGULAR_PAST, data.IRREGULAR_SUBJUNCTIVE):
        for have, be in zip(table["haben"], table["sein"], strict=True):
            to_sein.setdefault(have, be)
    to_haben = {be: have for have, be in to_sein.items()}
    return to_sein, to_haben


_TO_SEIN, _TO_HABEN = _aux_maps()


def _participle_list(pronoun: str) -> frozenset[str]:
    if pronoun in ("ich", "du", "wir", "ihr"):
        return data.HABEN_ONLY_PERSONAL
    if pronoun == "es":
        return data.HABEN_ONLY_ES
    return data.HABEN_ONLY_THIRD_PERSON


def _haben_only(pronoun: str, participle: str, words: Sequence[Token], q: int, p: int) -> bool:
    """Is sein impossible here? With er/sie a state ("Der Brief? Er ist geschrieben.") is
    possible, unless an object stands between auxiliary and participle ("Er ist ein Buch
    gelesen")."""
    if participle in _participle_list(pronoun):
        return True
    if pronoun in ("er", "sie", "man") and participle in data.HABEN_ONLY_PERSONAL:
        middle = range(min(q, p) + 1, max(q, p))
        return any(
            words[j].low in ARTICLES and words[j - 1].low not in PREPOSITIONS for j in middle
        )
    return False


def _clause_ranges(words: Sequence[Token]) -> Iterator[tuple[int, int]]:
    start = 0
    for j, word in enumerate(words):
        if word.low in data.COORDINATORS or word.low in data.SUBORDINATORS:
            if j > start:
                yield start, j
            start = j + 1
    if start < len(words):
        yield start, len(words)


def _perfekt_aux(words: Sequence[Token], a: int, b: int, p: int) -> tuple[int, bool] | None:
    """(index of the auxiliary, whether it is an infinitive) for the participle at p."""
    if p == b - 1:
        for q in range(p - 1, a - 1, -1):
            if words[q].low in _TO_SEIN or words[q].low in _TO_HABEN:
                return q, False
        return None
    after = words[p + 1].low
    if after not in _TO_SEIN and after not in _TO_HABEN and after not in ("sein", "haben"):
        return None
    if p == b - 2:
        modal = any(
            form.lemma in data.MODALS | {"werden"}
            for word in words[a:p]
            for form in verb_readings(word)
        )
        return p + 1, after in ("sein", "haben") and (after == "sein" or modal)
    if p == b - 3 and after in ("sein", "haben"):
        return p + 1, True
    return None


def _subject_of(words: Sequence[Token], a: int, q: int) -> Token | None:
    """The pronoun subject of the auxiliary at q: next to it, or first in a verb-final clause."""
    for index in (q - 1, q + 1, a):
        if a <= index < len(words) and words[index].low in data.SUBJECT_PRONOUNS:
            return words[index]
    return None


def tense_corrections(text: str, seg: Segment) -> Iterator[Correction]:
    words = seg.words
    for a, b in _clause_ranges(words):
        for p in range(a + 1, b):
            found = _perfekt_fix(text, words, a, b, p)
            if found is not None:
                yield found


def _motion_participle(participle: str) -> bool:
    return participle.endswith(data.DIRECTION_PARTICIPLES) and looks_like_participle(participle)


def _direction_without_object(words: Sequence[Token], a: int, b: int) -> bool:
    """The clause a..b has a direction phrase ("nach Italien", "in die Stadt", "nach Hause",
    "zum Arzt") and nothing that may be an accusative object ("das Auto", "mich", "ihren Sohn"):
    then fahren, fliegen, laufen take sein ("hat nach Berlin gefahren")."""
    direction = False
    for j in range(a, b):
        low, prev = words[j].low, words[j - 1].low if j > a else ""
        if low in data.OBJECT_PRONOUNS and j > a:
            return False
        following = words[j + 1] if j + 1 < b else None
        possessive = low in data.IHR_DETERMINERS and following is not None and following.capitalised
        determiner = low in ARTICLES or possessive
        if determiner and prev not in PREPOSITIONS | data.CONTRACTED_PREPOSITIONS:
            return False
        if following is None:
            continue
        direction = direction or _direction_start(low, following)
    return direction


def _direction_start(low: str, following: Token) -> bool:
    """ "nach Berlin", "nach Hause", "in die Stadt", "ins Kino", "zum Arzt"."""
    if low == "nach":
        return following.capitalised and following.low not in ARTICLES
    if low in ("in", "an", "auf"):
        return following.low in ("den", "die", "das")
    return low in data.DIRECTION_CONTRACTIONS


def _perfekt_fix(text: str, words: Sequence[Token], a: int, b: int, p: int) -> Correction | None:
    participle = words[p].low
    motion = _motion_participle(participle) and _direction_without_object(words, a, b)
    to_sein = participle in data.SEIN_ONLY_PARTICIPLES or motion
    if not to_sein and participle not in data.HABEN_ONLY_PERSONAL | data.HABEN_ONLY_ES:
        return None
    located = _perfekt_aux(words, a, b, p)
    if located is None:
        return None
    q, infinitive = located
    aux = words[q]
    if to_sein:
        if aux.low == "haben":
            new = "sein" if infinitive else "sind"
        else:
            new = _TO_SEIN.get(aux.low, "")
    else:
        subject = _subject_of(words, a, q)
        if subject is None or not _haben_only(subject.low, participle, words, q, p):
            return None
        if aux.low == "sein":
            new = "haben"
        else:
            forms = verb_readings(aux, q == clause_start(words))
            if not agrees(data.SUBJECT_PRONOUNS[subject.low], forms):
                return None
            new = _TO_HABEN.get(aux.low, "")
    if not new:
        return None
    new = match_case(aux.text, new)
    first, last = (aux, words[p]) if q < p else (words[p], aux)
    original = span_text(text, first, last)
    offset = aux.start - first.start
    corrected = original[:offset] + new + original[offset + len(aux.text) :]
    if motion and participle not in data.SEIN_ONLY_PARTICIPLES:
        explanation = (
            f"'{words[p].text}' with a direction (where to?) takes sein: it is movement from A "
            "to B. haben is for an object: 'Ich habe das Auto gefahren'."
        )
        topic = "perfekt-with-sein"
    elif to_sein:
        explanation = f"'{words[p].text}' takes sein as its auxiliary, not haben."
        topic = "perfekt-with-sein"
    else:
        explanation = f"'{words[p].text}' takes haben as its auxiliary, not sein."
        topic = "perfekt-with-haben"
    return make_correction("tense", original, corrected, explanation, topic)
