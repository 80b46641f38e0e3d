"""Conversation practice: a scene (or free talk) with the tutor, one learner message at a time.

- scenarios.py — the scenes and what the tutor is told about them
- lifecycle.py — start, post a message, retry, end (what the API and the bot call)
- turns.py     — the worker's side: claim the next message, record the answer or the failure
- replies.py   — the runner a job calls: claim → choose the tutor → converse → record
- reports.py, usage.py, words.py, views.py — what a learner reads back and gains
- repository.py — reading a learner's own conversations and turns
- schemas.py   — the pydantic views all of the above return
The Telegram side is bot/handlers/conversation.py (input) and bot/render/conversation.py.
"""
