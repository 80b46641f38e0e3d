"""Grammar jobs: core.grammar does the work; these wire it to arq."""

from __future__ import annotations

from core.ai_quota import AiAccess
from core.grammar.generation import generate_exercises as generate
from jobs.context import JobContext


async def generate_exercises(ctx: JobContext, generation_id: int) -> str:
    """Ask Claude for new exercises of a topic (one call); store those that pass every check.
    Idempotent: a generation already run is left alone."""
    ai = AiAccess.of(ctx["settings"])
    view = await generate(ctx["db"], generation_id, ctx["tutor"], ai)
    return view.status if view is not None else "failed"
