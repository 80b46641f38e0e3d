"""A learner's progress as numbers (data) and as pictures (charts)."""
