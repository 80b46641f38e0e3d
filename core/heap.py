"""A long-running process's heap and Python's cyclic garbage collector."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Put everything alive once a process has started (modules, classes, the app, its
    routes and models) out of the cyclic collector's reach: called by the processes' entry
    points (`tutor up`, `tutor api` and uvicorn's factory, `tutor bot`, `tutor worker`), not
    by the app factories, which tests call again and again. Otherwise each full collection
    walks these ~400,000 objects again under load: ~190 ms a time, ~0.5 ms of CPU per API
    request and the worst tail latencies (bench/README.md, "Review throughput"). Garbage
    made afterwards is collected as usual; the frozen objects are never freed, and were
    going to live as long as the process anyway."""
    gc.collect()
    gc.freeze()
