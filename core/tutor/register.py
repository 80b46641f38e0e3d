"""du or Sie: a scene is played in one register, and every line the tutor writes in it (its
own phrases, not only the scripted ones) uses that register."""

from __future__ import annotations

import re
from typing import Literal

from core.tutor.base import ScenarioBrief

Register = Literal["du", "Sie"]

FORMAL = re.compile(r"\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
INFORMAL = re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE)


def register_of(scenario: ScenarioBrief | None) -> Register:
    """The register the scene's own lines use (free talk is du)."""
    if scenario is None:
        return "du"
    lines = " ".join(
        [scenario.opening_line, *(s.tutor for s in scenario.steps), scenario.closing_line]
    )
    return "Sie" if len(FORMAL.findall(lines)) > len(INFORMAL.findall(lines)) else "du"


def informal_words(text: str) -> list[str]:
    """The du forms in a text (what must not appear in a Sie scene)."""
    return INFORMAL.findall(text)


# The tutor's own phrases, in both registers.
PHRASES: dict[str, dict[Register, str]] = {
    "see_correction": {
        "du": "Gut verstanden — schau dir kurz die Korrektur an.",
        "Sie": "Gut verstanden — schauen Sie sich kurz die Korrektur an.",
    },
    "not_understood": {
        "du": "Hm, ich bin nicht sicher, ob ich dich richtig verstehe.",
        "Sie": "Hm, ich bin nicht sicher, ob ich Sie richtig verstehe.",
    },
    "cannot_answer": {
        "du": "Auf diese Frage kann ich hier leider nicht antworten.",
        "Sie": "Auf diese Frage kann ich hier leider nicht antworten.",
    },
    "scene_over": {
        "du": "(Die Szene ist fertig. Mit /end siehst du deine Zusammenfassung — or start "
        "another scene with /talk.)",
        "Sie": "(Die Szene ist fertig. Mit /end sehen Sie Ihre Zusammenfassung — or start "
        "another scene with /talk.)",
    },
}


def phrase(key: str, register: Register) -> str:
    return PHRASES[key][register]
