"""The Telegram adapter (python-telegram-bot). A handler parses the update, makes one core call
with `bot.learner.as_learner` (one unit of work, committed before anything is sent) and renders
what core returned. Shared mechanisms, each used by every feature:
- `bot.callbacks` + `bot.presses`: one callback-data format and one press reader (drills use
  `pack_drill`/`drill_buttons`, other features `pack`/`feature_buttons`);
- `bot.text_router`: typed text goes to the most recently started activity (`@handles_text`);
- `bot.errors`: one error handler turning a core AppError into a friendly reply;
- `bot.render`: the texts and keyboards that jobs send too (the only bot module jobs import).
A new command goes in `bot/handlers/<feature>.py` with a `register(application)` listed in
bot/app.py, and gets a journey through the fake Telegram in tests/bot."""
