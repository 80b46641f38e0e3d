"""Conversation cost benchmark: tokens and dollars per turn of a 50-turn scripted café
conversation, in three designs, measured from the accounting of the fake Messages API
(``tests.fakes.anthropic.FakeAnthropic``) that the real ``anthropic.AsyncAnthropic`` client
talks to over HTTP, all in one process. Not a test: run by hand, see bench/README.md.

    .venv/bin/python -m bench.conversation_cost [--turns 50] [--input-price 3]
        [--output-price 15] [--cache-write-multiplier 1.25] [--cache-read-multiplier 0.1]
        [--seconds-per-turn 0] [--per-turn]

Designs (the same learner lines and the same fake-model answers in all three):

1. ours: ``ClaudeTutor.converse`` with a ``TurnContext`` per turn built as the product builds
   it (core/conversation/turns.py): all previous turns as history (the tutor keeps the last
   ``RECENT_TURNS``), the running summary carried over from ``outcome.summary``, a summary
   refresh every ``SUMMARY_EVERY`` learner turns, the script step from the outcome. One call
   per turn, the static prefix marked with ``cache_control``.
2. ours without summary/caching: the same single structured call per turn (same
   instructions, scenario prefix and ``tutor_turn`` tool, from core/tutor/claude.py) but the
   whole history every turn, no summary and no ``cache_control``.
3. naive: three calls per turn, each with the whole history and its own instructions, no
   caching: the reply (plain text), the grammar corrections (a tool) and the new words of the
   reply (a tool; its history ends with the new reply). The grammar call gets the whole
   scenario prefix; the reply and words calls get it without the grammar-topic list.

Deterministic: the fake counts one token per started 4 bytes of UTF-8, its answers come from
the script below, and its cache clock only moves by ``--seconds-per-turn`` (the run itself
takes seconds, far below the 5-minute cache lifetime), so every run prints the same numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from anthropic import AsyncAnthropic
from anthropic.types import Message, MessageParam, TextBlockParam, ToolParam
from pydantic import BaseModel, Field

from core.conversation.turns import SUMMARY_EVERY
from core.german import SINGULAR_GENDERS, CefrLevel, article_of
from core.tutor.base import KeyWord, ScenarioBrief, ScriptedStep, TurnContext
from core.tutor.claude import (
    GRAMMAR_TOPICS_HINT,
    RECENT_TURNS,
    TURN_INSTRUCTIONS,
    ClaudeTutor,
    TurnTool,
    _tool,
    scenario_prefix,
)
from core.tutor.schemas import Correction, NewWord, TutorReply
from seeds.catalog import load_catalog
from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest, FakeUsage

MODEL = "claude-sonnet-4-6"
LEVEL: CefrLevel = "A2"
SCENARIO = "cafe-ordering"
MAX_TOKENS = 1024
GRAMMAR_TOOL = "grammar_corrections"  # the naive design's second and third calls
WORDS_TOOL = "new_words"
Role = Literal["learner", "tutor"]

# --------------------------------------------------------------------------------------------
# The script: what the learner writes and what the fake model answers
# --------------------------------------------------------------------------------------------


JSON = dict[str, Any]


def C(category: str, original: str, corrected: str, explanation: str, topic: str | None) -> JSON:
    """A correction as the fake model writes it."""
    return {
        "category": category,
        "original": original,
        "corrected": corrected,
        "explanation": explanation,
        "topic_slug": topic,
    }


def W(lemma: str, article: str | None, translation: str) -> JSON:
    """A new word as the fake model writes it."""
    return {"lemma": lemma, "article": article, "translation": translation}


@dataclass(frozen=True)
class ScriptTurn:
    learner: str
    tutor: str
    corrections: tuple[JSON, ...] = ()
    words: tuple[JSON, ...] = ()


V2 = "main-clause-word-order-v2"
V2_WHY = "In a main clause the verb comes second: a fronted {} is followed by the verb."
DAT = "dative-case"
WECHSEL = "two-way-prepositions"

SCRIPT: tuple[ScriptTurn, ...] = (
    ScriptTurn(
        "Hallo! Ich möchte einen Kaffee mit Milch, bitte.",
        "Sehr gern, ein Kaffee mit Milch. Möchten Sie auch etwas essen? Heute haben wir frischen "
        "Apfelkuchen und Käsekuchen, beide sind hausgemacht und bei unseren Gästen sehr beliebt.",
        words=(W("hausgemacht", None, "homemade"), W("beliebt", None, "popular")),
    ),
    ScriptTurn(
        "Ja, ich nehme ein Stück Apfelkuchen. Ist der Kuchen warm?",
        "Ja, der Apfelkuchen kommt ganz frisch und noch warm aus dem Ofen. Möchten Sie Sahne oder "
        "Vanilleeis dazu? Viele Gäste nehmen beides, aber das ist natürlich Geschmackssache.",
        words=(W("Ofen", "der", "oven"), W("Geschmackssache", "die", "matter of taste")),
    ),
    ScriptTurn(
        "nein danke, ohne Sahne. Ich bin auf Diät haha",
        "Haha, das verstehe ich gut, das mache ich nach Weihnachten auch immer! Dann bringe ich "
        "Ihnen den Kuchen ohne Sahne. Sind Sie zum ersten Mal bei uns? Ich habe Sie hier noch nie "
        "gesehen.",
        words=(W("zum ersten Mal", None, "for the first time"),),
    ),
    ScriptTurn(
        "Ja, ich wohne erst seit zwei Monate in Berlin.",
        "Seit zwei Monaten erst? Dann ist ja noch alles ganz neu für Sie, die Stadt, die Sprache "
        "und das Wetter! Woher kommen Sie denn ursprünglich? Und wie gefällt Ihnen Berlin bis "
        "jetzt?",
        corrections=(
            C(
                "case",
                "seit zwei Monate",
                "seit zwei Monaten",
                "'seit' takes the dative; dative plural nouns add -n.",
                "prepositions-with-dative",
            ),
        ),
        words=(W("ursprünglich", None, "originally"),),
    ),
    ScriptTurn(
        "Ich komme aus Spanien, aus Valencia. Berlin gefällt mir sehr, aber das Wetter ist kalt.",
        "Valencia, wie schön! Dort scheint bestimmt viel öfter die Sonne als hier. Im November "
        "ist Berlin leider oft grau, kalt und nass. Was vermissen Sie am meisten aus Spanien?",
        words=(W("vermissen", None, "to miss"), W("nass", None, "wet")),
    ),
    ScriptTurn(
        "Ich vermisse das Meer und die Essen von meine Mutter.",
        "Das verstehe ich gut! Das Essen von zu Hause ist immer das beste, besonders das Essen "
        "von der Mutter. Kochen Sie hier in Berlin auch manchmal spanisch? Vielleicht eine Paella "
        "für Ihre Freunde?",
        corrections=(
            C(
                "gender_article",
                "die Essen",
                "das Essen",
                "'Essen' is neuter: das Essen.",
                "nouns-gender-definite-article",
            ),
            C(
                "case",
                "von meine Mutter",
                "von meiner Mutter",
                "'von' takes the dative: meiner Mutter.",
                "prepositions-with-dative",
            ),
        ),
        words=(W("zu Hause", None, "at home"),),
    ),
    ScriptTurn(
        "Ja, am Wochenende ich koche oft Paella für meine Mitbewohner.",
        "Das klingt lecker! Ihre Mitbewohner haben wirklich Glück, so eine Köchin hätte ich auch "
        "gern zu Hause. Wohnen Sie in einer WG? Hier in Berlin ist das sehr typisch, besonders "
        "für junge Leute.",
        corrections=(
            C(
                "verb_position",
                "am Wochenende ich koche",
                "am Wochenende koche ich",
                V2_WHY.format("time phrase"),
                V2,
            ),
        ),
        words=(W("WG", "die", "shared flat"), W("Glück", "das", "luck")),
    ),
    ScriptTurn(
        "Ja, ich wohne in eine WG in Neukölln mit drei Leute.",
        "Neukölln ist ein spannender Bezirk, dort gibt es viele kleine Cafés, Bars und "
        "Restaurants aus der ganzen Welt. Verstehen Sie sich gut mit Ihren Mitbewohnern? Woher "
        "kommen die drei?",
        corrections=(
            C(
                "case",
                "in eine WG",
                "in einer WG",
                "'in' with the dative for where something is (wo?).",
                WECHSEL,
            ),
            C(
                "case",
                "mit drei Leute",
                "mit drei Leuten",
                "'mit' takes the dative; dative plural nouns add -n.",
                "prepositions-with-dative",
            ),
        ),
        words=(W("Bezirk", "der", "district"), W("spannend", None, "exciting")),
    ),
    ScriptTurn(
        "Ja, sie sind sehr nett. Eine ist aus Italien und zwei sind aus Deutschland.",
        "Eine internationale WG, wie schön! Dann sprechen Sie zu Hause bestimmt viel Deutsch, das "
        "ist die beste Übung. Ihr Kaffee und der Kuchen kommen gleich. Arbeiten oder studieren "
        "Sie hier in Berlin?",
        words=(W("gleich", None, "in a moment"),),
    ),
    ScriptTurn(
        "Ich arbeite als Krankenschwester in ein Krankenhaus.",
        "Als Krankenschwester? Das ist ein wichtiger, aber auch sehr anstrengender Beruf! Morgens "
        "sind hier oft Leute vom Krankenhaus nebenan, die einen Kaffee brauchen. Arbeiten Sie "
        "auch nachts?",
        corrections=(
            C(
                "case",
                "in ein Krankenhaus",
                "in einem Krankenhaus",
                "'in' with the dative for where something is (wo?).",
                WECHSEL,
            ),
        ),
        words=(W("anstrengend", None, "exhausting"), W("nebenan", None, "next door")),
    ),
    ScriptTurn(
        "Ja, manchmal ich habe Nachtschicht. Das ist sehr müde.",
        "So, bitte schön: ein Kaffee mit Milch und ein Stück Apfelkuchen ohne Sahne. Nach einer "
        "Nachtschicht braucht man wirklich einen guten, starken Kaffee! Wie oft arbeiten Sie denn "
        "nachts?",
        corrections=(
            C(
                "verb_position",
                "manchmal ich habe",
                "manchmal habe ich",
                V2_WHY.format("adverb"),
                V2,
            ),
            C(
                "word_choice",
                "Das ist sehr müde",
                "Das macht sehr müde",
                "Something makes you tired (macht müde); only people are tired.",
                None,
            ),
        ),
        words=(W("Nachtschicht", "die", "night shift"),),
    ),
    ScriptTurn(
        "Danke schön! Der Kuchen sieht lecker aus. Ich arbeite zwei oder drei Nächte pro Woche.",
        "Guten Appetit! Zwei oder drei Nächte pro Woche, das ist viel. Können Sie danach am Tag "
        "gut schlafen? Ich könnte das nicht, ich bin ein richtiger Morgenmensch und abends um "
        "zehn schon müde.",
        words=(W("Morgenmensch", "der", "morning person"),),
    ),
    ScriptTurn(
        "Nicht so gut. Ich schlafe nur fünf Stunden und dann ich trinke viel Kaffee.",
        "Das kenne ich! Aber zu viel Kaffee ist auch nicht gesund, vor allem nicht am Abend. "
        "Probieren Sie doch mal unseren Kräutertee, der ist gut zum Entspannen und zum "
        "Einschlafen. Trinken Sie gern Tee?",
        corrections=(
            C("verb_position", "dann ich trinke", "dann trinke ich", V2_WHY.format("'dann'"), V2),
        ),
        words=(W("Kräutertee", "der", "herbal tea"), W("entspannen", None, "to relax")),
    ),
    ScriptTurn(
        "Manchmal. In Spanien wir trinken nicht so viel Tee, mehr Kaffee.",
        "Stimmt, in Deutschland trinkt man auch sehr viel Kaffee, aber im Winter ist Tee bei "
        "vielen Leuten beliebt. Welchen Kaffee trinkt man in Spanien am liebsten? Einen Café con "
        "leche?",
        corrections=(
            C(
                "verb_position",
                "In Spanien wir trinken",
                "In Spanien trinken wir",
                V2_WHY.format("place phrase"),
                V2,
            ),
        ),
        words=(W("am liebsten", None, "most of all"),),
    ),
    ScriptTurn(
        "Ja genau! Café con leche oder cortado. Das ist wie ein kleiner Kaffee mit ein "
        "bisschen Milch.",
        "Ah, das ist so ähnlich wie ein Macchiato! Den mache ich Ihnen beim nächsten Mal gern, "
        "sagen Sie mir einfach Bescheid. Haben Sie heute eigentlich frei, oder müssen Sie später "
        "noch arbeiten?",
        words=(W("ähnlich", None, "similar"),),
    ),
    ScriptTurn(
        "Heute ich habe frei. Ich will später in den Tiergarten spazieren gehen.",
        "Eine gute Idee, der Tiergarten ist im Herbst wunderschön mit den bunten Blättern. Nehmen "
        "Sie aber einen Regenschirm mit, heute Nachmittag soll es nämlich regnen. Haben Sie einen "
        "dabei?",
        corrections=(
            C(
                "verb_position",
                "Heute ich habe frei",
                "Heute habe ich frei",
                V2_WHY.format("'heute'"),
                V2,
            ),
        ),
        words=(W("Blatt", "das", "leaf"), W("Regenschirm", "der", "umbrella")),
    ),
    ScriptTurn(
        "Oh nein, ich habe keinen Regenschirm. Ich habe ihn zu Hause vergessen.",
        "Kein Problem, wir haben hier einen alten Schirm, den Sie sich gern ausleihen können. "
        "Bringen Sie ihn einfach morgen zurück, wenn Sie vorbeikommen. Kommen Sie morgen wieder "
        "zu uns?",
        words=(W("ausleihen", None, "to borrow"), W("zurückbringen", None, "to bring back")),
    ),
    ScriptTurn(
        "Das ist sehr nett von Ihnen! Ja, morgen ich komme nach der Arbeit.",
        "Sehr gern, das freut mich! Wann sind Sie morgen mit der Arbeit fertig? Wir haben unter "
        "der Woche bis 19 Uhr geöffnet, danach wird es mit dem Schirm leider ein bisschen "
        "schwierig.",
        corrections=(
            C(
                "verb_position",
                "morgen ich komme",
                "morgen komme ich",
                V2_WHY.format("'morgen'"),
                V2,
            ),
        ),
        words=(W("geöffnet", None, "open"), W("fertig", None, "finished")),
    ),
    ScriptTurn(
        "Ich bin um sechs Uhr fertig, dann ich fahre mit dem Fahrrad hier.",
        "Perfekt, dann sind Sie also gegen halb sieben hier, das passt gut. Mit dem Fahrrad im "
        "Regen ist es aber nicht so schön. Fahren Sie eigentlich jeden Tag mit dem Rad zur "
        "Arbeit?",
        corrections=(
            C("verb_position", "dann ich fahre", "dann fahre ich", V2_WHY.format("'dann'"), V2),
            C(
                "word_choice",
                "hier",
                "hierher",
                "With verbs of movement use 'hierher' (to here), not 'hier' (here).",
                None,
            ),
        ),
        words=(W("Rad", "das", "bike"), W("gegen", None, "around (a time)")),
    ),
    ScriptTurn(
        "Ja, jeden Tag. Es ist billiger als die U-Bahn und ich bin schneller.",
        "Das stimmt, mit dem Rad ist man in Berlin oft schneller als mit der U-Bahn. Aber passen "
        "Sie gut auf, der Verkehr kann hier gefährlich sein! Wie lange brauchen Sie bis zum "
        "Krankenhaus?",
        words=(W("Verkehr", "der", "traffic"), W("aufpassen", None, "to be careful")),
    ),
    ScriptTurn(
        "Ich brauche ungefähr zwanzig Minuten. Das ist gut für die Gesundheit.",
        "Zwanzig Minuten Sport jeden Morgen, das ist wirklich gesund und spart auch noch Geld! "
        "Möchten Sie noch etwas trinken? Vielleicht ein Glas Wasser oder noch einen Kaffee mit "
        "Milch?",
        words=(W("Glas", "das", "glass"),),
    ),
    ScriptTurn(
        "Ja, ein Glas Wasser, bitte. Und haben Sie auch Orangesaft?",
        "Natürlich, wir haben frisch gepressten Orangensaft, die Orangen kommen übrigens aus "
        "Spanien. Ein großes Glas kostet 3,90 Euro, ein kleines 2,50 Euro. Welches möchten Sie?",
        corrections=(
            C(
                "spelling",
                "Orangesaft",
                "Orangensaft",
                "The compound has a linking -n-: Orange + n + Saft.",
                None,
            ),
        ),
        words=(W("frisch gepresst", None, "freshly squeezed"),),
    ),
    ScriptTurn(
        "Ein kleines Glas, bitte. Ich habe heute schon viel getrinkt.",
        "Kommt sofort: ein kleiner Orangensaft und ein Glas Wasser, das Wasser ist bei uns "
        "natürlich gratis. Was machen Sie denn sonst gern in Ihrer Freizeit, wenn Sie nicht "
        "arbeiten müssen?",
        corrections=(
            C(
                "verb_conjugation",
                "getrinkt",
                "getrunken",
                "'trinken' is irregular: the past participle is 'getrunken'.",
                "perfekt-with-haben",
            ),
        ),
        words=(W("Freizeit", "die", "free time"), W("sonst", None, "otherwise")),
    ),
    ScriptTurn(
        "Ich lese gern Bücher und ich gehe gern ins Kino. Und ich lerne Deutsch, natürlich!",
        "Sie sprechen schon richtig gut Deutsch, das muss ich sagen! Lernen Sie in einem Kurs "
        "oder allein mit einer App? Und welche Filme sehen Sie im Kino am liebsten, Komödien oder "
        "Krimis?",
        words=(W("Kurs", "der", "course"), W("allein", None, "alone")),
    ),
    ScriptTurn(
        "Ich mache einen Kurs an der Volkshochschule, zwei Mal pro Woche am Abend.",
        "Die Volkshochschule hat sehr gute Kurse, und sie sind nicht so teuer wie private "
        "Sprachschulen. Ihre Aussprache ist übrigens wirklich sehr klar! Wie lange lernen Sie "
        "schon Deutsch?",
        words=(W("Aussprache", "die", "pronunciation"),),
    ),
    ScriptTurn(
        "Ich lerne seit ein Jahr. Ich habe in Spanien angefangen.",
        "Seit einem Jahr, und Sie können schon so viel! Das ist wirklich beeindruckend, ehrlich. "
        "Was ist für Sie am schwierigsten: die Grammatik, die vielen neuen Wörter oder die "
        "Aussprache?",
        corrections=(
            C(
                "case",
                "seit ein Jahr",
                "seit einem Jahr",
                "'seit' takes the dative: seit einem Jahr.",
                "prepositions-with-dative",
            ),
        ),
        words=(W("beeindruckend", None, "impressive"), W("schwierig", None, "difficult")),
    ),
    ScriptTurn(
        "Die Artikel! Der, die, das... das ist sehr schwierig für mich.",
        "Da sind Sie nicht allein, die Artikel sind für fast alle Deutschlernenden schwer. Ein "
        "Tipp: Lernen Sie jedes Nomen immer zusammen mit seinem Artikel. Haben Sie dafür schon "
        "eine gute Methode?",
        words=(W("Nomen", "das", "noun"), W("Methode", "die", "method")),
    ),
    ScriptTurn(
        "Ich schreibe die Wörter auf Karten mit verschiedene Farben.",
        "Eine tolle Methode, so lernen auch viele Schüler in Deutschland! Oft nimmt man Blau für "
        "der, Rot für die und Grün für das. Machen Sie es auch so, oder haben Sie andere Farben "
        "gewählt?",
        corrections=(
            C(
                "case",
                "mit verschiedene Farben",
                "mit verschiedenen Farben",
                "After 'mit' (dative) an adjective in the plural ends in -en.",
                DAT,
            ),
        ),
        words=(W("benutzen", None, "to use"), W("wählen", None, "to choose")),
    ),
    ScriptTurn(
        "Ich benutze Blau für der und Rot für die, aber für das ich habe Gelb.",
        "Gelb für das, warum nicht! Hauptsache, es hilft Ihnen beim Lernen, und das tut es "
        "offensichtlich. Draußen wird es übrigens schon dunkel. Haben Sie heute Abend noch etwas "
        "vor?",
        corrections=(
            C("verb_position", "für das ich habe", "für das habe ich", V2_WHY.format("phrase"), V2),
        ),
        words=(W("Hauptsache", "die", "the main thing"), W("vorhaben", None, "to have plans")),
    ),
    ScriptTurn(
        "Ja, ich treffe heute Abend eine Freundin. Wir gehen zusammen essen.",
        "Schön! Wissen Sie schon, wo Sie essen gehen? Ich kann Ihnen ein sehr gutes "
        "vietnamesisches Restaurant hier in der Nähe empfehlen, nur zwei Straßen weiter. Mögen "
        "Sie vietnamesisches Essen?",
        words=(W("empfehlen", None, "to recommend"), W("in der Nähe", None, "nearby")),
    ),
    ScriptTurn(
        "Oh danke! Wie heißt das Restaurant? Ist es teuer?",
        "Es heißt Hanoi Kitchen und ist gar nicht teuer, eine Hauptspeise kostet ungefähr zwölf "
        "Euro. Am Wochenende sollten Sie aber reservieren, es ist oft sehr voll. Essen Sie gern "
        "asiatisch?",
        words=(W("Hauptspeise", "die", "main course"), W("reservieren", None, "to book")),
    ),
    ScriptTurn(
        "Ja, ich esse sehr gern asiatisch, besonders scharfes Essen.",
        "Dann bestellen Sie dort unbedingt die Pho mit Chili, die ist richtig scharf und sehr "
        "lecker! Hoffentlich mag Ihre Freundin auch scharfes Essen. Woher kennen Sie sich "
        "eigentlich?",
        words=(W("unbedingt", None, "definitely"), W("hoffentlich", None, "hopefully")),
    ),
    ScriptTurn(
        "Ich kenne sie von der Deutschkurs. Sie kommt aus Brasilien.",
        "Aus Brasilien, wie spannend, dann sind Sie beide neu in Berlin! Zusammen üben ist "
        "nämlich eine sehr gute Idee. Sprechen Sie miteinander Deutsch oder lieber Englisch?",
        corrections=(
            C(
                "gender_article",
                "von der Deutschkurs",
                "vom Deutschkurs",
                "'Kurs' is masculine; 'von' + dative 'dem' becomes 'vom'.",
                "nouns-gender-definite-article",
            ),
        ),
        words=(W("üben", None, "to practise"), W("nämlich", None, "you see; namely")),
    ),
    ScriptTurn(
        "Wir sprechen immer Deutsch. Manchmal wir machen Fehler, aber das ist okay.",
        "Genau, Fehler sind ganz normal und gehören zum Lernen einfach dazu. So lernt man am "
        "schnellsten, glauben Sie mir! Möchten Sie noch ein zweites Stück Kuchen, bevor Sie "
        "gehen?",
        corrections=(
            C(
                "verb_position",
                "Manchmal wir machen",
                "Manchmal machen wir",
                V2_WHY.format("adverb"),
                V2,
            ),
        ),
        words=(W("Fehler", "der", "mistake"), W("dazugehören", None, "to be part of it")),
    ),
    ScriptTurn(
        "Nein danke, ich bin satt. Aber der Kuchen war sehr lecker!",
        "Das freut mich sehr, das sage ich gleich unserer Bäckerin. Sie steht jeden Morgen um "
        "fünf Uhr auf und backt alle Kuchen selbst, nach den Rezepten ihrer Oma. Backen Sie auch "
        "gern?",
        words=(W("Bäckerin", "die", "(female) baker"), W("backen", None, "to bake")),
    ),
    ScriptTurn(
        "Nein, ich kann nicht gut backen. Einmal ich habe einen Kuchen gemacht und er war schwarz!",
        "Oh je, ein schwarzer Kuchen! Das ist mir auch schon passiert, der Ofen war einfach zu "
        "heiß und ich habe am Telefon die Zeit vergessen. Was für einen Kuchen wollten Sie damals "
        "backen?",
        corrections=(
            C("verb_position", "Einmal ich habe", "Einmal habe ich", V2_WHY.format("adverb"), V2),
        ),
        words=(W("passieren", None, "to happen"), W("damals", None, "back then")),
    ),
    ScriptTurn(
        "Einen Schokoladenkuchen für die Geburtstag von meinem Mitbewohner.",
        "Wie lieb von Ihnen! Zum Glück kann man einen guten Schokoladenkuchen auch beim Bäcker "
        "kaufen, oder hier bei uns. Wie hat Ihr Mitbewohner seinen Geburtstag denn gefeiert?",
        corrections=(
            C(
                "gender_article",
                "für die Geburtstag",
                "für den Geburtstag",
                "'Geburtstag' is masculine and 'für' takes the accusative: den.",
                "prepositions-with-accusative",
            ),
        ),
        words=(W("zum Glück", None, "luckily"), W("feiern", None, "to celebrate")),
    ),
    ScriptTurn(
        "Wir haben eine Party in unsere Wohnung gemacht. Es war sehr laut!",
        "Eine WG-Party in Neukölln, das kann ich mir gut vorstellen! In Berlin sind manche "
        "Nachbarn da leider sehr streng, besonders nach zehn Uhr abends. Haben sich die Nachbarn "
        "nicht beschwert?",
        corrections=(
            C(
                "case",
                "in unsere Wohnung",
                "in unserer Wohnung",
                "'in' with the dative for where something happens (wo?).",
                WECHSEL,
            ),
        ),
        words=(W("sich beschweren", None, "to complain"), W("streng", None, "strict")),
    ),
    ScriptTurn(
        "Doch, eine Nachbarin ist um Mitternacht gekommt und hat geklingelt.",
        "Oh nein! Um Mitternacht ist ja offiziell Nachtruhe, da sind die Nachbarn oft sauer. War "
        "sie sehr böse, oder konnten Sie mit ihr sprechen und sich bei ihr entschuldigen?",
        corrections=(
            C(
                "verb_conjugation",
                "gekommt",
                "gekommen",
                "'kommen' is irregular: the past participle is 'gekommen'.",
                "perfekt-with-sein",
            ),
        ),
        words=(
            W("Nachtruhe", "die", "quiet hours at night"),
            W("sich entschuldigen", None, "to apologise"),
        ),
    ),
    ScriptTurn(
        "Wir haben uns entschuldigt und ihr Kuchen gegeben. Jetzt sie ist unsere Freundin!",
        "Was für eine schöne Geschichte! Mit Kuchen kann man wirklich fast jedes Problem lösen, "
        "das sage ich auch immer. Fahren Sie eigentlich über Weihnachten nach Hause, nach "
        "Spanien?",
        corrections=(
            C("verb_position", "Jetzt sie ist", "Jetzt ist sie", V2_WHY.format("'jetzt'"), V2),
        ),
        words=(W("lösen", None, "to solve"), W("eigentlich", None, "actually; by the way")),
    ),
    ScriptTurn(
        "Ja, ich fliege am zwanzigste Dezember nach Valencia.",
        "Wie schön, dann feiern Sie Weihnachten mit Ihrer Familie und der Sonne! Wie feiert man "
        "in Spanien eigentlich Weihnachten? Gibt es da auch einen Weihnachtsbaum und Geschenke?",
        corrections=(
            C(
                "case",
                "am zwanzigste Dezember",
                "am zwanzigsten Dezember",
                "After 'am' (an dem, dative) the ordinal ends in -en.",
                DAT,
            ),
        ),
        words=(W("Weihnachtsbaum", "der", "Christmas tree"),),
    ),
    ScriptTurn(
        "Ja, aber die Geschenke kommen am sechsten Januar. Die Heiligen Drei Könige bringen sie.",
        "Interessant, das wusste ich nicht! Bei uns gibt es die Geschenke schon am Heiligabend, "
        "also am 24. Dezember, nach dem Essen. Bleiben Sie bis zum sechsten Januar in Spanien?",
        words=(W("Heiligabend", "der", "Christmas Eve"),),
    ),
    ScriptTurn(
        "Nein, leider ich muss am zweiten Januar wieder arbeiten.",
        "Schade, aber dann feiern Sie wenigstens Silvester in Valencia mit Ihrer Familie. Dort "
        "ist es bestimmt wärmer als in Berlin! Was macht man in Spanien an Silvester?",
        corrections=(
            C("verb_position", "leider ich muss", "leider muss ich", V2_WHY.format("'leider'"), V2),
        ),
        words=(W("wenigstens", None, "at least"), W("Silvester", None, "New Year's Eve")),
    ),
    ScriptTurn(
        "Wir essen zwölf Trauben um Mitternacht, eine für jeden Glockenschlag.",
        "Zwölf Trauben in zwölf Sekunden? Das klingt schwierig, aber lustig! In Deutschland gibt "
        "es Feuerwerk und Sekt. Haben Sie schon einmal Silvester in Deutschland gefeiert?",
        words=(W("Feuerwerk", "das", "fireworks"), W("Sekt", "der", "sparkling wine")),
    ),
    ScriptTurn(
        "Nein, noch nie. Aber ich habe gehört, dass Berlin an Silvester sehr laut ist.",
        "Das stimmt, an Silvester ist es in Berlin extrem laut, und manche finden es sogar "
        "gefährlich. Aber erzählen Sie mal: Wie war eigentlich Ihr erster Tag hier in Berlin?",
        words=(W("sogar", None, "even"),),
    ),
    ScriptTurn(
        "Es war chaotisch! Ich bin mit zwei große Koffer angekommen und die Aufzug war kaputt.",
        "Mit zwei großen Koffern und ohne Aufzug, das ist wirklich anstrengend! Ich hoffe, jemand "
        "hat Ihnen geholfen. In welchem Stock wohnen Sie denn? Hoffentlich nicht im fünften?",
        corrections=(
            C(
                "case",
                "mit zwei große Koffer",
                "mit zwei großen Koffern",
                "'mit' takes the dative: adjective -en, and the plural noun adds -n.",
                DAT,
            ),
            C(
                "gender_article",
                "die Aufzug",
                "der Aufzug",
                "'Aufzug' is masculine: der Aufzug.",
                "nouns-gender-definite-article",
            ),
        ),
        words=(W("Koffer", "der", "suitcase"), W("Stock", "der", "floor (storey)")),
    ),
    ScriptTurn(
        "Doch, im vierten Stock! Aber jetzt ich bin fit, ich gehe jeden Tag die Treppe.",
        "Haha, Treppensteigen als Fitnessprogramm, das ist besser und billiger als jedes "
        "Fitnessstudio! Ich muss jetzt leider weiter, es kommen neue Gäste. Möchten Sie schon "
        "bezahlen?",
        corrections=(
            C("verb_position", "jetzt ich bin", "jetzt bin ich", V2_WHY.format("'jetzt'"), V2),
        ),
        words=(W("Fitnessstudio", "das", "gym"), W("Gast", "der", "guest")),
    ),
    ScriptTurn(
        "Ja, ich möchte zahlen, bitte. Kann ich mit Karte bezahlen?",
        "Natürlich, mit Karte oder bar. Das macht zusammen 10,30 Euro für den Kaffee, den Kuchen "
        "und den Orangensaft, das Wasser ist gratis. Wie möchten Sie zahlen?",
        words=(W("gratis", None, "free of charge"), W("zusammen", None, "in total")),
    ),
    ScriptTurn(
        "Mit Karte, bitte. Machen Sie elf Euro. Das Trinkgeld ist für Sie.",
        "Vielen Dank, das ist sehr nett von Ihnen! Hier ist Ihr Beleg. Und vergessen Sie den "
        "Regenschirm nicht, draußen regnet es schon! Bringen Sie ihn einfach morgen zurück, ja?",
        words=(W("Beleg", "der", "receipt"),),
    ),
    ScriptTurn(
        "Ja natürlich! Vielen Dank für alles und bis morgen. Tschüss!",
        "Vielen Dank, das ist sehr nett! Einen schönen Tag noch und bis bald! Viel Spaß heute "
        "Abend im Restaurant mit Ihrer Freundin, und probieren Sie die Pho. Bis morgen um halb "
        "sieben?",
        words=(W("Spaß", "der", "fun"),),
    ),
)

STORY = (
    (
        12,
        "ordered a coffee with milk and apple cake and told the waiter about moving from "
        "Valencia to Berlin",
    ),
    (24, "has her order and talks about her work as a nurse, night shifts and cycling"),
    (36, "talks about learning German, her classmates and dinner plans"),
    (10_000, "talks about a WG party, Christmas in Spain and pays soon"),
)


def summary_text(turn: int) -> str:
    """What the fake model writes when asked for the running summary after ``turn`` turns."""
    story = next(text for until, text in STORY if turn <= until)
    mistakes = Counter(c["category"] for t in SCRIPT[:turn] for c in t.corrections)
    top = ", ".join(
        f"{category.replace('_', ' ')} ({n})" for category, n in mistakes.most_common(3)
    )
    text = (
        f"Café role-play in Berlin, {turn} learner turns so far. The learner (A2) {story}. "
        f"Recurring mistakes: {top or 'none yet'}."
    )
    assert len(text) <= 300, text
    return text


# --------------------------------------------------------------------------------------------
# The fake model
# --------------------------------------------------------------------------------------------


class ScriptedModel:
    """The fake's replier: answers from the script turn the benchmark is at."""

    def __init__(self) -> None:
        self.turn = 1

    @property
    def step(self) -> ScriptTurn:
        return SCRIPT[self.turn - 1]

    def __call__(self, request: FakeRequest) -> FakeReply:
        step = self.step
        tool = request.forced_tool
        if tool is None:
            return FakeReply.text(step.tutor)
        if tool == "tutor_turn":
            answer: dict[str, Any] = {
                "reply": step.tutor,
                "corrections": list(step.corrections),
                "new_words": list(step.words),
                "level_estimate": LEVEL,
            }
            if "update `summary`" in request.system_text:
                answer["summary"] = summary_text(self.turn)
            return FakeReply.tool(answer, tool)
        if tool == GRAMMAR_TOOL:
            return FakeReply.tool(
                {"corrections": list(step.corrections), "level_estimate": LEVEL}, tool
            )
        if tool == WORDS_TOOL:
            return FakeReply.tool({"new_words": list(step.words)}, tool)
        raise ValueError(f"unexpected tool {tool!r}")


# --------------------------------------------------------------------------------------------
# The three designs
# --------------------------------------------------------------------------------------------


@functools.cache
def cafe_brief() -> ScenarioBrief:
    """The café scenario as ``core.conversation.scenarios.scenario_brief`` builds it (the key
    words in the scenario file's order)."""
    catalog = load_catalog()
    scenario = next(s for s in catalog.scenarios if s.slug == SCENARIO)
    words = {v.slug: v for v in catalog.vocabulary}
    key_words = []
    for slug in scenario.key_vocabulary:
        item = words[slug]
        gender = item.noun.gender if item.noun else None
        article = article_of(gender) if gender in SINGULAR_GENDERS else None
        key_words.append(KeyWord(item.lemma, article, item.translations[0]))
    return ScenarioBrief(
        slug=scenario.slug,
        title=scenario.title,
        title_de=scenario.title_de,
        tutor_role=scenario.tutor_role,
        learner_goal=scenario.learner_goal,
        opening_line=scenario.opening_line,
        closing_line=scenario.closing_line,
        steps=tuple(
            ScriptedStep(t.tutor, t.hint_en, t.example_answer, tuple(t.keywords))
            for t in scenario.turns
        ),
        key_words=tuple(key_words),
    )


def opening(brief: ScenarioBrief) -> str:
    """The tutor's first turn, as ``start_conversation`` stores it."""
    return f"{brief.opening_line}\n{brief.steps[0].tutor}".strip()


def refresh_due(answered: int) -> bool:
    """``claim_next_turn``'s rule, with ``answered`` learner turns before this one."""
    return bool(answered) and (answered + 1) % SUMMARY_EVERY == 0


def all_messages(turns: Sequence[tuple[Role, str]]) -> list[MessageParam]:
    """Every turn verbatim, merged so roles alternate (``conversation_messages`` without the
    ``RECENT_TURNS`` cut)."""
    merged: list[tuple[str, str]] = []
    for role, text in turns:
        api_role = "user" if role == "learner" else "assistant"
        if merged and merged[-1][0] == api_role:
            merged[-1] = (api_role, f"{merged[-1][1]}\n{text}")
        else:
            merged.append((api_role, text))
    if merged[0][0] == "assistant":
        merged.insert(0, ("user", "(The conversation starts.)"))
    messages: list[MessageParam] = []
    for api_role, content in merged:
        if api_role == "user":
            messages.append({"role": "user", "content": content})
        else:
            messages.append({"role": "assistant", "content": content})
    return messages


def tool_input(message: Message, name: str) -> Any:
    for block in message.content:
        if block.type == "tool_use" and block.name == name:
            return block.input
    raise AssertionError(f"no {name} tool_use in the answer")


def text_of(message: Message) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


@dataclass
class Run:
    name: str
    turns: list[list[FakeUsage]] = field(default_factory=list)  # per turn, per call
    total: FakeUsage = field(default_factory=FakeUsage)
    calls: int = 0


async def run_ours(fake: FakeAnthropic, model: ScriptedModel, turns: int, pace: float) -> Run:
    client = AsyncAnthropic(api_key="bench", base_url=fake.base_url, max_retries=0)
    tutor = ClaudeTutor(client, MODEL, max_tokens=MAX_TOKENS)
    brief = cafe_brief()
    history: list[tuple[Role, str]] = [("tutor", opening(brief))]
    summary, script_step = "", 0
    run = Run("ours")
    for turn in range(1, turns + 1):
        model.turn = turn
        line = SCRIPT[turn - 1].learner
        context = TurnContext(
            level=LEVEL,
            scenario=brief,
            summary=summary,
            history=tuple(history),
            message=line,
            script_step=script_step,
            refresh_summary=refresh_due(turn - 1),
        )
        before = len(fake.requests)
        outcome = await tutor.converse(context)
        calls = fake.requests[before:]
        assert outcome.tutor == "claude", f"turn {turn}: fell back to the offline tutor"
        assert len(calls) == 1 and calls[0].ok, f"turn {turn}: {len(calls)} calls"
        assert calls[0].cache_markers == ["system[1]"], calls[0].cache_markers
        usage = calls[0].usage
        assert usage is not None
        [record] = outcome.usage  # what the product stores agrees with the fake's bill
        assert (record.input_tokens, record.output_tokens) == (
            usage.input_tokens,
            usage.output_tokens,
        )
        assert (record.cache_write_tokens, record.cache_read_tokens) == (
            usage.cache_creation_input_tokens,
            usage.cache_read_input_tokens,
        )
        assert (outcome.summary is not None) == context.refresh_summary, turn
        if outcome.summary:
            summary = outcome.summary
        script_step = outcome.script_step
        history += [("learner", line), ("tutor", outcome.reply.reply)]
        run.turns.append([usage])
        fake.advance_time(pace)
    await client.close()
    return run


async def run_full_history(
    fake: FakeAnthropic, model: ScriptedModel, turns: int, pace: float
) -> Run:
    client = AsyncAnthropic(api_key="bench", base_url=fake.base_url, max_retries=0)
    brief = cafe_brief()
    history: list[tuple[Role, str]] = [("tutor", opening(brief))]
    tool = _tool("tutor_turn", TurnTool, {"summary"})
    run = Run("ours without summary/caching")
    for turn in range(1, turns + 1):
        model.turn = turn
        line = SCRIPT[turn - 1].learner
        context = TurnContext(LEVEL, brief, "", tuple(history), line, 0, False)
        system: list[TextBlockParam] = [
            {"type": "text", "text": TURN_INSTRUCTIONS},
            {"type": "text", "text": scenario_prefix(context)},
        ]
        before = len(fake.requests)
        message = await client.messages.create(
            model=MODEL,
            max_tokens=MAX_TOKENS,
            system=system,
            tools=[tool],
            tool_choice={"type": "tool", "name": "tutor_turn"},
            messages=all_messages([*history, ("learner", line)]),
        )
        parsed = TurnTool.model_validate(tool_input(message, "tutor_turn"))
        history += [("learner", line), ("tutor", parsed.reply)]
        run.turns.append(usages(fake.requests[before:], turn, 1))
        fake.advance_time(pace)
    await client.close()
    return run


REPLY_INSTRUCTIONS = """You are a warm, encouraging German tutor chatting with a learner.
Stay in German in your reply (short: 1-4 sentences, at the learner's CEFR level; slightly
above is fine), play your role in the scenario if there is one, and always end with
something the learner can answer, so the conversation keeps going. Answer with your reply
only."""
GRAMMAR_INSTRUCTIONS = """You are a German tutor. Correct the learner's last message:
- Each correction names its category: gender_article, case, verb_conjugation,
  verb_position, tense, preposition, spelling or word_choice; quotes the wrong span exactly
  as written (`original`) and gives the corrected span; explains briefly in English; and
  gives the matching grammar topic slug when one of the known topics fits.
- Be lenient like a friendly chat partner: a missing capital at the start, missing final
  punctuation or a missing comma are not errors. Never invent errors; if the message is
  correct, return no corrections.
- `level_estimate`: your estimate of the CEFR level this message shows.
Answer only through the tool."""
WORDS_INSTRUCTIONS = """You are a German tutor. List up to 3 useful words from your last
reply that the learner may not know (lemma without article, the article for nouns, an
English translation). Answer only through the tool."""
WORDS_REQUEST = "(Which words from your last reply should I learn?)"


class GrammarAnswer(BaseModel):
    corrections: list[Correction] = Field(default_factory=list, max_length=10)
    level_estimate: CefrLevel | None = None


class WordsAnswer(BaseModel):
    new_words: list[NewWord] = Field(default_factory=list, max_length=8)


async def run_naive(fake: FakeAnthropic, model: ScriptedModel, turns: int, pace: float) -> Run:
    client = AsyncAnthropic(api_key="bench", base_url=fake.base_url, max_retries=0)
    brief = cafe_brief()
    history: list[tuple[Role, str]] = [("tutor", opening(brief))]
    run = Run("naive, 3 calls")

    async def ask(
        instructions: str, prefix: str, messages: list[MessageParam], tool: ToolParam | None
    ) -> Message:
        system: list[TextBlockParam] = [
            {"type": "text", "text": instructions},
            {"type": "text", "text": prefix},
        ]
        if tool is None:
            return await client.messages.create(
                model=MODEL, max_tokens=MAX_TOKENS, system=system, messages=messages
            )
        return await client.messages.create(
            model=MODEL,
            max_tokens=MAX_TOKENS,
            system=system,
            tools=[tool],
            tool_choice={"type": "tool", "name": tool["name"]},
            messages=messages,
        )

    grammar_tool = _tool(GRAMMAR_TOOL, GrammarAnswer, set())
    words_tool = _tool(WORDS_TOOL, WordsAnswer, set())
    for turn in range(1, turns + 1):
        model.turn = turn
        line = SCRIPT[turn - 1].learner
        context = TurnContext(LEVEL, brief, "", tuple(history), line, 0, False)
        # The grammar call gets the whole prefix; the reply and the words need no topic list.
        grammar_prefix = scenario_prefix(context)
        prefix = grammar_prefix.replace(f"\n{GRAMMAR_TOPICS_HINT}", "")
        assert prefix != grammar_prefix
        asked = all_messages([*history, ("learner", line)])
        before = len(fake.requests)
        reply = text_of(await ask(REPLY_INSTRUCTIONS, prefix, asked, None))
        grammar = GrammarAnswer.model_validate(
            tool_input(
                await ask(GRAMMAR_INSTRUCTIONS, grammar_prefix, asked, grammar_tool), GRAMMAR_TOOL
            )
        )
        with_reply = [*history, ("learner", line), ("tutor", reply), ("learner", WORDS_REQUEST)]
        words = WordsAnswer.model_validate(
            tool_input(
                await ask(WORDS_INSTRUCTIONS, prefix, all_messages(with_reply), words_tool),
                WORDS_TOOL,
            )
        )
        # The three calls together give the same turn as one call of the other designs.
        TutorReply(
            reply=reply,
            corrections=grammar.corrections,
            new_words=words.new_words,
            level_estimate=grammar.level_estimate,
        )
        history += [("learner", line), ("tutor", reply)]
        run.turns.append(usages(fake.requests[before:], turn, 3))
        fake.advance_time(pace)
    await client.close()
    return run


def usages(calls: list[FakeRequest], turn: int, expected: int) -> list[FakeUsage]:
    found = [c.usage for c in calls if c.ok and c.usage is not None and not c.cache_markers]
    assert len(found) == len(calls) == expected, f"turn {turn}: {len(calls)} calls"
    return found


Design = Callable[[FakeAnthropic, ScriptedModel, int, float], Awaitable[Run]]


async def measure(design: Design, turns: int, pace: float) -> Run:
    model = ScriptedModel()
    async with FakeAnthropic() as fake:
        fake.replier = model
        run = await design(fake, model, turns, pace)
        run.total = fake.total_usage()
        run.calls = len(fake.message_requests)
    assert run.calls == sum(len(t) for t in run.turns)
    return run


# --------------------------------------------------------------------------------------------
# Prices and the report
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prices:
    input: float  # $ per million tokens
    output: float
    cache_write: float  # multiplier of the input price
    cache_read: float

    def cost(self, usage: FakeUsage) -> float:
        tokens_in = (
            usage.input_tokens
            + usage.cache_creation_input_tokens * self.cache_write
            + usage.cache_read_input_tokens * self.cache_read
        )
        return (tokens_in * self.input + usage.output_tokens * self.output) / 1_000_000


def summed(usages: Sequence[FakeUsage]) -> FakeUsage:
    total = FakeUsage()
    for usage in usages:
        total = total + usage
    return total


def report(runs: list[Run], prices: Prices, checkpoints: list[int], per_turn: bool) -> str:
    naive = runs[-1]
    naive_cost = prices.cost(naive.total)
    turns = len(naive.turns)
    out = [
        f"{turns} turns, prices ${prices.input:g}/MTok input, ${prices.output:g}/MTok output, "
        f"cache write {prices.cache_write:g}× input, cache read {prices.cache_read:g}× input",
        "",
        "| design | calls | input total | uncached | cache write | cache read | output "
        "| cost $ | cost ÷ naive | input ÷ naive |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        t = run.total
        out.append(
            f"| {run.name} | {run.calls} | {t.total_input_tokens:,} | {t.input_tokens:,} "
            f"| {t.cache_creation_input_tokens:,} | {t.cache_read_input_tokens:,} "
            f"| {t.output_tokens:,} | {prices.cost(t):.4f} | {prices.cost(t) / naive_cost:.3f} "
            f"| {t.total_input_tokens / naive.total.total_input_tokens:.3f} |"
        )
    out += [
        "",
        "Per turn (all calls of that turn; input = uncached + cache write + cache read):",
        "",
        "| design | turn | calls | input | uncached | cache write | cache read | output "
        "| cost $ | cost ÷ naive |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for turn in checkpoints:
            u = summed(run.turns[turn - 1])
            naive_turn = prices.cost(summed(naive.turns[turn - 1]))
            out.append(
                f"| {run.name} | {turn} | {len(run.turns[turn - 1])} | "
                f"{u.total_input_tokens:,} | {u.input_tokens:,} | "
                f"{u.cache_creation_input_tokens:,} | {u.cache_read_input_tokens:,} | "
                f"{u.output_tokens:,} | {prices.cost(u):.5f} | {prices.cost(u) / naive_turn:.3f} |"
            )
    if len(checkpoints) == 2:
        first, last = checkpoints
        out += ["", f"Input tokens per turn, turn {last} ÷ turn {first}:"]
        for run in runs:
            grow = (
                summed(run.turns[last - 1]).total_input_tokens
                / summed(run.turns[first - 1]).total_input_tokens
            )
            out.append(f"- {run.name}: {grow:.2f}")
    if per_turn:
        out += ["", "Every turn: input tokens / cost $ of the turn's calls", ""]
        out.append("| turn | " + " | ".join(run.name for run in runs) + " |")
        out.append("|---:|" + "---:|" * len(runs))
        for turn in range(1, turns + 1):
            cells = []
            for run in runs:
                u = summed(run.turns[turn - 1])
                cells.append(f"{u.total_input_tokens:,} / {prices.cost(u):.5f}")
            out.append(f"| {turn} | {' | '.join(cells)} |")
    return "\n".join(out)


async def main(args: argparse.Namespace) -> None:
    prices = Prices(
        args.input_price,
        args.output_price,
        args.cache_write_multiplier,
        args.cache_read_multiplier,
    )
    runs = [
        await measure(run_ours, args.turns, args.seconds_per_turn),
        await measure(run_full_history, args.turns, args.seconds_per_turn),
        await measure(run_naive, args.turns, args.seconds_per_turn),
    ]
    checkpoints = sorted({min(10, args.turns), args.turns})
    print(
        f"model {MODEL}, scenario {SCENARIO}, level {LEVEL}, RECENT_TURNS={RECENT_TURNS}, "
        f"SUMMARY_EVERY={SUMMARY_EVERY}, fake min_cache_tokens=1024, "
        f"{args.seconds_per_turn:g} s of the fake's clock per turn"
    )
    print(report(runs, prices, checkpoints, args.per_turn))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--turns",
        type=int,
        default=len(SCRIPT),
        help=f"learner turns, 1..{len(SCRIPT)} (default: all)",
    )
    parser.add_argument("--input-price", type=float, default=3.0, help="$ per MTok of input")
    parser.add_argument("--output-price", type=float, default=15.0, help="$ per MTok of output")
    parser.add_argument(
        "--cache-write-multiplier",
        type=float,
        default=1.25,
        help="cache write price as a multiple of the input price",
    )
    parser.add_argument(
        "--cache-read-multiplier",
        type=float,
        default=0.1,
        help="cache read price as a multiple of the input price",
    )
    parser.add_argument(
        "--seconds-per-turn",
        type=float,
        default=0.0,
        help="advance the fake's clock (5-minute cache TTL) by this much after "
        "every turn, to model the learner's pace (default 0)",
    )
    parser.add_argument(
        "--per-turn", action="store_true", help="also print the input tokens of every turn"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.turns <= len(SCRIPT):
        parser.error(f"--turns must be between 1 and {len(SCRIPT)}")
    return args


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
