"""Everything else: non-text messages, stale buttons, and errors — never an exception."""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from handlers.browse import expired
from handlers.common import is_addressed, send_text, user_lang
from handlers.i18n import t
from handlers.operators import report_error
from handlers.presence import private_with_user
from handlers.services import Context

log = logging.getLogger(__name__)


async def non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice...: a short hint in private chats, silence in groups."""
    chat = update.effective_chat
    if chat is None or chat.type != Chat.PRIVATE or not is_addressed(update, context):
        return
    lang = user_lang(update, context)
    await send_text(chat, t(lang, "I can only read text. Please type your question, or send "
                                  "/help."))


async def unknown_command(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None or not is_addressed(update, context):
        return
    lang = user_lang(update, context)
    await send_text(chat, t(lang, "I don't know that command. Send /help for the list."))


async def on_error(update: object, context: Context) -> None:
    """Log every error; tell the user something went wrong; remember blocked users."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot or left: %s", error)
        # Only a 403 from the user's own private chat says they blocked the bot.
        if isinstance(update, Update) and private_with_user(update):
            assert update.effective_user is not None
            await context.store.users.mark_unreachable(update.effective_user.id)
        return
    if isinstance(error, RetryAfter):
        log.warning("flood control: %s", error)
        return
    log.error("error while handling an update", exc_info=error)
    if error is not None:
        try:
            await report_error(update, context, error)
        except Exception:  # reporting must never hide the reply below
            log.exception("could not report the error to the admins")
    if isinstance(update, Update) and update.effective_chat is not None:
        lang = user_lang(update, context)
        try:
            await update.effective_chat.send_message(
                t(lang, "Sorry, something went wrong. Please try again."))
        except Exception:  # the chat may be the very thing failing
            log.exception("could not tell the user about the error")


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command))
    app.add_handler(MessageHandler(
        filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text))
    app.add_handler(CallbackQueryHandler(expired))  # anything no other handler claimed
    app.add_error_handler(on_error)
