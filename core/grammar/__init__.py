"""Grammar practice: topics, drills of five exercise kinds, FSRS mastery per topic, weak areas.

- catalogue.py — browse topics by level and category, one topic's page
- checking.py  — is this answer to this exercise right (typos forgiven, every order accepted)
- drills/      — a practice session (a "grammar" study session): start, answer, tap-to-build,
  "I was right", next, stop
- selection.py — which ~10 exercises a drill gets (one topic, due topics, weak areas)
- mastery.py   — attempts, the FSRS card per practised topic, mastery and due topics
- weak.py      — weak areas: recent accuracy and the learner's conversation mistakes
- placement.py — the adaptive placement test (a "placement" study session) that sets the level
- validation.py — is one exercise sound: the schema and checks of the content files, shared
  by seeds/ and by Claude's exercises
- generation.py — AI-made exercises: Claude writes, validation.py checks, the good ones join
- drills/judging.py — Claude judges a free answer the bank does not know (cached verdicts)
- schemas.py   — the views the bot and the API render

Exposed by api/routes/grammar.py and bot/handlers/grammar.py + placement.py (screens in
bot/render/grammar.py, which jobs use too). Without Claude, free answers the bank does not know
are rejected honestly with the known answers shown, and exercises come from the bank only.
"""
