"""The arq adapter: jobs take ids, reload state through core and are idempotent.

- worker.py          — WorkerSettings; its functions are exactly core.outbox.JobName
- tasks/<domain>.py  — one short function per job: parse ids → one core call → send
- telegram_sender.py — the only way a job sends to Telegram (limiter, 429/403/retry policy)
- transactions.py    — the one unit of work a job step runs in

A new notification: its data comes from core (a function taking a session), its text and
keyboard from bot.render, its job name is added to core.outbox.JobName and its function to
worker.FUNCTIONS, and it sends with TelegramSender.send.
"""
