"""Today's plan: what a learner can do today and how to start each thing.

- service.py — builds the plan (reviews due, new words left, a grammar topic, a scene)
- schemas.py — the plan as the API returns it and the bot and the reminders render it
The daily reminder (core.reminders) says what the plan holds; the bot's /today and
`GET /api/v1/dashboard` show it whole."""
