"""Telegram as a transport for the shared sender: one message, one outcome.

Maps python-telegram-bot's errors to the sender's outcomes. Order matters:
BadRequest is a subclass of NetworkError and must never be retried blindly.
"""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from scheduler.sender import Delivery, Message, Status


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def __call__(self, message: Message) -> Delivery:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row]
             for row in message.buttons]) if message.buttons else None
        try:
            if message.attachment is not None:
                kind, file_id = message.attachment
                caption = html.escape(message.text[:1024], quote=False) or None
                if kind == "photo":
                    await self.bot.send_photo(message.chat_id, file_id, caption=caption,
                                              parse_mode=ParseMode.HTML)
                else:
                    await self.bot.send_document(message.chat_id, file_id, caption=caption,
                                                 parse_mode=ParseMode.HTML)
            elif message.document is not None:
                name, content = message.document
                await self.bot.send_document(message.chat_id, InputFile(content, filename=name),
                                             caption=message.text[:1024] or None)
            else:
                await self.bot.send_message(message.chat_id, html.escape(message.text,
                                                                         quote=False),
                                            parse_mode=ParseMode.HTML, reply_markup=markup)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return Delivery(Status.RETRY_AFTER, retry_after=seconds, detail=str(exc))
        except Forbidden as exc:
            return Delivery(Status.BLOCKED, detail=str(exc))
        except ChatMigrated as exc:
            return Delivery(Status.FAILED, detail=f"group moved to {exc.new_chat_id}")
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                return Delivery(Status.NOT_FOUND, detail=str(exc))
            return Delivery(Status.FAILED, detail=str(exc))
        except NetworkError as exc:
            return Delivery(Status.NETWORK, detail=str(exc))
        return Delivery(Status.SENT)
