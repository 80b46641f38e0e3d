"""Daily review reminders: one per learner and local day, at the learner's own local time."""
