"""/add a word, /deck overview with lists and exports."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pack, pattern
from bot.cards import REVIEW_START
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.presses import read_press
from bot.replies import reply
from core.accounts.service import find_or_create_telegram_learner
from core.vocabulary import exchange
from core.vocabulary.overview import deck_overview
from core.vocabulary.service import add_typed_word, deck_word_views, set_translation

FEATURE = "dk"


async def add(update: Update, context: BotContext) -> None:
    """/add Wort — a catalogue word as it is, any other word with details to follow."""
    identity = identity_of(update)
    if identity is None:
        return
    text = " ".join(context.args or [])
    if not text:
        await reply(update, "Send the word after the command, e.g. <code>/add der Hund</code>.")
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        word, created = await add_typed_word(session, user, text)
        [view] = await deck_word_views(session, user, [word])
    headword = escape(f"{view.article} {view.lemma}" if view.article else view.lemma)
    if not created:
        await reply(update, f"<b>{headword}</b> is already in your deck.")
        return
    details = []
    if view.plural:
        details.append(f"plural die {escape(view.plural)}")
    if view.translations:
        details.append(escape(", ".join(view.translations)))
    line = f"➕ Added <b>{headword}</b>" + (f" — {'; '.join(details)}" if details else "")
    kinds = len(view.cards)
    line += f"\n{kinds} cards: you'll see it in /review."
    if view.enrichment == "pending" and context.settings.ai_mode == "claude":
        line += "\nI'm looking up a translation and an example; they'll appear here."
    elif not view.translations:
        line += (
            f"\nIt's not in my word list, so tell me what it means: "
            f"<code>/meaning {escape(view.lemma)} = …</code>"
        )
    await reply(update, line)


async def set_meaning(update: Update, context: BotContext) -> None:
    """/meaning Wort = translation — for words the tutor could not translate."""
    identity = identity_of(update)
    if identity is None:
        return
    text = " ".join(context.args or [])
    german, _, english = text.partition("=")
    glosses = [g.strip() for g in english.split(",") if g.strip()]
    if not german.strip() or not glosses:
        await reply(update, "Send it like this: <code>/meaning Fernweh = wanderlust</code>")
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        word = await set_translation(session, user, german.strip(), glosses)
    await reply(
        update, f"📝 <b>{escape(word.lemma)}</b> — {escape(', '.join(word.translations))}. Saved."
    )


def _overview_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("▶️ Review now", callback_data=REVIEW_START)],
            [
                InlineKeyboardButton("📄 Export CSV", callback_data=pack(FEATURE, "csv")),
                InlineKeyboardButton("🗂 Export Anki", callback_data=pack(FEATURE, "apkg")),
            ],
        ]
    )


async def show_deck(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        overview = await deck_overview(session, user)
    lines = [
        "<b>Your deck</b>",
        f"📚 {overview.words} words ({overview.cards} cards)"
        + (f", {overview.suspended_words} paused" if overview.suspended_words else ""),
        f"⏰ Due now: <b>{overview.due_now}</b> · new today: {overview.new_available_today}",
        f"🌱 Learning: {overview.learning} · 🌳 in review: {overview.review}",
    ]
    if overview.leeches:
        lines.append(f"⏸ {overview.leeches} card(s) paused after many lapses")
    if overview.lists:
        lines.append("\n<b>Lists</b>")
        lines += [f"• {escape(wl.name)} ({wl.word_count})" for wl in overview.lists]
    if not overview.words:
        lines.append("\nAdd your first word: <code>/add die Katze</code>")
    await reply(update, "\n".join(lines), _overview_keyboard())


async def on_deck_button(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    query, identity, callback = press.query, press.identity, press.callback
    if callback.action not in ("csv", "apkg"):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer("Preparing your export…")
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        if callback.action == "csv":
            data, name = await exchange.export_csv(session, user), "german-tutor-deck.csv"
        else:
            data, name = await exchange.export_apkg(session, user), "german-tutor.apkg"
    await context.bot.send_document(
        identity.chat_id, InputFile(data, filename=name), caption="Your deck, ready to import."
    )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("add", add))
    application.add_handler(CommandHandler("deck", show_deck))
    application.add_handler(CommandHandler("meaning", set_meaning))
    application.add_handler(CallbackQueryHandler(on_deck_button, pattern=pattern(FEATURE)))
