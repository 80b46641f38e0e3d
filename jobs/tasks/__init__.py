"""One module per domain; each job is a few lines over core (see the jobs package)."""
