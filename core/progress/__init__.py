"""Progress and motivation: XP, the daily goal, streaks by the learner's local day.

- xp.py      — the one XP ledger: the table of amounts (documented there) and `award`
- goal.py    — the daily goal in XP: today's progress, "goal reached" told once a day
- streaks.py — the streak as a pure function over closed days (met/skipped/frozen/broken)
- closing.py — the worker's cron that closes ended local days and applies freezes
- views.py   — what `GET /api/v1/progress` and the bot's /streak show

Below every feature package (reviews, grammar, quizzes, conversation pay XP through xp.py),
so it imports none of them: what was due on a day is read from the models directly.
"""
