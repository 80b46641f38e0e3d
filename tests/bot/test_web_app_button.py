"""WEB_APP_URL: the bot's menu button and /help open the web client as a Telegram Mini App;
without it the bot offers no such button. /link names where the web client is."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_application, running
from bot.context import BotApplication
from core.db import Database
from core.settings import Settings
from tests.fakes.telegram import FakeTelegram
from tests.helpers.bot import BotChat

WEB_APP = "https://tutor.example.org/"


@pytest.fixture
async def web_app_bot(bot_settings: Settings, db: Database) -> AsyncIterator[BotApplication]:
    settings = bot_settings.model_copy(update={"web_app_url": WEB_APP})
    async with running(build_application(settings), polling=True) as application:
        yield application


async def test_with_a_web_app_url_the_menu_and_help_open_the_app(
    web_app_bot: BotApplication, telegram: FakeTelegram, anna: BotChat
) -> None:
    assert telegram.menu_buttons[None] == {
        "type": "web_app",
        "text": "Open app",
        "web_app": {"url": WEB_APP},
    }
    help_message = await anna.send("/help")
    assert help_message.inline_keyboard == [[{"text": "📱 Open app", "web_app": {"url": WEB_APP}}]]
    link = await anna.send("/link")
    assert f"Open the web app at {WEB_APP}" in (link.text or "")


async def test_without_it_there_is_no_app_button(
    polling_bot: BotApplication, telegram: FakeTelegram, anna: BotChat
) -> None:
    assert telegram.menu_buttons[None] == {"type": "default"}
    help_message = await anna.send("/help")
    assert help_message.inline_keyboard == []
    assert "web_app" not in str(help_message.reply_markup)
    link = await anna.send("/link")
    assert "the tutor server's own address" in (link.text or "")


def test_the_web_app_url_must_be_https() -> None:
    with pytest.raises(ValueError, match="https"):
        Settings(_env_file=None, web_app_url="http://tutor.example.org/")  # type: ignore[call-arg]
    assert Settings(_env_file=None, web_app_url="").web_app_url is None  # type: ignore[call-arg]
