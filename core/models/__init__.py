"""All ORM models share one metadata; import them from here."""

from core.models.accounts import LinkCode, RefreshToken, User
from core.models.base import Base
from core.models.telegram import TelegramUpdate

__all__ = ["Base", "LinkCode", "RefreshToken", "TelegramUpdate", "User"]
