from __future__ import annotations

from core.reviews.fitting import fit_learner, learners_due_for_fitting
from jobs.context import JobContext
from jobs.transactions import in_transaction


async def fit_scheduler_parameters(ctx: JobContext) -> dict[str, int]:
    """Cron: fit FSRS parameters for learners with enough reviews, each once a week; the
    fitted set is used only where it predicts the learner's recent reviews better."""
    checked = adopted = 0
    while learners := await in_transaction(ctx, learners_due_for_fitting):
        for user_id in learners:
            fit = await fit_learner(ctx["db"], user_id)
            checked += 1
            adopted += bool(fit and fit.adopted)
    return {"checked": checked, "adopted": adopted}
