from __future__ import annotations

from anthropic import AsyncAnthropic

from core.observability.metrics import AiPrices
from core.settings import Settings
from core.tutor.base import Tutor
from core.tutor.claude import ClaudeTutor
from core.tutor.offline import OfflineTutor


def build_tutor(settings: Settings) -> Tutor:
    """Claude when there is an API key, the offline tutor otherwise."""
    if settings.anthropic_api_key is None:
        return OfflineTutor()
    client = AsyncAnthropic(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        timeout=min(settings.anthropic_timeout_seconds, settings.job_timeout_seconds * 0.75),
        # Retries go through the job queue (arq Retry with the server's hint), visibly.
        max_retries=0,
    )
    prices = AiPrices(
        input_per_mtok=settings.ai_input_price_per_mtok,
        output_per_mtok=settings.ai_output_price_per_mtok,
    )
    return ClaudeTutor(client, settings.anthropic_model, prices=prices)
