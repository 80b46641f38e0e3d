"""A long-running process's heap and Python's cyclic garbage collector."""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Put everything alive now out of the cyclic collector's reach. Called by the processes'
    entry points once start-up is done (`tutor up`, `tutor api` and uvicorn's factory, `tutor
    bot`, `tutor worker`; not by the app factories, which tests call again and again) and
    once the noun lexicon is loaded (core.lexicon, on first use). Otherwise each full
    collection walks these objects again under load — ~400,000 after start-up and ~390,000
    more for the lexicon, ~190 ms a time each, ~0.5 ms of CPU per API request and the worst
    tail latencies (bench/README.md, "Review throughput"). Garbage made afterwards is
    collected as usual; the frozen objects are never freed, and were going to live as long
    as the process anyway."""
    gc.collect()
    gc.freeze()
