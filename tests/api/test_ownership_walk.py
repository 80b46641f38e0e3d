"""Every per-learner route in the OpenAPI document, walked with another learner's ids: each
method on each path answers 404, as if the row did not exist (not 403, which would confirm
that it does; not 200; never 500).

The routes come from the app itself, so a new route is walked without anyone adding it here.
Ids are filled in by path-parameter name; a route with a parameter this test has no id for
fails the coverage test until the id is added below (or the route is listed as not a
learner's, with the reason)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from api.app import create_app
from core.db import Database
from core.models import DeckImport, ReminderDelivery
from core.settings import Settings
from tests.helpers.learners import Learner, register_learner
from tests.helpers.worker import run_queued_jobs

# Routes with path parameters that do not name a learner's row, and why.
NOT_LEARNER_ROUTES = {
    "/api/v1/vocabulary/catalogue/{slug}": "the shared catalogue: every learner reads every word",
    "/api/v1/grammar/topics/{slug}": "a shared grammar topic: every learner reads every one",
    "/api/v1/stats/{chart}.png": (
        "names a kind of chart, not a row: every chart draws only the caller's own data"
    ),
    "/api/v1/leaderboards/{board}": "a board's name: every learner reads every board",
    "/api/v1/grammar/topics/{slug}/exercises/generate": (
        "asks for new exercises of a shared topic; the request is the caller's own"
    ),
    "/api/v1/grammar/topics/{slug}/exercises/generation": (
        "the caller's own latest request for a shared topic, found by the caller's id"
    ),
    "/api/v1/vocabulary/deck/from-scenario/{scenario_slug}": (
        "names a shared scenario, and only ever adds to the caller's own deck"
    ),
    "/api/v1/vocabulary/starter-packs/{level}": (
        "names a CEFR level of the shared catalogue, and only ever adds to the caller's own deck"
    ),
}
# Path parameters naming a learner's row; `_rows_of` makes one of each.
OWNED_IDS = {
    "conversation_id",
    "turn_id",
    "card_id",
    "deck_word_id",
    "list_id",
    "quiz_id",
    "drill_id",
    "delivery_id",
    "session_id",
    "test_id",
    "import_id",
    "review_id",
    "scene_id",
}
# Path parameters that are positions inside a learner's row, not ids of their own.
POSITIONS = {"index": 0}
# Routes that need a row of a particular kind behind a shared parameter name: new words hang
# on the tutor's reply, not on the learner's message.
ROUTE_IDS = {
    "/api/v1/conversations/{conversation_id}/turns/{turn_id}/words/{index}": {
        "turn_id": "reply_turn_id"
    },
}

_PARAMETER = re.compile(r"{(\w+)}")
_METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    body_schema: dict[str, Any] | None


def _openapi(settings: Settings) -> dict[str, Any]:
    document: dict[str, Any] = create_app(settings).openapi()
    return document


def _parameterised_routes(document: dict[str, Any]) -> dict[str, list[Operation]]:
    routes: dict[str, list[Operation]] = {}
    for path, item in document["paths"].items():
        if not _PARAMETER.search(path) or path in NOT_LEARNER_ROUTES:
            continue
        operations = []
        for method in _METHODS:
            if method not in item:
                continue
            content = item[method].get("requestBody", {}).get("content", {})
            assert set(content) <= {"application/json"}, (
                f"{method.upper()} {path}: teach this walk to send {sorted(content)}"
            )
            schema = content.get("application/json", {}).get("schema")
            operations.append(Operation(method.upper(), path, schema))
        routes[path] = operations
    return routes


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


def _valid_value(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The smallest value that passes `schema`, so that the request reaches the route and
    its ownership check instead of stopping at a 422."""
    schema = _resolve(document, schema)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for alternatives in ("anyOf", "oneOf"):
        if alternatives in schema:
            options = [o for o in schema[alternatives] if o.get("type") != "null"]
            return _valid_value(document, options[0])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: _valid_value(document, properties[name]) for name in schema.get("required", [])
        }
    if kind == "array":
        return [_valid_value(document, schema["items"])] * schema.get("minItems", 0)
    if kind == "string":
        return "Hallo" + "o" * max(0, schema.get("minLength", 0) - 5)
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return False
    raise AssertionError(f"teach this walk to build a value for {schema}")


def test_the_walk_knows_an_id_for_every_per_learner_route(settings: Settings) -> None:
    document = _openapi(settings)
    routes = _parameterised_routes(document)
    assert routes, "the document lists no per-learner routes: is the walk reading the app?"
    missing = {
        path: sorted(set(_PARAMETER.findall(path)) - set(POSITIONS) - OWNED_IDS)
        for path in routes
        if set(_PARAMETER.findall(path)) - set(POSITIONS) - OWNED_IDS
    }
    assert not missing, (
        f"new per-learner routes with parameters this walk has no id for: {missing}; "
        "make a row of that kind in `_rows_of` (or list the route in NOT_LEARNER_ROUTES)"
    )
    named = {name for path in routes for name in _PARAMETER.findall(path)}
    assert named >= OWNED_IDS, f"ids for parameters no route has any more: {OWNED_IDS - named}"
    stale = (set(NOT_LEARNER_ROUTES) | set(ROUTE_IDS)) - set(document["paths"])
    assert not stale, f"routes listed here that no longer exist: {stale}"


async def _rows_of(anna: Learner, db: Database, settings: Settings) -> dict[str, int]:
    """One real row of every learner-owned kind, made for `anna` the way the app makes it."""
    added = await anna.post("/api/v1/vocabulary/deck", json={"slug": "haus-noun"})
    assert added.status_code == 201, added.text
    word = added.json()["word"]
    word_list = await anna.post("/api/v1/vocabulary/lists", json={"name": "Zuhause"})
    assert word_list.status_code == 201, word_list.text
    filled = await anna.post(
        f"/api/v1/vocabulary/lists/{word_list.json()['id']}/words",
        json={"deck_word_ids": [word["id"]]},
    )
    assert filled.status_code == 200, filled.text
    quiz = await anna.post("/api/v1/quizzes")
    assert quiz.status_code == 201, quiz.text
    article_drill = await anna.post("/api/v1/article-drills")
    assert article_drill.status_code == 201, article_drill.text
    drill = await anna.post(
        "/api/v1/grammar/sessions", json={"topic": "subordinate-clauses-weil-dass-wenn"}
    )
    assert drill.status_code == 201, drill.text
    placement = await anna.post("/api/v1/grammar/placement")
    assert placement.status_code == 201, placement.text
    conversation = await anna.post("/api/v1/conversations", json={"scenario_slug": "cafe-ordering"})
    assert conversation.status_code == 201, conversation.text
    conversation_id = conversation.json()["id"]
    # The offline waiter's second line names a key word (Sahne): a reply with a new word.
    for text in ("Einen Kaffee, bitte.", "Ich nehme ein Stück Apfelkuchen."):
        posted = await anna.post(
            f"/api/v1/conversations/{conversation_id}/messages", json={"text": text}
        )
        assert posted.status_code == 202, posted.text
        await run_queued_jobs(settings)
        turn = await anna.get(
            f"/api/v1/conversations/{conversation_id}/turns/{posted.json()['id']}",
            params={"wait": 2},
        )
        reply = turn.json()["reply"]
        assert reply is not None, turn.text
    assert reply["new_words"], reply
    recall = next(c["id"] for c in word["cards"] if c["kind"] == "recall")
    rejected = await anna.post("/api/v1/reviews", json={"card_id": recall, "answer": "Haus"})
    assert rejected.json()["verdict"] == "wrong", rejected.text
    scene = await anna.post(
        "/api/v1/conversations/scenes",
        json={
            "title": "Beim Fahrradladen",
            "setting": "A bike shop in Leipzig",
            "tutor_role": "the mechanic",
            "learner_goal": "get a flat tyre fixed",
            "level": "A2",
            "key_words": ["Reifen"],
        },
    )
    assert scene.status_code == 201, scene.text
    async with db.unit_of_work() as session:
        delivery = ReminderDelivery(user_id=anna.id, local_on=date(2026, 10, 24), due_count=3)
        session.add(delivery)
        deck_import = DeckImport(
            user_id=anna.id, file_name="words.csv", status="pending", total=1_001, done=0
        )
        session.add(deck_import)
        await session.flush()
        delivery_id, import_id = delivery.id, deck_import.id
    return {
        "deck_word_id": word["id"],
        "card_id": word["cards"][0]["id"],
        "list_id": word_list.json()["id"],
        "quiz_id": quiz.json()["id"],
        "drill_id": article_drill.json()["id"],
        "conversation_id": conversation_id,
        "turn_id": posted.json()["id"],
        "reply_turn_id": reply["id"],
        "delivery_id": delivery_id,
        "session_id": drill.json()["id"],
        "test_id": placement.json()["id"],
        "import_id": import_id,
        "review_id": rejected.json()["review_id"],
        "scene_id": scene.json()["id"],
    }


def _url(path: str, ids: dict[str, int]) -> str:
    names = {
        name: ids[ROUTE_IDS.get(path, {}).get(name, name)] for name in _PARAMETER.findall(path)
    }
    return path.format(**names)


async def test_another_learners_ids_are_404_on_every_per_learner_route(
    api: httpx.AsyncClient, settings: Settings, content: Database
) -> None:
    document = _openapi(settings)
    routes = _parameterised_routes(document)
    anna, ben = await register_learner(api), await register_learner(api)
    ids = {**await _rows_of(anna, content, settings), **POSITIONS}
    readable = [_url(path, ids) for path, ops in routes.items() for op in ops if op.method == "GET"]
    for url in readable:  # the ids are real: their owner reads every one of them
        assert (await anna.get(url)).status_code == 200, url

    answers = []
    for path, operations in routes.items():
        for operation in operations:
            body = (
                None
                if operation.body_schema is None
                else _valid_value(document, operation.body_schema)
            )
            response = await ben.request(operation.method, _url(path, ids), json=body)
            answers.append((operation.method, path, response.status_code, response.text[:200]))
    wrong = [answer for answer in answers if answer[2] != 404]
    assert not wrong, "another learner's ids must be 404 everywhere:\n" + "\n".join(
        f"{method} {path} -> {status} {text}" for method, path, status, text in wrong
    )
    assert len(answers) >= 15, answers

    # Nothing the walk did reached Anna's rows: all still there, unchanged, and hers.
    for url in readable:
        assert (await anna.get(url)).status_code == 200, url
    lists = (await anna.get("/api/v1/vocabulary/lists")).json()
    assert [(w["id"], w["name"], w["word_count"]) for w in lists] == [
        (ids["list_id"], "Zuhause", 1)
    ]
    scenes = (await anna.get("/api/v1/conversations/scenes")).json()
    assert [(s["id"], s["title"]) for s in scenes] == [(ids["scene_id"], "Beim Fahrradladen")]
    quiz = (await anna.get(f"/api/v1/quizzes/{ids['quiz_id']}")).json()
    assert (quiz["status"], quiz["answered"]) == ("active", 0)
    article_drill = (await anna.get(f"/api/v1/article-drills/{ids['drill_id']}")).json()
    assert (article_drill["status"], article_drill["position"]) == ("active", 0)
    drill = (await anna.get(f"/api/v1/grammar/sessions/{ids['session_id']}")).json()
    assert (drill["status"], drill["answered"], drill["stage"]) == ("active", 0, "question")
    conversation = (await anna.get(f"/api/v1/conversations/{ids['conversation_id']}")).json()
    assert conversation["status"] == "active" and len(conversation["turns"]) == 5
    log = (await anna.get("/api/v1/reviews/log")).json()
    assert [(e["id"], e["undone"]) for e in log] == [(ids["review_id"], False)]
    word = _url("/api/v1/conversations/{conversation_id}/turns/{turn_id}/words/{index}", ids)
    assert (await anna.post(word)).status_code in (200, 201)
