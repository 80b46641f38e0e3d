"""Daily review reminders: one per learner and local day, at the learner's own local time;
and the evening streak nudge (opt-in, 20:30 local, only when the streak is at risk), which
goes through the same schedule, sweep, delivery rows and send job with `kind="nudge"`.

- schedule.py   — when a learner's next reminder is due
- sweep.py      — the per-minute sweep that records and queues the due reminders
- deliveries.py — the states of one reminder on its way out (claim, sent, blocked, failed)
- history.py    — what the learner sees: the schedule and their past reminders
The message itself is bot.render.reminders; the send job is jobs.tasks.reminders.

Three clocks, each used for one thing:
- the `now` passed in (UTC) decides *calendar* questions: which local day a reminder is for,
  whether it is still that day, what is due. The cron passes the current time; tests drive it.
- PostgreSQL's `now()` decides *liveness*: a delivery claimed or queued longer ago than
  `stuck_after` belongs to a worker that died, whatever day the calendar says it is.
- The rate limiter uses Redis server time (see core.ratelimit).
"""
