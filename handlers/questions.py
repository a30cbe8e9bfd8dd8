"""Free-text questions: answered by the engine, with related cards and 👍/👎 feedback."""

from __future__ import annotations

from collections import OrderedDict

from telegram import Chat, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from handlers.callbacks import pack, pattern
from handlers.common import (
    is_addressed,
    keyboard,
    send_text,
    stored_user,
    strip_mention,
    user_lang,
    user_zone,
)
from handlers.i18n import t
from handlers.services import Context

REMEMBERED_QUESTIONS = 50  # per chat, for 👎 feedback on recent answers


def _remember(context: Context, answer_id: int, question: str, lang: str) -> None:
    recent = context.chat_data.setdefault("questions", OrderedDict())  # type: ignore[union-attr]
    recent[answer_id] = (question, lang)
    context.chat_data["at"] = context.now()  # type: ignore[index]  # runtime.idle_memory
    while len(recent) > REMEMBERED_QUESTIONS:
        recent.popitem(last=False)


def related_buttons(context: Context, lang: str, refs: list[str]) -> list[tuple[str, str]]:
    """Buttons for the programmes and cities an answer draws on (at most three)."""
    content = context.engine.content
    out = []
    for ref in refs:
        if ref in content.programmes:
            out.append((content.programmes[ref].acronym, pack("p", ref.split(':', 1)[1])))
        elif ref in content.cities:
            out.append((content.cities[ref].name[lang], pack("c", ref.split(':', 1)[1])))
        if len(out) == 3:
            break
    return out


async def on_text(update: Update, context: Context) -> None:
    """Any text that is not a command is a question (in groups: only when addressed)."""
    message = update.effective_message
    if message is None or not message.text or not is_addressed(update, context):
        return
    question = strip_mention(message.text, context.bot.username)
    now = context.now()
    if not question:
        lang = user_lang(update, context)
        answer = context.engine.compose("help", lang, now, user_zone(update, context, lang))
    else:
        # The user's language is a prior; the reply follows the question's language.
        answer = context.engine.answer(question, now, user_lang(update, context),
                                       stored_user(update, context).zone)
        # Counters are statistics: they ride along with the next write (or the periodic
        # housekeeping) instead of costing an fsync per message.
        context.store.counters.add("unknown" if answer.intent == "unknown" else "answered")
        if answer.intent == "unknown":
            context.store.questions.record("unanswered", question, answer.lang, now)
            context.store.commit_soon()  # kept for coordinators; the reply need not wait
    rows = []
    related = related_buttons(context, answer.lang, answer.refs)
    if related:
        rows.append(related)
    if question:
        rows.append([("👍", pack("fb", "1")), ("👎", pack("fb", "0"))])
    in_group = update.effective_chat is not None and update.effective_chat.type != Chat.PRIVATE
    sent = await send_text(update.effective_chat, answer.text,
                           keyboard=keyboard(rows) if rows else None,
                           quote=message if in_group else None)
    if sent is not None and question:
        _remember(context, sent.message_id, question, answer.lang)


async def on_feedback(update: Update, context: Context) -> None:
    """👍/👎 under an answer; 👎 stores the question (no user id) for coordinators."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    liked = query.data == "fb:1"
    message = query.message
    recent = (context.chat_data or {}).get("questions", {})
    remembered = recent.pop(message.message_id, None) if message is not None else None
    if remembered is None:
        await query.answer(t(lang, "Thanks! This answer is too old to rate."))
        return
    question, answer_lang = remembered
    context.store.counters.add("liked" if liked else "disliked")
    if not liked:
        context.store.questions.record("disliked", question, answer_lang, context.now())
        await context.store.commit()
    await query.answer(t(lang, "Thank you for the feedback!"))
    markup = getattr(message, "reply_markup", None)
    if markup is not None:
        rows = [row for row in markup.inline_keyboard
                if not any(b.callback_data in ("fb:1", "fb:0") for b in row)]
        await query.edit_message_reply_markup(keyboard(
            [[(b.text, b.callback_data or "") for b in row] for row in rows]) if rows else None)


def register(app: Application) -> None:  # type: ignore[type-arg]
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(text & (filters.UpdateType.MESSAGE
                                           | filters.UpdateType.EDITED_MESSAGE), on_text))
    app.add_handler(CallbackQueryHandler(on_feedback, pattern=pattern("fb", fields="[01]$")))
