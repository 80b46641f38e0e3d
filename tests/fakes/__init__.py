"""Local HTTP stand-ins for Telegram and Anthropic (see DESIGN.md, "Tests").

Tests never reach the real services: the real python-telegram-bot and the real ``anthropic``
SDK talk over HTTP on 127.0.0.1 to :class:`FakeTelegram` and :class:`FakeAnthropic`.
"""

from tests.fakes.anthropic import FakeAnthropic, FakeReply, FakeRequest, FakeUsage
from tests.fakes.server import LocalServer
from tests.fakes.telegram import Call, FakeMessage, FakeTelegram, FakeUser

__all__ = [
    "Call",
    "FakeAnthropic",
    "FakeMessage",
    "FakeReply",
    "FakeRequest",
    "FakeTelegram",
    "FakeUsage",
    "FakeUser",
    "LocalServer",
]
