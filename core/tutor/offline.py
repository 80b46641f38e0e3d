"""The offline tutor: deterministic, no network, honest about what it cannot know.

In a scenario it walks the scripted steps, moving on when the learner's message contains a
step's keywords and otherwise asking again with a hint; corrections come from the rule-based
checker (precision first); new words are the scenario's key words that appear in its reply."""

from __future__ import annotations

import asyncio
import re

from core.german_text import fold
from core.lexicon import noun_facts_async
from core.tutor.base import KeyWord, ScenarioBrief, TurnContext, TurnOutcome
from core.tutor.checker import find_corrections
from core.tutor.schemas import NewWord, TutorReply, WordAnalysis

FREE_TALK_QUESTIONS: dict[str, tuple[str, ...]] = {
    "A": (
        "Wie heißt du und woher kommst du?",
        "Was machst du gern in deiner Freizeit?",
        "Was isst du gern zum Frühstück?",
        "Wie ist das Wetter heute bei dir?",
        "Was hast du am Wochenende gemacht?",
        "Hast du Geschwister? Erzähl mir von deiner Familie.",
        "Wie kommst du zur Arbeit oder zur Schule?",
        "Was möchtest du morgen machen?",
    ),
    "B": (
        "Warum lernst du Deutsch?",
        "Erzähl mir von deiner letzten Reise. Was hat dir gefallen?",
        "Wie sieht ein normaler Arbeitstag bei dir aus?",
        "Was würdest du machen, wenn du ein Jahr frei hättest?",
        "Welches Buch oder welchen Film kannst du empfehlen und warum?",
        "Was ist in deiner Stadt besonders schön?",
        "Welche Pläne hast du für das nächste Jahr?",
        "Was findest du am Deutschlernen am schwierigsten?",
    ),
}
HINT_MARK = "Tip:"
PRAISE = ("Super!", "Sehr gut!", "Prima!", "Genau.", "Alles klar.", "Gut gemacht!")


def _band(level: str) -> str:
    return "A" if level.startswith("A") else "B"


def free_talk_opening(level: str) -> str:
    return f"Hallo! Lass uns auf Deutsch plaudern. {FREE_TALK_QUESTIONS[_band(level)][0]}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9@]+", fold(text))


def step_done(message: str, keywords: tuple[str, ...]) -> bool:
    """A step counts as done when a keyword stem starts one of the message's words."""
    words = _words(message)
    return any(
        any(word.startswith(stem) for word in words) for stem in (fold(k) for k in keywords) if stem
    )


def _new_words(reply: str, scenario: ScenarioBrief | None) -> list[NewWord]:
    if scenario is None:
        return []
    words = set(_words(reply))
    found: list[NewWord] = []
    for key in scenario.key_words:
        stem = fold(key.lemma)
        if any(w.startswith(stem) for w in words) and len(found) < 3:
            found.append(NewWord(lemma=key.lemma, article=key.article, translation=key.translation))
    return found


def _acknowledge(turn: int, has_corrections: bool) -> str:
    if has_corrections:
        return "Gut verstanden — schau dir kurz die Korrektur an."
    return PRAISE[turn % len(PRAISE)]


def scripted_reply(context: TurnContext, has_corrections: bool) -> tuple[str, int]:
    """The next line and the step the conversation is at afterwards."""
    scenario = context.scenario
    step = context.script_step
    turn = len(context.history)
    if scenario is None:
        questions = FREE_TALK_QUESTIONS[_band(context.level)]
        return f"{_acknowledge(turn, has_corrections)} {questions[step % len(questions)]}", step + 1
    steps = scenario.steps
    if step >= len(steps):
        return (
            f"{scenario.closing_line}\n\n(Die Szene ist fertig. Mit /end siehst du deine "
            "Zusammenfassung — or start another scene with /talk.)",
            step,
        )
    current = steps[step]
    following = steps[step + 1].tutor if step + 1 < len(steps) else scenario.closing_line
    if step_done(context.message, current.keywords):
        return f"{_acknowledge(turn, has_corrections)} {following}", step + 1
    if _missed_last_turn(context):
        # Asked twice already: keep the scene moving rather than insist.
        return f"Kein Problem! Weiter geht's. {following}", step + 1
    return (
        f"Entschuldigung, das habe ich nicht ganz verstanden. {current.tutor}\n"
        f"({HINT_MARK} {current.hint_en} — for example: „{current.example_answer}“)",
        step,
    )


def _missed_last_turn(context: TurnContext) -> bool:
    last_tutor = next((text for role, text in reversed(context.history) if role == "tutor"), "")
    return HINT_MARK in last_tutor


class OfflineTutor:
    name = "offline"

    async def analyse_word(self, word: str) -> WordAnalysis:
        facts = await noun_facts_async(word[:1].upper() + word[1:]) if word else None
        if facts is not None:
            return WordAnalysis(
                lemma=facts.lemma,
                pos="noun",
                gender=facts.gender,
                plural=facts.plural,
                source="offline",
                note="The offline tutor knows gender and plural but has no dictionary "
                "for translations; add one yourself or connect Claude.",
            )
        return WordAnalysis(
            lemma=word,
            source="offline",
            note="The offline tutor does not know this word; add a translation yourself.",
        )

    async def converse(self, context: TurnContext) -> TurnOutcome:
        corrections = await asyncio.to_thread(find_corrections, context.message)
        text, step = scripted_reply(context, bool(corrections))
        reply = TutorReply(
            reply=text,
            corrections=corrections[:10],
            new_words=_new_words(text, context.scenario),
            level_estimate=None,
        )
        return TurnOutcome(reply=reply, tutor="offline", script_step=step)


__all__ = ["KeyWord", "OfflineTutor", "scripted_reply", "step_done"]
