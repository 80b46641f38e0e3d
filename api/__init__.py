"""The REST adapter (FastAPI). A route parses its input, makes one core call through the
`SessionDep`/`CurrentUser` dependencies (api/deps.py: the dependency owns the transaction and
commits before the response leaves) and returns core's view. A new route goes in
`api/routes/<domain>.py` and is registered in api/app.py; every per-learner route is walked
with another learner's ids by tests/api/test_ownership_walk.py, so it must answer 404 for rows
that are not the caller's (read them through `core.ownership`)."""
