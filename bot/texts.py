"""What the bot says. HTML parse mode; every dynamic value goes through escape()."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.choices import LEVEL_LABELS, TIME_ZONES, hhmm
from core.accounts.telegram_start import WebLinkOffer
from core.models import User
from core.reminders.schedule import NUDGE_TIME
from core.study.kinds import StudyKindName

HELP = (
    "<b>German tutor — what I can do</b>\n\n"
    "/talk — practise a conversation (café, doctor, job interview… or a scene you write); "
    "/end for your summary\n"
    "/today — today's plan: reviews, new words, a grammar topic and a scene, one tap each\n"
    "/review — review the cards that are due; /undo takes back your last review; "
    "/unpause <i>Wort</i> brings back a card I paused after many slips\n"
    "/add <i>Wort</i> — add a German word to your deck\n"
    "/find <i>text</i> — search the word list in German or English, ➕ to add\n"
    "/deck — your words (edit, pause, delete, lists), exports and starter words\n"
    "/quiz — a 10-question quiz: meanings, articles, plurals\n"
    "/articles — der, die or das? A quick drill with three buttons\n"
    "/grammar — grammar topics by level, with drills of every kind (due and weak topics too)\n"
    "/placement — a short adaptive test that finds your level\n"
    "/stats — your progress as charts: activity, reviews due, retention, grammar, words\n"
    "/meaning <i>Wort = meaning</i> — translate a word I didn't know\n"
    "/words — your next words to learn (from your level and your conversations)\n"
    "Paste or forward a German text and I'll offer its new words; send a CSV file or an "
    "Anki package (.apkg) and I'll add its words to your deck\n"
    "/achievements — what you have unlocked and how close you are to the rest\n"
    "/league — your weekly league: climb from Bronze to Diamond; leaderboards\n"
    "/name <i>Name</i> — the name others see on league tables and leaderboards\n"
    "/streak — XP today toward your daily goal, your streak and freezes (also /progress)\n"
    "/start — set up your level, time zone and reminders\n"
    "/settings — change level, time zone, reminders, evening streak nudge, daily goal, "
    "retention\n"
    "/timezone <code>city</code> — set your time zone by a city near you, e.g. "
    "<code>/timezone Vienna</code> (or share your location with me)\n"
    "/link — a one-time code that sets up an email login for the web app, same progress\n"
    "/mydata — all your data as one JSON file\n"
    "/deleteaccount — delete your account and everything I keep about you\n"
    "/help — this message\n\n"
    "Already have a web login? Ask the API for a link code "
    "(<code>POST /api/v1/users/me/telegram-link</code>) and send <code>/start CODE</code> here."
)

GOAL_QUESTION = (
    "How much XP a day do you aim for? A review earns 2 XP, a grammar answer 3, "
    "a conversation message 5."
)

NOTHING_WAITING = (
    "I'm here to practise! /talk starts a conversation, /review your cards, "
    "/add <i>Wort</i> adds a word."
)
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
STALE_BUTTON = "This button is out of date. Send /settings or /start to continue."
STALE_DRILL: dict[StudyKindName, str] = {
    "review": "This card was already answered. /review continues.",
    "quiz": "This quiz button is out of date. /quiz starts a new one.",
    "articles": "This button is out of date. /articles starts a new round.",
    "grammar": "This exercise has moved on. /grammar starts a new drill.",
    "placement": "This question was already answered. /placement starts the test again.",
    "deck_text": "This edit is over. Open the word again in /deck.",
}
"""What a press on a drill's old, finished, replaced or malformed button is told."""
NEW_QUIZ_RUNNING = "Your new quiz is already running — it's just below. 👇"
NEW_ROUND_RUNNING = "Your new round is already running — it's just below. 👇"


def greeting(user: User) -> str:
    name = escape(user.display_name) if user.display_name else "there"
    return (
        f"👋 <b>Willkommen, {name}!</b>\n\n"
        "I'm your German tutor. We'll practise conversation, learn words with spaced "
        "repetition, and I'll nudge you once a day when reviews are waiting.\n\n"
        "<b>Step 1 of 3:</b> what is your German level right now?"
    )


def ask_time_zone(user: User) -> str:
    return (
        f"Level <b>{user.cefr_level}</b> — got it.\n\n"
        "<b>Step 2 of 3:</b> where are you? I use your time zone for reminders and streaks.\n"
        "Not listed? Pick the closest one now and send <code>/timezone</code> with your city "
        "later (or share your location with me)."
    )


def ask_reminder(user: User) -> str:
    return (
        f"Time zone <b>{escape(zone_label(user.time_zone))}</b>.\n\n"
        "<b>Step 3 of 3:</b> when should I remind you about your reviews (your local time)?"
    )


TIME_ZONE_HOW = (
    "Send your city like this: <code>/timezone Berlin</code> (or <code>/timezone vienna</code>, "
    "<code>/timezone Europe/Zurich</code>) — or share your location with me (📎 → Location)."
)
NO_ZONE_THERE = (
    "I couldn't find a time zone at that spot. Send your city instead, e.g. "
    "<code>/timezone Berlin</code>."
)


def time_zone_set(zone: str, local_time: datetime) -> str:
    return f"🌍 Time zone set to <b>{escape(zone_label(zone))}</b> — it's {local_time:%H:%M} there."


def zone_label(zone: str) -> str:
    city = TIME_ZONES.get(zone)
    return f"{city} ({zone})" if city and city != zone else zone


def nudge_label(user: User) -> str:
    if not user.streak_nudge_enabled:
        return "off"
    return f"on, {hhmm(NUDGE_TIME)} when your streak is at risk"


def reminder_label(user: User) -> str:
    if not user.reminders_enabled:
        reason = (
            f" ({escape(user.reminders_disabled_reason)})" if user.reminders_disabled_reason else ""
        )
        return "off" + reason
    return f"daily at {hhmm(user.reminder_time)}"


def onboarding_done(user: User) -> str:
    return (
        "✅ <b>All set!</b>\n\n"
        f"{settings_lines(user)}\n\n"
        "🎯 Your daily goal is XP: a review earns 2, a grammar answer 3, a conversation "
        "message 5. Keep meeting it to build a streak (/streak). Change it below or in "
        "/settings.\n\n"
        "Next: tap below for the 20 most frequent words of your level, or add your own, e.g. "
        "<code>/add das Haus</code>; then /review them. /today shows your plan for the day.\n"
        "Not sure of your level? The placement test (the button below, or /placement any time)"
        " finds it in at most 20 questions.\n"
        "Change anything with /settings; /help shows everything I can do."
    )


def welcome_back(user: User) -> str:
    name = escape(user.display_name) if user.display_name else ""
    hello = f"👋 Willkommen zurück{', ' + name if name else ''}!"
    return f"{hello}\n\n{settings_lines(user)}\n\n/help shows what you can do."


def settings_lines(user: User) -> str:
    return "\n".join(
        (
            f"📚 Level: <b>{LEVEL_LABELS[user.cefr_level]}</b>",
            f"🌍 Time zone: <b>{escape(zone_label(user.time_zone))}</b>",
            f"⏰ Reminders: <b>{reminder_label(user)}</b>",
            f"🔥 Evening streak nudge: <b>{nudge_label(user)}</b>",
            f"🎯 Daily goal: <b>{user.daily_goal} XP a day</b>",
            f"🧠 Target retention: <b>{round(user.desired_retention * 100)} %</b>",
            f"🆕 New cards: <b>{user.new_cards_per_day} a day</b>",
            scheduler_line(user),
        )
    )


def scheduler_line(user: User) -> str:
    if user.fsrs_fitted_at is None or user.fsrs_fitted_reviews is None:
        return "🗓 Scheduler: <b>standard FSRS</b> (fitted to you after 1,000 reviews)"
    on = user.fsrs_fitted_at.astimezone(ZoneInfo(user.time_zone))
    return (
        f"🗓 Your scheduler was fitted on <b>{user.fsrs_fitted_reviews:,} reviews</b> "
        f"on {on.day} {on:%b}"
    )


def settings_overview(user: User) -> str:
    return f"<b>Your settings</b>\n\n{settings_lines(user)}\n\nTap what you want to change."


def linked(user: User) -> str:
    who = escape(user.email) if user.email else "your web account"
    return f"🔗 Linked! This Telegram chat now shares progress with {who}."


def _web_app(web_url: str | None) -> str:
    if web_url:
        return f"the web app at {escape(web_url)}"
    return (
        "the web app (the tutor server's own address, e.g. http://127.0.0.1:8000/ on your computer)"
    )


def web_link(offer: WebLinkOffer, web_url: str | None = None) -> str:
    """/link's answer; `web_url` is where the web client is public (WEB_APP_URL or
    PUBLIC_BASE_URL), when known."""
    if offer.code is None:
        email = escape(offer.existing_email or "")
        return (
            f"You already have a web login ({email}): sign in to {_web_app(web_url)} "
            "with it to see the same progress."
        )
    return (
        f"🔑 Your code: <code>{offer.code}</code> (valid {offer.minutes} minutes, once).\n\n"
        f"Open {_web_app(web_url)}, choose “I use the Telegram bot” and type the code with "
        "your email and a new password: that sets up a web login for this same account, so "
        "your progress comes with you. (Other apps send the code to "
        "<code>POST /api/v1/auth/claim</code>.)"
    )
