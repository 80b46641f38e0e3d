"""A grammar drill: about ten exercises in one "grammar" study session, one step at a time.

question → (answer) → feedback → (next) → question ... → done. Word order is built by tapping
tokens (tap, untap the last, submit). A rejected typed answer may be claimed ("I was right"):
it counts as right. When the drill ends, each topic it practised gets its FSRS rating.

- view.py   — the view of a drill's current step (what the bot and the API render)
- start.py  — starting one: its topics and exercises
- steps.py  — answer, tap / untap / submit, "I was right", next, stop
- finish.py — the FSRS rating of each topic practised, when the drill ends
"""

from core.grammar.drills.start import DUE_TITLE, WEAK_TITLE, set_message, start_drill
from core.grammar.drills.steps import (
    answer,
    answer_typed,
    claim_right,
    next_exercise,
    stop_drill,
    submit_built,
    tap,
    untap,
)
from core.grammar.drills.view import KIND, current_drill, drill_view, get_drill

__all__ = [
    "DUE_TITLE",
    "KIND",
    "WEAK_TITLE",
    "answer",
    "answer_typed",
    "claim_right",
    "current_drill",
    "drill_view",
    "get_drill",
    "next_exercise",
    "set_message",
    "start_drill",
    "stop_drill",
    "submit_built",
    "tap",
    "untap",
]
