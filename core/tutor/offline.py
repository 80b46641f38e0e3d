"""The offline tutor: deterministic, no network, honest about what it cannot know.

In a scenario it walks the scripted steps, moving on when the learner's message fits the step
(see `core.tutor.listening`) and otherwise asking again with a hint; later lines take up what
the learner chose (the step's slots). Every line it writes keeps the scene's register.
Corrections come from the rule-based checker (precision first); new words are the scenario's
key words that appear in its reply."""

from __future__ import annotations

import asyncio
import re

from core.german_text import fold
from core.lexicon import noun_facts_async
from core.tutor.base import (
    AnswerToJudge,
    ExerciseBatch,
    ExerciseBrief,
    JudgedAnswer,
    KeyWord,
    ScenarioBrief,
    ScriptedStep,
    TurnContext,
    TurnOutcome,
)
from core.tutor.checker import find_corrections
from core.tutor.listening import captured, fill, fits, words
from core.tutor.register import Register, phrase, register_of
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
SCENE_PROMPTS = (
    "Was sagst du jetzt?",
    "Erzähl mir mehr!",
    "Und wie geht es weiter?",
    "Was möchtest du noch wissen?",
    "Was brauchst du noch?",
)
"""Offline, a learner's own scene is free talk around its key words: one of these, with a
key word to try in the answer."""
PRAISE = ("Super!", "Sehr gut!", "Prima!", "Genau.", "Alles klar.", "Gut gemacht!")


def _band(level: str) -> str:
    return "A" if level.startswith("A") else "B"


def free_talk_opening(level: str) -> str:
    return f"Hallo! Lass uns auf Deutsch plaudern. {FREE_TALK_QUESTIONS[_band(level)][0]}"


def _new_words(reply: str, key_words: tuple[KeyWord, ...]) -> list[NewWord]:
    said = set(words(reply))
    found: list[NewWord] = []
    for key in key_words:
        if not key.translation:
            continue  # a learner's word the catalogue does not know: nothing to teach
        stem = fold(key.lemma)
        if any(w.startswith(stem) for w in said) and len(found) < 3:
            found.append(NewWord(lemma=key.lemma, article=key.article, translation=key.translation))
    return found


def _acknowledge(turn: int, has_corrections: bool, register: Register) -> str:
    if has_corrections:
        return phrase("see_correction", register)
    return PRAISE[turn % len(PRAISE)]


SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _ask_again(line: str) -> str:
    """The step's question without its opening remarks ("Gute Wahl! ...", "Gern. ..."), which
    answered the previous message and would contradict not having understood this one; for a
    line without a question, its last sentence."""
    sentences = [s.strip() for s in SENTENCE.findall(line) if s.strip()]
    questions = [i for i, s in enumerate(sentences) if s.endswith("?")]
    if questions:
        return " ".join(sentences[questions[0] :])
    return sentences[-1] if sentences else line


def chosen_so_far(scenario: ScenarioBrief, learner_messages: list[str]) -> dict[str, str]:
    """The learner's choices (slot default → value) in the messages before this one, found by
    walking the script the way the tutor did."""
    step, missed = 0, False
    chosen: dict[str, str] = {}
    for message in learner_messages:
        if step >= len(scenario.steps):
            break
        current = scenario.steps[step]
        if fits(message, current):
            chosen |= _choices(message, current)
        elif not missed:
            missed = True
            continue
        step, missed = step + 1, False
    return chosen


def _choices(message: str, step: ScriptedStep) -> dict[str, str]:
    return {
        slot.default: value
        for slot in step.slots
        if (value := captured(message, slot)) is not None and value != slot.default
    }


def scripted_reply(context: TurnContext, has_corrections: bool) -> tuple[str, int]:
    """The next line and the step the conversation is at afterwards."""
    scenario = context.scenario
    step = context.script_step
    turn = len(context.history)
    register = register_of(scenario)
    if context.learner_scene is not None:
        return _scene_talk(context, step, has_corrections, register), step + 1
    if scenario is None:
        questions = FREE_TALK_QUESTIONS[_band(context.sustained_level or context.level)]
        ack = _acknowledge(turn, has_corrections, register)
        return f"{ack} {questions[step % len(questions)]}", step + 1
    steps = scenario.steps
    if step >= len(steps):
        return f"{scenario.closing_line}\n\n{phrase('scene_over', register)}", step
    current = steps[step]
    earlier = [text for role, text in context.history if role == "learner"]
    chosen = chosen_so_far(scenario, earlier)
    following = steps[step + 1].tutor if step + 1 < len(steps) else scenario.closing_line
    if fits(context.message, current):
        chosen |= _choices(context.message, current)
        ack = _acknowledge(turn, has_corrections, register)
        return f"{ack} {fill(following, chosen)}", step + 1
    if _missed_last_turn(context):
        # Asked twice already: keep the scene moving rather than insist.
        return f"Kein Problem! Weiter geht's. {fill(following, chosen)}", step + 1
    why = "cannot_answer" if context.message.rstrip().endswith("?") else "not_understood"
    question = _ask_again(fill(current.tutor, chosen))
    return (
        f"{phrase(why, register)} {question}\n"
        f"({HINT_MARK} {current.hint_en} — for example: „{current.example_answer}“)",
        step,
    )


def _scene_talk(context: TurnContext, step: int, has_corrections: bool, register: Register) -> str:
    """A line of free talk in the learner's own scene, asking for the next key word."""
    assert context.learner_scene is not None
    ack = _acknowledge(len(context.history), has_corrections, register)
    prompt = SCENE_PROMPTS[step % len(SCENE_PROMPTS)]
    key_words = context.learner_scene.key_words
    if not key_words:
        return f"{ack} {prompt}"
    word = key_words[step % len(key_words)].lemma
    return f"{ack} {prompt} Versuch es mit dem Wort „{word}“."


def _missed_last_turn(context: TurnContext) -> bool:
    last_tutor = next((text for role, text in reversed(context.history) if role == "tutor"), "")
    return HINT_MARK in last_tutor


def _key_words(context: TurnContext) -> tuple[KeyWord, ...]:
    if context.learner_scene is not None:
        return context.learner_scene.key_words
    return context.scenario.key_words if context.scenario else ()


class OfflineTutor:
    name = "offline"

    async def generate_exercises(self, brief: ExerciseBrief) -> ExerciseBatch:
        """Offline there is no one to write exercises: the bank alone is used."""
        return ExerciseBatch(items=[], error="offline: no AI to write exercises")

    async def judge_answer(self, question: AnswerToJudge) -> JudgedAnswer:
        """Offline no one judges an answer the bank does not know."""
        return JudgedAnswer(judgement=None)

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
            new_words=_new_words(text, _key_words(context)),
            level_estimate=None,
        )
        return TurnOutcome(reply=reply, tutor="offline", script_step=step)


__all__ = ["KeyWord", "OfflineTutor", "scripted_reply"]
