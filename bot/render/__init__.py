"""Telegram rendering that jobs may use too: reminder messages, conversation replies with
their corrections and ➕ word buttons, enrichment notices. A job imports bot.render (and
nothing else of bot/); bot.render imports no handler and not the application, so a new
notification's text and keyboard go here and its job stays a few lines."""
