"""What the bot says about the learner's account: deleting it and exporting their data."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack

FEATURE = "acct"

CONFIRM_DELETE = (
    "<b>Delete your account?</b>\n\n"
    "This deletes everything I keep about you, for good: your words and their review "
    "history, conversations, grammar practice, XP, streak, achievements and league places. "
    "If you linked a web login, it is deleted too. It cannot be undone.\n\n"
    "Want a copy first? Send /mydata."
)
DELETED = (
    "🗑 Your account and all your data are deleted. This chat is no longer linked to "
    "anything.\n\nIf you ever want to start again, send /start."
)
KEPT = "Nothing was deleted. Your account stays as it is."
ALREADY_GONE = "That button belongs to an account that no longer exists; nothing was deleted."
EXPORT_PREPARING = "Collecting your data…"
EXPORT_CAPTION = (
    "All your data as JSON: profile, deck with scheduling state, review log, conversations, "
    "grammar attempts, XP, achievements, streak days and league places."
)


def confirm_keyboard(user_id: int) -> InlineKeyboardMarkup:
    """The confirmation names the account it was drawn for, so a leftover button can never
    delete an account made later in the same chat."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "🗑 Yes, delete everything", callback_data=pack(FEATURE, "del", str(user_id))
                )
            ],
            [InlineKeyboardButton("Keep my account", callback_data=pack(FEATURE, "keep"))],
        ]
    )


def ask_button() -> InlineKeyboardButton:
    """The entry under /settings."""
    return InlineKeyboardButton("🗑 Delete my account", callback_data=pack(FEATURE, "ask"))
