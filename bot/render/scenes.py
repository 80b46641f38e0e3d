"""The /talk menu by level, the learner's own scenes (list, card, edit, delete) and the
questions of the scene form. Every text the learner wrote is escaped here."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import pack
from bot.keyboards import rows
from bot.render.conversation import FEATURE as TALK_FEATURE
from bot.render.message import Rendered
from core.conversation.scenarios import TalkMenu
from core.conversation.scene_form import FIELDS, FormQuestion, FormSaved, SceneField
from core.conversation.schemas import SceneView
from core.german import CEFR_LEVELS

FEATURE = "sc"
FIELD_CODES: dict[SceneField, str] = {
    "title": "t",
    "setting": "s",
    "tutor_role": "r",
    "learner_goal": "g",
    "key_words": "k",
}
FIELD_BY_CODE: dict[str, SceneField] = {code: field for field, code in FIELD_CODES.items()}
FIELD_LABELS: dict[SceneField, str] = {
    "title": "Title",
    "setting": "Setting",
    "tutor_role": "My role",
    "learner_goal": "Your goal",
    "key_words": "Key words",
}
QUESTIONS: dict[SceneField, str] = {
    "title": "What's the scene called? (e.g. <i>At the bike shop</i>)",
    "setting": (
        "Where and when does it happen? "
        "(e.g. <i>A small bike repair shop in Leipzig, Saturday morning</i>)"
    ),
    "tutor_role": "Who do I play? (e.g. <i>the mechanic, friendly but busy</i>)",
    "learner_goal": (
        "What do you want to get done? "
        "(e.g. <i>get a flat tyre fixed by noon and ask the price</i>)"
    ),
    "key_words": (
        "Which German words do you want to practise? Separate them with commas "
        "(e.g. <i>Reifen, Schlauch, reparieren</i>), or send <code>-</code> for none."
    ),
}
MENU_TEXT = (
    "<b>Let's talk!</b> Pick a scene. Write to me in German; I'll answer and correct you.\n"
    "Send /end when you're done to see your summary."
)
NO_SCENES = (
    "<b>My scenes</b>\nYou have no scenes of your own yet. Write one: a title, the setting, "
    "who I play, your goal and the words you want to use."
)
CANCELLED = "Stopped. Nothing was saved."
STALE_FORM = "This form is closed already."


def _button(label: str, action: str, arg: str = "", feature: str = FEATURE) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(feature, action, arg))


def _own_rows(menu: TalkMenu) -> list[list[InlineKeyboardButton]]:
    mine = f"🎭 My scenes ({menu.own_scenes})" if menu.own_scenes else "🎭 My scenes"
    return [[_button(mine, "mine"), _button("➕ New scene", "new")]]


def talk_menu(menu: TalkMenu) -> Rendered:
    """The shared scenes of one level, then the learner's own, more levels and free talk."""
    buttons = [
        _button(f"{s.title_de} · {s.level_min}", "start", s.slug, feature=TALK_FEATURE)
        for s in menu.scenarios
    ]
    keyboard = rows(buttons, 2) + _own_rows(menu)
    if menu.other_levels:
        keyboard.append([_button("📚 More scenes", "more")])
    keyboard.append([_button("💬 Free talk", "free", feature=TALK_FEATURE)])
    level = f"Scenes from {menu.level}" + (" — your level" if menu.learners_level else "")
    return Rendered(f"{MENU_TEXT}\n\n<i>{level}</i>", InlineKeyboardMarkup(keyboard))


def more_levels(menu: TalkMenu) -> Rendered:
    options = [
        _button(f"{level} · {count} scene{'s' if count != 1 else ''}", "lv", level)
        for level, count in menu.other_levels
    ]
    keyboard = [*rows(options, 2), [_button("« Back", "menu")]]
    return Rendered("<b>More scenes</b>\nChoose a level:", InlineKeyboardMarkup(keyboard))


def scene_list(scenes: list[SceneView]) -> Rendered:
    keyboard = [[_button(f"🎭 {s.title} · {s.level}", "open", str(s.id))] for s in scenes]
    keyboard.append([_button("➕ New scene", "new"), _button("« Back", "menu")])
    if not scenes:
        return Rendered(NO_SCENES, InlineKeyboardMarkup(keyboard))
    text = "<b>My scenes</b>\nOnly you can see them. Tap one to play, edit or delete it."
    return Rendered(text, InlineKeyboardMarkup(keyboard))


def scene_card(scene: SceneView, note: str = "") -> Rendered:
    words = ", ".join(scene.key_words) if scene.key_words else "—"
    lines = [
        *([note, ""] if note else []),
        f"🎭 <b>{escape(scene.title)}</b> · {scene.level}",
        f"<b>Setting:</b> {escape(scene.setting)}",
        f"<b>I play:</b> {escape(scene.tutor_role)}",
        f"<b>Your goal:</b> {escape(scene.learner_goal)}",
        f"<b>Key words:</b> {escape(words)}",
    ]
    keyboard = [
        [_button("▶️ Play", "play", str(scene.id))],
        [_button("✏️ Edit", "edit", str(scene.id)), _button("🗑 Delete", "del", str(scene.id))],
        [_button("« My scenes", "mine")],
    ]
    return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))


def edit_choices(scene: SceneView) -> Rendered:
    options = [
        _button(FIELD_LABELS[field], "field", f"{scene.id}.{FIELD_CODES[field]}")
        for field in FIELDS
    ]
    options.append(_button(f"Level ({scene.level})", "level", str(scene.id)))
    keyboard = [*rows(options, 2), [_button("« Back", "open", str(scene.id))]]
    return Rendered(
        f"✏️ What should change in <b>{escape(scene.title)}</b>?", InlineKeyboardMarkup(keyboard)
    )


def level_choices(scene: SceneView) -> Rendered:
    options = [_button(level, "setlv", f"{scene.id}.{level}") for level in CEFR_LEVELS]
    keyboard = [*rows(options, 3), [_button("« Back", "edit", str(scene.id))]]
    return Rendered(
        f"Which level is <b>{escape(scene.title)}</b> for?", InlineKeyboardMarkup(keyboard)
    )


def confirm_delete(scene: SceneView) -> Rendered:
    keyboard = [
        [
            _button("🗑 Yes, delete it", "delok", str(scene.id)),
            _button("« Keep it", "open", str(scene.id)),
        ]
    ]
    return Rendered(
        f"Delete <b>{escape(scene.title)}</b>? Conversations you had in it are kept.",
        InlineKeyboardMarkup(keyboard),
    )


def deleted(scene: SceneView, scenes: list[SceneView]) -> Rendered:
    rest = scene_list(scenes)
    return Rendered(f"🗑 Deleted <b>{escape(scene.title)}</b>.\n\n{rest.text}", rest.markup)


def question(step: FormQuestion) -> Rendered:
    cancel = InlineKeyboardMarkup([[_button("✖ Cancel", "stop", str(step.form_id))]])
    lines = []
    if step.problem:
        lines.append(f"⚠️ {escape(step.problem)}")
    if step.editing is None:
        if step.number == 1:
            lines.append("<b>➕ New scene</b> — five short questions; answer each in a message.")
        lines.append(f"{step.number}/{step.total}. {QUESTIONS[step.field]}")
    else:
        lines.append(
            f"✏️ <b>{escape(step.editing.title)}</b> — send the new "
            f"{FIELD_LABELS[step.field].lower()}.\n{QUESTIONS[step.field]}"
        )
    return Rendered("\n".join(lines), cancel)


def saved(result: FormSaved) -> Rendered:
    note = "✅ Your scene is saved." if result.created else "✅ Changed."
    if result.created:
        note += f" It's set to your level ({result.scene.level}); change that under ✏️ Edit."
    return scene_card(result.scene, note)
