"""/mydata, /forget and /privacy: what is stored about a user, on their terms."""

from __future__ import annotations

import json

from telegram import InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.common import keyboard, send_text, stored_settings, user_lang
from handlers.i18n import t
from handlers.services import Context


async def mydata(update: Update, context: Context) -> None:
    """Send everything stored about the user as a JSON file."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = user_lang(update, context)
    payload = {"telegram_user_id": user.id, "settings": stored_settings(update, context)}
    data = json.dumps(payload, ensure_ascii=False, indent=2).encode()
    await chat.send_document(InputFile(data, filename="partnerbot-my-data.json"),
                             caption=t(lang, "Everything I store about you. "
                                             "Questions you ask are not stored with your name."))


async def forget(update: Update, context: Context) -> None:
    """Ask before deleting: the buttons confirm or cancel."""
    lang = user_lang(update, context)
    await send_text(update.effective_chat, t(lang, "Delete everything I store about you? Your "
                                                   "language and time zone settings will be lost."),
                    keyboard=keyboard([[(t(lang, "Yes, delete"), "fg:yes"),
                                        (t(lang, "Cancel"), "fg:no")]]))


async def on_forget(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    if query.data == "fg:yes" and update.effective_user is not None:
        context.store.forget_user(update.effective_user.id)
        await context.store.commit()
        await context.services.forget(update.effective_user.id)
        text = t(lang, "Done: everything I stored about you has been deleted.")
    else:
        text = t(lang, "Nothing was deleted.")
    await query.answer()
    await query.edit_message_text(text)


async def privacy(update: Update, context: Context) -> None:
    lang = user_lang(update, context)
    await send_text(update.effective_chat, t(
        lang, "What I store: your language, time zone, subscriptions and reminder settings, "
              "linked to your Telegram user id, and which reminders you were sent (until the "
              "event is over), so that I remind you once and answer the way you chose. Why: to "
              "serve you; nothing is shared or sold. Questions I could not answer and answers "
              "marked 👎 are kept without any user id for 180 days, so coordinators can improve "
              "the content. /mydata sends you everything stored about you; /forget deletes "
              "it.") + "\n" + t(lang, "Announcements from coordinators record, per announcement, "
                                      "whether they reached you; /forget removes that too."))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("mydata", mydata))
    app.add_handler(CommandHandler("forget", forget))
    app.add_handler(CommandHandler("privacy", privacy))
    app.add_handler(CallbackQueryHandler(on_forget, pattern=r"^fg:(yes|no)$"))
