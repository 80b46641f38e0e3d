"""Drive the real bot through the fake Telegram as a learner would."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.telegram import Call, FakeMessage, FakeTelegram, FakeUser

BOT_TOKEN = "123456789:TEST-fake-token"


@dataclass
class BotChat:
    tg: FakeTelegram
    user: FakeUser
    _after: int = 0

    async def next(self, *, timeout: float = 10) -> FakeMessage:  # noqa: ASYNC109
        """The bot's next new message in this chat after the last one returned."""
        call = await self.tg.wait_for_call(
            "sendMessage", chat_id=self.user.id, ok=True, since=self._after, timeout=timeout
        )
        return self._message_of(call)

    async def send(self, text: str, *, timeout: float = 10) -> FakeMessage:  # noqa: ASYNC109
        """Write a message (or /command) and return the bot's next message in this chat."""
        await self.tg.send_text(self.user, text)
        call = await self.tg.wait_for_call(
            "sendMessage", chat_id=self.user.id, ok=True, timeout=timeout
        )
        return self._message_of(call)

    async def press(self, label: str, *, timeout: float = 10) -> FakeMessage:  # noqa: ASYNC109
        """Tap a button by its label; return the message as it looks after the bot's edit."""
        await self.tg.press_button_text(self.user, label)
        call = await self.tg.wait_for_call(
            "editMessageText", chat_id=self.user.id, ok=True, timeout=timeout
        )
        return self._message_of(call)

    async def press_new_message(self, label: str, *, timeout: float = 10) -> FakeMessage:  # noqa: ASYNC109
        """Tap a button that makes the bot send a new message (not edit); return it."""
        await self.tg.press_button_text(self.user, label)
        call = await self.tg.wait_for_call(
            "sendMessage", chat_id=self.user.id, ok=True, timeout=timeout
        )
        return self._message_of(call)

    async def press_expecting_alert(self, message_id: int, data: str) -> str:
        """Tap a button with arbitrary (stale or forged) data; return the callback answer."""
        await self.tg.press_button(self.user, message_id, data, strict=False)
        call = await self.tg.wait_for_call("answerCallbackQuery", ok=True, timeout=10)
        return str(call.params.get("text", ""))

    def _message_of(self, call: Call) -> FakeMessage:
        self._after = call.index + 1
        message_id = (call.result or {}).get("message_id")
        if message_id is None:
            return self.tg.last_message(self.user.id)
        return self.tg.message(self.user.id, int(message_id))

    @property
    def last(self) -> FakeMessage:
        return self.tg.last_message(self.user.id)
