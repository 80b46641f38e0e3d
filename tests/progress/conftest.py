from tests.bot.test_webhook import webhook_api

__all__ = ["webhook_api"]
