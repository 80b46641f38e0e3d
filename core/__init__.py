"""The domain: everything german-tutor knows and decides, with no web, Telegram or queue in it.

Packages are domains (accounts, vocabulary, reviews, quizzes, study, conversation, reminders,
tutor, content), each with fixed roles: services take an AsyncSession first and never commit
(whoever opened the session owns the transaction), return pydantic views or small dataclass
"screens", and raise `core.errors` for what a learner can cause. Shared pieces exist once:
- `core.ownership`: the one way to read a learner's rows (another learner's id is NotFound);
- `core.study`: the engine for every step-by-step drill (see its docstring for a new drill);
- `core.activities`: which running activity a learner's typed text belongs to;
- `core.german`: CEFR levels, genders/articles, parts of speech;
- `core.outbox`: jobs requested in a transaction, sent only after it commits.

A new feature is a core service first; `api`, `bot` and `jobs` then expose it in a few lines.
"""
