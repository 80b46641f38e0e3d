"""The learner's own scenes in Telegram, reached from /talk: the menu by level, "My scenes",
"➕ New scene" (a short form: each text message answers one question), play, edit, delete."""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot import texts
from bot.context import BotApplication, BotContext
from bot.learner import as_learner
from bot.presses import Press, feature_buttons
from bot.render import conversation as talk_render
from bot.render import scenes as render
from bot.render.message import Rendered
from bot.replies import edit, reply
from bot.text_router import handles_text
from core.conversation import learner_scenes, lifecycle, scene_form
from core.conversation.scenarios import talk_menu
from core.conversation.schemas import SceneChange
from core.german import CEFR_LEVELS


def _id(press: Press) -> int | None:
    arg = press.callback.arg.partition(".")[0]
    return int(arg) if arg.isascii() and arg.isdecimal() and 0 < len(arg) < 19 else None


async def _show(update: Update, press: Press, screen: Rendered) -> None:
    await press.query.answer()
    await edit(update, screen.text, screen.markup)


async def _stale(press: Press) -> None:
    await press.query.answer(texts.STALE_BUTTON, show_alert=True)


async def on_menu(update: Update, context: BotContext, press: Press) -> None:
    menu = await as_learner(update, context, talk_menu)
    await _show(update, press, render.talk_menu(menu))


async def on_more(update: Update, context: BotContext, press: Press) -> None:
    menu = await as_learner(update, context, talk_menu)
    await _show(update, press, render.more_levels(menu))


async def on_level_group(update: Update, context: BotContext, press: Press) -> None:
    menu = await as_learner(update, context, partial(talk_menu, level=press.callback.arg))
    await _show(update, press, render.talk_menu(menu))


async def on_mine(update: Update, context: BotContext, press: Press) -> None:
    scenes = await as_learner(update, context, learner_scenes.list_scenes)
    await _show(update, press, render.scene_list(scenes))


async def on_open(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    scene = await as_learner(update, context, partial(learner_scenes.read_scene, scene_id=scene_id))
    await _show(update, press, render.scene_card(scene))


async def on_edit(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    scene = await as_learner(update, context, partial(learner_scenes.read_scene, scene_id=scene_id))
    await _show(update, press, render.edit_choices(scene))


async def on_level(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    scene = await as_learner(update, context, partial(learner_scenes.read_scene, scene_id=scene_id))
    await _show(update, press, render.level_choices(scene))


async def on_set_level(update: Update, context: BotContext, press: Press) -> None:
    scene_id, level = _id(press), press.callback.arg.partition(".")[2]
    if scene_id is None or level not in CEFR_LEVELS:
        return await _stale(press)
    change = SceneChange.model_validate({"level": level})
    set_level = partial(learner_scenes.change_scene, scene_id=scene_id, change=change)
    await _show(update, press, render.scene_card(await as_learner(update, context, set_level)))


async def on_delete(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    scene = await as_learner(update, context, partial(learner_scenes.read_scene, scene_id=scene_id))
    await _show(update, press, render.confirm_delete(scene))


async def on_delete_confirmed(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    remove = partial(learner_scenes.delete_scene_and_list, scene_id=scene_id)
    scene, rest = await as_learner(update, context, remove)
    await _show(update, press, render.deleted(scene, rest))


async def on_play(update: Update, context: BotContext, press: Press) -> None:
    if (scene_id := _id(press)) is None:
        return await _stale(press)
    start = partial(
        lifecycle.start,
        scene_id=scene_id,
        ai_available=context.settings.ai_mode == "claude",
        chat_id=press.identity.chat_id,
    )
    conversation = await as_learner(update, context, start)
    await press.query.answer()
    opening = talk_render.opening(conversation.turns[0])
    await context.bot.send_message(press.identity.chat_id, opening.text, parse_mode="HTML")


async def on_new(update: Update, context: BotContext, press: Press) -> None:
    begin = partial(scene_form.start_new_scene, chat_id=press.identity.chat_id)
    asked = render.question(await as_learner(update, context, begin))
    await press.query.answer()
    await context.bot.send_message(
        press.identity.chat_id, asked.text, parse_mode="HTML", reply_markup=asked.markup
    )


async def on_field(update: Update, context: BotContext, press: Press) -> None:
    scene_id, field = _id(press), render.FIELD_BY_CODE.get(press.callback.arg.partition(".")[2])
    if scene_id is None or field is None:
        return await _stale(press)
    chat_id = press.identity.chat_id
    begin = partial(scene_form.start_scene_edit, scene_id=scene_id, field=field, chat_id=chat_id)
    asked = render.question(await as_learner(update, context, begin))
    await press.query.answer()
    await context.bot.send_message(
        chat_id, asked.text, parse_mode="HTML", reply_markup=asked.markup
    )


async def on_stop(update: Update, context: BotContext, press: Press) -> None:
    if (form_id := _id(press)) is None:
        return await _stale(press)
    stop = partial(scene_form.cancel_scene_form, form_id=form_id)
    if not await as_learner(update, context, stop):
        await press.query.answer(render.STALE_FORM, show_alert=True)
        return
    await _show(update, press, Rendered(render.CANCELLED))


@handles_text("scene")
async def on_answer(update: Update, context: BotContext, form_id: int) -> bool:
    """A typed answer to the scene form's open question."""
    text = update.effective_message.text if update.effective_message else None
    if not text:
        return False
    answer = partial(scene_form.answer_scene_form, form_id=form_id, text=text)
    step = await as_learner(update, context, answer)
    if step is None:
        return False
    shown = render.saved(step) if isinstance(step, scene_form.FormSaved) else render.question(step)
    await reply(update, shown.text, shown.markup)
    return True


def register(application: BotApplication) -> None:
    buttons = {
        "menu": on_menu,
        "more": on_more,
        "lv": on_level_group,
        "mine": on_mine,
        "open": on_open,
        "edit": on_edit,
        "level": on_level,
        "setlv": on_set_level,
        "del": on_delete,
        "delok": on_delete_confirmed,
        "play": on_play,
        "new": on_new,
        "field": on_field,
        "stop": on_stop,
    }
    application.add_handler(feature_buttons(render.FEATURE, buttons))
