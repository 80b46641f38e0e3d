"""Study sessions: every drill the learner steps through one press at a time.

A review run, a quiz and the article drill are *kinds* of one thing: a versioned
StudySession row, one active per learner and kind, that a newer start abandons and whose
out-of-date buttons are recognised as `Stale` instead of being applied twice.

Where a new drill goes (grammar drills are next):
- its kind: its name in `core.study.kinds.StudyKindName` and one line in `KINDS`
  (`takes_text=True` if typed text should reach it: core.activities routes it), plus the
  kind in the `study_sessions` CHECK constraint (core/models/learning.py, a migration);
- its rules: a service in its own domain (like core/quizzes/articles.py) that calls
  `core.study.sessions` to start, load, check, save and finish, and returns view objects;
  press functions return `View | Stale`, API-facing ones raise `unless_stale(...)`;
- its bot handler: buttons packed with `bot.callbacks.pack_drill` (one callback-data
  format; its feature code in `DRILL_FEATURES`), registered with `bot.presses.drill_buttons`
  (one reader), each press one `run_press` call; its stale alert in `bot.texts.STALE_DRILL`.
"""
