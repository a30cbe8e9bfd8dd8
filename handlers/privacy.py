"""/mydata, /forget and /privacy: what is stored about a user, on their terms."""

from __future__ import annotations

import json

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.callbacks import pack, pattern, unpack
from handlers.common import keyboard, send_text, user_lang
from handlers.i18n import t
from handlers.services import Context


async def _only_in_private(update: Update, context: Context) -> bool:
    """Personal data stays out of groups: there, point to the private chat instead."""
    chat = update.effective_chat
    if chat is None or chat.type == Chat.PRIVATE:
        return False
    lang = user_lang(update, context)
    link = InlineKeyboardMarkup([[InlineKeyboardButton(
        t(lang, "Open a private chat"), url=f"https://t.me/{context.bot.username}")]])
    await chat.send_message(t(lang, "Your data stays between you and me: send this command in "
                                    "our private chat."), reply_markup=link)
    return True


async def mydata(update: Update, context: Context) -> None:
    """Send everything stored about the user as a JSON file (only in the private chat)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or await _only_in_private(update, context):
        return
    lang = user_lang(update, context)
    payload = context.export(user.id)
    data = json.dumps(payload, ensure_ascii=False, indent=2).encode()
    await chat.send_document(InputFile(data, filename="partnerbot-my-data.json"),
                             caption=t(lang, "Everything I store about you. "
                                             "Questions you ask are not stored with your name."))


async def forget(update: Update, context: Context) -> None:
    """Ask before deleting: the buttons confirm or cancel, for the one who asked only."""
    user = update.effective_user
    if user is None or await _only_in_private(update, context):
        return
    lang = user_lang(update, context)
    await send_text(update.effective_chat, t(lang, "Delete everything I store about you? Your "
                                                   "language and time zone settings will be lost."),
                    keyboard=keyboard([[(t(lang, "Yes, delete"), pack("fg", "yes", str(user.id))),
                                        (t(lang, "Cancel"), pack("fg", "no", str(user.id)))]]))


async def on_forget(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    _, fields = unpack(query.data)
    owner = fields[1] if len(fields) > 1 else None
    if owner is not None and update.effective_user is not None \
            and owner != str(update.effective_user.id):
        await query.answer(t(lang, "Only the person who asked can press this button."),
                           show_alert=True)
        return
    if fields[:1] == ["yes"] and update.effective_user is not None:
        await context.forget(update.effective_user.id)
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
                                      "whether they reached you; /forget removes that too.")
        + "\n" + t(lang, "When you first write to me I note your Telegram user id, so that "
                         "announcements to everyone reach you too; /forget removes it."))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("mydata", mydata))
    app.add_handler(CommandHandler("forget", forget))
    app.add_handler(CommandHandler("privacy", privacy))
    app.add_handler(CallbackQueryHandler(on_forget,
                                         pattern=pattern("fg", fields=r"(yes|no)(:\d+)?$")))
