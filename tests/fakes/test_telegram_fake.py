"""The fake Bot API against the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.server import LocalServer
from tests.fakes.telegram import FakeTelegram, FakeUser

TOKEN = "123456789:AAF-fake-token-for-tests"
PNG_1x1 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x06\x00\x00\x00"
    b"\x9dt\xcb\x9f\x00\x00\x00\x0bIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # Opt in to PTB's future timedelta API instead of its deprecation warning.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="GermanTutorTestBot") as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as client:
        yield client


def keyboard(card: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Nächste Karte", callback_data=f"v1:next:{card}"),
                InlineKeyboardButton("Stopp", callback_data="v1:stop"),
            ]
        ]
    )


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    payload = " ".join(context.args or [])
    await update.effective_message.reply_text(
        f"Willkommen! payload={payload}", reply_markup=keyboard(1)
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer("OK")
    if query.data == "v1:stop":
        await query.edit_message_text("Beendet.")  # no reply_markup: the keyboard goes away
        return
    card = int(query.data.rsplit(":", 1)[1]) + 1
    await query.edit_message_text(f"Karte {card}", reply_markup=keyboard(card))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text.upper())


@asynccontextmanager
async def polling_app(tg: FakeTelegram) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_polling_start_keyboard_and_edit_in_place(tg: FakeTelegram) -> None:
    anna = tg.user(user_id=1001, first_name="Anna", language_code="de")
    async with polling_app(tg):
        await tg.send_command(anna, "start", "ref42")
        sent = await tg.wait_for_call("sendMessage", chat_id=anna.id)
        assert sent.ok and sent.text == "Willkommen! payload=ref42"
        welcome = tg.last_message(anna.id)
        assert welcome.message_id == 2  # the user's /start was message 1 of this chat
        assert welcome.buttons == [("Nächste Karte", "v1:next:1"), ("Stopp", "v1:stop")]

        await tg.press_button(anna, welcome.message_id, "v1:next:1")
        answer = await tg.wait_for_call("answerCallbackQuery", chat_id=anna.id)
        edit = await tg.wait_for_call("editMessageText", chat_id=anna.id)
        assert answer.params["text"] == "OK" and edit.ok

        card = tg.last_message(anna.id)
        assert card.message_id == welcome.message_id  # edited in place
        assert card.text == "Karte 2" and card.history == ["Willkommen! payload=ref42"]
        assert card.buttons[0] == ("Nächste Karte", "v1:next:2")
        assert card.edit_date is not None

        await tg.press_button_text(anna, "Stopp")
        await tg.wait_for_call("editMessageText", chat_id=anna.id)
        assert tg.last_message(anna.id).text == "Beendet."
        assert tg.last_message(anna.id).buttons == []
        with pytest.raises(ValueError, match="no button"):
            await tg.press_button(anna, welcome.message_id, "v1:next:2")

    assert [m.from_bot for m in tg.chat(anna.id)] == [False, True]
    assert len(tg.calls_to("sendMessage")) == 1
    assert len(tg.callback_answers) == 2


async def test_ten_messages_round_trip_quickly(tg: FakeTelegram) -> None:
    users = [tg.user(first_name=f"U{i}") for i in range(2)]
    async with polling_app(tg):
        started = time.perf_counter()
        for i in range(10):
            user = users[i % 2]
            await tg.send_text(user, f"satz {i}")
            reply = await tg.wait_for_call("sendMessage", chat_id=user.id, timeout=2)
            assert reply.text == f"SATZ {i}"
        elapsed = time.perf_counter() - started
    assert elapsed < 1.0, elapsed
    # Message ids increase per chat: user 1, bot 2, user 3, ...
    assert [m.message_id for m in tg.chat(users[0].id)] == list(range(1, 11))


class Receiver:
    """A tiny webhook endpoint that records what it gets; can be told to fail."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.fail_next = 0
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.json()))
        if self.fail_next:
            self.fail_next -= 1
            return Response(status_code=500)
        return Response(status_code=200)


async def test_webhook_delivery_secret_and_redelivery(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user(first_name="Anna")
    receiver = Receiver()
    async with LocalServer(receiver.app) as endpoint:
        url = f"{endpoint.url}/hook"
        assert await bot.set_webhook(url, secret_token="s3cr3t-Token_1")
        update_id = await tg.send_text(anna, "Hallo")
        delivery = await tg.wait_for_delivery(update_id)
        headers, body = receiver.received[0]
        assert delivery.ok and headers["x-telegram-bot-api-secret-token"] == "s3cr3t-Token_1"
        update = Update.de_json(body, bot)
        assert update is not None and update.update_id == update_id
        assert update.message is not None and update.message.text == "Hallo"
        assert update.message.from_user is not None and update.message.from_user.id == anna.id

        again = await tg.deliver_again(update_id)
        assert again.ok and again.redelivery
        assert [b["update_id"] for _, b in receiver.received] == [update_id, update_id]

        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0

        receiver.fail_next = 1  # Telegram retries until the endpoint answers 2xx
        retried = await tg.send_text(anna, "Nochmal")
        await tg.wait_for_delivery(retried)
        attempts = [(d.attempt, d.status) for d in tg.deliveries if d.update_id == retried]
        assert attempts == [(1, 500), (2, 200)]
        assert (await bot.get_webhook_info()).last_error_message is not None

        assert await bot.delete_webhook()
    polled = await tg.send_text(anna, "per getUpdates")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [polled]


async def test_429_is_retry_after(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    tg.fail_next("sendMessage", status=429, retry_after=2)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(anna.id, "Hallo")
    assert caught.value.retry_after == dtm.timedelta(seconds=2)
    await bot.send_message(anna.id, "Hallo")
    assert [c.status for c in tg.calls_to("sendMessage")] == [429, 200]
    assert tg.calls_to("sendMessage", ok=False)[0].description == "Too Many Requests: retry after 2"


async def test_blocked_user_is_forbidden(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    message = await bot.send_message(anna.id, "Erinnerung")
    tg.block(anna.id)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(anna.id, "Erinnerung 2")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("neu", chat_id=anna.id, message_id=message.message_id)
    await tg.send_text(anna, "/start")  # writing to the bot again unblocks it
    await bot.send_message(anna.id, "Willkommen zurück")
    assert [c.status for c in tg.calls_to("sendMessage", chat_id=anna.id)] == [200, 403, 200]


async def test_edit_errors_are_bad_requests(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    message = await bot.send_message(anna.id, "Frage 1", reply_markup=keyboard(1))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Frage 1", chat_id=anna.id, message_id=message.message_id, reply_markup=keyboard(1)
        )
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=anna.id, message_id=message.message_id, reply_markup=keyboard(1)
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=999)
    # Same text without reply_markup is a change: Telegram drops the keyboard.
    await bot.edit_message_text("Frage 1", chat_id=anna.id, message_id=message.message_id)
    assert tg.message(anna.id, message.message_id).buttons == []
    assert await bot.delete_message(anna.id, message.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(anna.id, message.message_id)
    assert tg.chat(anna.id) == []


async def test_request_validation(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    await bot.send_message(anna.id, "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(anna.id, " ")
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("ä", callback_data="ä" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(anna.id, "Knopf", reply_markup=long_data)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("4242")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999_999, "Hallo")

    formatted = await bot.send_message(anna.id, "<b>fett</b> &lt;3 <i>ä</i>", parse_mode="HTML")
    assert formatted.text == "fett <3 ä"
    assert [(e.type, e.offset, e.length) for e in formatted.entities] == [
        ("bold", 0, 4),
        ("italic", 8, 1),
    ]
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br"'):
        await bot.send_message(anna.id, "Zeile<br>Zeile", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)can't find end tag"):
        await bot.send_message(anna.id, "<b>offen", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(anna.id, "Gut gemacht.", parse_mode="MarkdownV2")
    escaped = await bot.send_message(anna.id, r"*Gut* gemacht\.", parse_mode="MarkdownV2")
    assert escaped.text == "Gut gemacht."


async def test_callback_query_can_be_answered_once(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    message = await bot.send_message(anna.id, "Frage", reply_markup=keyboard(1))
    first = await tg.press_button(anna, message.message_id, "v1:stop")
    second = await tg.press_button(anna, message.message_id, "v1:stop")
    assert await bot.answer_callback_query(tg.callback_query_id(first), text="Gespeichert")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(tg.callback_query_id(first))
    tg.expire_callback_queries()
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(tg.callback_query_id(second))
    stale = await tg.press_button(anna, message.message_id, "v0:old", strict=False)
    assert tg.update(stale)["callback_query"]["data"] == "v0:old"
    call = tg.calls_to("answerCallbackQuery")[0]
    assert call.chat_id == anna.id and call.params["text"] == "Gespeichert"


async def test_rate_limit_counts_per_chat(tg: FakeTelegram, bot: Bot) -> None:
    users = [tg.user() for _ in range(4)]
    limiter = tg.rate_limit(global_per_second=3, per_chat_per_second=1)
    await bot.send_message(users[0].id, "1")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(users[0].id, "2")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(users[1].id, "1")
    await bot.send_message(users[2].id, "1")
    with pytest.raises(RetryAfter):  # 4th send within a second: global limit
        await bot.send_message(users[3].id, "1")
    assert limiter.stats(users[0].id).accepted == 1 and limiter.stats(users[0].id).rejected == 1
    assert limiter.total_accepted == 3 and limiter.total_rejected == 2


async def test_documents_photos_and_downloads(tg: FakeTelegram, bot: Bot) -> None:
    anna = tg.user()
    deck = b"PK\x03\x04 anki deck bytes"
    sent = await bot.send_document(
        anna.id, document=deck, filename="deutsch.apkg", caption="Dein Deck"
    )
    assert sent.document is not None and sent.document.file_name == "deutsch.apkg"
    shown = tg.last_message(anna.id)
    assert shown.document is not None and shown.document.content == deck
    assert shown.caption == "Dein Deck"
    assert tg.file_content(sent.document.file_id) == deck

    photo = await bot.send_photo(anna.id, photo=PNG_1x1)
    assert photo.photo[-1].width == 2 and photo.photo[-1].height == 3
    resent = await bot.send_document(anna.id, document=sent.document.file_id)
    assert resent.document is not None and resent.document.file_id == sent.document.file_id

    upload = await tg.send_document(anna, "vokabeln.csv", b"Haus;house\n", mime_type="text/csv")
    document = tg.update(upload)["message"]["document"]
    file = await bot.get_file(document["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"Haus;house\n"


async def test_commands(tg: FakeTelegram, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Beginnen"), ("review", "Wiederholen")])
    commands = await bot.get_my_commands()
    assert [(c.command, c.description) for c in commands] == [
        ("start", "Beginnen"),
        ("review", "Wiederholen"),
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Start!", "Beginnen")])
    assert await bot.send_chat_action(tg.user().id, "typing")
    assert await bot.close()


async def test_raw_http_shapes_and_long_polling(tg: FakeTelegram) -> None:
    async with httpx.AsyncClient(base_url=tg.base_url + TOKEN) as http:
        unknown = await http.post("/sendHologram", json={"chat_id": 1})
        assert unknown.status_code == 404
        assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        wrong = await http.post(f"{tg.url}/bot1:wrong/getMe")
        assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
        me = (await http.get("/getme")).json()  # method names are case-insensitive
        assert me["ok"] and me["result"]["username"] == "GermanTutorTestBot"
        assert me["result"]["is_bot"] is True

        started = time.monotonic()
        empty = await http.post("/getUpdates", json={"timeout": 0.3})
        assert empty.json() == {"ok": True, "result": []}
        assert 0.25 < time.monotonic() - started < 1

        anna = tg.user()
        poll = asyncio.create_task(http.post("/getUpdates", data={"timeout": "5"}))
        await asyncio.sleep(0.05)
        first = await tg.send_text(anna, "wach auf")
        result = (await asyncio.wait_for(poll, 1)).json()["result"]
        assert [u["update_id"] for u in result] == [first]
        assert result[0]["message"]["chat"] == {
            "id": anna.id,
            "type": "private",
            "first_name": "Anna",
        }

        second = await tg.send_text(anna, "noch was")
        confirmed = (await http.post("/getUpdates", json={"offset": first + 1})).json()
        assert [u["update_id"] for u in confirmed["result"]] == [second]

        older = asyncio.create_task(
            http.post("/getUpdates", json={"offset": second + 1, "timeout": 5})
        )
        await asyncio.sleep(0.05)
        await http.post("/getUpdates", json={"offset": second + 1, "timeout": 0})
        superseded = await asyncio.wait_for(older, 1)
        assert superseded.status_code == 409


async def test_wait_for_call_reports_what_it_saw(tg: FakeTelegram, bot: Bot) -> None:
    anna: FakeUser = tg.user()
    await bot.send_message(anna.id, "eins")
    mark = tg.mark()
    with pytest.raises(TimeoutError, match="no sendMessage call"):
        await tg.wait_for_call("sendMessage", since=mark, timeout=0.05)
    await bot.send_message(anna.id, "zwei")
    call = await tg.wait_for_call("sendMessage", since=mark)
    assert call.text == "zwei" and call.index >= mark
