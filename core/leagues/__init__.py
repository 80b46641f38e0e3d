"""Weekly leagues and leaderboards.

Weeks: one global boundary, ISO weeks starting Monday 00:00 UTC (weeks.py), so a group is one
competition whatever its learners' time zones. Tiers Bronze … Diamond (tiers.py).

A learner joins on their first XP of a week (the standing job, after the award committed),
unless they left the leagues: into a group of at most 30 learners of their tier and of similar
activity — learners are banded by last week's XP and each band of a tier fills its groups in
order; while a tier has fewer than 30 learners in the week they share one group whatever
their band, so nobody competes alone in a small community (membership.py).

When the week is over, each group is closed (cron, or lazily by a
member's first XP of the next week): ranked by XP, ties by who got there first; the top of
the table is promoted, the bottom demoted (never below Bronze or above Diamond), and the
standing is stored on the membership. A new week starts with no groups at all.

PostgreSQL holds the truth: groups, memberships and final standings here, XP in the ledger.
Redis sorted sets hold the live ranking (boards.py): each group's weekly XP and the global
boards (XP this week, current streak, words learned). After each award a job recomputes the
learner's numbers from PostgreSQL and writes them (absolute values: running it twice changes
nothing); a board missing from Redis (a flush, an expired key) is rebuilt from PostgreSQL on
its next read and comes out identical.

Privacy: others see a learner only by the display name the learner chose, or "Learner 4821"
(a random number stored for the purpose); never a Telegram id, user id or email. A learner
who left the leagues is in no group table and on no board until they join again."""
