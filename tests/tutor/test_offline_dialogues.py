"""Scripted dialogues with the offline tutor, every scene, correct and faulty learners: what the
tutor says back is asserted line by line (it moves on, it follows what the learner chose, it
never praises what it did not understand, it keeps the scene's du or Sie). No database."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from core.conversation.scenarios import scripted_step
from core.tutor.base import ScenarioBrief, TurnContext
from core.tutor.listening import fits
from core.tutor.offline import HINT_MARK, PRAISE, OfflineTutor
from core.tutor.register import FORMAL, informal_words, phrase, register_of
from core.tutor.schemas import Correction
from seeds.catalog import Catalog, load_catalog
from seeds.schemas import Scenario

# Mistakes today's checker catches for sure, appended to a good answer: the step is done, and
# the correction must be made and acknowledged (not praised).
FAULTS = ("Er gehen heute nach Hause.", "Ich gehe mit der Kind.", "Das ist für den Frau.")
OFF_TOPIC = "Lalala, trallala."
PRAISE_WORDS = (*PRAISE, "Gute Wahl", "Gut gemacht")


@dataclass
class Exchange:
    learner: str
    tutor: str
    corrections: list[Correction]
    step_before: int
    step_after: int


@dataclass
class Dialogue:
    scene: ScenarioBrief | None
    level: str = "A2"
    history: list[tuple[str, str]] = field(default_factory=list)
    step: int = 0
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.scene is not None:
            self.history.append(("tutor", f"{self.scene.opening_line} {self.scene.steps[0].tutor}"))

    async def say(self, message: str) -> Exchange:
        context = TurnContext(
            level=self.level,
            scenario=self.scene,
            summary="",
            history=tuple((("learner" if r == "learner" else "tutor"), t) for r, t in self.history),
            message=message,
            script_step=self.step,
            refresh_summary=False,
        )
        outcome = await OfflineTutor().converse(context)
        text = outcome.reply.reply
        exchange = Exchange(
            message, text, outcome.reply.corrections, self.step, outcome.script_step
        )
        self.history += [("learner", message), ("tutor", text)]
        self.step = outcome.script_step
        self.exchanges.append(exchange)
        return exchange


def brief(scenario: Scenario) -> ScenarioBrief:
    return ScenarioBrief(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        tutor_role=scenario.tutor_role,
        learner_goal=scenario.learner_goal,
        opening_line=scenario.opening_line,
        closing_line=scenario.closing_line,
        steps=tuple(scripted_step(t.model_dump()) for t in scenario.turns),
        key_words=(),
    )


CATALOG: Catalog = load_catalog(allow_duplicates=True)
SCENES = {s.slug: brief(s) for s in CATALOG.scenarios}
CATEGORY = {s.slug: s.category for s in CATALOG.scenarios}
SLUGS = sorted(SCENES)


def own_words(reply: str, scene: ScenarioBrief) -> str:
    """The reply without the scene's scripted lines and the learner-facing hint: what the
    offline tutor wrote itself."""
    text = reply.split(f"({HINT_MARK}")[0]
    for line in (scene.opening_line, *(s.tutor for s in scene.steps), scene.closing_line):
        text = text.replace(line, "")
    return text


def assert_register(dialogue: Dialogue) -> None:
    scene = dialogue.scene
    assert scene is not None
    register = register_of(scene)
    for exchange in dialogue.exchanges:
        if register == "Sie":
            assert not informal_words(exchange.tutor.split(f"({HINT_MARK}")[0]), exchange.tutor
        else:
            assert not FORMAL.findall(own_words(exchange.tutor, scene)), exchange.tutor


def assert_no_contradiction(exchange: Exchange, register: str) -> None:
    understood = exchange.step_after > exchange.step_before
    if not understood:
        assert not any(p in exchange.tutor for p in PRAISE_WORDS), exchange.tutor
        assert HINT_MARK in exchange.tutor
    if exchange.corrections:
        assert not exchange.tutor.startswith(PRAISE), exchange.tutor
    if understood and exchange.corrections and not exchange.tutor.startswith("Kein Problem"):
        assert exchange.tutor.startswith(phrase("see_correction", register)), exchange.tutor  # type: ignore[arg-type]


def test_there_are_ten_dialogues_of_each_kind_per_category() -> None:
    per_category = Counter(CATEGORY[slug] for slug in SLUGS)
    # three dialogues per scene below: correct, faulty, off-topic twice then correct
    assert all(3 * n >= 10 for n in per_category.values()), per_category


@pytest.mark.parametrize("slug", SLUGS)
async def test_a_correct_learner_walks_the_scene_to_its_end(slug: str) -> None:
    scene = SCENES[slug]
    dialogue = Dialogue(scene)
    for i, step in enumerate(scene.steps):
        exchange = await dialogue.say(step.example_answer)
        assert exchange.step_after == i + 1, exchange
        assert HINT_MARK not in exchange.tutor
        assert_no_contradiction(exchange, register_of(scene))
    assert scene.closing_line in dialogue.exchanges[-1].tutor
    after = await dialogue.say("Danke!")
    assert scene.closing_line in after.tutor and "/end" in after.tutor
    assert_register(dialogue)


@pytest.mark.parametrize("slug", SLUGS)
async def test_a_faulty_learner_is_corrected_and_not_praised(slug: str) -> None:
    scene = SCENES[slug]
    dialogue = Dialogue(scene)
    for i, step in enumerate(scene.steps):
        fault = FAULTS[i % len(FAULTS)]
        answer = step.example_answer.rstrip()
        answer = answer if answer.endswith((".", "!", "?")) else f"{answer}."
        exchange = await dialogue.say(f"{answer} {fault}")
        assert exchange.step_after == i + 1
        assert exchange.corrections, exchange
        assert any(c.original in fault for c in exchange.corrections)
        assert exchange.tutor.startswith(phrase("see_correction", register_of(scene)))
        assert_no_contradiction(exchange, register_of(scene))
    assert_register(dialogue)


@pytest.mark.parametrize("slug", SLUGS)
async def test_a_lost_learner_gets_the_question_again_then_the_scene_moves_on(slug: str) -> None:
    scene = SCENES[slug]
    dialogue = Dialogue(scene)
    first = await dialogue.say(OFF_TOPIC)
    assert first.step_after == 0
    assert first.tutor.startswith(phrase("not_understood", register_of(scene)))
    assert scene.steps[0].example_answer in first.tutor
    assert_no_contradiction(first, register_of(scene))
    second = await dialogue.say(OFF_TOPIC)
    assert second.step_after == 1 and second.tutor.startswith("Kein Problem!")
    question = await dialogue.say("Wie bitte? Was meinen Sie?")
    if question.step_after == 1:
        assert question.tutor.startswith(phrase("cannot_answer", register_of(scene)))
        assert_no_contradiction(question, register_of(scene))
    good = await dialogue.say(scene.steps[1].example_answer)
    assert good.step_after == question.step_after + 1
    assert_register(dialogue)


@pytest.mark.parametrize("slug", SLUGS)
def test_generic_words_alone_fit_no_step(slug: str) -> None:
    for step in SCENES[slug].steps:
        for message in ("ja", "bitte", "nicht", "wie", "Ja, bitte.", "Nein, nicht.", "Wie bitte?"):
            assert not fits(message, step), (slug, step.tutor, message)


CAFE = "cafe-ordering"


async def _cafe(*answers: str) -> Dialogue:
    dialogue = Dialogue(SCENES[CAFE])
    for answer in answers:
        await dialogue.say(answer)
    return dialogue


async def test_who_ordered_tea_is_served_tea() -> None:
    dialogue = await _cafe(
        "Ich hätte gern einen Tee, bitte.", "Ein Stück Käsekuchen, bitte.", "Mit Sahne."
    )
    served = dialogue.exchanges[-1].tutor
    assert "ein Tee und ein Stück Käsekuchen" in served, served
    assert "Kaffee" not in served and "Apfelkuchen" not in served


async def test_the_example_order_is_served_as_scripted() -> None:
    dialogue = await _cafe(*(s.example_answer for s in SCENES[CAFE].steps[:3]))
    assert "ein Kaffee mit Milch und ein Stück Apfelkuchen" in dialogue.exchanges[-1].tutor


async def test_answers_without_the_keywords_are_understood() -> None:
    typo = await _cafe("Einen Kafee, bitte.")
    assert typo.exchanges[0].step_after == 1
    asked = await _cafe("Eine heiße Schokolade.", "Was kostet der Kuchen?")
    assert asked.exchanges[1].step_after == 2
    assert HINT_MARK not in asked.exchanges[1].tutor


async def test_not_understood_is_never_followed_by_the_next_lines_praise() -> None:
    dialogue = await _cafe("Ein Wasser, bitte.", "Ein Stück Apfelkuchen.", OFF_TOPIC)
    reply = dialogue.exchanges[-1].tutor
    assert dialogue.exchanges[-1].step_after == 2
    assert "Gute Wahl" not in reply
    assert reply.startswith(phrase("not_understood", "Sie"))
    assert "Möchten Sie den Kuchen mit oder ohne Sahne?" in reply


RESCHEDULE = "rescheduling-by-phone"


async def test_the_assistant_takes_up_the_day_and_time_the_learner_proposes() -> None:
    scene = SCENES[RESCHEDULE]
    dialogue = Dialogue(scene)
    for step in scene.steps[:2]:
        await dialogue.say(step.example_answer)
    proposed = await dialogue.say("Hätte Herr Brandt am Mittwoch Zeit?")
    assert proposed.tutor.startswith(PRAISE) or proposed.tutor.startswith("Gut verstanden")
    assert "Am Mittwoch hat er leider keine Zeit." in proposed.tutor
    other = await dialogue.say("Dienstag passt leider nicht. Geht Donnerstag um 9 Uhr?")
    assert "für Donnerstag um 9 Uhr ein" in other.tutor, other.tutor
    assert "14 Uhr" not in other.tutor


async def test_the_scripted_time_stays_when_the_learner_accepts_it() -> None:
    scene = SCENES[RESCHEDULE]
    dialogue = Dialogue(scene)
    for step in scene.steps[:4]:
        await dialogue.say(step.example_answer)
    assert "für Dienstag um 14 Uhr ein" in dialogue.exchanges[-1].tutor
    assert "Am Montag hat er" in dialogue.exchanges[-2].tutor


async def test_free_talk_praises_a_correct_sentence_and_asks_on_in_du() -> None:
    dialogue = Dialogue(None)
    exchange = await dialogue.say("Wir sind gestern ins Kino gegangen.")
    assert exchange.tutor.startswith(PRAISE) and not exchange.corrections
    assert "verstanden" not in exchange.tutor and "verstehe" not in exchange.tutor
    wrong = await dialogue.say("Gestern ich bin ins Kino gegangen.")
    assert wrong.corrections[0].category == "verb_position"
    assert wrong.tutor.startswith(phrase("see_correction", "du"))
    assert not re.search(r"\b(?:Ihnen|Ihr\w*)\b", wrong.tutor)


def test_every_scene_has_one_register() -> None:
    for scene in SCENES.values():
        lines = " ".join([scene.opening_line, *(s.tutor for s in scene.steps), scene.closing_line])
        if register_of(scene) == "Sie":
            assert not informal_words(lines), scene.slug


async def test_the_ticket_office_sends_the_learner_where_they_asked_to_go() -> None:
    dialogue = Dialogue(SCENES["train-tickets"])
    asked = await dialogue.say("Nach Hamburg, bitte.")
    assert asked.step_after == 1
    when = await dialogue.say("Morgen früh, so gegen acht Uhr.")
    assert "in Hamburg" in when.tutor and "München" not in when.tutor


async def test_a_line_without_a_question_is_asked_again_by_its_last_sentence() -> None:
    dialogue = await _cafe("Einen Tee, bitte.", "Ein Stück Apfelkuchen.", "Ohne Sahne.", OFF_TOPIC)
    again = dialogue.exchanges[-1]
    assert again.step_after == 3
    assert again.tutor.startswith(f"{phrase('not_understood', 'Sie')} Guten Appetit!")
    assert "bitte schön" not in again.tutor
