"""Deck files sent to the bot: a CSV, an Anki package, and files it refuses."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.context import BotApplication
from core.clock import utcnow
from core.db import Database
from core.models import Card, DeckImport, DeckWord, User
from core.settings import Settings
from core.vocabulary import import_csv, import_jobs
from tests.fakes.telegram import FakeMessage
from tests.helpers.bot import BotChat
from tests.helpers.worker import run_queued_jobs
from tests.vocabulary.test_import_apkg import sample_package


async def send_file(chat: BotChat, name: str, content: bytes) -> FakeMessage:
    """Upload a document; the message the bot edits into the import's report."""
    mark = chat.tg.mark()
    await chat.tg.send_document(chat.user, name, content)
    first = await chat.tg.wait_for_call("sendMessage", chat_id=chat.user.id, ok=True, since=mark)
    shown = chat.tg.message(chat.user.id, int((first.result or {})["message_id"]))
    if "Importing" not in (shown.text or ""):
        return shown
    edited = await chat.tg.wait_for_call(
        "editMessageText", chat_id=chat.user.id, ok=True, since=mark
    )
    return chat.tg.message(chat.user.id, int((edited.result or {})["message_id"]))


async def deck_of(db: Database, chat: BotChat) -> dict[str, DeckWord]:
    async with db.sessionmaker() as session:
        user = await session.scalar(select(User).where(User.telegram_user_id == chat.user.id))
        if user is None:
            return {}
        words = await session.scalars(select(DeckWord).where(DeckWord.user_id == user.id))
        return {word.lemma: word for word in words}


async def test_a_csv_file_sent_to_the_chat_is_imported_with_a_report(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    await anna.send("/add der Hund")
    csv_file = b"german,english,tags\nHund,dog,tiere\nquatschig,silly,\n,empty,\n"
    report = await send_file(anna, "meine wörter.csv", csv_file)
    text = report.text or ""
    assert "meine wörter.csv: 1 added, 1 already in your deck, 1 rejected." in text, text
    assert "New: quatschig." in text
    assert "1 of the words already there got new tags or details." in text
    assert "Row 4: The German cell is empty." in text
    assert "The new words are in /review." in text
    deck = await deck_of(content, anna)
    assert set(deck) == {"Hund", "quatschig"}
    assert deck["Hund"].tags == ["tiere"]
    assert deck["quatschig"].translations == ["silly"]


async def test_an_anki_package_sent_to_the_chat_keeps_its_scheduling(
    polling_bot: BotApplication, anna: BotChat, content: Database, tmp_path: Path
) -> None:
    report = await send_file(anna, "Deutsch.apkg", sample_package(tmp_path))
    text = report.text or ""
    assert "Deutsch.apkg: 3 added, 0 already in your deck, 1 rejected." in text, text
    assert "New: der Apfel, quatschig, Kuddelmuddel." in text
    assert "Row 3: The German cell is empty." in text
    deck = await deck_of(content, anna)
    async with content.sessionmaker() as session:
        reviewed = await session.scalar(
            select(Card.stability).where(
                Card.deck_word_id == deck["Apfel"].id, Card.kind == "recognition"
            )
        )
    assert reviewed == 30.0


async def test_bad_files_get_a_clear_reply_and_change_nothing(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    latin1 = await send_file(anna, "words.csv", "german\nschön\n".encode("latin-1"))
    assert latin1.text == (
        "❌ The file is not UTF-8; save it as UTF-8 CSV. Nothing was imported."
    ), latin1.text
    no_column = await send_file(anna, "words.csv", b"english\ndog\n")
    assert "must name a German column" in (no_column.text or ""), no_column.text
    assert "Nothing was imported." in (no_column.text or "")
    not_sqlite = await send_file(anna, "deck.apkg", b"PK\x03\x04 broken")
    assert "not an Anki package (.apkg): it is not a zip" in (not_sqlite.text or "")
    photo = await send_file(anna, "holiday.jpg", b"\xff\xd8\xff")
    assert "I can import words from a CSV file" in (photo.text or ""), photo.text
    async with content.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(DeckWord)) == 0


async def test_a_large_file_shows_its_progress_and_then_the_report(
    polling_bot: BotApplication,
    anna: BotChat,
    content: Database,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(import_jobs, "LARGE_IMPORT_ROWS", 4)
    monkeypatch.setattr(import_csv, "PROGRESS_EVERY", 2)
    rows = "\n".join(["german", "Hund", "Katze", "laufen", "Haus", "gehen"])
    started = await send_file(anna, "gross.csv", rows.encode())
    assert started.text == "📥 Importing gross.csv… 0/5", started.text
    assert await deck_of(content, anna) == {}

    mark = anna.tg.mark()
    await run_queued_jobs(bot_settings)
    edits = [
        str(call.params.get("text", ""))
        for call in anna.tg.calls_to("editMessageText", chat_id=anna.user.id, since=mark)
    ]
    assert "📥 Importing <b>gross.csv</b>… 2/5" in edits, edits
    assert "📥 Importing <b>gross.csv</b>… 4/5" in edits, edits
    final = anna.tg.message(anna.user.id, started.message_id)
    assert "gross.csv: 5 added, 0 already in your deck, 0 rejected." in (final.text or "")
    assert set(await deck_of(content, anna)) == {"Hund", "Katze", "laufen", "Haus", "gehen"}


async def test_typo_rows_of_a_file_are_held_back_and_named(
    polling_bot: BotApplication, anna: BotChat, content: Database
) -> None:
    report = await send_file(anna, "w.csv", b"german,english\nKatze,cat\nHnud,dog\n")
    text = report.text or ""
    assert "w.csv: 1 added, 0 already in your deck, 0 rejected, 1 held back." in text, text
    assert "Held back: typos?" in text
    assert "Row 3 “Hnud”: did you mean der Hund?" in text, text
    assert "/add" in text
    assert set(await deck_of(content, anna)) == {"Katze"}
    fixed = await anna.send("/add Hnud")
    assert "Did you mean" in (fixed.text or "") and "anyway" in fixed.buttons[-1][0], fixed.text


async def test_an_import_whose_job_died_says_so_in_its_progress_message(
    polling_bot: BotApplication,
    anna: BotChat,
    content: Database,
    bot_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(import_jobs, "LARGE_IMPORT_ROWS", 4)
    rows = "\n".join(["german", "Hund", "Katze", "laufen", "Haus", "gehen"])
    started = await send_file(anna, "verloren.csv", rows.encode())
    assert started.text == "📥 Importing verloren.csv… 0/5", started.text
    past_bound = utcnow() - import_jobs.STALLED_AFTER - timedelta(minutes=1)
    async with content.unit_of_work() as session:  # its job died: no write since long ago
        await session.execute(update(DeckImport).values(updated_at=past_bound))

    mark = anna.tg.mark()
    await run_queued_jobs(bot_settings)  # the worker's start marks it failed and says so
    edits = anna.tg.calls_to("editMessageText", chat_id=anna.user.id, since=mark)
    assert [call.params.get("message_id") for call in edits] == [started.message_id], edits
    shown = anna.tg.message(anna.user.id, started.message_id)
    assert shown.text == f"❌ {import_jobs.IMPORT_STALLED}", shown.text
    assert "send the file again" in (shown.text or "")
    assert await deck_of(content, anna) == {}
    async with content.sessionmaker() as session:
        assert await session.scalar(select(DeckImport.status)) == "failed"
