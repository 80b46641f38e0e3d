"""Achievements: every criterion kind of the content, evaluated for a learner in one SQL
statement, unlocked once per (learner, achievement), and announced once in Telegram.

- `criteria`: what each kind counts (documented there), as SQL over the learner's rows.
- `evaluation`: compute every kind's value and insert what was reached, in one statement
  (INSERT ... ON CONFLICT DO NOTHING RETURNING); only rows actually inserted are announced.
- `notices`: claiming an announcement for sending, and giving it back when it could not go.
- `board`: every achievement with the learner's progress toward it (API and /achievements).
- `sweep`: the daily safety net over learners active in the last days, in batches.

Checks are requested with `core.achievement_checks.request_achievement_check` after an
activity, so lower layers can ask without importing this package."""
