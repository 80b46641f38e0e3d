"""/talk: pick a scene (or free talk) and chat; replies come from a job, in order.
/end gives the report. "➕ word" buttons add the tutor's new words to the deck."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import texts
from bot.callbacks import pack, pattern
from bot.context import BotApplication, BotContext
from bot.identity import identity_of
from bot.presses import read_press
from bot.replies import reply
from bot.text_router import handles_text
from core.accounts.service import find_or_create_telegram_learner
from core.conversation import service
from core.conversation.schemas import ConversationReport
from core.vocabulary.text import with_article

FEATURE = "cv"
CATEGORY_LABELS = {
    "gender_article": "articles & gender",
    "case": "cases",
    "verb_conjugation": "verb endings",
    "verb_position": "word order",
    "tense": "tenses",
    "preposition": "prepositions",
    "spelling": "spelling",
    "word_choice": "word choice",
}


async def talk(update: Update, context: BotContext) -> None:
    async with context.db.unit_of_work() as session:
        scenarios = await service.list_scenarios(session)
    buttons = [
        InlineKeyboardButton(
            f"{s.title_de} · {s.level_min}", callback_data=pack(FEATURE, "start", s.slug)
        )
        for s in scenarios
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("💬 Free talk", callback_data=pack(FEATURE, "free"))])
    await reply(
        update,
        "<b>Let's talk!</b> Pick a scene. Write to me in German; I'll answer and correct you.\n"
        "Send /end when you're done to see your summary.",
        InlineKeyboardMarkup(rows),
    )


async def on_conversation_button(update: Update, context: BotContext) -> None:
    press = await read_press(update)
    if press is None:
        return
    query, identity, callback = press.query, press.identity, press.callback
    if callback.action in ("start", "free"):
        async with context.db.unit_of_work() as session:
            user, _ = await find_or_create_telegram_learner(session, identity)
            _, opening = await service.start(
                session,
                user,
                scenario_slug=callback.arg if callback.action == "start" else None,
                ai_available=context.settings.ai_mode == "claude",
                chat_id=identity.chat_id,
            )
        await query.answer()
        await context.bot.send_message(identity.chat_id, escape(opening.text), parse_mode="HTML")
    elif callback.action == "add":
        await _add_word(update, context, callback.arg)
    elif callback.action == "retry":
        async with context.db.unit_of_work() as session:
            user, _ = await find_or_create_telegram_learner(session, identity)
            await service.retry_turn(session, user, int(callback.arg or 0))
        await query.answer("Trying again…")
    else:
        await query.answer(texts.STALE_BUTTON, show_alert=True)


async def _add_word(update: Update, context: BotContext, arg: str) -> None:
    query = update.callback_query
    identity = identity_of(update)
    assert query is not None and identity is not None
    turn_id, _, index = arg.partition(".")
    if not turn_id.isdigit() or not index.isdigit():
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        word, created = await service.add_new_word(session, user, int(turn_id), int(index))
        label = with_article(word.lemma, word.gender if word.gender != "pl" else None)
    await query.answer(f"➕ {label} is in your deck" if created else f"{label} was already there")


@handles_text("conversation")
async def on_message(update: Update, context: BotContext, conversation_id: int) -> bool:
    """German text for the running conversation, stored at once; the reply comes from a job."""
    identity = identity_of(update)
    message = update.effective_message
    if identity is None or message is None or not message.text:
        return False
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        conversation = await service.active_conversation(session, user)
        if conversation is not None:
            conversation.chat_id = identity.chat_id
            await service.post_message(session, user, conversation.id, message.text)
    if conversation is None:
        return False
    await context.bot.send_chat_action(identity.chat_id, ChatAction.TYPING)
    return True


def render_report(result: ConversationReport) -> str:
    lines = ["<b>Conversation summary</b>", escape(result.encouragement), ""]
    lines.append(f"💬 {result.learner_messages} messages · ⭐ {result.xp_earned} XP")
    if result.mistakes_by_category:
        parts = [
            f"{CATEGORY_LABELS.get(k, k)}: {v}"
            for k, v in sorted(result.mistakes_by_category.items())
        ]
        lines.append("✏️ Mistakes — " + ", ".join(parts))
        for c in result.corrections[:5]:
            lines.append(f"• <s>{escape(c.original)}</s> → <b>{escape(c.corrected)}</b>")
    if result.new_words:
        words = ", ".join(
            escape(f"{w.article + ' ' if w.article else ''}{w.lemma} ({w.translation})")
            for w in result.new_words[:8]
        )
        lines.append(f"📚 New words: {words}")
    lines.append("\nAnother scene? /talk")
    return "\n".join(lines)


async def end(update: Update, context: BotContext) -> None:
    identity = identity_of(update)
    if identity is None:
        return
    async with context.db.unit_of_work() as session:
        user, _ = await find_or_create_telegram_learner(session, identity)
        conversation = await service.active_conversation(session, user)
        result = await service.end(session, user, conversation.id) if conversation else None
    if result is None:
        await reply(update, "There's no conversation going on. Start one with /talk.")
        return
    await reply(update, render_report(result))


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("talk", talk))
    application.add_handler(CommandHandler("end", end))
    application.add_handler(CallbackQueryHandler(on_conversation_button, pattern=pattern(FEATURE)))
